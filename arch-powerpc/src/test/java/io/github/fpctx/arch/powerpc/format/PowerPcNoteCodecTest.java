package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfClass;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.elf.ThreadRegisters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerPcNoteCodecTest {
    static final RegisterLayout PPC64 = ContractLayouts.ppc64();
    static final RegisterLayout PPC32 = ContractLayouts.ppc32();

    static RegisterFile random(RegisterLayout layout, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RegisterFile f = layout.zeroFile();
        for (var r : layout.registers()) {
            long[] w = new long[(r.width() + 63) / 64];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextLong();
            }
            if (r.width() % 64 != 0) {
                w[w.length - 1] &= (1L << (r.width() % 64)) - 1;
            }
            f = f.withoutEffects(r, BitVector.ofWords(r.width(), w));
        }
        return f;
    }

    @Test
    void readsBothRealCoreFiles(@TempDir Path dir) throws IOException {
        for (String set : List.of(Data.LE, Data.BE)) {
            ElfCore core = ElfCore.read(Data.gcore(dir, set));
            List<ThreadRegisters> t = core.registers(List.of(PowerPcNoteCodec.ppc32(PPC32), PowerPcNoteCodec.ppc64(PPC64)));
            assertEquals(1, t.size());
            assertEquals(3, t.get(0).notes().size());
            PpcNotesTest.assertMatchesIntended(t.get(0).registers(), set);
            PpcNotesTest.assertMatchesGdb(t.get(0).registers(), set);
            assertTrue(t.get(0).availability().isComplete(), "FPR, VMX and VSX notes cover every ppc64 register");
            assertEquals(java.util.Optional.empty(), t.get(0).layoutSource());
        }
    }

    @Test
    void readsThroughTheRegistryAndReportsAvailability(@TempDir Path dir) throws IOException {
        var ppc64 = io.github.fpctx.core.Architectures.load().require("ppc64");
        ThreadRegisters t = ElfCore.read(Data.gcore(dir, Data.LE)).requireFirstThread(ppc64);
        PpcNotesTest.assertMatchesIntended(t.registers(), Data.LE);
        // a core with only NT_PRFPREG: the FPRs are there, vs0 (FPR + VSX doubleword) and the VMX registers are not
        List<ElfNote> fpOnly = List.of(ElfNote.prstatus(ElfClass.ELF64, ByteOrder.BIG_ENDIAN, 5, 504),
                ElfNote.of("CORE", Elf.NT_PRFPREG, Data.bytes(Data.BE, "prfpreg.bin")));
        ThreadRegisters f = ElfCore.parse(ElfCore.write(ElfClass.ELF64, ByteOrder.BIG_ENDIAN, Elf.EM_PPC64, fpOnly))
                .requireFirstThread(ppc64);
        assertTrue(f.isAvailable("fr0") && f.isAvailable("fpscr"));
        assertFalse(f.isAvailable("vs0"));
        assertFalse(f.isAvailable("vs0h"));
        assertFalse(f.isAvailable("vr0"));
        assertFalse(f.isAvailable("vscr"));
    }

    @Test
    void exportThenImportGivesTheSameFileInBothOrdersAndClasses() {
        for (ByteOrder o : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (long seed = 1; seed <= 5; seed++) {
                RegisterFile f64 = random(PPC64, seed);
                PowerPcNoteCodec c64 = PowerPcNoteCodec.ppc64(PPC64);
                List<ElfNote> notes = new ArrayList<>(List.of(ElfNote.prstatus(ElfClass.ELF64, o, 9, 504)));
                notes.addAll(c64.encode(f64, o));
                assertEquals(f64, ElfCore.parse(ElfCore.write(ElfClass.ELF64, o, Elf.EM_PPC64, notes)).registers(c64).get(0).registers());

                RegisterFile f32 = random(PPC32, seed);
                PowerPcNoteCodec c32 = PowerPcNoteCodec.ppc32(PPC32);
                List<ElfNote> notes32 = new ArrayList<>(List.of(ElfNote.prstatus(ElfClass.ELF32, o, 9, 216)));
                notes32.addAll(c32.encode(f32, o));
                notes32.add(ElfNote.of("LINUX", Elf.NT_PPC_VSX, new byte[256])); // 32-bit process on VSX hardware
                ThreadRegisters t = ElfCore.parse(ElfCore.write(ElfClass.ELF32, o, Elf.EM_PPC, notes32)).registers(c32).get(0);
                assertEquals(f32, t.registers());
                assertEquals(2, t.notes().size(), "ppc32 does not claim NT_PPC_VSX");
            }
        }
    }

    @Test
    void claimsVsxOnlyWhereTheLayoutHasIt() {
        assertEquals(Set.of(Elf.NT_PRFPREG, Elf.NT_PPC_VMX, Elf.NT_PPC_VSX), PowerPcNoteCodec.ppc64(PPC64).noteTypes());
        assertEquals(Set.of(Elf.NT_PRFPREG, Elf.NT_PPC_VMX), PowerPcNoteCodec.ppc32(PPC32).noteTypes());
        assertEquals(Elf.EM_PPC, PowerPcNoteCodec.ppc32(PPC32).machine());
    }

    @Test
    void rejectsNotesItDoesNotClaim() {
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> PowerPcNoteCodec.ppc32(PPC32)
                .decode(PPC32.zeroFile(), List.of(ElfNote.of("LINUX", Elf.NT_X86_XSTATE, new byte[576])), ByteOrder.BIG_ENDIAN));
        assertEquals("NT_X86_XSTATE at offset 0 (0x0): is not a note the ppc32 codec decodes; expected one of NT_PRFPREG, "
                + "NT_PPC_VMX", e.getMessage());
    }
}

package io.github.fpctx.arch.x86.format;

import io.github.fpctx.testkit.Json;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class X86NoteCodecTest {
    static final RegisterLayout X86 = ContractLayouts.x86_64();
    static final X86NoteCodec CODEC = X86NoteCodec.of(X86);
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static List<ElfNote> kernelNotes() {
        return List.of(ElfNote.of("CORE", Elf.NT_PRFPREG, Data.bytes("kernel-prfpreg.bin")),
                ElfNote.of("LINUX", Elf.NT_X86_XSTATE, Data.bytes("kernel-xstate.bin")),
                ElfNote.of("LINUX", Elf.NT_X86_XSAVE_LAYOUT, Data.bytes("kernel-xsave_layout.bin")));
    }

    static List<ElfNote> gcoreNotes() {
        return List.of(ElfNote.of("CORE", Elf.NT_PRFPREG, Data.bytes("prfpreg.bin")),
                ElfNote.of("LINUX", Elf.NT_X86_XSTATE, Data.bytes("xstate.bin")));
    }

    /** The register's value by gdb's name: the layout has gdb's complete set (ymm16h-ymm31h, zmm16h-zmm31h too). */
    static BitVector gdbValue(RegisterFile f, String name) {
        return f.get(name);
    }

    /** Every intended value and every gdb live value (gdb is right for set A: 0 mismatches) equal the import. */
    static void assertMatchesIntendedAndGdb(RegisterFile f, String producer) {
        Map<String, Object> intended = Data.json("intended.json");
        @SuppressWarnings("unchecked")
        List<String> st = (List<String>) intended.get("st_loaded");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            check(bad, "st" + i, BitVector.parse(st.get(i), 80), f.get("st" + i));
        }
        check(bad, "fctrl", BitVector.parse((String) intended.get("fcw"), 16), f.get("fctrl"));
        check(bad, "mxcsr", BitVector.parse((String) intended.get("mxcsr"), 32), f.get("mxcsr"));
        Map<String, Object> ymm = Json.object(intended.get("ymm"));
        for (int i = 0; i < 16; i++) {
            check(bad, "ymm" + i, BitVector.parse((String) ymm.get("ymm" + i), 256), f.get("ymm" + i));
        }
        Map<String, Object> gdb = Json.object(Data.json("expected.json").get("registers_from_gdb_live"));
        assertEquals(0, ((List<?>) Data.json("expected.json").get("gdb_mismatches")).size());
        for (Map.Entry<String, Object> e : gdb.entrySet()) {
            BitVector mine = gdbValue(f, e.getKey());
            // gdb shows the 16-bit x87 control registers zero-extended to 32 bits
            BitVector theirs = BitVector.parse((String) e.getValue());
            theirs = theirs.width() > mine.width() ? theirs.slice(0, mine.width()) : theirs;
            check(bad, e.getKey(), theirs, mine);
        }
        assertEquals(List.of(), bad, producer + ": registers that differ");
    }

    private static void check(List<String> bad, String name, BitVector expected, BitVector actual) {
        if (!expected.equals(actual)) {
            bad.add(name + ": expected " + expected + " but was " + actual);
        }
    }

    @Test
    void kernelNotesMatchIntendedAndGdb() {
        assertMatchesIntendedAndGdb(CODEC.decode(X86.zeroFile(), kernelNotes(), LE), "kernel notes");
    }

    @Test
    void gcoreNotesMatchIntendedAndGdbThoughWrittenWithIntelOffsetsOnAmd() {
        assertMatchesIntendedAndGdb(CODEC.decode(X86.zeroFile(), gcoreNotes(), LE), "gcore notes");
    }

    @Test
    void aConfiguredCpuLayoutIsUsedWhenItFitsTheImage() {
        X86NoteCodec amd = X86NoteCodec.of(X86, XsaveLayout.AMD_ZEN4, 0xe7);
        List<ElfNote> noLayoutNote = kernelNotes().subList(0, 2);
        assertMatchesIntendedAndGdb(amd.decode(X86.zeroFile(), noLayoutNote, LE), "kernel notes, CPUID layout");
        // and the 2432-byte image is also recognised without one (AMD Zen 4 guess)
        assertMatchesIntendedAndGdb(CODEC.decode(X86.zeroFile(), noLayoutNote, LE), "kernel notes, guessed layout");
    }

    @Test
    void readsBothRealCoreFiles(@TempDir Path dir) throws IOException {
        for (String core : List.of("kernel.core", "gcore.core")) {
            List<ThreadRegisters> threads = ElfCore.read(Data.coreFile(dir, "x86_64-core/a", core)).registers(List.of(CODEC));
            assertEquals(1, threads.size(), core);
            assertMatchesIntendedAndGdb(threads.get(0).registers(), core);
        }
    }

    @Test
    void encodedCoresReadBack() {
        List<ElfNote> notes = new ArrayList<>();
        List<RegisterFile> files = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            RegisterFile f = Fixtures.randomConsistent(X86, 100 + t, true);
            files.add(f);
            notes.add(ElfNote.prstatus(ElfClass.ELF64, LE, 4000 + t, 336));
            notes.addAll(CODEC.encode(f, LE));
        }
        List<ThreadRegisters> back = ElfCore.parse(ElfCore.write(ElfClass.ELF64, LE, Elf.EM_X86_64, notes)).registers(CODEC);
        assertEquals(3, back.size());
        for (int t = 0; t < 3; t++) {
            assertEquals(4000 + t, back.get(t).pid());
            assertEquals(files.get(t), back.get(t).registers());
        }
    }

    @Test
    void rejectsForeignNotesAndDuplicates() {
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> CODEC.decode(X86.zeroFile(),
                List.of(ElfNote.of("LINUX", Elf.NT_PPC_VMX, new byte[544])), LE));
        assertEquals("NT_PPC_VMX at offset 0 (0x0): is not an x86-64 FP/vector note; expected NT_PRFPREG, NT_X86_XSTATE "
                + "or NT_X86_XSAVE_LAYOUT", e.getMessage());
        ElfNote fx = kernelNotes().get(0);
        assertThrows(MalformedStateException.class, () -> CODEC.decode(X86.zeroFile(), List.of(fx, fx), LE));
        assertThrows(MalformedStateException.class, () -> CODEC.decode(X86.zeroFile(), List.of(fx), ByteOrder.BIG_ENDIAN));
    }

    @Test
    void rejectsAnImageNoLayoutPlaces() {
        byte[] b = java.util.Arrays.copyOf(Data.bytes("kernel-xstate.bin"), 3000);
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> CODEC.decode(X86.zeroFile(),
                List.of(ElfNote.of("LINUX", Elf.NT_X86_XSTATE, b)), LE));
        assertEquals("NT_X86_XSTATE at offset 0 (0x0): cannot place the components of a 3000-byte image with XCR0 0xe7: "
                + "no NT_X86_XSAVE_LAYOUT note, the configured XsaveLayout[Component[feature=2, size=256, offset=576], "
                + "Component[feature=3, size=64, offset=960], Component[feature=4, size=64, offset=1024], "
                + "Component[feature=5, size=64, offset=1088], Component[feature=6, size=512, offset=1152], "
                + "Component[feature=7, size=1024, offset=1664], Component[feature=9, size=8, offset=2688], "
                + "Component[feature=17, size=64, offset=2752], Component[feature=18, size=8192, offset=2816]] needs "
                + "2688 bytes, and no known CPU matches; expected a layout note or the writing CPU's CPUID 0xD table", e.getMessage());
    }

    @Test
    void rejectsTheWrongMachine() {
        List<ElfNote> ppcNotes = List.of(ElfNote.prstatus(ElfClass.ELF64, LE, 7, 504), ElfNote.of("CORE", Elf.NT_PRFPREG, new byte[264]));
        ElfCore ppc = ElfCore.parse(ElfCore.write(ElfClass.ELF64, LE, Elf.EM_PPC64, ppcNotes));
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> ppc.registers(List.of(CODEC)));
        assertEquals("ELF header at offset 18 (0x12): e_machine is EM_PPC64 (21); expected one the given codecs read: "
                + "EM_X86_64 (62)", e.getMessage());
    }
}

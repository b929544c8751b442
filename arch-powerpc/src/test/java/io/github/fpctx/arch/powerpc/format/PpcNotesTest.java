package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.testkit.Json;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PpcNotesTest {
    static final RegisterLayout PPC64 = ContractLayouts.ppc64();

    static ByteOrder order(String set) {
        return set.equals(Data.LE) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    static RegisterFile decodeAll(String set) {
        ByteOrder o = order(set);
        RegisterFile f = PpcNotes.decodeFpregs(PPC64.zeroFile(), ElfNote.of("CORE", Elf.NT_PRFPREG, Data.bytes(set, "prfpreg.bin")), o);
        f = PpcNotes.decodeVmx(f, ElfNote.of("LINUX", Elf.NT_PPC_VMX, Data.bytes(set, "vmx.bin")), o);
        return PpcNotes.decodeVsx(f, ElfNote.of("LINUX", Elf.NT_PPC_VSX, Data.bytes(set, "vsx.bin")), o);
    }

    /**
     * Every intended register equals the import; FPSCR's upper word is the one known difference: qemu 7.2's
     * gdbstub has a 32-bit fpscr, so gcore wrote the DRN word as zero (expected.json "note_mismatches").
     */
    static void assertMatchesIntended(RegisterFile f, String set) {
        Map<String, Object> intended = Data.json(set, "intended.json");
        Map<String, Object> vs = Json.object(intended.get("vs"));
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            BitVector want = BitVector.parse((String) vs.get("vs" + i), 128);
            if (!want.equals(f.get("vs" + i))) {
                bad.add("vs" + i + ": expected " + want + " but was " + f.get("vs" + i));
            }
        }
        assertEquals(List.of(), bad);
        assertEquals(BitVector.parse((String) intended.get("vscr"), 32), f.get("vscr"));
        assertEquals(BitVector.parse((String) intended.get("vrsave"), 32), f.get("vrsave"));
        BitVector fpscr = BitVector.parse((String) intended.get("fpscr"), 64);
        assertEquals(BitVector.parse("0x0000_0005_8200_0001"), fpscr);
        assertEquals(List.of("NT_PRFPREG fpscr (u64 at 256)"), Data.json(set, "expected.json").get("note_mismatches"));
        assertEquals(fpscr.slice(0, 32), f.get("fpscr").slice(0, 32));
        assertEquals(BitVector.zero(32), f.get("fpscr").slice(32, 32), "gcore wrote FPSCR's upper word as zero");
    }

    /** fpctx agrees with gdb's live view everywhere gdb is right (gdb's 32-bit fpscr is the low word). */
    static void assertMatchesGdb(RegisterFile f, String set) {
        Map<String, Object> gdb = Json.object(Data.json(set, "expected.json").get("registers_from_gdb_live"));
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Object> e : gdb.entrySet()) {
            BitVector theirs = BitVector.parse((String) e.getValue());
            BitVector mine = f.get(e.getKey());
            if (e.getKey().equals("fpscr")) {
                mine = mine.slice(0, 32);
            }
            if (!theirs.equals(mine)) {
                bad.add(e.getKey() + ": gdb " + theirs + ", fpctx " + mine);
            }
        }
        assertEquals(131, gdb.size());
        assertEquals(List.of(), bad);
    }

    @ParameterizedTest
    @ValueSource(strings = {Data.LE, Data.BE})
    void decodesTheGcoreNotesAsIntendedAndAsGdbShows(String set) {
        RegisterFile f = decodeAll(set);
        assertMatchesIntended(f, set);
        assertMatchesGdb(f, set);
    }

    @Test
    void littleAndBigEndianNotesCarryTheSameRegisters() {
        assertEquals(decodeAll(Data.LE), decodeAll(Data.BE));
    }

    @ParameterizedTest
    @ValueSource(strings = {Data.LE, Data.BE})
    void reencodesRealNotesByteForByte(String set) {
        RegisterFile f = decodeAll(set);
        ByteOrder o = order(set);
        assertArrayEquals(Data.bytes(set, "prfpreg.bin"), PpcNotes.encodeFpregs(f, o));
        assertArrayEquals(Data.bytes(set, "vmx.bin"), PpcNotes.encodeVmx(f, o));
        assertArrayEquals(Data.bytes(set, "vsx.bin"), PpcNotes.encodeVsx(f, o));
    }

    @Test
    void placesVscrByByteOrder() {
        RegisterFile f = PPC64.zeroFile().with("vscr", BitVector.of(32, 0x00010001)).with("vrsave", BitVector.of(32, 0xa5a5f00dL));
        byte[] le = PpcNotes.encodeVmx(f, ByteOrder.LITTLE_ENDIAN);
        byte[] be = PpcNotes.encodeVmx(f, ByteOrder.BIG_ENDIAN);
        assertArrayEquals(new byte[] {1, 0, 1, 0}, java.util.Arrays.copyOfRange(le, 512, 516));
        assertArrayEquals(new byte[] {0, 1, 0, 1}, java.util.Arrays.copyOfRange(be, 524, 528));
        assertArrayEquals(new byte[] {(byte) 0xa5, (byte) 0xa5, (byte) 0xf0, 0x0d}, java.util.Arrays.copyOfRange(be, 528, 532));
    }

    @Test
    void rejectsWrongSizes() {
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> PpcNotes.decodeFpregs(PPC64.zeroFile(),
                ElfNote.of("CORE", Elf.NT_PRFPREG, new byte[512]), ByteOrder.BIG_ENDIAN));
        assertEquals("NT_PRFPREG at offset 0 (0x0): note is 512 bytes; expected 264", e.getMessage());
        assertThrows(MalformedStateException.class, () -> PpcNotes.decodeVmx(PPC64.zeroFile(),
                ElfNote.of("LINUX", Elf.NT_PPC_VMX, new byte[528]), ByteOrder.BIG_ENDIAN));
        assertThrows(MalformedStateException.class, () -> PpcNotes.decodeVsx(PPC64.zeroFile(),
                ElfNote.of("LINUX", Elf.NT_PPC_VSX, new byte[264]), ByteOrder.BIG_ENDIAN));
    }

    @Test
    void rejectsVsxForALayoutWithoutIt() {
        RegisterFile ppc32 = ContractLayouts.ppc32().zeroFile();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PpcNotes.decodeVsx(ppc32,
                ElfNote.of("LINUX", Elf.NT_PPC_VSX, new byte[256]), ByteOrder.BIG_ENDIAN));
        assertEquals("Layout ppc32 lacks vs0h-vs31h; NT_PPC_VSX needs them (PowerPC naming contract)", e.getMessage());
    }
}

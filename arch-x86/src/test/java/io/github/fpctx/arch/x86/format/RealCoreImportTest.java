package io.github.fpctx.arch.x86.format;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfClass;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.elf.ThreadRegisters;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole real cores through the registry ({@code ElfCore.read(path).requireFirstThread(architecture)}): gdb's
 * {@code gcore} of a process with DAZ set (MXCSR_MASK 0, TOP = 5, AVX and PKRU enabled; {@code testdata/x86_64-core/daz},
 * program {@code daz.c}, gdb's live printout {@code gdb.txt}), and the kernel and gcore cores of set A.
 */
class RealCoreImportTest {
    private static final Architecture X86_64 = Architectures.load().require("x86_64");
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** gdb's printout of the live process: {@code st0 ... (raw 0x...)}, {@code $N = 0x...} after each {@code p/x}. */
    private static String gdbText() {
        return new String(Data.bytesOf("testdata/x86_64-core/daz/gdb.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void aGcoreOfAProcessWithDazImportsWithEveryRegisterAsTheProcessWroteIt(@TempDir Path dir) throws Exception {
        ThreadRegisters t = ElfCore.read(Data.coreFile(dir, "x86_64-core/daz", "gcore.core")).requireFirstThread(X86_64);
        RegisterFile f = t.registers();
        assertEquals(BitVector.of(32, 0x1fc0), f.get("mxcsr"), "DAZ (bit 6) with the default masks, as ldmxcsr loaded it");
        assertEquals(BitVector.zero(32), f.get("mxcsr_mask"), "gdb writes MXCSR_MASK 0");
        String gdb = gdbText();
        for (int i = 0; i < 8; i++) {
            Matcher m = Pattern.compile("(?m)^st" + i + "\\s.*\\(raw 0x([0-9a-f]+)\\)").matcher(gdb);
            assertTrue(m.find(), "st" + i);
            assertEquals(BitVector.parse("0x" + m.group(1), 80), f.get("st" + i), "st" + i);
        }
        assertEquals(BitVector.of(16, 0x037f), f.get("fctrl"));
        assertEquals(BitVector.of(16, 0x2800), f.get("fstat"), "TOP = 5 after three loads");
        assertEquals(BitVector.of(16, 0x03ff), f.get("ftag"), "gdb's ftag 0x3ff");
        // the program's ymm pattern: byte k of ymm i is 0x80 | ((7i + 13k) & 0x7f)
        for (int i = 0; i < 16; i++) {
            byte[] b = new byte[32];
            for (int k = 0; k < 32; k++) {
                b[k] = (byte) (0x80 | ((i * 7 + k * 13) & 0x7f));
            }
            assertEquals(BitVector.fromBytes(b, LE), f.get("ymm" + i), "ymm" + i);
        }
        List<String> printed = values(gdb);
        assertEquals(List.of("0x1fc0", "0xc3b6a99c8f82f5e8dbcec1b4a79a8d80", "0x9386f9ecdfd2c5b8ab9e9184f7eaddd0",
                "0xfcefe2d5c8bbaea19487faede0d3c6b9"), printed, "gdb's p/x $mxcsr, $xmm0, $ymm0h, $ymm15h");
        assertEquals(BitVector.parse(printed.get(1), 128), f.get("xmm0"));
        assertEquals(BitVector.parse(printed.get(2), 128), f.get("ymm0h"));
        assertEquals(BitVector.parse(printed.get(3), 128), f.get("ymm15h"));

        // availability: XCR0 0x207 (x87, SSE, AVX, PKRU): no AVX-512 state in the note
        assertTrue(t.isAvailable("xmm0") && t.isAvailable("ymm15") && t.isAvailable("mxcsr") && t.isAvailable("st7"));
        assertFalse(t.isAvailable("zmm0h"));
        assertFalse(t.isAvailable("k0"));
        assertFalse(t.isAvailable("ymm16h"));
        assertFalse(t.isAvailable("zmm0"), "zmm0 is only partly covered");
        assertEquals(Optional.of(XsaveLayoutSource.SIZE_GUESS.name()), t.layoutSource(), "no layout note: GDB's size guess");

        // the write path rejects DAZ against a CPU mask without it (xfpregs_set), and accepts it against Zen 4's
        assertThrows(IllegalArgumentException.class, () -> Fxsave.checkMxcsrForWrite(f, 0));
        Fxsave.checkMxcsrForWrite(f, 0x0002ffff);
    }

    @Test
    void mmxRegistersArePhysicalRegistersOfTheRealImageWithTopFive(@TempDir Path dir) throws Exception {
        RegisterFile f = ElfCore.read(Data.coreFile(dir, "x86_64-core/daz", "gcore.core")).requireFirstThread(X86_64).registers();
        assertEquals(5, (f.getLong(f.layout().register("fstat")) >> 11) & 7);
        // R5 = ST(0) = 3.0, R6 = ST(1) = -2.25, R7 = ST(2) = 1.5; R0-R4 = ST(3)-ST(7) = 0
        assertEquals(BitVector.parse("0xc000_0000_0000_0000"), X86.mm(f, 5));
        assertEquals(BitVector.parse("0x9000_0000_0000_0000"), X86.mm(f, 6));
        assertEquals(BitVector.parse("0xc000_0000_0000_0000"), X86.mm(f, 7));
        for (int i = 0; i < 5; i++) {
            assertEquals(BitVector.zero(64), X86.mm(f, i), "mm" + i + " = R" + i + " = ST(" + (i + 3) + ")");
        }
    }

    @Test
    void theLayoutSourceIsReported(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of("LAYOUT_NOTE"),
                ElfCore.read(Data.coreFile(dir, "x86_64-core/a", "kernel.core")).requireFirstThread(X86_64).layoutSource());
        assertEquals(Optional.of("SIZE_GUESS"),
                ElfCore.read(Data.coreFile(dir, "x86_64-core/a", "gcore.core")).requireFirstThread(X86_64).layoutSource());
        X86NoteCodec zen4 = X86NoteCodec.of(X86.layout(), XsaveLayout.AMD_ZEN4, 0xe7);
        List<ElfNote> noLayoutNote = X86NoteCodecTest.kernelNotes().subList(0, 2);
        assertEquals(Optional.of("CPU_TABLE"), zen4.decodeDetailed(X86.layout().zeroFile(), noLayoutNote, LE).layoutSource());
        assertEquals(XsaveLayoutSource.CPU_TABLE, zen4.layoutSource(noLayoutNote.get(1), Optional.empty()));
        assertEquals(Optional.empty(), X86NoteCodec.of(X86.layout())
                .decodeDetailed(X86.layout().zeroFile(), noLayoutNote.subList(0, 1), LE).layoutSource(), "FXSAVE only");
    }

    @Test
    void gdbsAvx512NamesMatchGdbsValuesForTheKernelCore(@TempDir Path dir) throws Exception {
        ThreadRegisters t = ElfCore.read(Data.coreFile(dir, "x86_64-core/a", "kernel.core")).requireFirstThread(X86_64);
        Map<String, Object> gdb = Json.object(Data.json("expected.json").get("registers_from_gdb_live"));
        int checked = 0;
        for (int i = 16; i < 32; i++) {
            for (String n : List.of("xmm" + i, "ymm" + i + "h", "zmm" + i + "h")) {
                assertEquals(BitVector.parse((String) gdb.get(n)), t.registers().get(n), n);
                assertTrue(t.isAvailable(n), n + ": XCR0 0xe7 enables AVX-512 (in its init state, so available as zero)");
                checked++;
            }
        }
        assertEquals(48, checked);
    }

    @Test
    void onlyWhatANoteCoversIsAvailable() {
        ElfNote fx = X86NoteCodecTest.kernelNotes().get(0);
        ThreadRegisters t = ElfCore.parse(ElfCore.write(ElfClass.ELF64, LE, Elf.EM_X86_64,
                List.of(ElfNote.prstatus(ElfClass.ELF64, LE, 9, 336), fx))).requireFirstThread(X86_64);
        assertTrue(t.isAvailable("xmm15"));
        assertTrue(t.isAvailable("fop"));
        assertFalse(t.isAvailable("ymm0h"), "gdb: <unavailable>");
        assertFalse(t.isAvailable("ymm0"));
        assertFalse(t.isAvailable("k7"));
        assertTrue(t.availability().unavailable().contains("zmm31"));
        assertFalse(t.availability().unavailable().contains("xmm0"));
    }

    @Test
    void aCoreWithoutThreadsHasAClearAnswer() {
        byte[] none = ElfCore.write(ElfClass.ELF64, LE, Elf.EM_X86_64, List.of(ElfNote.of("CORE", Elf.NT_AUXV, new byte[16])));
        ElfCore core = ElfCore.parse(none);
        assertEquals(List.of(), core.registers(X86_64));
        assertEquals(Optional.empty(), core.firstThread(X86_64));
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> core.requireFirstThread(X86_64));
        assertEquals("core file at offset 0 (0x0): has 0 thread(s) (NT_PRSTATUS notes) but none with an FP/vector note "
                + "the x86_64 codecs read; expected at least one", e.getMessage());
        byte[] noFp = ElfCore.write(ElfClass.ELF64, LE, Elf.EM_X86_64, List.of(ElfNote.prstatus(ElfClass.ELF64, LE, 3, 336)));
        assertEquals(Optional.empty(), ElfCore.parse(noFp).firstThread(X86_64));
    }

    private static List<String> values(String gdb) {
        Matcher m = Pattern.compile("(?m)^\\$\\d+ = (0x[0-9a-f]+)$").matcher(gdb);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

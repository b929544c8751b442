package io.github.fpctx.arch.x86.format;

import io.github.fpctx.testkit.Json;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XsaveTest {
    static final RegisterLayout X86 = ContractLayouts.x86_64();
    static final XsaveLayout KERNEL_LAYOUT = XsaveLayout.fromNote(
            ElfNote.of("LINUX", Elf.NT_X86_XSAVE_LAYOUT, Data.bytes("kernel-xsave_layout.bin")));

    private static ElfNote xstate(byte[] b) {
        return ElfNote.of("LINUX", Elf.NT_X86_XSTATE, b);
    }

    @Test
    void decodesTheKernelImageWithItsLayoutNote() {
        RegisterFile f = Xsave.decode(X86.zeroFile(), xstate(Data.bytes("kernel-xstate.bin")), KERNEL_LAYOUT);
        Map<String, Object> ymm = Json.object(Data.json("intended.json").get("ymm"));
        for (int i = 0; i < 16; i++) {
            assertEquals(BitVector.parse((String) ymm.get("ymm" + i), 256), f.get("ymm" + i), "ymm" + i);
            assertEquals(BitVector.zero(256), f.get("zmm" + i + "h"));
        }
        assertEquals(BitVector.zero(64), f.get("k0"));
    }

    @Test
    void gcoreAndKernelImagesOfTheSameStateDecodeAlike() {
        RegisterFile kernel = Xsave.decode(X86.zeroFile(), xstate(Data.bytes("kernel-xstate.bin")), KERNEL_LAYOUT);
        RegisterFile gcore = Xsave.decode(X86.zeroFile(), xstate(Data.bytes("xstate.bin")), XsaveLayout.INTEL);
        // the only difference: MXCSR_MASK, which gdb's gcore writes as 0
        assertEquals(kernel.with("mxcsr_mask", BitVector.zero(32)), gcore);
    }

    @Test
    void reencodesTheKernelImageByteForByte() {
        byte[] note = Data.bytes("kernel-xstate.bin");
        RegisterFile f = Xsave.decode(X86.zeroFile(), xstate(note), KERNEL_LAYOUT);
        assertArrayEquals(note, Xsave.encode(f, KERNEL_LAYOUT, 0xe7));
    }

    @Test
    void reencodesTheGcoreImageExceptItsAllOnesXstateBv() {
        byte[] note = Data.bytes("xstate.bin");
        byte[] again = Xsave.encode(Xsave.decode(X86.zeroFile(), xstate(note), XsaveLayout.INTEL), XsaveLayout.INTEL, 0xe7);
        assertEquals(0xe7, note[512] & 0xFF); // gdb marks every XCR0 component present
        assertEquals(0x07, again[512] & 0xFF); // the AVX-512 components are in init state
        again[512] = note[512];
        assertArrayEquals(note, again);
    }

    @Test
    void exportThenImportGivesTheSameFile() {
        for (long seed = 1; seed <= 20; seed++) {
            RegisterFile f = Fixtures.randomConsistent(X86, seed, true);
            for (XsaveLayout l : new XsaveLayout[] {XsaveLayout.INTEL, KERNEL_LAYOUT}) {
                long xcr0 = l == XsaveLayout.INTEL ? 0x600e7 : 0xe7;
                RegisterFile expected = l == XsaveLayout.INTEL ? f
                        : f.with("tilecfg", BitVector.zero(512)).with("tiledata", BitVector.zero(8192));
                assertEquals(expected, Xsave.decode(X86.zeroFile(), xstate(Xsave.encode(f, l, xcr0)), l), "seed " + seed);
            }
        }
    }

    @Test
    void readsComponentsWithAClearXstateBvBitAsInitState() {
        byte[] b = Data.bytes("kernel-xstate.bin");
        Arrays.fill(b, 512, 520, (byte) 0); // XSTATE_BV = 0: everything in init state
        RegisterFile base = Fixtures.randomConsistent(X86, 3, true);
        RegisterFile f = Xsave.decode(base, xstate(b), KERNEL_LAYOUT);
        assertEquals(BitVector.of(16, 0x037F), f.get("fctrl"));
        assertEquals(BitVector.of(16, 0xFFFF), f.get("ftag"));
        assertEquals(BitVector.of(32, 0x1F80), f.get("mxcsr"));
        assertEquals(BitVector.of(32, 0x0002ffff), f.get("mxcsr_mask"));
        for (int i = 0; i < 32; i++) {
            assertEquals(BitVector.zero(512), f.get("zmm" + i), "zmm" + i);
        }
        assertEquals(BitVector.zero(80), f.get("st0"));
        assertEquals(BitVector.zero(64), f.get("k7"));
    }

    @Test
    void mxcsrIsKeptWhenOnlyAvxIsPresent() {
        byte[] b = Data.bytes("kernel-xstate.bin");
        b[512] = 0x4; // AVX only: MXCSR still from the image, XMM registers init
        RegisterFile f = Xsave.decode(X86.zeroFile(), xstate(b), KERNEL_LAYOUT);
        assertEquals(BitVector.of(32, 0x7f80), f.get("mxcsr"));
        assertEquals(BitVector.zero(128), f.get("xmm0"));
        assertEquals(BitVector.parse("0xaa00033af69e04d0aa00026b03c21a83", 128), f.get("ymm0h"));
    }

    @Test
    void skipsComponentsTheLayoutDoesNotModel() {
        byte[] b = Data.bytes("kernel-xstate.bin");
        b[464] = (byte) 0xef; // XCR0 with MPX BNDREGS, which the kernel's layout does not even place
        b[512] = 0x0f;
        RegisterFile f = Xsave.decode(X86.zeroFile(), xstate(b), KERNEL_LAYOUT);
        assertEquals(Xsave.decode(X86.zeroFile(), xstate(Data.bytes("kernel-xstate.bin")), KERNEL_LAYOUT), f,
                "everything the layout holds is imported; MPX has nowhere to go");
    }

    @Test
    void rejectsXstateBvBitsOutsideXcr0() {
        byte[] b = Data.bytes("kernel-xstate.bin");
        b[464] = 0x07;
        b[512] = (byte) 0xe7;
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> Xsave.decode(X86.zeroFile(), xstate(b), KERNEL_LAYOUT));
        assertEquals("NT_X86_XSTATE at offset 512 (0x200): XSTATE_BV 0xe7 has bits 0xe0 outside XCR0 0x7 (offset 464); "
                + "expected a subset of XCR0", e.getMessage());
    }

    @Test
    void rejectsTheCompactedFormat() {
        byte[] b = Data.bytes("kernel-xstate.bin");
        b[527] = (byte) 0x80;
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> Xsave.decode(X86.zeroFile(), xstate(b), KERNEL_LAYOUT));
        assertEquals("NT_X86_XSTATE at offset 520 (0x208): XCOMP_BV is 0x8000000000000000; expected 0 (standard format: "
                + "the kernel writes NT_X86_XSTATE non-compacted)", e.getMessage());
    }

    @Test
    void rejectsTruncatedImages() {
        byte[] b = Arrays.copyOf(Data.bytes("kernel-xstate.bin"), 1500);
        b[512] = (byte) 0xe7; // Hi16_ZMM (1408..2431) present but cut off
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> Xsave.decode(X86.zeroFile(), xstate(b), KERNEL_LAYOUT));
        assertEquals("NT_X86_XSTATE at offset 1408 (0x580): AVX-512 Hi16_ZMM component (XSTATE_BV bit 7) spans bytes "
                + "1408..2431; expected it inside the 1500-byte note", e.getMessage());
        MalformedStateException s = assertThrows(MalformedStateException.class,
                () -> Xsave.decode(X86.zeroFile(), xstate(new byte[512]), KERNEL_LAYOUT));
        assertEquals("NT_X86_XSTATE at offset 0 (0x0): note is 512 bytes; expected at least 576 (legacy area and XSAVE header)",
                s.getMessage());
    }

    @Test
    void rejectsAnXcr0TheLayoutCannotEncode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Xsave.encode(X86.zeroFile(), XsaveLayout.INTEL, 0x2e7));
        assertEquals("XCR0 0x2e7 enables PKRU, which layout x86_64 does not model; valid bits: 0x600e7", e.getMessage());
    }
}

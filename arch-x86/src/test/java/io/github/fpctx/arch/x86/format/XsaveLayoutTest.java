package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XsaveLayoutTest {
    private static ElfNote note(byte[] b) {
        return ElfNote.of("LINUX", Elf.NT_X86_XSAVE_LAYOUT, b);
    }

    @Test
    void readsTheKernelsLayoutNote() {
        XsaveLayout l = XsaveLayout.fromNote(note(Data.bytes("kernel-xsave_layout.bin")));
        assertEquals(List.of(new XsaveLayout.Component(2, 256, 576), new XsaveLayout.Component(5, 64, 832),
                new XsaveLayout.Component(6, 512, 896), new XsaveLayout.Component(7, 1024, 1408)), l.components());
        assertEquals(2432, l.size(0xe7));
        assertArrayEquals(Data.bytes("kernel-xsave_layout.bin"), l.toNote(0xe7).toBytes());
    }

    @Test
    void guessesAsGdbDoesPlusAmdWithoutPkru() {
        assertEquals(XsaveLayout.INTEL, XsaveLayout.guess(0xe7, 2688).orElseThrow());
        assertEquals(XsaveLayout.INTEL, XsaveLayout.guess(0x2e7, 2696).orElseThrow());
        assertEquals(XsaveLayout.AMD_ZEN4, XsaveLayout.guess(0x2e7, 2440).orElseThrow());
        assertEquals(XsaveLayout.AMD_ZEN4, XsaveLayout.guess(0xe7, 2432).orElseThrow());
        assertEquals(XsaveLayout.INTEL, XsaveLayout.guess(0x1f, 1088).orElseThrow());
        assertEquals(List.of(new XsaveLayout.Component(2, 256, 576)), XsaveLayout.guess(0x7, 832).orElseThrow().components());
        assertEquals(true, XsaveLayout.guess(0xe7, 3000).isEmpty());
    }

    @Test
    void rejectsALayoutNoteThatOverlapsItself() {
        byte[] b = Data.bytes("kernel-xsave_layout.bin");
        b[16 * 2 + 8] = 0x40; // entry 2 (ZMM_Hi256) offset 896 -> 0x340 = 832: on top of the opmask
        b[16 * 2 + 9] = 0x03;
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> XsaveLayout.fromNote(note(b)));
        assertEquals("NT_X86_XSAVE_LAYOUT at offset 32 (0x20): entry 2 {type 6, size 512, offset 832} overlaps "
                + "component 5 (bytes 832..895); expected disjoint components", e.getMessage());
    }

    @Test
    void rejectsEntriesInTheLegacyAreaOrHeader() {
        byte[] b = Data.bytes("kernel-xsave_layout.bin");
        b[8] = 0x00; // entry 0 offset 576 -> 512: the XSAVE header
        b[9] = 0x02;
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> XsaveLayout.fromNote(note(b)));
        assertEquals("NT_X86_XSAVE_LAYOUT at offset 0 (0x0): entry 0 {type 2, size 256, offset 512} is outside the image; "
                + "expected size 1 - 16777216 at offset 576 (after the legacy area and XSAVE header) - 16777216", e.getMessage());
    }

    @Test
    void rejectsWrongSizesAndDuplicates() {
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> XsaveLayout.fromNote(note(new byte[20])));
        assertEquals("NT_X86_XSAVE_LAYOUT at offset 0 (0x0): note is 20 bytes; expected a non-zero multiple of 16 "
                + "(struct x86_xfeat_component entries)", e.getMessage());
        byte[] b = Data.bytes("kernel-xsave_layout.bin");
        b[16 + 4] = 32; // opmask size 64 -> 32
        assertThrows(MalformedStateException.class, () -> XsaveLayout.fromNote(note(b)));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> XsaveLayout.of(List.of(
                new XsaveLayout.Component(2, 256, 576), new XsaveLayout.Component(2, 256, 1000))));
        assertEquals("XSAVE component 2 (offset 1000, size 256) is listed twice; expected one entry per component", dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new XsaveLayout.Component(2, 256, 100));
    }
}

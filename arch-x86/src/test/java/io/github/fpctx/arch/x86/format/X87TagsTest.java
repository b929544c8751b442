package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.register.BitVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class X87TagsTest {
    private static BitVector st(String hex) {
        return BitVector.parse(hex, 80);
    }

    // set A of the x86 test data: pi, -1.5, 1e4000, +0, -inf, QNaN, denormal, 123456789.0123456789
    private static final BitVector[] SET_A = {
        st("0x4000c90fdaa22168c235"), st("0xbfffc000000000000000"), st("0x73e6d1ba8323fe558c61"),
        st("0x00000000000000000000"), st("0xffff8000000000000000"), st("0x7fffc000000000001234"),
        st("0x00000000000000abcdef"), st("0x4019eb79a2a06522c3e4"),
    };

    @Test
    void classifiesValuesAsGdbsI387TagDoes() {
        assertEquals(X87Tags.VALID, X87Tags.tagOf(SET_A[0]));
        assertEquals(X87Tags.ZERO, X87Tags.tagOf(SET_A[3]));
        assertEquals(X87Tags.SPECIAL, X87Tags.tagOf(SET_A[4]));   // infinity
        assertEquals(X87Tags.SPECIAL, X87Tags.tagOf(SET_A[5]));   // NaN
        assertEquals(X87Tags.SPECIAL, X87Tags.tagOf(SET_A[6]));   // denormal
        assertEquals(X87Tags.SPECIAL, X87Tags.tagOf(st("0x40000000000000000001"))); // unnormal: integer bit clear
    }

    @Test
    void rebuildsGdbsFullTagWordFromTheAbridgedByte() {
        assertEquals(0x2a40, X87Tags.fullTag(0xff, 0x0000, SET_A)); // gdb's ftag for set A
        assertEquals(0xffff, X87Tags.fullTag(0x00, 0x0000, SET_A));
    }

    @Test
    void mapsPhysicalRegistersToStackSlotsThroughTop() {
        BitVector[] stack = new BitVector[8];
        java.util.Arrays.fill(stack, BitVector.zero(80));
        stack[0] = SET_A[0]; // ST(0) valid
        // TOP = 1: ST(0) is physical R1; R0 empty, the rest zero -> tags R1 = 00, R2..R7 = 01, R0 = 11
        assertEquals(0b0101_0101_0101_0011, X87Tags.fullTag(0xfe, 0x0800, stack));
        assertEquals(0xfe, X87Tags.abridged(0b0101_0101_0101_0011));
    }

    @Test
    void rejectsOutOfRangeInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X87Tags.abridged(0x1_0000));
        assertEquals("Invalid value for x87 tag word (valid values 0 - 65535): 65536", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> X87Tags.tagOf(BitVector.zero(64)));
        assertThrows(IllegalArgumentException.class, () -> X87Tags.fullTag(0, 0, new BitVector[7]));
    }
}

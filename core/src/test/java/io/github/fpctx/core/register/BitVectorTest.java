package io.github.fpctx.core.register;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitVectorTest {
    @Test
    void parsesAndRendersWithSeparatorsAndWidthFromDigits() {
        BitVector v = BitVector.parse("0x0000_0000_8200_4000");
        assertEquals(64, v.width());
        assertEquals(0x82004000L, v.toLong());
        assertEquals("0x0000_0000_8200_4000", v.toString());
        assertEquals(v, BitVector.parse(v.toString()));
    }

    @Test
    void rendersEightyBitValues() {
        BitVector st = BitVector.ofWords(80, 0x8000_0000_0000_0000L, 0x3FFFL);
        assertEquals("0x3fff_8000_0000_0000_0000", st.toString());
        assertEquals(st, BitVector.parse("0x3fff_8000_0000_0000_0000"));
    }

    @Test
    void slicesAndReplacesAcrossWordBoundaries() {
        BitVector fpscr = BitVector.parse("0x0000_0000_8200_4000");
        BitVector vs0 = BitVector.zero(128).withSlice(64, fpscr).withSlice(0, fpscr);
        assertEquals("0x0000_0000_8200_4000_0000_0000_8200_4000", vs0.toString());
        assertEquals(fpscr, vs0.slice(64, 64));
        BitVector mid = vs0.slice(60, 8);
        assertEquals(0x00, mid.toLong());
        BitVector x = BitVector.zero(512).withSlice(120, BitVector.of(16, 0xABCD));
        assertEquals(0xABCD, x.slice(120, 16).toLong());
        assertEquals(0xCD, x.slice(120, 8).toLong());
        assertTrue(x.bit(120));
        assertFalse(x.bit(121));
    }

    @Test
    void withSliceReturnsSameInstanceWhenUnchanged() {
        BitVector v = BitVector.of(64, 7);
        assertSame(v, v.withSlice(0, BitVector.of(3, 7)));
    }

    @Test
    void convertsToAndFromBytesInBothOrders() {
        BitVector v = BitVector.parse("0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10");
        byte[] be = v.toBytes(ByteOrder.BIG_ENDIAN);
        byte[] le = v.toBytes(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, be[0]);
        assertEquals(0x10, le[0]);
        assertEquals(v, BitVector.fromBytes(be, ByteOrder.BIG_ENDIAN));
        assertEquals(v, BitVector.fromBytes(le, ByteOrder.LITTLE_ENDIAN));
        BitVector st = BitVector.parse("0x3fff_8000_0000_0000_0000");
        assertArrayEquals(st.toBytes(ByteOrder.LITTLE_ENDIAN), BitVector.fromBytes(st.toBytes(ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN).toBytes(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void equalityIncludesWidth() {
        assertNotEquals(BitVector.zero(64), BitVector.zero(128));
        assertEquals(BitVector.zero(128).hashCode(), BitVector.zero(128).hashCode());
    }

    @Test
    void rejectsBadInputWithMessages() {
        assertEquals("Cannot parse '82004000' as a bit vector; expected 0x followed by hex digits, e.g. 0x0000_8200_4000",
                assertThrows(IllegalArgumentException.class, () -> BitVector.parse("82004000")).getMessage());
        assertEquals("Cannot parse '0x12g4' as a bit vector: 'g' is not a hex digit",
                assertThrows(IllegalArgumentException.class, () -> BitVector.parse("0x12g4")).getMessage());
        assertEquals("Value '0x1_0000' does not fit in 16 bits",
                assertThrows(IllegalArgumentException.class, () -> BitVector.parse("0x1_0000", 16)).getMessage());
        assertEquals("Invalid value for bit vector width (valid values 1 - 8192): 0",
                assertThrows(IllegalArgumentException.class, () -> BitVector.zero(0)).getMessage());
        assertEquals("Bit range 60..131 is outside a 128-bit vector (valid bits 0 - 127)",
                assertThrows(IllegalArgumentException.class, () -> BitVector.zero(128).slice(60, 72)).getMessage());
        assertEquals("Value 0x100 does not fit in 8 bits",
                assertThrows(IllegalArgumentException.class, () -> BitVector.of(8, 0x100)).getMessage());
        assertEquals("Cannot combine a 64-bit vector with a 128-bit vector",
                assertThrows(IllegalArgumentException.class, () -> BitVector.zero(64).or(BitVector.zero(128))).getMessage());
        assertEquals("text", assertThrows(NullPointerException.class, () -> BitVector.parse(null)).getMessage());
        assertThrows(IllegalStateException.class, () -> BitVector.ones(128).toLong());
    }

    @Test
    void parseWithWidthAcceptsShortAndPaddedText() {
        assertEquals(BitVector.of(32, 0x1F80), BitVector.parse("0x1f80", 32));
        assertEquals(BitVector.of(16, 0x37F), BitVector.parse("0x0000_037f", 16));
    }

    @Test
    void bitwiseOperations() {
        BitVector a = BitVector.of(8, 0b1100);
        BitVector b = BitVector.of(8, 0b1010);
        assertEquals(0b1110, a.or(b).toLong());
        assertEquals(0b1000, a.and(b).toLong());
        assertEquals(0b0110, a.xor(b).toLong());
        assertEquals(0xFF, BitVector.ones(8).toLong());
        assertTrue(BitVector.zero(80).isZero());
    }
}

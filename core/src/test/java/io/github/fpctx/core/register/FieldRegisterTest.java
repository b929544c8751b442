package io.github.fpctx.core.register;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldRegisterTest {
    static final BitField FP = BitField.of("FP", 13, 1);
    static final BitField FE0 = BitField.of("FE0", 11, 1);
    static final BitField FE1 = BitField.of("FE1", 8, 1);
    static final BitField VSX = BitField.of("VSX", 23, 1);
    static final BitField FE_MODE = BitField.gather("FE_MODE", 11, 8).asView()
            .withValueNames(Map.of(0L, "disabled", 1L, "nonrecoverable", 2L, "async", 3L, "precise"));
    static final FieldLayout MSR = FieldLayout.builder("MSR", 64).field(FP).field(FE0).field(VSX).field(FE1).field(FE_MODE).build();

    @Test
    void gatheredFieldPacksLikePackFe01() {
        // __pack_fe01(mode) = ((mode<<10)&MSR_FE0) | ((mode<<8)&MSR_FE1)
        for (long mode = 0; mode < 4; mode++) {
            long kernel = ((mode << 10) & 0x800) | ((mode << 8) & 0x100);
            assertEquals(kernel, FE_MODE.pack(mode));
            assertEquals(mode, FE_MODE.extract(kernel));
        }
    }

    @Test
    void rendersSetFieldsByName() {
        FieldRegister r = MSR.of(0).set(FP).with(FE_MODE, 2).set(VSX);
        assertEquals("MSR[FP FE0 VSX]", r.toString());
        assertTrue(r.isSet(FE0));
        assertFalse(r.isSet(FE1));
        assertEquals("async", FE_MODE.nameOf(r.field(FE_MODE)).orElseThrow());
    }

    @Test
    void rejectsOutOfRangeFieldValue() {
        assertEquals("Invalid value for MSR.FE_MODE (valid values 0 - 3): 5",
                assertThrows(IllegalArgumentException.class, () -> MSR.of(0).with(FE_MODE, 5)).getMessage());
    }

    @Test
    void reservedBitsAreRejectedOrMaskedOnWrite() {
        BitField ie = BitField.of("IE", 0, 1).sticky();
        BitField im = BitField.of("IM", 7, 1);
        BitField rc = BitField.of("RC", 13, 2).withValueNames(Map.of(0L, "nearest", 3L, "zero"));
        FieldLayout mxcsr = FieldLayout.builder("MXCSR", 32).field(ie).field(im).field(rc).reserved(0xFFFF_0000L).reset(0x1F80).build();
        assertEquals("Invalid value for MXCSR (reserved bits 0xffff_0000 and bits above bit 31 must be zero): 0x0001_1f80",
                assertThrows(IllegalArgumentException.class, () -> mxcsr.of(0x1_1F80)).getMessage());
        FieldRegister r = mxcsr.reset().withWritableBits(0xFFFF_0001L);
        assertEquals(0x0001, r.bits());
        assertEquals(0x1F80, mxcsr.reset().bits());
        assertEquals("MXCSR[IE]", mxcsr.of(1).toString());
        assertEquals("MXCSR[IM RC=zero]", mxcsr.of(0x6080).toString());
        assertEquals(1, mxcsr.of(0).raise(ie).field(ie));
        assertThrows(IllegalArgumentException.class, () -> mxcsr.of(0).raise(im));
        assertEquals(0x1, mxcsr.stickyMask());
    }

    @Test
    void unknownFieldListsValidOnes() {
        assertEquals("Unknown field 'FE2' in MSR; valid: FP, FE0, VSX, FE1, FE_MODE",
                assertThrows(IllegalArgumentException.class, () -> MSR.field("FE2")).getMessage());
    }

    @Test
    void fieldOfAnotherRegisterIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MSR.of(0).isSet(BitField.of("NJ", 16, 1)));
    }

    @Test
    void layoutBuilderChecksFields() {
        assertThrows(IllegalArgumentException.class, () -> FieldLayout.builder("X", 16).field(BitField.of("A", 15, 2)));
        assertThrows(IllegalArgumentException.class, () -> BitField.of("A", 60, 8));
        assertThrows(IllegalStateException.class, () -> FieldLayout.builder("X", 16).field(BitField.of("A", 0, 1)).reserved(1).build());
    }
}

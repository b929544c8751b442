package io.github.fpctx.arch.x86;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.register.RegisterFile;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X86Test {
    static final RegisterFile INIT = X86.initRegisters(KernelConfig.DEFAULT);

    @Test
    void initStateIsFninitAndMxcsrDefault() {
        assertEquals(BitVector.parse("0x037f"), INIT.get("fctrl"));
        assertEquals(BitVector.parse("0x0000_1f80"), INIT.get("mxcsr"));
        assertEquals(BitVector.parse("0xffff"), INIT.get("ftag"));
        assertEquals(BitVector.parse("0x0000_ffff"), INIT.get("mxcsr_mask"));
        assertTrue(INIT.get("zmm31").isZero());
        assertEquals("MXCSR[IM DM ZM OM UM PM]", X86.MXCSR.of(INIT.get("mxcsr").toLong()).toString());
        assertEquals("FCW[IM DM ZM OM UM PM PC=extended 0x40]", X86.FCW.reset().toString());
    }

    @Test
    void mxcsrFieldsRenderAndRoundTrip() {
        FieldRegister m = X86.MXCSR.reset().with(X86.MXCSR_RC, X86.MXCSR_RC.valueOf("zero")).raise(X86.MXCSR_PE).set(X86.MXCSR_FZ);
        assertEquals(0xFFA0, m.bits());
        assertEquals("MXCSR[PE IM DM ZM OM UM PM RC=zero FZ]", m.toString());
        assertEquals(0x3F, X86.MXCSR.stickyMask(), "IE DE ZE OE UE PE");
        assertEquals(0xFFFF, X86.MXCSR.writableMask());
    }

    @Test
    void fswTopIsBits11To13() {
        FieldRegister fsw = X86.FSW.of(0x0800);
        assertEquals(1, fsw.field(X86.FSW_TOP));
        assertEquals("FSW[TOP=0x1]", fsw.toString());
    }

    @Test
    void rejectsReservedMxcsrBitsWithExactMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> INIT.with("mxcsr", BitVector.of(32, 0x0001_1F80)));
        assertEquals("Invalid value for MXCSR (bits outside MXCSR_MASK 0x0000_ffff must be zero): 0x0001_1f80",
                e.getMessage());
        // AMD Zen's MXCSR_MASK 0x0002_ffff allows bit 17 (MM)
        assertEquals(BitVector.of(32, 0x0002_1F80), INIT.with("mxcsr_mask", BitVector.of(32, 0x0002_FFFF))
                .with("mxcsr", BitVector.of(32, 0x0002_1F80)).get("mxcsr"));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> X86.MXCSR.reset().with(X86.MXCSR_RC, 4));
        assertEquals("Invalid value for MXCSR.RC (valid values 0 - 3): 4", f.getMessage());
    }

    @Test
    void rejectsFopWiderThanElevenBits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> INIT.with("fop", BitVector.of(16, 0x800)));
        assertEquals("Invalid value for fop (valid values 0 - 2047: the low 11 bits of an x87 opcode): 2048", e.getMessage());
    }

    @Test
    void legacySseWriteKeepsUpperBitsButVexZeroesThem() {
        RegisterFile f = INIT.with("zmm0", BitVector.ones(512));
        RegisterFile legacy = f.with("xmm0", BitVector.zero(128));
        assertEquals(BitVector.ones(384), legacy.get("zmm0").slice(128, 384));
        RegisterFile vex128 = X86.withVex128(f, 0, BitVector.of(128, 7));
        assertEquals(BitVector.zero(512).withSlice(0, BitVector.of(128, 7)), vex128.get("zmm0"));
        RegisterFile vex256 = f.with("ymm0", BitVector.zero(256));
        assertTrue(vex256.get("zmm0").isZero());
        RegisterFile evex = INIT.with("zmm17", BitVector.ones(512)).with("xmm17", BitVector.of(128, 1));
        assertEquals(BitVector.zero(512).withSlice(0, BitVector.of(128, 1)), evex.get("zmm17"));
    }

    @Test
    void gdbViewsAliasTheZmmRegisters() {
        RegisterFile f = INIT.with("ymm3h", BitVector.ones(128)).with("zmm3h", BitVector.of(256, 5));
        assertEquals(BitVector.ones(128), f.get("ymm3").slice(128, 128));
        assertEquals(BitVector.of(256, 5), f.get("zmm3").slice(256, 256));
        assertEquals(1, f.diff(INIT).size());
    }

    @Test
    void mmxWriteSetsExponentTopAndTags() {
        // TOP = 3: slot s holds physical register (3 + s) mod 8
        RegisterFile f = INIT.with("fstat", BitVector.of(16, 0x1800 | 0x0001));
        for (int s = 0; s < 8; s++) {
            f = f.with("st" + s, BitVector.of(80, 0x100 + s));
        }
        RegisterFile g = X86.withMm(f, 2, BitVector.parse("0x1122_3344_5566_7788"));
        assertEquals(0x0001, g.get("fstat").toLong(), "TOP cleared, IE kept");
        assertEquals(0, g.get("ftag").toLong(), "all tags valid");
        assertEquals(BitVector.parse("0xffff_1122_3344_5566_7788"), g.get("st2"));
        assertEquals(BitVector.parse("0x1122_3344_5566_7788"), X86.mm(g, 2));
        // physical R0 was slot 5 (= ST(5) when TOP = 3); with TOP = 0 it is slot 0
        assertEquals(BitVector.of(80, 0x105), g.get("st0"));
        assertEquals(BitVector.of(80, 0x100), g.get("st3"));
    }

    @Test
    void mmxReadsThePhysicalRegisterWhateverTop() {
        for (int top = 0; top < 8; top++) {
            RegisterFile f = INIT.with("fstat", BitVector.of(16, (long) top << 11));
            for (int s = 0; s < 8; s++) {
                f = f.with("st" + s, BitVector.of(80, 0xAB00 + s));      // slot s = ST(s)
            }
            for (int i = 0; i < 8; i++) {
                int slot = Math.floorMod(i - top, 8);                   // R[i] = ST((i - TOP) mod 8)
                assertEquals(BitVector.of(64, 0xAB00 + slot), X86.mm(f, i), "mm" + i + " with TOP " + top);
            }
        }
        assertFalse(INIT.layout().has("mm0"), "mm registers are not stack-order views");
        assertThrows(IllegalArgumentException.class, () -> X86.mm(INIT, 8));
        assertThrows(IllegalArgumentException.class, () -> X86.withMm(INIT, 0, BitVector.zero(32)));
    }

    @Test
    void gdbAvx512NamesCoverAllThirtyTwoRegisters() {
        RegisterFile f = INIT.with("ymm31h", BitVector.ones(128)).with("zmm16h", BitVector.of(256, 7));
        assertEquals(BitVector.ones(128), f.get("zmm31").slice(128, 128));
        assertEquals(BitVector.of(256, 7), f.get("zmm16").slice(256, 256));
    }

    @Test
    void requiredFeaturesFollowTheXsaveComponents() {
        assertEquals(Set.of(), X86.requiredFeatures("st0"));
        assertEquals(Set.of(X86.SSE), X86.requiredFeatures("xmm15"));
        assertEquals(Set.of(X86.AVX), X86.requiredFeatures("ymm15"));
        assertEquals(Set.of(X86.AVX), X86.requiredFeatures("ymm0h"));
        assertEquals(Set.of(X86.AVX512F), X86.requiredFeatures("xmm16"));
        assertEquals(Set.of(X86.AVX512F), X86.requiredFeatures("zmm0h"));
        assertEquals(Set.of(X86.AVX512F), X86.requiredFeatures("k7"));
        assertEquals(Set.of(X86.AMX_TILE, X86.XFD), X86.requiredFeatures("tiledata"));
    }

    @Test
    void dynamicFeaturesNeedXfdAndAmx() {
        assertTrue(X86.fpuStateSizeDynamic(KernelConfig.of(Set.of(), X86.FEATURES_AMX)));
        assertFalse(X86.fpuStateSizeDynamic(KernelConfig.of(Set.of(), Set.of(X86.SSE, X86.AVX, X86.AVX512F, X86.AMX_TILE))));
        assertEquals(0x60007L | X86.XFEATURE_MASK_OPMASK | X86.XFEATURE_MASK_ZMM_HI256 | X86.XFEATURE_MASK_HI16_ZMM,
                X86.maxFeatures(KernelConfig.of(Set.of(), X86.FEATURES_AMX)));
        assertEquals(0x20007L | 0xE0, X86.defaultFeatures(KernelConfig.of(Set.of(), X86.FEATURES_AMX)));
        assertEquals(0x7L, X86.defaultFeatures(KernelConfig.of(Set.of(), X86.FEATURES_AVX)));
    }

    @Test
    void rejectsInconsistentFeatureSets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X86.checkConfig(KernelConfig.of(Set.of(), Set.of(X86.SSE, X86.AVX512F))));
        assertEquals("CPU feature AVX512F needs AVX; got [AVX512F, SSE]", e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                () -> X86.checkConfig(KernelConfig.of(Set.of(), Set.of(X86.SSE, "VSX"))));
        assertEquals("Unknown x86_64 CPU feature(s) [VSX]; valid: [AMX_TILE, AVX, AVX512F, SSE, XFD]", u.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> X86.checkConfig(KernelConfig.of(Set.of(), Set.of())));
        assertEquals("x86_64 requires CPU feature SSE (baseline); got []", s.getMessage());
        KernelConfig ok = KernelConfig.of(Set.of(), X86.FEATURES_AMX);
        assertSame(ok, X86.checkConfig(ok));
    }

    /**
     * Pins every field of the three tables to the Intel SDM's bit ranges (Vol. 1: MXCSR 10.2.3, FCW 8.1.5, FSW 8.1.3)
     * in declaration (rendering) order, and each field's kind through the sticky and control masks, so a table row
     * cannot drift.
     */
    @Test
    void everyFieldIsTheSdmsBitRange() {
        assertEquals("IE:0 DE:1 ZE:2 OE:3 UE:4 PE:5 DAZ:6 IM:7 DM:8 ZM:9 OM:10 UM:11 PM:12 RC:13-14 FZ:15",
                bitRanges(X86.MXCSR));
        assertEquals("IM:0 DM:1 ZM:2 OM:3 UM:4 PM:5 PC:8-9 RC:10-11 X:12", bitRanges(X86.FCW));
        assertEquals("IE:0 DE:1 ZE:2 OE:3 UE:4 PE:5 SF:6 ES:7 C0:8 C1:9 C2:10 TOP:11-13 C3:14 B:15", bitRanges(X86.FSW));
        assertEquals(0xFFC0, X86.MXCSR.controlMask(), "DAZ, the masks, RC, FZ; the flags are sticky (0x3F)");
        assertEquals(0x1F3F, X86.FCW.controlMask());
        assertEquals(0x7F, X86.FSW.stickyMask(), "IE..PE and SF; ES, C0-C3, TOP and B are status");
        assertEquals(0, X86.FSW.controlMask());
    }

    private static String bitRanges(FieldLayout layout) {
        StringBuilder b = new StringBuilder();
        for (BitField f : layout.fields()) {
            int lsb = Long.numberOfTrailingZeros(f.mask());
            b.append(b.length() == 0 ? "" : " ").append(f.name()).append(':').append(lsb)
                    .append(f.width() == 1 ? "" : "-" + (lsb + f.width() - 1));
        }
        return b.toString();
    }
}

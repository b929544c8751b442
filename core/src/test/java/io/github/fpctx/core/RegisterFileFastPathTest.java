package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegisterFileFastPathTest {
    // 40-bit registers straddle 64-bit words and 16-word chunks; "wide" spans two chunks.
    private static final RegisterLayout LAYOUT = buildLayout("fast");
    private static final RegisterLayout TWIN = buildLayout("fast");

    private static RegisterLayout buildLayout(String name) {
        RegisterLayout.Builder b = RegisterLayout.builder(name);
        for (int i = 0; i < 30; i++) {
            b.register("r" + i, 40);
        }
        b.register("wide", 512).register("csr", 32);
        b.view("lo", "wide", 0, 64).view("mid", "wide", 100, 50);
        return b.build();
    }

    private static RegisterFile filled() {
        RegisterFile f = LAYOUT.zeroFile();
        for (int i = 0; i < 30; i++) {
            f = f.with("r" + i, BitVector.of(40, 0x12_3456_7890L + i));
        }
        return f.with("wide", BitVector.ones(512));
    }

    @Test
    void withLongEqualsTheGeneralPathForEveryRegisterAndWordStraddle() {
        RegisterFile f = filled();
        for (Register r : LAYOUT.allRegisters()) {
            if (r.width() > 64) {
                continue;
            }
            long v = r.width() == 64 ? 0x8000_0000_0000_0001L : (1L << (r.width() - 1)) | 5;
            RegisterFile fast = f.withLong(r, v);
            RegisterFile general = f.with(r, BitVector.of(r.width(), v));
            assertEquals(general, fast, r.name());
            assertEquals(general.fingerprint(), fast.fingerprint(), r.name());
            assertEquals(v, fast.getLong(r), r.name());
            assertSame(fast, fast.withLong(r, v), "rewriting the same value returns the same file: " + r.name());
        }
    }

    @Test
    void withLongRejectsValuesWiderThanTheRegister() {
        Register csr = LAYOUT.register("csr");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> filled().withLong(csr, 0x1_0000_0000L));
        assertEquals("Value 0x100000000 does not fit in 32 bits", e.getMessage());
    }

    @Test
    void registerHandlesOfAnotherLayoutAreRejectedEvenWithTheSameNames() {
        Register foreign = TWIN.register("csr");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> filled().withLong(foreign, 1));
        assertEquals("Register csr does not belong to layout fast", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> filled().with(foreign, BitVector.of(32, 1)));
    }

    @Test
    void diffFindsChangesBesideSharedChunks() {
        RegisterFile a = filled();
        RegisterFile b = a.with("r29", BitVector.of(40, 7)).with("mid", BitVector.ones(50).xor(BitVector.of(50, 1)));
        List<RegisterDiff> d = a.diff(b);
        assertEquals(List.of("r29", "wide"), d.stream().map(RegisterDiff::register).toList());
        assertEquals(BitVector.of(40, 7), d.get(0).after());
        RegisterFile c = a.with("r0", BitVector.of(40, 1)).with("csr", BitVector.of(32, 3));
        assertEquals(List.of("r0", "csr"), a.diff(c).stream().map(RegisterDiff::register).toList());
        assertEquals(List.of(), a.diff(filled()), "equal files built separately");
    }

    @Test
    void holdsAndFingerprintWithAgreeWithBuildingTheFileForEveryRegisterAndView() {
        RegisterFile f = filled();
        java.util.Random rnd = new java.util.Random(16);
        for (Register r : LAYOUT.allRegisters()) {
            BitVector now = f.get(r);
            assertEquals(true, f.holds(r, now), r.name());
            long[] words = new long[(r.width() + 63) / 64];
            for (int w = 0; w < words.length; w++) {
                words[w] = rnd.nextLong();
            }
            if ((r.width() & 63) != 0) {
                words[words.length - 1] &= (1L << (r.width() & 63)) - 1;
            }
            BitVector other = BitVector.ofWords(r.width(), words);
            if (!other.equals(now)) {
                assertEquals(false, f.holds(r, other), r.name());
            }
            assertEquals(f.withoutEffects(r, other).fingerprint(), f.fingerprintWith(r, other), r.name());
            assertEquals(f.fingerprint(), f.fingerprintWith(r, now), r.name());
            assertEquals(f.withoutEffects(r, BitVector.zero(r.width())).fingerprint(), f.fingerprintWith(r, BitVector.zero(r.width())), r.name());
        }
        assertThrows(IllegalArgumentException.class, () -> f.holds(TWIN.register("csr"), BitVector.of(32, 0)));
    }
}

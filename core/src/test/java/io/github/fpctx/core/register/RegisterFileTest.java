package io.github.fpctx.core.register;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterFileTest {
    static RegisterLayout ppcLike() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
        for (int i = 0; i < 64; i++) {
            b.register("vs" + i, 128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("fr" + i, "vs" + i, 64, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.view("vr" + i, "vs" + (32 + i), 0, 128);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
        }
        return b.build();
    }

    static final RegisterLayout PPC = ppcLike();

    @Test
    void writeThroughViewChangesOnlyItsSlice() {
        BitVector all = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
        RegisterFile f = PPC.zeroFile().with("vs0", all).with("fr0", BitVector.zero(64));
        assertEquals(BitVector.parse("0x0000_0000_0000_0000_5555_6666_7777_8888"), f.get("vs0"));
        assertEquals(BitVector.zero(64), f.get("f0"));
    }

    @Test
    void writeToBackingIsSeenThroughViews() {
        RegisterFile f = PPC.zeroFile().with("vs32", BitVector.ones(128));
        assertEquals(BitVector.ones(128), f.get("vr0"));
        RegisterFile g = f.with("vr0", BitVector.of(128, 9));
        assertEquals(BitVector.of(128, 9), g.get("vs32"));
    }

    @Test
    void aliasingPropertyForEveryViewAndRandomValues() {
        Random r = new Random(42);
        RegisterFile f = PPC.zeroFile();
        for (int n = 0; n < 2000; n++) {
            Register reg = PPC.allRegisters().get(r.nextInt(PPC.allRegisters().size()));
            long[] w = new long[(reg.width() + 63) / 64];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextLong();
            }
            if (reg.width() % 64 != 0) {
                w[w.length - 1] &= (1L << (reg.width() % 64)) - 1;
            }
            BitVector v = BitVector.ofWords(reg.width(), w);
            RegisterFile g = f.with(reg, v);
            assertEquals(v, g.get(reg));
            Register backing = PPC.register(reg.backing());
            assertEquals(f.get(backing).withSlice(reg.lsb(), v), g.get(backing));
            for (Register other : PPC.registers()) {
                if (!other.name().equals(reg.backing())) {
                    assertEquals(f.get(other), g.get(other));
                }
            }
            f = g;
        }
    }

    @Test
    void sameInstanceWhenUnchangedAndOriginalUntouched() {
        RegisterFile f = PPC.zeroFile();
        assertSame(f, f.with("vs5", BitVector.zero(128)));
        RegisterFile g = f.with("vs5", BitVector.ones(128));
        assertEquals(BitVector.zero(128), f.get("vs5"));
        assertNotEquals(f, g);
    }

    @Test
    void equalityAndHashAreByValue() {
        RegisterFile a = PPC.zeroFile().with("vs1", BitVector.of(128, 1)).with("fpscr", BitVector.of(64, 2));
        RegisterFile b = PPC.zeroFile().with("fpscr", BitVector.of(64, 2)).with("vs1", BitVector.of(128, 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.fingerprint(), b.fingerprint());
        RegisterFile c = a.with("vs1", BitVector.zero(128)).with("vs1", BitVector.of(128, 1));
        assertEquals(a, c);
        assertEquals(a.fingerprint(), c.fingerprint());
    }

    @Test
    void diffListsEachDifferingBackingRegisterWithBothValues() {
        RegisterFile a = PPC.zeroFile();
        RegisterFile b = a.with("f0", BitVector.parse("0x0000_0000_8200_4000")).with("vscr", BitVector.of(32, 0x10000));
        List<RegisterDiff> d = a.diff(b);
        assertEquals(2, d.size());
        assertEquals("vs0", d.get(0).register());
        assertEquals(BitVector.zero(128), d.get(0).before());
        assertEquals(BitVector.parse("0x0000_0000_8200_4000_0000_0000_0000_0000"), d.get(0).after());
        assertEquals("vscr: 0x0000_0000 -> 0x0001_0000", d.get(1).toString());
        assertTrue(a.diff(a).isEmpty());
    }

    @Test
    void bulkUpdateIsAllOrNothing() {
        Map<String, BitVector> m = new LinkedHashMap<>();
        m.put("vs0", BitVector.ones(128));
        m.put("vs64", BitVector.ones(128));
        RegisterFile f = PPC.zeroFile();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.withAll(m));
        assertEquals("Unknown register 'vs64' in ppc64; valid: vs0-vs63, fr0-fr31, vr0-vr31, fpscr, vscr, vrsave", e.getMessage());
        assertEquals(BitVector.zero(128), f.get("vs0"));
        m.remove("vs64");
        m.put("fpscr", BitVector.of(64, 3));
        RegisterFile g = f.withAll(m);
        assertEquals(BitVector.of(64, 3), g.get("fpscr"));
    }

    @Test
    void rejectsWrongWidthWithMessage() {
        assertEquals("Register vs0 is 128 bits wide; got a 64-bit value",
                assertThrows(IllegalArgumentException.class, () -> PPC.zeroFile().with("vs0", BitVector.zero(64))).getMessage());
    }

    @Test
    void writeEffectsRunAfterTheSliceWrite() {
        RegisterLayout x86 = RegisterLayout.builder("x86ish")
                .register("zmm0", 512)
                .view("xmm0", "zmm0", 0, 128)
                .view("vex_xmm0", "zmm0", 0, 128, (before, after, reg, v) ->
                        after.withoutEffects(after.layout().register("zmm0"), BitVector.zero(512).withSlice(0, v)))
                .build();
        RegisterFile f = x86.zeroFile().with("zmm0", BitVector.ones(512));
        RegisterFile legacy = f.with("xmm0", BitVector.zero(128));
        assertEquals(BitVector.ones(384), legacy.get("zmm0").slice(128, 384));
        RegisterFile vex = f.with("vex_xmm0", BitVector.of(128, 7));
        assertEquals(BitVector.zero(512).withSlice(0, BitVector.of(128, 7)), vex.get("zmm0"));
    }

    @Test
    void layoutRejectsBadDeclarations() {
        RegisterLayout.Builder b = RegisterLayout.builder("t").register("a", 64);
        assertEquals("Register 'a' is already declared in layout t",
                assertThrows(IllegalArgumentException.class, () -> b.register("a", 64)).getMessage());
        assertEquals("View 'v' covers bits 32..95 but a has bits 0 - 63",
                assertThrows(IllegalArgumentException.class, () -> b.view("v", "a", 32, 64)).getMessage());
        assertEquals("View 'w' names unknown backing register 'b' in layout t; valid: a",
                assertThrows(IllegalArgumentException.class, () -> b.view("w", "b", 0, 8)).getMessage());
        assertThrows(IllegalStateException.class, () -> RegisterLayout.builder("empty").build());
    }

    @Test
    void registerFromAnotherLayoutIsRejected() {
        RegisterLayout other = RegisterLayout.builder("other").register("vs0", 128).build();
        assertEquals("Register vs0 does not belong to layout ppc64",
                assertThrows(IllegalArgumentException.class, () -> PPC.zeroFile().with(other.register("vs0"), BitVector.zero(128))).getMessage());
    }

    @Test
    void storageIsCompact() {
        assertEquals(64 * 16 + 8 + 8 + 8, PPC.storageBytes()); // each register starts on a 64-bit word
    }
}

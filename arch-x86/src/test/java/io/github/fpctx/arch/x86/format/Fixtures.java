package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded register files whose values the formats can carry exactly. */
final class Fixtures {
    static final List<String> LEGACY = List.of("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
            "mxcsr", "mxcsr_mask");

    private Fixtures() {
    }

    static BitVector random(SplittableRandom rnd, int width) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong();
        }
        if (width % 64 != 0) {
            w[w.length - 1] &= (1L << (width % 64)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /**
     * A file with random contents: ftag consistent with the registers (as FXRSTOR would recompute it), FOP 11
     * bits, MXCSR within MXCSR_MASK; with {@code extended}, random AVX/AVX-512/AMX state too.
     */
    static RegisterFile randomConsistent(RegisterLayout layout, long seed, boolean extended) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RegisterFile f = layout.zeroFile();
        BitVector[] st = new BitVector[8];
        for (int i = 0; i < 8; i++) {
            st[i] = random(rnd, 80);
            f = f.withoutEffects(layout.register("st" + i), st[i]);
        }
        int fsw = rnd.nextInt(1 << 16);
        f = f.with("fctrl", BitVector.of(16, rnd.nextInt(1 << 16)))
                .with("fstat", BitVector.of(16, fsw))
                .with("ftag", BitVector.of(16, X87Tags.fullTag(rnd.nextInt(256), fsw, st)))
                .with("fop", BitVector.of(16, rnd.nextInt(1 << 11)))
                .with("fiseg", random(rnd, 32)).with("fioff", random(rnd, 32))
                .with("foseg", random(rnd, 32)).with("fooff", random(rnd, 32))
                .with("mxcsr_mask", BitVector.of(32, 0x0002ffff))
                .with("mxcsr", BitVector.of(32, rnd.nextLong(1L << 32) & 0x0002ffff));
        for (int i = 0; i < 16; i++) {
            f = f.withoutEffects(layout.register("xmm" + i), random(rnd, 128));
        }
        if (extended) {
            for (int i = 0; i < 16; i++) {
                f = f.withoutEffects(layout.register("ymm" + i + "h"), random(rnd, 128));
                f = f.withoutEffects(layout.register("zmm" + i + "h"), random(rnd, 256));
            }
            for (int i = 16; i < 32; i++) {
                f = f.withoutEffects(layout.register("zmm" + i), random(rnd, 512));
            }
            for (int i = 0; i < 8; i++) {
                f = f.withoutEffects(layout.register("k" + i), random(rnd, 64));
            }
            for (String t : List.of("tilecfg", "tiledata")) {
                if (layout.has(t)) {
                    Register r = layout.register(t);
                    f = f.withoutEffects(r, random(rnd, r.width()));
                }
            }
        }
        return f;
    }

    /** The x87/SSE part of a file, everything else zero. */
    static RegisterFile legacyOf(RegisterFile f) {
        RegisterLayout l = f.layout();
        RegisterFile out = l.zeroFile();
        for (int i = 0; i < 8; i++) {
            out = out.withoutEffects(l.register("st" + i), f.get("st" + i));
        }
        for (String n : LEGACY) {
            out = out.withoutEffects(l.register(n), f.get(n));
        }
        for (int i = 0; i < 16; i++) {
            out = out.withoutEffects(l.register("xmm" + i), f.get("xmm" + i));
        }
        return out;
    }
}

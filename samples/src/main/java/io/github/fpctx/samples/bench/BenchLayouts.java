package io.github.fpctx.samples.bench;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.SplittableRandom;

/**
 * The two register layouts the benchmarks use, built from core API with the project's register naming
 * contract, because the architecture modules are not merged yet.
 *
 * <ul>
 *   <li>{@code ppc64}: backing {@code vs0}-{@code vs63} (128 bits), {@code fpscr} (64), {@code vscr} (32),
 *       {@code vrsave} (32); views {@code fr0}-{@code fr31} (bits 64..127 of vs0-vs31), {@code vr0}-{@code vr31}
 *       (all of vs32-vs63), {@code vs0h}-{@code vs31h} (bits 0..63 of vs0-vs31); aliases {@code f0}-{@code f31}.
 *       131 storage words = 1,048 bytes, the size of the kernel's {@code thread.fp_state} + {@code vr_state}
 *       register contents on a VSX machine.</li>
 *   <li>{@code x86_64}: backing {@code st0}-{@code st7} (80 bits), {@code fctrl}, {@code fstat}, {@code ftag},
 *       {@code fiseg}, {@code fioff}, {@code foseg}, {@code fooff}, {@code fop}, {@code mxcsr},
 *       {@code mxcsr_mask}, {@code zmm0}-{@code zmm31} (512), {@code k0}-{@code k7} (64); views
 *       {@code xmm0}-{@code xmm31}, {@code ymm0}-{@code ymm31}, {@code ymm0h}-{@code ymm15h},
 *       {@code zmm0h}-{@code zmm15h}. 290 storage words = 2,320 bytes, the register contents of an AVX-512
 *       XSAVE area (legacy x87/SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM components).</li>
 * </ul>
 *
 * <p>Simplification: the x86 layout has no {@code mm0}-{@code mm7} views and no AMX registers; the MMX
 * views' x87 side effects ({@link io.github.fpctx.core.register.WriteEffect}) and AMX tile state belong to the x86
 * plugin, and neither changes the cost of the writes measured here (a write without an effect).
 */
public final class BenchLayouts {
    /** Seed of every pseudo-random register content, so runs are reproducible. */
    public static final long SEED = 0x5EED_F0C7L;

    private BenchLayouts() {
    }

    /** @return the ppc64 VSX layout described above */
    public static RegisterLayout ppc64() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
        for (int i = 0; i < 64; i++) {
            b.register("vs" + i, 128);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.view("fr" + i, "vs" + i, 64, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.view("vr" + i, "vs" + (32 + i), 0, 128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("vs" + i + "h", "vs" + i, 0, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
        }
        return b.build();
    }

    /** @return the x86-64 AVX-512 layout described above */
    public static RegisterLayout x86_64() {
        RegisterLayout.Builder b = RegisterLayout.builder("x86_64");
        for (int i = 0; i < 8; i++) {
            b.register("st" + i, 80);
        }
        b.register("fctrl", 16).register("fstat", 16).register("ftag", 16);
        b.register("fiseg", 32).register("fioff", 32).register("foseg", 32).register("fooff", 32);
        b.register("fop", 16);
        b.register("mxcsr", 32).register("mxcsr_mask", 32);
        for (int i = 0; i < 32; i++) {
            b.register("zmm" + i, 512);
        }
        for (int i = 0; i < 8; i++) {
            b.register("k" + i, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.view("xmm" + i, "zmm" + i, 0, 128);
            b.view("ymm" + i, "zmm" + i, 0, 256);
        }
        for (int i = 0; i < 16; i++) {
            b.view("ymm" + i + "h", "zmm" + i, 128, 128);
            b.view("zmm" + i + "h", "zmm" + i, 256, 256);
        }
        return b.build();
    }

    /**
     * One of the two layouts by name.
     *
     * @param name {@code ppc64} or {@code x86_64}
     * @return the layout
     * @throws IllegalArgumentException for any other name
     */
    public static RegisterLayout byName(String name) {
        if ("ppc64".equals(name)) {
            return ppc64();
        }
        if ("x86_64".equals(name)) {
            return x86_64();
        }
        throw new IllegalArgumentException("Unknown benchmark layout '" + name + "'; valid: ppc64, x86_64");
    }

    /**
     * A file of the layout with every backing register set to seeded pseudo-random bits, so no write below
     * is a no-op by accident and hashing sees realistic words.
     *
     * @param layout the layout
     * @param seed   the seed
     * @return the file
     */
    public static RegisterFile randomFile(RegisterLayout layout, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RegisterFile f = layout.zeroFile();
        for (Register r : layout.registers()) {
            f = f.withoutEffects(r, random(r.width(), rnd));
        }
        return f;
    }

    /**
     * A seeded pseudo-random value of a width.
     *
     * @param width the width in bits
     * @param rnd   the generator
     * @return the value
     */
    public static BitVector random(int width, SplittableRandom rnd) {
        long[] w = new long[(width + 63) >>> 6];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong();
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /**
     * The register the single-register benchmarks write: a backing register in the middle of the file, so
     * its chunk is neither the first nor the last ({@code vs40}: 128 bits; {@code zmm20}: 512 bits).
     *
     * @param layout one of the two layouts
     * @return the register
     */
    public static Register midBacking(RegisterLayout layout) {
        return layout.register(layout.name().equals("ppc64") ? "vs40" : "zmm20");
    }

    /**
     * The view the single-view benchmarks write: {@code fr5} (bits 64..127 of vs5) or {@code xmm5} (bits
     * 0..127 of zmm5), the registers the seed bugs are about.
     *
     * @param layout one of the two layouts
     * @return the view
     */
    public static Register view(RegisterLayout layout) {
        return layout.register(layout.name().equals("ppc64") ? "fr5" : "xmm5");
    }

    /**
     * The control register the {@code withLong} benchmarks write: {@code fpscr} or {@code mxcsr}.
     *
     * @param layout one of the two layouts
     * @return the register
     */
    public static Register control(RegisterLayout layout) {
        return layout.register(layout.name().equals("ppc64") ? "fpscr" : "mxcsr");
    }
}

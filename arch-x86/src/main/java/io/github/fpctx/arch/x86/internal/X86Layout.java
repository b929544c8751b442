package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.register.WriteEffect;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@code x86_64} register layout and its write side effects (see {@link X86#layout()}).
 */
public final class X86Layout {
    private X86Layout() {
    }

    private static final BitVector ZERO_256 = BitVector.zero(256);
    private static final BitVector ZERO_384 = BitVector.zero(384);

    /** VEX.256/EVEX.256 write of ymmN: bits 256..511 of zmmN become zero. */
    private static final WriteEffect VEX256 = (before, afterWrite, written, value) -> {
        Register z = afterWrite.layout().register(written.backing());
        return afterWrite.withoutEffects(z, afterWrite.get(z).withSlice(256, ZERO_256));
    };

    /** EVEX.128 write of xmm16-31: bits 128..511 of zmmN become zero. */
    private static final WriteEffect EVEX128 = (before, afterWrite, written, value) -> {
        Register z = afterWrite.layout().register(written.backing());
        return afterWrite.withoutEffects(z, afterWrite.get(z).withSlice(128, ZERO_384));
    };

    /** LDMXCSR/XRSTOR raise #GP on reserved MXCSR bits; the model rejects the value. */
    private static final WriteEffect MXCSR_CHECK = (before, afterWrite, written, value) -> {
        // LDMXCSR/FXRSTOR raise #GP for bits outside MXCSR_MASK (Intel SDM Vol. 1, 11.6.6); a zero MXCSR_MASK means
        // the default 0xFFBF. The mask is CPU-specific: AMD Zen sets bit 17 (MM), so the check reads the file's own.
        long mask = afterWrite.get("mxcsr_mask").toLong();
        if (mask == 0) {
            mask = 0xFFBF;
        }
        long v = value.toLong();
        if ((v & ~mask) != 0) {
            throw new IllegalArgumentException("Invalid value for MXCSR (bits outside MXCSR_MASK "
                    + BitVector.of(32, mask) + " must be zero): " + value);
        }
        return afterWrite;
    };

    /** FOP holds the low 11 bits of the last x87 opcode. */
    private static final WriteEffect FOP_CHECK = (before, afterWrite, written, value) -> {
        long v = value.toLong();
        if (v > 0x7FF) {
            throw new IllegalArgumentException("Invalid value for fop (valid values 0 - 2047: the low 11 bits of an x87 opcode): " + v);
        }
        return afterWrite;
    };

    /** The layout. */
    public static final RegisterLayout LAYOUT = build();

    /** {@code init_fpstate} as a register file. */
    public static final RegisterFile INIT = LAYOUT.zeroFile()
            .with("fctrl", BitVector.of(16, X86.FCW_DEFAULT))
            .with("ftag", BitVector.of(16, X86.FTAG_ALL_EMPTY))
            .with("mxcsr", BitVector.of(32, X86.MXCSR_DEFAULT))
            .with("mxcsr_mask", BitVector.of(32, X86.MXCSR_MASK_VALUE));

    private static RegisterLayout build() {
        RegisterLayout.Builder b = RegisterLayout.builder(X86.ID);
        for (int i = 0; i < 8; i++) {
            b.register("st" + i, 80);
        }
        b.register("fctrl", 16).register("fstat", 16).register("ftag", 16);
        b.register("fiseg", 32).register("fioff", 32).register("foseg", 32).register("fooff", 32);
        b.register("fop", 16, FOP_CHECK);
        b.register("mxcsr", 32, MXCSR_CHECK).register("mxcsr_mask", 32);
        for (int i = 0; i < 32; i++) {
            b.register("zmm" + i, 512);
        }
        for (int i = 0; i < 8; i++) {
            b.register("k" + i, 64);
        }
        b.register("tilecfg", 512).register("tiledata", 8192);
        for (int i = 0; i < 32; i++) {
            b.view("xmm" + i, "zmm" + i, 0, 128, i < 16 ? null : EVEX128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("ymm" + i, "zmm" + i, 0, 256, VEX256);
        }
        for (int i = 0; i < 32; i++) {
            b.view("ymm" + i + "h", "zmm" + i, 128, 128);   // GDB: ymm0h-ymm15h (AVX), ymm16h-ymm31h (AVX-512)
        }
        for (int i = 0; i < 32; i++) {
            b.view("zmm" + i + "h", "zmm" + i, 256, 256);   // GDB: zmm0h-zmm31h
        }
        return b.build();
    }

    /**
     * MMX register {@code n} (see {@link X86#mm}): the significand of physical x87 register n, which sits in
     * stack slot {@code (n - TOP) mod 8}.
     *
     * @param file the file
     * @param n    0 to 7
     * @return 64 bits
     */
    public static BitVector mm(RegisterFile file, int n) {
        checkMm(n);
        int top = (int) X86.FSW_TOP.extract(file.getLong(file.layout().register("fstat")));
        return file.get(file.layout().register("st" + ((n - top) & 7))).slice(0, 64);
    }

    /**
     * An MMX write of register {@code n} (see {@link X86#withMm}).
     *
     * @param file  the file
     * @param n     0 to 7
     * @param value 64 bits
     * @return the new file
     */
    public static RegisterFile withMm(RegisterFile file, int n, BitVector value) {
        checkMm(n);
        Objects.requireNonNull(value, "value");
        Checks.width("mm" + n, 64, value.width());
        RegisterLayout l = file.layout();
        Register fstat = l.register("fstat");
        long fsw = file.getLong(fstat);
        int top = (int) X86.FSW_TOP.extract(fsw);
        RegisterFile f = file;
        if (top != 0) {
            // slot s holds ST(s) = R[(TOP + s) mod 8] (Intel SDM Vol. 1, 8.1.2); with TOP = 0 slot i = R[i]
            BitVector[] phys = new BitVector[8];
            for (int s = 0; s < 8; s++) {
                phys[(s + top) & 7] = file.get(l.register("st" + s));
            }
            for (int i = 0; i < 8; i++) {
                f = f.withoutEffects(l.register("st" + i), phys[i]);
            }
        }
        f = f.withoutEffects(fstat, BitVector.of(16, fsw & ~X86.FSW_TOP.mask()));
        f = f.withoutEffects(l.register("ftag"), BitVector.zero(16));
        BitVector st = BitVector.zero(80).withSlice(0, value).withSlice(64, BitVector.of(16, 0xFFFF));
        return f.withoutEffects(l.register("st" + n), st);
    }

    private static void checkMm(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("Invalid value for MMX register number (valid values 0 - 7): " + n);
        }
    }

    /**
     * A VEX.128 write (see {@link X86#withVex128}).
     *
     * @param file  the file
     * @param n     0 to 15
     * @param value 128 bits
     * @return the new file
     */
    public static RegisterFile withVex128(RegisterFile file, int n, BitVector value) {
        if (n < 0 || n > 15) {
            throw new IllegalArgumentException("Invalid value for VEX.128 xmm register number (valid values 0 - 15): " + n);
        }
        file.layout().register("xmm" + n).check(value);
        Register z = file.layout().register("zmm" + n);
        return file.withoutEffects(z, BitVector.zero(512).withSlice(0, value));
    }

    /**
     * The CPU features a register needs (see {@link X86#requiredFeatures}).
     *
     * @param name a register name
     * @return the features
     */
    public static Set<String> requiredFeatures(String name) {
        Register r = LAYOUT.register(name);
        String n = r.name();
        Set<String> out = new TreeSet<>();
        if (n.startsWith("tile")) {
            out.add(X86.AMX_TILE);
            out.add(X86.XFD);
        } else if (n.equals("mxcsr") || n.equals("mxcsr_mask")) {
            out.add(X86.SSE);
        } else if (n.startsWith("k")) {
            out.add(X86.AVX512F);
        } else if (r.backing().startsWith("zmm")) {
            int idx = Integer.parseInt(r.backing().substring(3));
            boolean beyond256 = r.lsb() + r.width() > 256;
            boolean beyond128 = r.lsb() + r.width() > 128;
            if (idx >= 16 || beyond256) {
                out.add(X86.AVX512F);
            } else if (beyond128) {
                out.add(X86.AVX);
            } else {
                out.add(X86.SSE);
            }
        }
        return out;
    }
}

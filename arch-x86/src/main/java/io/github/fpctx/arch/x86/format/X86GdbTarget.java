package io.github.fpctx.arch.x86.format;

import java.util.Objects;

import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.gdb.GdbTargetDescription;

import java.util.Optional;

/**
 * GDB's description of the x86-64 FP/vector registers ({@code gdb/features/i386/64bit-core.xml} x87 part,
 * {@code 64bit-sse.xml}, {@code 64bit-avx.xml}, {@code 64bit-avx512.xml}), generated from a layout with the
 * x86_64 register names.
 *
 * <pre>{@code
 * String xml = X86GdbTarget.description(layout, Optional.of(mxcsrFields)).toXml();
 * }</pre>
 *
 * <p>As GDB does, the x87 control registers are 32 bits wide in GDB ({@code fctrl}..{@code fop}) while fpctx
 * keeps FCW/FSW/FTW/FOP at 16 bits: the description gives their fpctx widths. Features whose registers the layout
 * lacks are left out; {@code ymmNh} for N &ge; 16 and {@code zmmNh} for N &ge; 16 are not named by the contract,
 * so the AVX-512 feature lists {@code zmm16}-{@code zmm31} whole.
 */
public final class X86GdbTarget {
    private X86GdbTarget() {
    }

    /**
     * Builds the description.
     *
     * @param layout an x86_64-contract layout
     * @param mxcsr  the MXCSR field layout, described as GDB's {@code i386_mxcsr} flags; empty for a plain
     *               integer
     * @return the description (architecture {@code i386:x86-64})
     */
    public static GdbTargetDescription description(RegisterLayout layout, Optional<FieldLayout> mxcsr) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(mxcsr, "mxcsr");
        X86Registers r = new X86Registers(layout);
        GdbTargetDescription.Builder b = GdbTargetDescription.builder(layout).architecture("i386:x86-64")
                .feature("org.gnu.gdb.i386.core");
        for (int i = 0; i < 8; i++) {
            b.register("st" + i, "i387_ext", "float");
        }
        for (String n : new String[] {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"}) {
            b.register(n, "int", "float");
        }
        b.feature("org.gnu.gdb.i386.sse");
        for (int i = 0; i < 16; i++) {
            b.register("xmm" + i, "uint128", "vector");
        }
        if (mxcsr.isPresent()) {
            b.flagsRegister("mxcsr", mxcsr.get(), "vector");
        } else {
            b.register("mxcsr", "int", "vector");
        }
        if (r.ymmh != null) {
            b.feature("org.gnu.gdb.i386.avx");
            for (int i = 0; i < 16; i++) {
                b.register("ymm" + i + "h", "uint128", "raw");
            }
        }
        if (r.k != null && r.zmmh != null && r.zmmHi16 != null) {
            b.feature("org.gnu.gdb.i386.avx512");
            for (int i = 0; i < 8; i++) {
                b.register("k" + i, "uint64", "vector");
            }
            for (int i = 0; i < 16; i++) {
                b.register("zmm" + i + "h", "v2u128", "raw");
            }
            for (int i = 16; i < 32; i++) {
                b.register("zmm" + i, "v4u128", "vector");
            }
        }
        if (r.pkru != null) {
            b.feature("org.gnu.gdb.i386.pkeys").register("pkru", "uint32", null);
        }
        return b.build();
    }
}

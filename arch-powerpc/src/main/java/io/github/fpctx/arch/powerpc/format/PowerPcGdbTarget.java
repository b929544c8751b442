package io.github.fpctx.arch.powerpc.format;

import java.util.Objects;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.GdbVectorUnion;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * GDB's description of PowerPC ({@code gdb/features/rs6000/power64-core.xml} or {@code power-core.xml},
 * {@code power-fpu-isa205.xml} with the 64-bit FPSCR, {@code power-altivec.xml}, {@code power-vsx.xml},
 * {@code power64-linux.xml} / {@code power-linux.xml}) for a layout with the ppc64 or ppc32 register names: the
 * description GDB's rs6000 architecture accepts, because it carries the core feature
 * ({@code org.gnu.gdb.power.core}); GDB names {@code f0}-{@code f31} are used when the layout has them as
 * aliases.
 *
 * <pre>{@code
 * String xml = PowerPcGdbTarget.description(layout, Optional.empty(), 64).toXml();
 * }</pre>
 *
 * <p>The general registers ({@code r0}..{@code r31}, {@code pc}, {@code msr}, {@code cr}, {@code lr},
 * {@code ctr}, {@code xer}) and {@code orig_r3}/{@code trap} are declared but not held by the layout: a server
 * reports them as unavailable, except {@code pc}, which {@link io.github.fpctx.core.gdb.GdbServer} fills with
 * the trace position. GDB takes the byte order from the executable or {@code set endian}, not from the XML.
 */
public final class PowerPcGdbTarget {
    /** {@code power-altivec.xml}'s {@code vec128}. */
    private static final String VEC128 = GdbVectorUnion.named("vec128").field("uint128", "uint128")
            .vector("v4_float", "v4f", "ieee_single", 4).vector("v4_int32", "v4i32", "int32", 4)
            .vector("v8_int16", "v8i16", "int16", 8).vector("v16_int8", "v16i8", "int8", 16).toXml();

    private PowerPcGdbTarget() {
    }

    /**
     * Builds the description, 64-bit when the layout has VSX, else 32-bit.
     *
     * @param layout a ppc64- or ppc32-contract layout
     * @param fpscr  the FPSCR field layout, described as flags; empty for a plain integer
     * @return the description (architecture {@code powerpc:common64} when the layout has VSX, else
     *         {@code powerpc:common})
     */
    public static GdbTargetDescription description(RegisterLayout layout, Optional<FieldLayout> fpscr) {
        Objects.requireNonNull(layout, "layout");
        return description(layout, fpscr, new PpcRegisters(layout).hasVsx() ? 64 : 32);
    }

    /**
     * Builds the description.
     *
     * @param layout   a ppc64- or ppc32-contract layout
     * @param fpscr    the FPSCR field layout, described as flags; empty for a plain integer
     * @param wordBits 64 (ppc64: {@code powerpc:common64}, 64-bit general registers) or 32 (ppc32:
     *                 {@code powerpc:common})
     * @return the description (OS ABI {@code GNU/Linux}; default byte order big-endian for 32 bits, little-endian
     *         for 64 bits — use {@link GdbTargetDescription#withByteOrder} for big-endian ppc64)
     */
    public static GdbTargetDescription description(RegisterLayout layout, Optional<FieldLayout> fpscr, int wordBits) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(fpscr, "fpscr");
        if (wordBits != 32 && wordBits != 64) {
            throw new IllegalArgumentException("Invalid value for PowerPC word size (valid values 32, 64): " + wordBits);
        }
        PpcRegisters r = new PpcRegisters(layout);
        r.require(r.hasFp(), "the GDB power.fpu feature", "fr0-fr31 or fpscr");
        String word = wordBits == 64 ? "uint64" : "uint32";
        GdbTargetDescription.Builder b = GdbTargetDescription.builder(layout)
                .architecture(wordBits == 64 ? "powerpc:common64" : "powerpc:common").osabi("GNU/Linux")
                .byteOrder(wordBits == 64 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .feature("org.gnu.gdb.power.core");
        for (int i = 0; i < 32; i++) {
            b.unheld("r" + i, wordBits, word, null);
        }
        b.unheld("pc", wordBits, "code_ptr", null).programCounter("pc");
        b.unheld("msr", wordBits, word, null);
        b.unheld("cr", 32, "uint32", null);
        b.unheld("lr", wordBits, "code_ptr", null);
        b.unheld("ctr", wordBits, word, null);
        b.unheld("xer", 32, "uint32", null);
        b.feature("org.gnu.gdb.power.fpu");
        for (int i = 0; i < 32; i++) {
            b.register(layout.has("f" + i) ? "f" + i : "fr" + i, "ieee_double", "float");
        }
        if (fpscr.isPresent()) {
            b.flagsRegister("fpscr", fpscr.get(), "float");
        } else {
            b.register("fpscr", "uint64", "float");
        }
        if (r.hasVmx()) {
            b.feature("org.gnu.gdb.power.altivec").types(VEC128);
            for (int i = 0; i < 32; i++) {
                b.register("vr" + i, "vec128", null);
            }
            b.register("vscr", "int", "vector").register("vrsave", "int", "vector");
        }
        if (r.hasVsx()) {
            b.feature("org.gnu.gdb.power.vsx");
            for (int i = 0; i < 32; i++) {
                b.register("vs" + i + "h", "uint64", null);
            }
        }
        b.feature("org.gnu.gdb.power.linux").unheld("orig_r3", wordBits, "int", null).unheld("trap", wordBits, "int", null);
        return b.build();
    }
}

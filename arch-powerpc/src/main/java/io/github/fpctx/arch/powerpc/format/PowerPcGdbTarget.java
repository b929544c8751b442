package io.github.fpctx.arch.powerpc.format;

import java.util.Objects;

import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.gdb.GdbTargetDescription;

import java.util.Optional;

/**
 * GDB's description of the PowerPC FP/vector registers ({@code gdb/features/rs6000/power-fpu-isa205.xml} with
 * the 64-bit FPSCR, {@code power-altivec.xml}, {@code power-vsx.xml}), generated from a layout with the ppc64 or
 * ppc32 register names; GDB names {@code f0}-{@code f31} are used when the layout has them as aliases.
 *
 * <pre>{@code
 * String xml = PowerPcGdbTarget.description(layout, Optional.empty()).toXml();
 * }</pre>
 */
public final class PowerPcGdbTarget {
    private PowerPcGdbTarget() {
    }

    /**
     * Builds the description.
     *
     * @param layout a ppc64- or ppc32-contract layout
     * @param fpscr  the FPSCR field layout, described as flags; empty for a plain integer
     * @return the description (architecture {@code powerpc:common64} when the layout has VSX, else
     *         {@code powerpc:common})
     */
    public static GdbTargetDescription description(RegisterLayout layout, Optional<FieldLayout> fpscr) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(fpscr, "fpscr");
        PpcRegisters r = new PpcRegisters(layout);
        r.require(r.hasFp(), "the GDB power.fpu feature", "fr0-fr31 or fpscr");
        GdbTargetDescription.Builder b = GdbTargetDescription.builder(layout)
                .architecture(r.hasVsx() ? "powerpc:common64" : "powerpc:common")
                .feature("org.gnu.gdb.power.fpu");
        for (int i = 0; i < 32; i++) {
            b.register(layout.has("f" + i) ? "f" + i : "fr" + i, "ieee_double", "float");
        }
        if (fpscr.isPresent()) {
            b.flagsRegister("fpscr", fpscr.get(), "float");
        } else {
            b.register("fpscr", "uint64", "float");
        }
        if (r.hasVmx()) {
            b.feature("org.gnu.gdb.power.altivec");
            for (int i = 0; i < 32; i++) {
                b.register("vr" + i, "uint128", "vector");
            }
            b.register("vscr", "int", "vector").register("vrsave", "int", "vector");
        }
        if (r.hasVsx()) {
            b.feature("org.gnu.gdb.power.vsx");
            for (int i = 0; i < 32; i++) {
                b.register("vs" + i + "h", "uint64", null);
            }
        }
        return b.build();
    }
}

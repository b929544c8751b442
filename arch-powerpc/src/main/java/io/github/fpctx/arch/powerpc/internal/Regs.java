package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * Register handles of one PowerPC layout, grouped as the kernel's save areas group them: {@code thread_fp_state}
 * (FPRs or full VSRs 0-31, FPSCR), {@code thread_vr_state} (VRs, VSCR) and {@code thread.vrsave}.
 */
final class Regs {
    static final Regs PPC64 = new Regs(PowerPc.PPC64_LAYOUT, true);
    static final Regs PPC32 = new Regs(PowerPc.PPC32_LAYOUT, false);

    final RegisterLayout layout;
    final boolean vsxLayout;
    /** fr0-fr31 (doubleword 0 of vs0-vs31 on ppc64). */
    final List<Register> fpr;
    /** vs0-vs31 full on ppc64; the FPRs on ppc32. */
    final List<Register> fpFull;
    /** vs0h-vs31h, doubleword 1 of vs0-vs31 ({@code fpr[i][TS_VSRLOWOFFSET]}) on ppc64; empty on ppc32. */
    final List<Register> vsLow;
    /** vr0-vr31. */
    final List<Register> vr;
    final Register fpscr;
    final Register vscr;
    final Register vrsave;
    final Register fr0;
    final Register vr0;
    /** vs0 on ppc64, fr0 on ppc32. */
    final Register vs0;

    private Regs(RegisterLayout layout, boolean vsxLayout) {
        this.layout = layout;
        this.vsxLayout = vsxLayout;
        List<Register> f = new ArrayList<>();
        List<Register> full = new ArrayList<>();
        List<Register> v = new ArrayList<>();
        List<Register> low = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            if (vsxLayout) {
                low.add(layout.register("vs" + i + "h"));
            }
            f.add(layout.register("fr" + i));
            full.add(layout.register(vsxLayout ? "vs" + i : "fr" + i));
            v.add(layout.register("vr" + i));
        }
        this.fpr = List.copyOf(f);
        this.fpFull = List.copyOf(full);
        this.vr = List.copyOf(v);
        this.vsLow = List.copyOf(low);
        this.fpscr = layout.register("fpscr");
        this.vscr = layout.register("vscr");
        this.vrsave = layout.register("vrsave");
        this.fr0 = layout.register("fr0");
        this.vr0 = layout.register("vr0");
        this.vs0 = vsxLayout ? layout.register("vs0") : fr0;
    }

    static Regs of(RegisterLayout layout) {
        return layout.name().equals("ppc64") ? PPC64 : PPC32;
    }

    /** Copies registers from one file into another (both of this layout). */
    static RegisterFile copy(RegisterFile from, RegisterFile into, List<Register> regs) {
        RegisterFile out = into;
        for (Register r : regs) {
            out = out.withoutEffects(r, from.get(r));
        }
        return out;
    }

    static RegisterFile copy(RegisterFile from, RegisterFile into, Register r) {
        return into.withoutEffects(r, from.get(r));
    }
}

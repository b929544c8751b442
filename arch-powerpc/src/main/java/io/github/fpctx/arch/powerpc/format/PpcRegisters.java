package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.spi.LayoutContract;

/**
 * Register handles of a PowerPC layout by the names of the fpctx naming contract (GDB's names, or aliases of
 * them): {@code fr0-fr31}, {@code fpscr}; {@code vr0-vr31}, {@code vscr}, {@code vrsave} (AltiVec);
 * {@code vs0h-vs31h} (VSX, ppc64 only). Missing groups make the matching note undecodable.
 */
final class PpcRegisters {
    final RegisterLayout layout;
    final Register[] fr;
    final Register fpscr;
    final Register[] vr;
    final Register vscr;
    final Register vrsave;
    final Register[] vsh;

    PpcRegisters(RegisterLayout layout) {
        this.layout = layout;
        LayoutContract c = LayoutContract.of(layout, "the PowerPC state codecs");
        fr = c.group("fr%d", 0, 32, 64).orElse(null);
        fpscr = c.find("fpscr", 64).orElse(null);
        vr = c.group("vr%d", 0, 32, 128).orElse(null);
        vscr = c.find("vscr", 32).orElse(null);
        vrsave = c.find("vrsave", 32).orElse(null);
        vsh = c.group("vs%dh", 0, 32, 64).orElse(null);
    }

    boolean hasFp() {
        return fr != null && fpscr != null;
    }

    boolean hasVmx() {
        return vr != null && vscr != null && vrsave != null;
    }

    boolean hasVsx() {
        return vsh != null;
    }

    void require(boolean present, String note, String names) {
        if (!present) {
            throw new IllegalArgumentException("Layout " + layout.name() + " lacks " + names + "; " + note
                    + " needs them (PowerPC naming contract)");
        }
    }
}

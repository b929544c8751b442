package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.Optional;

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
        fr = group("fr%d", 32, 64);
        fpscr = one("fpscr", 64).orElse(null);
        vr = group("vr%d", 32, 128);
        vscr = one("vscr", 32).orElse(null);
        vrsave = one("vrsave", 32).orElse(null);
        vsh = group("vs%dh", 32, 64);
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

    private Optional<Register> one(String name, int width) {
        Optional<Register> r = layout.find(name);
        if (r.isPresent() && r.get().width() != width) {
            throw new IllegalArgumentException("Register " + name + " of layout " + layout.name() + " is "
                    + r.get().width() + " bits wide; the PowerPC state codecs expect " + width);
        }
        return r;
    }

    private Register[] group(String pattern, int count, int width) {
        Register[] out = new Register[count];
        for (int i = 0; i < count; i++) {
            Optional<Register> r = one(String.format(pattern, i), width);
            if (r.isEmpty()) {
                return null;
            }
            out[i] = r.get();
        }
        return out;
    }
}

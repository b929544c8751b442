package io.github.fpctx.core.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which bits of a {@link RegisterLayout} hold real values, bit for bit: what a register file imported from a
 * core file or ptrace buffer covers. A name (backing register, view or alias) is <em>available</em> when every
 * one of its bits is covered, so {@code xmm0} can be available while {@code ymm0} (whose upper half no note
 * carried) is not — GDB shows such registers as {@code <unavailable>}, and a register file alone would show
 * them as zero, indistinguishable from real zeros.
 *
 * <pre>{@code
 * RegisterAvailability a = RegisterAvailability.builder(layout).present("xmm0").build();
 * a.isAvailable("xmm0");   // true
 * a.isAvailable("ymm0");   // false: bits 128..255 of zmm0 are not covered
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class RegisterAvailability {
    private final RegisterLayout layout;
    private final long[] covered; // one bit per storage bit of the layout

    private RegisterAvailability(RegisterLayout layout, long[] covered) {
        this.layout = layout;
        this.covered = covered;
    }

    /**
     * Every register available.
     *
     * @param layout the layout; non-null
     * @return the availability
     */
    public static RegisterAvailability all(RegisterLayout layout) {
        Builder b = builder(layout);
        for (Register r : layout.registers()) {
            b.present(r);
        }
        return b.build();
    }

    /**
     * No register available.
     *
     * @param layout the layout; non-null
     * @return the availability
     */
    public static RegisterAvailability none(RegisterLayout layout) {
        return builder(layout).build();
    }

    /**
     * Starts an availability with nothing covered.
     *
     * @param layout the layout; non-null
     * @return a builder
     */
    public static Builder builder(RegisterLayout layout) {
        return new Builder(Objects.requireNonNull(layout, "layout"));
    }

    /** @return the layout */
    public RegisterLayout layout() {
        return layout;
    }

    /**
     * Whether every bit of a register is covered.
     *
     * @param name a name of the layout (register, view or alias)
     * @return whether it is available
     * @throws IllegalArgumentException for a name the layout does not know
     */
    public boolean isAvailable(String name) {
        return isAvailable(layout.register(Objects.requireNonNull(name, "name")));
    }

    /**
     * Whether every bit of a register is covered.
     *
     * @param register a register of the layout
     * @return whether it is available
     * @throws IllegalArgumentException for a register of another layout
     */
    public boolean isAvailable(Register register) {
        Objects.requireNonNull(register, "register");
        if (register.owner() != layout) {
            throw new IllegalArgumentException("Register " + register.name() + " is not of layout " + layout.name());
        }
        int from = register.bitOffset();
        for (int i = from; i < from + register.width(); i++) {
            if ((covered[i >>> 6] & (1L << (i & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the names (registers, views and aliases, in layout order) that are not fully covered */
    public List<String> unavailable() {
        List<String> out = new ArrayList<>();
        for (Register r : layout.allRegisters()) {
            if (!isAvailable(r)) {
                out.add(r.name());
            }
        }
        return List.copyOf(out);
    }

    /** @return whether every register of the layout is available */
    public boolean isComplete() {
        for (Register r : layout.registers()) {
            if (!isAvailable(r)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterAvailability a && a.layout == layout && Arrays.equals(a.covered, covered);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(covered);
    }

    @Override
    public String toString() {
        List<String> u = unavailable();
        return "RegisterAvailability[" + layout.name() + ", " + (u.isEmpty() ? "all available"
                : u.size() + " unavailable: " + (u.size() > 8 ? String.join(", ", u.subList(0, 8)) + ", ..." : String.join(", ", u))) + "]";
    }

    /** Collects covered registers; not thread-safe. */
    public static final class Builder {
        private final RegisterLayout layout;
        private final long[] covered;

        private Builder(RegisterLayout layout) {
            this.layout = layout;
            this.covered = new long[Math.max(1, layout.storageWords())];
        }

        /**
         * Marks every bit of a register as covered.
         *
         * @param name a name of the layout
         * @return this builder
         * @throws IllegalArgumentException for an unknown name
         */
        public Builder present(String name) {
            return present(layout.register(Objects.requireNonNull(name, "name")));
        }

        /**
         * Marks every bit of a register as covered.
         *
         * @param register a register of the layout
         * @return this builder
         * @throws IllegalArgumentException for a register of another layout
         */
        public Builder present(Register register) {
            Objects.requireNonNull(register, "register");
            if (register.owner() != layout) {
                throw new IllegalArgumentException("Register " + register.name() + " is not of layout " + layout.name());
            }
            int from = register.bitOffset();
            for (int i = from; i < from + register.width(); i++) {
                covered[i >>> 6] |= 1L << (i & 63);
            }
            return this;
        }

        /**
         * Marks all the given registers as covered.
         *
         * @param registers registers of the layout; null entries are skipped (absent optional groups)
         * @return this builder
         */
        public Builder present(Register... registers) {
            Objects.requireNonNull(registers, "registers");
            for (Register r : registers) {
                if (r != null) {
                    present(r);
                }
            }
            return this;
        }

        /** @return the availability */
        public RegisterAvailability build() {
            return new RegisterAvailability(layout, covered.clone());
        }
    }
}

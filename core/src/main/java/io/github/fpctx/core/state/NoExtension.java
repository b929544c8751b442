package io.github.fpctx.core.state;

/**
 * "No architecture state here": the extension value of a plugin that keeps nothing per CPU, per task or machine-wide.
 * One instance, {@link #INSTANCE}; it hashes to a constant (the same in every run) and renders as {@code none}.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class NoExtension implements CpuExtension, TaskExtension, MachineExtension {
    /** The only instance. */
    public static final NoExtension INSTANCE = new NoExtension();

    private NoExtension() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoExtension;
    }

    @Override
    public int hashCode() {
        return 0x4e6f4578; // constant: stable across runs, unlike Object's identity hash
    }

    @Override
    public String toString() {
        return "none";
    }
}

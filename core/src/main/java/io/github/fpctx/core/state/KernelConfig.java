package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel configuration and CPU features a model runs with: Kconfig-style options such as
 * {@code PREEMPT_RT}, modelling modes such as {@link #STRICT_SYSCALL_ABI}, and CPU feature names defined by
 * each architecture (e.g. {@code VSX}, {@code AVX512F}, {@code XFD}).
 *
 * <pre>{@code
 * KernelConfig rt = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), Set.of("XFD", "AMX_TILE"));
 * }</pre>
 *
 * @param options     enabled options (sorted set, a copy)
 * @param cpuFeatures CPU features present (sorted set, a copy)
 * @implSpec This class is immutable and thread-safe.
 */
public record KernelConfig(Set<String> options, Set<String> cpuFeatures) {
    /** {@code CONFIG_PREEMPT_RT}: {@code spinlock_t} sleeps; {@code local_bh_disable} does not disable preemption. */
    public static final String PREEMPT_RT = "PREEMPT_RT";
    /**
     * A modelling mode, not a Kconfig option: every FP/vector register and control register is non-volatile
     * across a syscall, as {@code Documentation/powerpc/syscall64-abi.rst} says and the updated
     * {@code fpu_syscall} selftest assumes; without it, registers the function-call ABI marks volatile may
     * change across a syscall. Registers the real kernel is known not to preserve are named by the architecture
     * ({@code MachineFactory.strictSyscallAbiExceptions}) and left unchecked (PowerPC: VRSAVE of a fork child).
     */
    public static final String STRICT_SYSCALL_ABI = "STRICT_SYSCALL_ABI";
    /** {@code CONFIG_DEBUG_ATOMIC_SLEEP}; the model checks {@code might_sleep} whatever it says. */
    public static final String DEBUG_ATOMIC_SLEEP = "DEBUG_ATOMIC_SLEEP";

    /** The empty configuration. */
    public static final KernelConfig DEFAULT = new KernelConfig(Set.of(), Set.of());

    /**
     * Copies the sets, sorted, and rejects blank names.
     *
     * @param options     enabled options
     * @param cpuFeatures CPU features present
     */
    public KernelConfig {
        options = sortedCopy(options, "option");
        cpuFeatures = sortedCopy(cpuFeatures, "CPU feature");
    }

    private static Set<String> sortedCopy(Set<String> in, String what) {
        Objects.requireNonNull(in, what + "s");
        TreeSet<String> t = new TreeSet<>();
        for (String s : in) {
            t.add(Checks.name(s, what));
        }
        return java.util.Collections.unmodifiableSortedSet(t);
    }

    /**
     * A configuration.
     *
     * @param options     enabled options
     * @param cpuFeatures CPU features present
     * @return the configuration
     */
    public static KernelConfig of(Set<String> options, Set<String> cpuFeatures) {
        return new KernelConfig(options, cpuFeatures);
    }

    /** @return whether {@code PREEMPT_RT} is on */
    public boolean preemptRt() {
        return options.contains(PREEMPT_RT);
    }

    /**
     * @param option an option name
     * @return whether it is on
     */
    public boolean has(String option) {
        return options.contains(option);
    }

    /**
     * @param feature a CPU feature name
     * @return whether the CPU has it
     */
    public boolean hasFeature(String feature) {
        return cpuFeatures.contains(feature);
    }

    /**
     * @param option an option to turn on
     * @return the new configuration
     */
    public KernelConfig with(String option) {
        Set<String> s = new TreeSet<>(options);
        s.add(option);
        return new KernelConfig(s, cpuFeatures);
    }

    /**
     * @param option an option to turn off
     * @return the new configuration
     */
    public KernelConfig without(String option) {
        Set<String> s = new TreeSet<>(options);
        s.remove(option);
        return new KernelConfig(s, cpuFeatures);
    }

    /**
     * @param features the CPU features present, replacing the current ones
     * @return the new configuration
     */
    public KernelConfig withFeatures(Set<String> features) {
        return new KernelConfig(options, features);
    }

    @Override
    public String toString() {
        return "config" + options + " cpu" + cpuFeatures;
    }
}

package io.github.fpctx.core.state;

import java.util.List;

/**
 * A CPU's execution context: what decides whether the code running there may sleep.
 *
 * <p>Models {@code preempt_count()} (split into its preemption and softirq-disable parts), whether
 * interrupts are off, the locks held, and where preemption was first disabled (what the kernel prints as
 * "Preemption disabled at:").
 *
 * @param preemptCount       nesting of {@code preempt_disable} (spinning locks included)
 * @param softirqCount       nesting of {@code local_bh_disable}
 * @param irqsDisabled       whether {@code local_irq_disable} is in force
 * @param locks              the locks held, in the order taken
 * @param preemptDisabledAt  the functions that disabled preemption, outermost first
 * @implSpec This class is immutable and thread-safe.
 */
public record ExecContext(int preemptCount, int softirqCount, boolean irqsDisabled, List<HeldLock> locks,
                          List<String> preemptDisabledAt) {
    /** A CPU with nothing disabled and nothing held. */
    public static final ExecContext IDLE = new ExecContext(0, 0, false, List.of(), List.of());

    /** The kernel's {@code SOFTIRQ_DISABLE_OFFSET}: what {@code local_bh_disable} adds to {@code preempt_count}. */
    public static final int SOFTIRQ_DISABLE_OFFSET = 0x200;

    /**
     * Copies the lists.
     *
     * @param preemptCount      preemption nesting
     * @param softirqCount      bh nesting
     * @param irqsDisabled      interrupts off
     * @param locks             held locks
     * @param preemptDisabledAt where preemption was disabled
     */
    public ExecContext {
        locks = List.copyOf(locks);
        preemptDisabledAt = List.copyOf(preemptDisabledAt);
    }

    /**
     * The value {@code preempt_count()} would return.
     *
     * @param config the configuration; under {@code PREEMPT_RT} {@code local_bh_disable} does not count
     * @return the count
     */
    public int preemptCountValue(KernelConfig config) {
        return preemptCount + (config.preemptRt() ? 0 : softirqCount * SOFTIRQ_DISABLE_OFFSET);
    }

    /**
     * Whether sleeping here is a bug ({@code in_atomic() || irqs_disabled()}).
     *
     * @param config the configuration
     * @return whether the context is atomic
     */
    public boolean isAtomic(KernelConfig config) {
        return preemptCountValue(config) != 0 || irqsDisabled;
    }

    /** @return whether nothing is disabled and nothing is held, as on return to user space */
    public boolean isClean() {
        return preemptCount == 0 && softirqCount == 0 && !irqsDisabled && locks.isEmpty();
    }

    @Override
    public String toString() {
        if (isClean()) {
            return "preemptible";
        }
        StringBuilder sb = new StringBuilder();
        if (preemptCount != 0) {
            sb.append("preempt_count=").append(preemptCount).append(' ');
        }
        if (softirqCount != 0) {
            sb.append("bh_disabled=").append(softirqCount).append(' ');
        }
        if (irqsDisabled) {
            sb.append("irqs_off ");
        }
        if (!locks.isEmpty()) {
            sb.append("locks=").append(locks.stream().map(l -> l.lock().name()).toList());
        }
        return sb.toString().strip();
    }
}

package io.github.fpctx.core.state;

/**
 * Kinds of kernel lock, with the property that matters here: whether taking one may sleep.
 *
 * <p>Under {@code PREEMPT_RT} a {@code spinlock_t} is an {@code rt_mutex}-based sleeping lock
 * ({@code rt_spin_lock}, {@code kernel/locking/spinlock_rt.c}), so taking it calls {@code might_sleep};
 * a {@code raw_spinlock_t} never sleeps.
 */
public enum LockKind {
    /** {@code raw_spinlock_t}: spins, disables preemption, never sleeps. */
    RAW_SPINLOCK,
    /** {@code spinlock_t}: a raw spinning lock normally; a sleeping lock under {@code PREEMPT_RT}. */
    SPINLOCK,
    /** {@code struct mutex}: always may sleep. */
    MUTEX;

    /**
     * @param config the kernel configuration
     * @return whether taking a lock of this kind may sleep under it
     */
    public boolean sleeps(KernelConfig config) {
        return this == MUTEX || (this == SPINLOCK && config.preemptRt());
    }

    /** @return where the kernel's {@code might_sleep} check for this kind sits, as the splat prints it */
    public String mightSleepSite() {
        return switch (this) {
            case SPINLOCK -> "kernel/locking/spinlock_rt.c:46";
            case MUTEX -> "kernel/locking/mutex.c:283";
            case RAW_SPINLOCK -> "kernel/locking/spinlock.c";
        };
    }
}

package io.github.fpctx.core.state;

/**
 * A lock held on a CPU, with the kernel function that took it.
 *
 * @param lock     the lock
 * @param takenAt  the function that took it
 * @param irqsSaved whether taking it disabled interrupts ({@code spin_lock_irq} on a non-RT kernel)
 * @implSpec This class is immutable and thread-safe.
 */
public record HeldLock(Lock lock, String takenAt, boolean irqsSaved) {
}

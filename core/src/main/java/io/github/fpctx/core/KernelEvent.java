package io.github.fpctx.core;

import java.util.List;
import java.util.Optional;

/**
 * Something the modelled kernel reported during a step: a {@code might_sleep} splat, a {@code WARN_ON}, a
 * {@code BUG_ON}, or a signal sent to user space.
 *
 * @param kind     what it is
 * @param cpu      the CPU it happened on
 * @param task     the task that was current, if any
 * @param callPath the kernel functions active when it happened, outermost first
 * @param message  the text, as the kernel would print it where it prints one
 * @implSpec This class is immutable and thread-safe.
 */
public record KernelEvent(Kind kind, int cpu, Optional<String> task, List<String> callPath, String message) {
    /** Kinds of event. */
    public enum Kind {
        /** "BUG: sleeping function called from invalid context" ({@code __might_resched}). */
        SLEEP_IN_ATOMIC,
        /** A {@code WARN_ON} that fired. */
        WARNING,
        /** A {@code BUG_ON} that fired. */
        BUG,
        /** A signal delivered to user space (e.g. SIGFPE from an FP-enabled exception). */
        SIGNAL
    }

    /**
     * Copies the path.
     *
     * @param kind     kind
     * @param cpu      CPU
     * @param task     task
     * @param callPath path
     * @param message  text
     */
    public KernelEvent {
        callPath = List.copyOf(callPath);
    }

    /** @return {@code true} for a splat, warning or bug: something that is wrong in itself */
    public boolean isError() {
        return kind != Kind.SIGNAL;
    }
}

package io.github.fpctx.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An invariant that did not hold after a step.
 *
 * @param invariant the invariant's id, e.g. {@code user-registers-intact}
 * @param step      the 1-based step after which it failed (0: the initial state)
 * @param callPath  the kernel call path most responsible, outermost first (may be empty)
 * @param task      the task concerned, if any
 * @param cpu       the CPU concerned, if any
 * @param subject   the register or field concerned, if any (e.g. {@code vs0}, {@code MSR.FE0})
 * @param expected  the expected value's rendering, if one applies
 * @param actual    the actual value's rendering, if one applies
 * @param message   a one-line explanation (or the kernel's text, for a splat)
 * @implSpec This class is immutable and thread-safe.
 */
public record Violation(String invariant, int step, List<String> callPath, Optional<String> task, OptionalInt cpu,
                        Optional<String> subject, Optional<String> expected, Optional<String> actual, String message) {
    /**
     * Copies the path.
     *
     * @param invariant id
     * @param step      step
     * @param callPath  path
     * @param task      task
     * @param cpu       CPU
     * @param subject   register or field
     * @param expected  expected
     * @param actual    actual
     * @param message   explanation
     */
    public Violation {
        callPath = List.copyOf(callPath);
    }

    /**
     * This violation placed at another step (invariants report 0; the runner fills in the step).
     *
     * @param s the step
     * @return the new violation
     */
    public Violation atStep(int s) {
        return new Violation(invariant, s, callPath, task, cpu, subject, expected, actual, message);
    }

    /**
     * Appends a violation to a check's result, making the list on the first one: a check that starts from
     * {@code List.of()} and writes {@code out = Violation.append(out, v)} allocates nothing when it passes (the
     * explorer runs every check on every step).
     *
     * @param out the violations so far: {@code List.of()} or a list this method returned
     * @param v   the violation to add
     * @return the list with {@code v} at its end
     */
    public static List<Violation> append(List<Violation> out, Violation v) {
        java.util.Objects.requireNonNull(v, "v");
        List<Violation> list = out.isEmpty() ? new java.util.ArrayList<>() : out;
        list.add(v);
        return list;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[").append(invariant).append("] step ").append(step);
        task.ifPresent(t -> sb.append(", task '").append(t).append('\''));
        cpu.ifPresent(c -> sb.append(", CPU ").append(c));
        subject.ifPresent(s -> sb.append(", ").append(s));
        sb.append(": ").append(message);
        if (expected.isPresent() || actual.isPresent()) {
            sb.append(" (expected ").append(expected.orElse("?")).append(", was ").append(actual.orElse("?")).append(')');
        }
        return sb.toString();
    }
}

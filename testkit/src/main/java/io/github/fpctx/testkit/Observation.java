package io.github.fpctx.testkit;

import io.github.fpctx.core.register.BitVector;

/**
 * A register value a user task read during a scenario ({@link Scenario#userReads(String, String)}).
 *
 * @param step     the 1-based step that read it
 * @param task     the task
 * @param register the register, view or alias read
 * @param value    what the task saw
 * @implSpec This class is immutable and thread-safe.
 */
public record Observation(int step, String task, String register, BitVector value) {
    @Override
    public String toString() {
        return "step " + step + ": " + task + " read " + register + " = " + value;
    }
}

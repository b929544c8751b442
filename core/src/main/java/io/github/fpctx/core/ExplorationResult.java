package io.github.fpctx.core;

import java.util.Optional;

/**
 * The outcome of an {@link Explorer} run: the shortest counterexample, or none up to the bound.
 *
 * @param counterexample the shortest trace that violates an invariant, if any
 * @param statistics     what the search did
 * @param bound          the bound it searched to
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationResult(Optional<Trace> counterexample, ExplorationStatistics statistics, int bound) {
    /** @return whether a counterexample was found */
    public boolean foundViolation() {
        return counterexample.isPresent();
    }

    @Override
    public String toString() {
        return counterexample.map(t -> "counterexample of " + t.steps().size() + " steps; " + statistics)
                .orElse("none up to bound " + bound + "; " + statistics);
    }
}

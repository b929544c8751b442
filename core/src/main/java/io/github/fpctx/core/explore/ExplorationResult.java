package io.github.fpctx.core.explore;

import io.github.fpctx.core.Trace;
import java.util.Optional;

/**
 * The outcome of an {@link Explorer} run: the shortest counterexample, or none up to the bound (or in the whole
 * reachable state space, for an exhaustive search or a bounded one that ran out of states).
 *
 * @param counterexample the shortest trace that violates an invariant, if any
 * @param statistics     what the search did
 * @param bound          the bound it searched to; {@link #UNBOUNDED} for an exhaustive search
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationResult(Optional<Trace> counterexample, ExplorationStatistics statistics, int bound) {
    /** The {@link #bound()} of an exhaustive search. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** @return whether a counterexample was found */
    public boolean foundViolation() {
        return counterexample.isPresent();
    }

    /**
     * @return whether the search explored every reachable state (of the quotient, with symmetry reduction): no
     *         counterexample then means none exists at any depth
     */
    public boolean exhausted() {
        return statistics.exhausted();
    }

    /** @return whether the search stopped at its depth bound with states left unexplored beyond it */
    public boolean boundHit() {
        return !foundViolation() && !statistics.exhausted();
    }

    @Override
    public String toString() {
        return counterexample.map(t -> "counterexample of " + t.steps().size() + " steps; " + statistics)
                .orElse((statistics.exhausted() ? "none: state space exhausted at depth " + statistics.depthReached()
                        : "none up to bound " + bound) + "; " + statistics);
    }
}

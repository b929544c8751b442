package io.github.fpctx.testkit;

import io.github.fpctx.core.explore.ExplorationStatistics;

import java.util.Optional;

/**
 * What an {@link Exploration} found: the shortest counterexample as a normal {@link ScenarioResult} (so it renders
 * and replays), or none up to the bound; the search's statistics; and, if asked for, the coverage of every distinct
 * state it stored.
 *
 * @param counterexample the shortest run that violates an invariant, if any
 * @param statistics     states generated, distinct states, depth reached, time
 * @param bound          the bound searched to
 * @param coverage       the coverage of the distinct states, if {@link Exploration#withCoverage()} was set
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationReport(Optional<ScenarioResult> counterexample, ExplorationStatistics statistics, int bound,
                                Optional<CoverageReport> coverage) {
    /**
     * Validates the parts.
     *
     * @param counterexample counterexample
     * @param statistics     statistics
     * @param bound          bound
     * @param coverage       coverage
     */
    public ExplorationReport {
        if (counterexample == null || statistics == null || coverage == null) {
            throw new IllegalArgumentException("counterexample, statistics and coverage must not be null (use Optional.empty())");
        }
    }

    /** @return whether a counterexample was found */
    public boolean foundViolation() {
        return counterexample.isPresent();
    }

    /** @return the counterexample's timeline, or {@code none up to bound N; statistics} */
    public String render() {
        return counterexample.map(r -> "Counterexample of " + r.steps().size() + " steps (" + statistics + ")\n" + r.render())
                .orElse("none up to bound " + bound + "; " + statistics);
    }

    @Override
    public String toString() {
        return counterexample.map(r -> "counterexample of " + r.steps().size() + " steps; " + statistics)
                .orElse("none up to bound " + bound + "; " + statistics);
    }
}

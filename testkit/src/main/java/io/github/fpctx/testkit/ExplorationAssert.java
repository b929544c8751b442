package io.github.fpctx.testkit;

/**
 * Assertions on an {@link ExplorationReport}; obtained from {@link FpAssertions#assertThat(ExplorationReport)}.
 */
public final class ExplorationAssert {
    private final ExplorationReport report;

    ExplorationAssert(ExplorationReport report) {
        this.report = report;
    }

    /**
     * The search found a counterexample.
     *
     * @return this
     */
    public ExplorationAssert foundViolation() {
        if (!report.foundViolation()) {
            ScenarioAssert.fail("Expected a counterexample within bound " + report.bound() + "; none found ("
                    + report.statistics() + ")", "a counterexample", "none up to bound " + report.bound(), report);
        }
        return this;
    }

    /**
     * The search found no counterexample up to its bound.
     *
     * @return this
     */
    public ExplorationAssert foundNoViolation() {
        report.counterexample().ifPresent(r -> ScenarioAssert.fail("Expected no counterexample up to bound " + report.bound()
                        + "; found one of " + r.steps().size() + " steps (" + report.statistics() + "): "
                        + Timeline.violation(r.violations().get(0)), "none up to bound " + report.bound(),
                "counterexample: " + String.join("; ", r.labels()), report));
        return this;
    }

    /**
     * The counterexample is at most so many steps long.
     *
     * @param maxSteps the longest acceptable counterexample
     * @return this
     */
    public ExplorationAssert withinSteps(int maxSteps) {
        foundViolation();
        int n = report.counterexample().orElseThrow().steps().size();
        if (n > maxSteps) {
            ScenarioAssert.fail("Expected a counterexample of at most " + maxSteps + " steps; the shortest has " + n,
                    "<= " + maxSteps + " steps", n + " steps", report);
        }
        return this;
    }

    /**
     * Assertions on the counterexample.
     *
     * @return the counterexample's assertions
     */
    public ScenarioAssert counterexample() {
        foundViolation();
        return new ScenarioAssert(report.counterexample().orElseThrow());
    }
}

package io.github.fpctx.testkit;

/**
 * Entry point of the testkit's JUnit assertions. Failures are opentest4j {@code AssertionFailedError}s built with
 * JUnit's {@code AssertionFailureBuilder}, with expected and actual values an IDE can diff, every differing
 * register, where a wrong value came from when the trace tells, and the rendered timeline.
 *
 * <pre>{@code
 * import static io.github.fpctx.testkit.FpAssertions.assertThat;
 *
 * assertThat(run).task("mariadbd").sees("vs0", BitVector.zero(128));
 * assertThat(run).isClean().passesThrough("save_fpu");
 * assertThat(run).hasViolation("user-registers-intact", "vs0");
 * assertThat(Scenario.on("toy").task("a", t -> t.onCpu(0)).explore().bound(4).run()).foundNoViolation();
 * }</pre>
 */
public final class FpAssertions {
    private FpAssertions() {
    }

    /**
     * Assertions on a scenario result.
     *
     * @param result the result; not null
     * @return the assertions
     */
    public static ScenarioAssert assertThat(ScenarioResult result) {
        if (result == null) {
            throw new IllegalArgumentException("result must not be null");
        }
        return new ScenarioAssert(result);
    }

    /**
     * Assertions on an exploration report.
     *
     * @param report the report; not null
     * @return the assertions
     */
    public static ExplorationAssert assertThat(ExplorationReport report) {
        if (report == null) {
            throw new IllegalArgumentException("report must not be null");
        }
        return new ExplorationAssert(report);
    }
}

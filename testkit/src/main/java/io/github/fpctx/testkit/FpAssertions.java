package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.StepEngine;
import io.github.fpctx.core.explore.ExplorationWorld;

import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Asserts that an architecture declares a world's symmetry for the world's own alphabet only: not for a part of
     * it (an alphabet that is not closed under the symmetry), nor for the architecture's default alphabet of the
     * world's initial state (which forks children, so the tasks are not interchangeable).
     *
     * @param architecture the architecture
     * @param world        one of its exploration worlds
     */
    public static void assertSymmetryOnlyForItsOwnAlphabet(Architecture architecture, ExplorationWorld world) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(world, "world");
        StepEngine engine = architecture.engine();
        List<Action> own = world.alphabet();
        assertTrue(engine.symmetry(world.initial(), own).isPresent(), "symmetry of " + world.name() + "'s own alphabet");
        assertFalse(engine.symmetry(world.initial(), own.subList(1, own.size())).isPresent(), "part of the alphabet");
        assertFalse(engine.symmetry(world.initial(), engine.alphabet(world.initial())).isPresent(), "default alphabet forks children");
    }
}

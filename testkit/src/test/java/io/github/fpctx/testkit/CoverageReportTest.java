package io.github.fpctx.testkit;

import org.junit.jupiter.api.Test;

import java.util.SortedSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoverageReportTest {
    @Test
    void showsWhatASuiteNeverExercised() {
        CoverageReport explored = ExplorationTest.world(false).explore().bound(4).withCoverage().run().coverage().orElseThrow();
        ScenarioResult preemptOnly = ExplorationTest.world(false).preempt("a").resume("a", 0).run();
        CoverageReport suite = CoverageReport.of(preemptOnly);
        SortedSet<String> missed = explored.notReachedBy(suite);
        assertTrue(missed.contains("a: running has_fpu=0 owner[cpu]=none last_cpu=this"), missed::toString);
        assertFalse(missed.contains("a: queued has_fpu=0 owner[cpu]=self last_cpu=this"), missed::toString);
        String text = suite.renderAgainst(explored);
        assertTrue(text.startsWith("Coverage of toy: " + suite.points().size() + " points reached, " + missed.size() + " of "
                + explored.points().size() + " reachable points never exercised\n"), text);
        assertTrue(text.contains("  [ ] a: running has_fpu=0 owner[cpu]=none last_cpu=this\n"), text);
        assertTrue(text.contains("  [x] a: queued has_fpu=0 owner[cpu]=self last_cpu=this\n"), text);
    }

    @Test
    void mergeAddsCountsAndSuitesCoverMore() {
        ScenarioResult one = ExplorationTest.world(false).preempt("a").run();
        ScenarioResult two = ExplorationTest.world(false).kernelFpUse(0).run();
        CoverageReport both = CoverageReport.of(one, two);
        assertEquals(both.points(), CoverageReport.of(one).merge(CoverageReport.of(two)).points());
        assertTrue(both.reaches("a: running has_fpu=0 owner[cpu]=none last_cpu=this"));
        assertTrue(both.render().startsWith("Coverage of toy: " + both.points().size() + " points\n"));
    }

    @Test
    void refusesMixedArchitectures() {
        ScenarioResult toy = ExplorationTest.world(false).run();
        ScenarioResult eager = Scenario.on("toy-eager").task("a", t -> t.onCpu(0)).run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoverageReport.of(toy, eager));
        assertEquals("Coverage mixes architectures toy and toy-eager", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, CoverageReport::of);
        assertEquals("A coverage report needs at least one scenario result", none.getMessage());
    }
}

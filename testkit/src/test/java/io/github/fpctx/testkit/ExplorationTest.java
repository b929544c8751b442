package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorationTest {
    static Scenario world(boolean buggy) {
        Scenario s = Scenario.on("toy").cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", BitVector.of(128, 0xA)))
                .task("b", t -> t.onCpu(1).userWrites("q2", BitVector.of(128, 0xB)));
        return buggy ? s.withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU) : s;
    }

    @Test
    void findsTheErratumFromTheAlphabetAloneAsAShortestScenario() {
        ExplorationReport r = world(true).explore().bound(6).run();
        assertThat(r).foundViolation().withinSteps(6).counterexample().hasViolation("user-registers-intact");
        ScenarioResult cx = r.counterexample().orElseThrow();
        assertEquals(6, cx.steps().size(), cx::render);
        assertTrue(r.render().startsWith("Counterexample of 6 steps ("), r.render());
        assertTrue(r.render().contains("[registers still live on cpu"), r.render());
        // shortest: nothing shorter exists
        assertThat(world(true).explore().bound(5).run()).foundNoViolation();
    }

    @Test
    void counterexampleReplaysAsAScenario() {
        ScenarioResult cx = world(true).explore().bound(6).run().counterexample().orElseThrow();
        Scenario replay = world(true);
        for (var step : cx.steps()) {
            Action a = world(true).explore().alphabet().stream().filter(x -> x.label().equals(step.label())).findFirst().orElseThrow();
            replay.step(a);
        }
        ScenarioResult again = replay.run();
        assertEquals(cx.render(), again.render());
    }

    @Test
    void fixedModelIsCleanToTheSameBoundWithStatistics() {
        ExplorationReport r = world(false).explore().bound(6).run();
        assertThat(r).foundNoViolation();
        assertEquals(6, r.statistics().depthReached());
        assertTrue(r.statistics().distinctStates() > 100, r::toString);
        assertTrue(r.statistics().statesGenerated() > r.statistics().distinctStates(), r::toString);
        assertTrue(r.toString().startsWith("none up to bound 6; "), r::toString);
    }

    @Test
    void isDeterministic() {
        ExplorationReport x = world(true).explore().bound(6).run();
        ExplorationReport y = world(true).explore().bound(6).run();
        assertEquals(x.counterexample().orElseThrow().labels(), y.counterexample().orElseThrow().labels());
        assertEquals(x.statistics().statesGenerated(), y.statistics().statesGenerated());
        assertEquals(x.statistics().distinctStates(), y.statistics().distinctStates());
        ExplorationReport f1 = world(false).explore().bound(4).withCoverage().run();
        ExplorationReport f2 = world(false).explore().bound(4).withCoverage().run();
        assertEquals(f1.coverage(), f2.coverage());
    }

    @Test
    void userChosenAlphabetLimitsTheSearch() {
        // without user writes or exec nothing can go stale: the bug needs a value that changed after a switch-out
        ExplorationReport r = world(true).explore()
                .onlyActions(a -> !a.label().contains("user writes") && !a.label().contains("execve")).bound(6).run();
        assertThat(r).foundNoViolation();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> world(true).explore().onlyActions(a -> false).run());
        assertEquals("The action filter of this exploration keeps none of the toy alphabet's actions", e.getMessage());
    }

    @Test
    void coverageCountsEveryDistinctStateOnce() {
        List<MachineState> seen = new ArrayList<>();
        MachineState w = world(false).initialState();
        var arch = world(false).architecture();
        var core = Explorer.on(arch, w).bound(3).onDistinctState(seen::add).run();
        assertEquals(core.statistics().distinctStates(), seen.size());
        assertEquals(w, seen.get(0));
        assertEquals(seen.size(), new HashSet<>(seen).size());
        CoverageReport c = Exploration.of(arch, w).bound(3).withCoverage().run().coverage().orElseThrow();
        assertEquals(CoverageReport.of(arch, seen), c);
        assertTrue(c.reaches("a: running has_fpu=1 owner[cpu]=self last_cpu=this"), c::render);
        assertTrue(c.reaches("a: queued has_fpu=0 owner[cpu]=self last_cpu=this"), c::render);
    }

    @Test
    void rejectsBadBoundAndForeignWorld() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> world(false).explore().bound(0));
        assertEquals("Invalid value for exploration bound (valid values 1 - 1000): 0", e.getMessage());
        MachineState eager = Scenario.on("toy-eager").task("a", t -> t.onCpu(0)).initialState();
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Exploration.of(world(false).architecture(), eager));
        assertEquals("World of architecture 'toy-eager' cannot be explored with toy", f.getMessage());
    }
}

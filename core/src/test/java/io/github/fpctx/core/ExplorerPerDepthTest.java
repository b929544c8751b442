package io.github.fpctx.core;

import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationStatistics;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer's per-depth counts: the frontier of each breadth-first level and the successors computed into it. */
class ExplorerPerDepthTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState world(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).userTask("t0", 0).userTask("t1", 1);
        for (String e : errata) {
            b.erratum(e);
        }
        return toy.machines().newMachine(b.build());
    }

    @Test
    void eachLevelsCountIsWhatOneMoreLevelOfBoundAdds() {
        ExplorationStatistics deep = Explorer.on(toy, world()).bound(5).run().statistics();
        assertEquals(6, deep.distinctPerDepth().size(), deep.distinctPerDepth()::toString);
        assertEquals(1L, deep.distinctPerDepth().get(0), "depth 0 is the initial state");
        assertEquals(0L, deep.generatedPerDepth().get(0));
        for (int d = 1; d <= 5; d++) {
            ExplorationStatistics upTo = Explorer.on(toy, world()).bound(d).run().statistics();
            long distinctBefore = d == 1 ? 1 : Explorer.on(toy, world()).bound(d - 1).run().statistics().distinctStates();
            long generatedBefore = d == 1 ? 0 : Explorer.on(toy, world()).bound(d - 1).run().statistics().statesGenerated();
            assertEquals(upTo.distinctStates() - distinctBefore, deep.distinctPerDepth().get(d), "depth " + d);
            assertEquals(upTo.statesGenerated() - generatedBefore, deep.generatedPerDepth().get(d), "depth " + d);
            assertEquals(deep.distinctPerDepth().subList(0, d + 1), upTo.distinctPerDepth());
        }
        ExplorationStatistics fp = Explorer.on(toy, world()).bound(5).storage(StateStorage.FINGERPRINT).parallelism(2).run().statistics();
        assertEquals(deep.distinctPerDepth(), fp.distinctPerDepth());
        assertEquals(deep.generatedPerDepth(), fp.generatedPerDepth());
    }

    @Test
    void aCounterexampleStopsTheCountsInItsLevel() {
        ExplorationResult r = Explorer.on(toy, world(ToyArchitecture.LOST_SAVE)).bound(8).run();
        assertTrue(r.foundViolation());
        ExplorationStatistics s = r.statistics();
        assertEquals(s.depthReached() + 1, s.distinctPerDepth().size());
        assertEquals(s.distinctStates(), s.distinctPerDepth().stream().mapToLong(Long::longValue).sum());
        assertEquals(s.statesGenerated(), s.generatedPerDepth().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void countsThatDoNotAddUpAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplorationStatistics(3, 2, 1, 0,
                false, StateStorage.EXACT, 0.0, "none", 1, 0, 2, List.of(1L, 2L), List.of(0L, 3L)));
        assertTrue(e.getMessage().contains("distinctPerDepth must sum to distinctStates (2)"), e.getMessage());
        assertEquals(List.of(), new ExplorationStatistics(3, 2, 1, 0).distinctPerDepth());
    }
}

package io.github.fpctx.core.explore;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState world(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).userTask("a", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return toy.machines().newMachine(b.build());
    }

    @Test
    void findsTheShortestCounterexampleFromTheAlphabet() {
        ExplorationResult r = Explorer.on(toy, world(ToyArchitecture.LOST_SAVE)).bound(4).run();
        assertTrue(r.foundViolation(), r.toString());
        Trace t = r.counterexample().orElseThrow();
        assertEquals(List.of("a: user writes f0 = 0x0000_0000_0000_0001", "a: preempted", "a: resumes on cpu0"), t.labels());
        assertEquals("user-registers-intact", t.violations().get(0).invariant());
        assertTrue(t.render().contains("__switch_to"), t.render());
    }

    @Test
    void fixedModelIsCleanToTheBound() {
        ExplorationResult r = Explorer.on(toy, world()).bound(5).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
        assertEquals(5, r.statistics().depthReached());
        assertTrue(r.statistics().distinctStates() > 10);
        assertTrue(r.statistics().statesGenerated() >= r.statistics().distinctStates() - 1);
    }

    @Test
    void isDeterministic() {
        ExplorationResult a = Explorer.on(toy, world(ToyArchitecture.LOST_SAVE)).bound(4).run();
        ExplorationResult b = Explorer.on(toy, world(ToyArchitecture.LOST_SAVE)).bound(4).run();
        assertEquals(a.counterexample().get().render(), b.counterexample().get().render());
        assertEquals(a.statistics().statesGenerated(), b.statistics().statesGenerated());
        assertEquals(a.statistics().distinctStates(), b.statistics().distinctStates());
        ExplorationResult c = Explorer.on(toy, world()).bound(4).run();
        ExplorationResult d = Explorer.on(toy, world()).bound(4).run();
        assertEquals(c.statistics().distinctStates(), d.statistics().distinctStates());
    }

    @Test
    void userChosenAlphabetRestrictsTheSearch() {
        Operations ops = toy.operations();
        ExplorationResult r = Explorer.on(toy, world(ToyArchitecture.LOST_SAVE))
                .actions(List.of(ops.preempt("a"), ops.resume("a", 1))).bound(6).run();
        assertFalse(r.foundViolation(), "no register write: nothing to lose");
    }

    @Test
    void rejectsBadBound() {
        assertEquals("Invalid value for exploration bound (valid values 1 - 1000): 0",
                assertThrows(IllegalArgumentException.class, () -> Explorer.on(toy, world()).bound(0)).getMessage());
    }
}

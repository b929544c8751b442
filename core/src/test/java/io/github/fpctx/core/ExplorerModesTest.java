package io.github.fpctx.core;

import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerModesTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState world(int tasks, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2);
        for (int i = 0; i < tasks; i++) {
            b.userTask("t" + i, i % 2);
        }
        for (String e : errata) {
            b.erratum(e);
        }
        return toy.machines().newMachine(b.build());
    }

    @Test
    void exhaustiveSearchOfTheFixedModelTerminatesAndSaysSo() {
        ExplorationResult r = Explorer.on(toy, world(1)).exhaustive().run();
        assertFalse(r.foundViolation(), r::toString);
        assertTrue(r.exhausted(), r::toString);
        assertFalse(r.boundHit());
        assertEquals(ExplorationResult.UNBOUNDED, r.bound());
        assertTrue(r.toString().startsWith("none: state space exhausted at depth "), r::toString);
        // the last level added nothing: one more level of bound gives the same distinct count
        int d = r.statistics().depthReached();
        ExplorationResult bounded = Explorer.on(toy, world(1)).bound(d).run();
        assertEquals(r.statistics().distinctStates(), bounded.statistics().distinctStates());
        assertTrue(bounded.exhausted(), "a bound that reaches the end also exhausts the space");
        ExplorationResult shallow = Explorer.on(toy, world(1)).bound(2).run();
        assertTrue(shallow.boundHit(), shallow::toString);
        assertFalse(shallow.exhausted());
        assertTrue(shallow.toString().startsWith("none up to bound 2"), shallow::toString);
    }

    @Test
    void exhaustiveSearchOfTheBuggyModelFindsTheShortestCounterexample() {
        ExplorationResult bounded = Explorer.on(toy, world(1, ToyArchitecture.LOST_SAVE)).bound(4).run();
        ExplorationResult r = Explorer.on(toy, world(1, ToyArchitecture.LOST_SAVE)).exhaustive().run();
        assertTrue(r.foundViolation());
        assertFalse(r.exhausted());
        assertEquals(bounded.counterexample().get().labels(), r.counterexample().get().labels());
    }

    @Test
    void fingerprintAndExactStorageAgreeOnSmallWorlds() {
        for (int tasks = 1; tasks <= 2; tasks++) {
            ExplorationResult exact = Explorer.on(toy, world(tasks)).exhaustive().storage(StateStorage.EXACT).run();
            ExplorationResult fp = Explorer.on(toy, world(tasks)).exhaustive().storage(StateStorage.FINGERPRINT).run();
            assertEquals(exact.statistics().distinctStates(), fp.statistics().distinctStates());
            assertEquals(exact.statistics().statesGenerated(), fp.statistics().statesGenerated());
            assertEquals(exact.statistics().depthReached(), fp.statistics().depthReached());
            assertEquals(0.0, exact.statistics().collisionProbability());
            double n = fp.statistics().distinctStates();
            assertEquals(n * n / Math.pow(2, 65), fp.statistics().collisionProbability(), 1e-30);
            assertTrue(fp.statistics().visitedBytes() > 0);
            assertTrue(fp.toString().contains("collision probability"), fp::toString);
        }
        ExplorationResult exact = Explorer.on(toy, world(2, ToyArchitecture.LOST_SAVE)).bound(5).run();
        ExplorationResult fp = Explorer.on(toy, world(2, ToyArchitecture.LOST_SAVE)).bound(5).storage(StateStorage.FINGERPRINT).run();
        assertEquals(exact.counterexample().get().render(), fp.counterexample().get().render());
        assertEquals(exact.statistics().statesGenerated(), fp.statistics().statesGenerated());
    }

    @Test
    void parallelSearchEqualsSequential() {
        for (StateStorage how : StateStorage.values()) {
            List<MachineState> seqOrder = new ArrayList<>();
            List<MachineState> parOrder = new ArrayList<>();
            ExplorationResult seq = Explorer.on(toy, world(2)).exhaustive().storage(how).onDistinctState(seqOrder::add).run();
            ExplorationResult par = Explorer.on(toy, world(2)).exhaustive().storage(how).parallelism(2)
                    .onDistinctState(parOrder::add).run();
            assertEquals(seq.statistics().distinctStates(), par.statistics().distinctStates());
            assertEquals(seq.statistics().statesGenerated(), par.statistics().statesGenerated());
            assertEquals(seq.statistics().depthReached(), par.statistics().depthReached());
            assertEquals(seqOrder, parOrder, "same states stored in the same order");
            assertEquals(2, par.statistics().threads());
            ExplorationResult seqBug = Explorer.on(toy, world(2, ToyArchitecture.LOST_SAVE)).bound(6).storage(how).run();
            ExplorationResult parBug = Explorer.on(toy, world(2, ToyArchitecture.LOST_SAVE)).bound(6).storage(how).parallelism(3).run();
            assertEquals(seqBug.counterexample().get().render(), parBug.counterexample().get().render());
            assertEquals(seqBug.statistics().statesGenerated(), parBug.statistics().statesGenerated());
            assertEquals(seqBug.statistics().distinctStates(), parBug.statistics().distinctStates());
        }
    }

    @Test
    void symmetryRequestedWithoutOneFromTheArchitectureIsAPlainSearch() {
        ExplorationResult plain = Explorer.on(toy, world(2)).bound(4).run();
        ExplorationResult asked = Explorer.on(toy, world(2)).bound(4).symmetryReduction().run();
        assertEquals(plain.statistics().distinctStates(), asked.statistics().distinctStates());
        assertEquals("none", asked.statistics().symmetry());
    }

    @Test
    void aSymmetryMergesStatesByRepresentativeButKeepsRealPaths() {
        // a deliberately coarse "symmetry" (every state is its own initial state's representative) is unsound, but it
        // shows that the representative is only the key: the search stores the initial state only
        MachineState w = world(1);
        Symmetry all = new FixedSymmetry("everything", 1, x -> w, -1);
        ExplorationResult r = Explorer.on(toy, w).exhaustive().symmetry(all).run();
        assertEquals(1, r.statistics().distinctStates());
        assertEquals("everything", r.statistics().symmetry());
        assertEquals(-1, r.statistics().unreducedStates(), "the symmetry does not know its orbits");
        assertTrue(r.exhausted());
        assertEquals(1, Explorer.on(toy, w).exhaustive().symmetry(all).storage(StateStorage.FINGERPRINT).run()
                .statistics().distinctStates(), "default fingerprint: the canonical state's");
    }

    @Test
    void orbitSizesAddUpToTheUnreducedCount() {
        // the identity "symmetry" that claims every orbit has one member: the sum equals the plain count
        MachineState w = world(2);
        Symmetry identity = new FixedSymmetry("identity", 1, x -> x, 1);
        ExplorationResult plain = Explorer.on(toy, w).bound(4).run();
        for (StateStorage how : StateStorage.values()) {
            for (int threads : new int[] {1, 2}) {
                ExplorationResult r = Explorer.on(toy, w).bound(4).symmetry(identity).storage(how).parallelism(threads).run();
                assertEquals(plain.statistics().distinctStates(), r.statistics().distinctStates());
                assertEquals(plain.statistics().distinctStates(), r.statistics().unreducedStates(), r::toString);
                assertTrue(r.statistics().toString().contains("symmetry: identity (" + String.format("%,d", r.statistics().distinctStates())
                        + " states unreduced, 1.0x)"), r::toString);
            }
        }
        assertEquals(plain.statistics().distinctStates(), plain.statistics().unreducedStates());
        Symmetry liar = new FixedSymmetry("liar", 2, x -> x, 3);
        assertEquals("Symmetry 'liar' gave orbit size 3; valid values 1 - 2 or -1 (unknown)",
                assertThrows(IllegalStateException.class, () -> Explorer.on(toy, w).bound(2).symmetry(liar).run()).getMessage());
    }

    /** A test symmetry: a canonical function and a fixed orbit size (-1: unknown). */
    private record FixedSymmetry(String description, long groupOrder, UnaryOperator<MachineState> canon, long orbit)
            implements Symmetry {
        @Override
        public void reduce(MachineState state, Orbit out) {
            MachineState c = canon.apply(state);
            out.set(c.fingerprint(), orbit, c);
        }
    }

    @Test
    void oneConfiguredExplorerRunsTwiceAndFromTwoThreadsWithEqualResults() throws Exception {
        Explorer bug = Explorer.on(toy, world(2, ToyArchitecture.LOST_SAVE)).exhaustive().storage(StateStorage.FINGERPRINT)
                .parallelism(2);
        Explorer fixed = Explorer.on(toy, world(2)).bound(6).symmetry(new FixedSymmetry("identity", 1, x -> x, 1));
        for (Explorer e : List.of(bug, fixed)) {
            ExplorationResult first = e.run();
            ExplorationResult second = e.run();
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<ExplorationResult> a = two.submit(e::run);
                java.util.concurrent.Future<ExplorationResult> b = two.submit(e::run);
                for (ExplorationResult r : List.of(second, a.get(), b.get())) {
                    assertEquals(first.foundViolation(), r.foundViolation());
                    assertEquals(first.counterexample().map(t -> t.steps().size()), r.counterexample().map(t -> t.steps().size()));
                    assertEquals(first.counterexample().map(t -> t.render()), r.counterexample().map(t -> t.render()));
                    assertEquals(first.statistics().distinctStates(), r.statistics().distinctStates());
                    assertEquals(first.statistics().statesGenerated(), r.statistics().statesGenerated());
                    assertEquals(first.statistics().depthReached(), r.statistics().depthReached());
                    assertEquals(first.statistics().unreducedStates(), r.statistics().unreducedStates());
                }
            } finally {
                two.shutdownNow();
            }
        }
        assertTrue(bug.run().foundViolation());
    }

    @Test
    void optionMethodsReturnANewExplorerAndLeaveTheOriginalAlone() {
        Explorer base = Explorer.on(toy, world(1)).bound(2);
        Explorer deeper = base.exhaustive();
        assertTrue(deeper.run().exhausted());
        assertEquals(2, base.run().bound(), "the original keeps its bound");
    }

    @Test
    void rejectsBadOptions() {
        assertEquals("Invalid value for explorer parallelism (valid values 1 - 256): 0",
                assertThrows(IllegalArgumentException.class, () -> Explorer.on(toy, world(1)).parallelism(0)).getMessage());
        assertEquals("storage", assertThrows(NullPointerException.class, () -> Explorer.on(toy, world(1)).storage(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> toy.explorationWorld("nope"));
    }
}

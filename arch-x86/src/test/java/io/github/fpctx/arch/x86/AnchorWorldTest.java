package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationStatistics;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.github.fpctx.testkit.FpAssertions.assertSymmetryOnlyForItsOwnAlphabet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed-002 anchor worlds against the SPIN/TLC figures of {@code docs/anchors/RESULTS.md}: same shortest
 * counterexample, same state counts (unreduced), and a symmetry reduction that keeps both.
 */
class AnchorWorldTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");

    @Test
    void offersTheAnchorWorlds() {
        assertEquals(List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3", "anchor-exec-3x3", "anchor-exec-4x3",
                "anchor-exec-4x4"), X86_64.explorationWorlds());
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-3x3");
        assertEquals(3, w.initial().cpus().size());
        assertEquals(List.of("u0", "u1", "u2"), w.initial().taskNames());
        assertTrue(w.initial().cpus().stream().noneMatch(c -> c.isBusy()));
        assertTrue(w.initial().tasks().stream().allMatch(t -> t.ext(FpuState.class).phase() == KernelPhase.SYSCALL
                && t.ext(FpuState.class).needFpuLoad() && t.ext(FpuState.class).lastCpu() == -1));
        assertEquals(3 * (3 + 6) + 3, w.alphabet().size(), "x86_exec.pml: per task NC sched_in + 6 events, per CPU a kthread");
        assertTrue(X86_64.engine().symmetry(w.initial(), w.alphabet()).isPresent());
        assertEquals(36, X86_64.engine().symmetry(w.initial(), w.alphabet()).get().groupOrder());
    }

    @Test
    void noSymmetryForAnAlphabetThatIsNotClosedOrAWorldThatIsNotSymmetric() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-2x2");
        assertSymmetryOnlyForItsOwnAlphabet(X86_64, w);
        assertFalse(X86_64.engine().symmetry(ExplorerTest.world(ExplorerTest.PLAIN), X86_64.engine().alphabet(ExplorerTest.world(ExplorerTest.PLAIN))).isPresent());
    }

    @Test
    void theShortestCounterexampleOfSeed002IsTheAnchorsTenStepTrailWithAndWithoutReduction() {
        List<String> expected = List.of("cpu0: switch from idle to u0", "u0: return to user", "u0: user writes xmm0",
                "u0: syscall entry", "u0: scheduled out", "cpu1: switch from idle to u0", "u0: execve() flush_thread",
                "u0: scheduled out", "cpu0: switch from idle to u0", "u0: return to user");
        for (String name : List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3")) {
            ExplorationWorld w = X86_64.explorationWorld(name, X86Errata.EXEC_FPU_DROP);
            ExplorationResult plain = w.explorer(X86_64).exhaustive().run();
            ExplorationResult reduced = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
            for (ExplorationResult r : List.of(plain, reduced)) {
                Trace t = r.counterexample().orElseThrow(() -> new AssertionError(name + ": " + r));
                assertEquals(10, t.steps().size(), t::render);
                List<String> labels = new ArrayList<>();
                for (Step s : t.steps()) {
                    labels.add(s.label());
                }
                for (int i = 0; i < expected.size(); i++) {
                    assertTrue(labels.get(i).startsWith(expected.get(i)), () -> name + ": " + labels);
                }
                assertTrue(t.violations().stream().anyMatch(v -> v.invariant().equals("user-registers-intact")
                        && v.step() == 10), t::render);
                assertTrue(t.steps().get(6).passesThrough("fpu__drop"), t::render);
            }
        }
    }

    @Test
    void theFixedWorldsHaveExactlyTheAnchorsStateCountsAndReductionFindsEveryOrbitOnce() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-2x2");
        Symmetry sym = X86_64.engine().symmetry(w.initial(), w.alphabet()).orElseThrow();
        // the plain search, with the dead task_cpu of runnable tasks normalised by hand: SPIN's and TLC's 7,332 states
        Set<MachineState> normalised = new HashSet<>();
        Set<Long> orbits = new HashSet<>();
        ExplorationResult plain = w.explorer(X86_64).exhaustive().onDistinctState(s -> {
            normalised.add(withDeadCpusZeroed(s));
            orbits.add(sym.reduce(s).fingerprint());
        }).run();
        assertFalse(plain.foundViolation(), () -> plain.counterexample().get().render());
        assertTrue(plain.exhausted());
        assertEquals(7_332, normalised.size(), "RESULTS.md: x86_exec 2x2 fixed, 7,332 states (SPIN) = distinct states (TLC)");
        assertEquals(7_332, plain.statistics().distinctStates(), "the plain search normalises the dead task_cpu itself");
        assertEquals(plain.statistics().distinctStates(), plain.statistics().unreducedStates());
        assertEquals(7_332, w.explorer(X86_64).exhaustive().storage(StateStorage.FINGERPRINT).run().statistics().distinctStates());

        ExplorationResult fp = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult exact = w.explorer(X86_64).exhaustive().symmetryReduction().run();
        ExplorationResult parallel = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT)
                .parallelism(2).run();
        for (ExplorationResult r : List.of(fp, exact, parallel)) {
            assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
            assertTrue(r.exhausted(), r::toString);
            ExplorationStatistics st = r.statistics();
            assertEquals(orbits.size(), st.distinctStates(), "one representative per orbit: " + r);
            assertEquals(7_332, st.unreducedStates(), "orbit sizes add up to the unreduced count: " + r);
            assertEquals(fp.statistics().statesGenerated(), st.statesGenerated());
            assertEquals(fp.statistics().depthReached(), st.depthReached());
        }
        assertTrue(fp.statistics().toString().contains("(7,332 states unreduced, 4.0x)"), fp::toString);
    }

    @Test
    void theReducedSearchOfTheTwoByThreeWorldStandsForSpinsStatesOneForOne() {
        ExplorationResult r = X86_64.explorationWorld("anchor-exec-2x3").explorer(X86_64).exhaustive().symmetryReduction()
                .storage(StateStorage.FINGERPRINT).parallelism(2).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
        assertTrue(r.exhausted());
        assertEquals(128_088, r.statistics().unreducedStates(), "RESULTS.md: x86_exec 2x3 fixed, 128,088 states: " + r);
        assertEquals(24, r.statistics().depthReached(), "SPIN's BFS depth 23, plus the level that found nothing new");
        assertTrue(r.statistics().distinctStates() * 12 >= 128_088 && r.statistics().distinctStates() < 128_088 / 10, r::toString);
    }

    @Test
    void theSymmetryGivesRepresentativeFingerprintAndOrbitSizeInOneCallAndRefusesAnotherWorld() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-1x2");
        Symmetry sym = X86_64.engine().symmetry(w.initial(), w.alphabet()).orElseThrow();
        assertEquals("1 tasks [u0] (with their xmm0 tokens) x 2 CPUs: 2 permutations", sym.description());
        Symmetry.Orbit init = sym.reduce(w.initial());
        assertEquals(1, init.size(), "every permutation fixes the initial state");
        MachineState on0 = X86_64.engine().step(w.initial(), w.alphabet().get(0), 1).after();
        MachineState on1 = X86_64.engine().step(w.initial(), w.alphabet().get(1), 1).after();
        Symmetry.Orbit a = sym.reduce(on0);
        Symmetry.Orbit b = sym.reduce(on1);
        assertEquals(2, a.size(), "u0 on cpu0 or on cpu1");
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.representative(), b.representative(), "one representative for the orbit");
        assertTrue(a.representative().equals(on0) || a.representative().equals(on1));
        Symmetry.Orbit reused = new Symmetry.Orbit(false);
        sym.reduce(on1, reused);
        assertEquals(a.fingerprint(), reused.fingerprint());
        assertEquals(2, reused.size());
        assertThrows(IllegalStateException.class, reused::representative);
        // a state with another task set is outside the world
        MachineState other = X86_64.explorationWorld("anchor-exec-2x2").initial();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sym.reduce(other));
        assertTrue(e.getMessage().contains("met a state outside its world: it has 2 tasks and 2 CPUs; the world has 1 and 2"),
                e.getMessage());
    }

    @Test
    void theFourByThreeWorldIsReducedByTheFullGroup() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-4x3");
        Symmetry sym = X86_64.engine().symmetry(w.initial(), w.alphabet()).orElseThrow();
        assertEquals(24 * 6, sym.groupOrder());
        // a short bounded search: the reduced search's orbit sizes add up to the plain (normalised) count
        ExplorationResult plain = w.explorer(X86_64).bound(5).storage(StateStorage.FINGERPRINT).run();
        ExplorationResult reduced = w.explorer(X86_64).bound(5).storage(StateStorage.FINGERPRINT).symmetryReduction().run();
        assertEquals(plain.statistics().distinctStates(), reduced.statistics().unreducedStates(), reduced::toString);
        assertTrue(reduced.statistics().distinctStates() * 10 < plain.statistics().distinctStates(), reduced::toString);
    }

    private static MachineState withDeadCpusZeroed(MachineState s) {
        MachineState out = s;
        for (TaskState t : s.tasks()) {
            if (!s.isRunning(t.name()) && t.cpu() != 0) {
                out = out.withTask(t.withCpu(0));
            }
        }
        return out;
    }
}

package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertSymmetryOnlyForItsOwnAlphabet;
import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed 000 anchor worlds ({@code ppc_fr0.pml}) and their task symmetry. */
class AnchorWorldTest {
    private static Architecture arch(String id) {
        return id.equals("ppc64") ? PPC64 : PPC32;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void offersTheAnchorWorlds(String id) {
        Architecture a = arch(id);
        assertEquals(List.of("anchor-fr0-1x1", "anchor-fr0-2x1", "anchor-fr0-3x1", "anchor-fr0-2x2", "anchor-fr0-4x2"),
                a.explorationWorlds());
        ExplorationWorld w = a.explorationWorld("anchor-fr0-3x1");
        assertEquals(1, w.initial().cpus().size());
        assertEquals(List.of("u0", "u1", "u2"), w.initial().taskNames());
        assertTrue(w.initial().isInUserMode("u0"));
        assertEquals(TaskMode.KERNEL, w.initial().task("u1").mode());
        assertFalse(w.initial().isRunning("u2"));
        assertEquals(6, a.engine().symmetry(w.initial(), w.alphabet()).orElseThrow().groupOrder());
    }

    @Test
    void noSymmetryForAnAlphabetThatIsNotClosedOrTasksThatDiffer() {
        ExplorationWorld w = PPC64.explorationWorld("anchor-fr0-2x1");
        assertSymmetryOnlyForItsOwnAlphabet(PPC64, w);
        var u1 = w.initial().task("u1");
        var differs = w.initial().withTask(u1.withOracle(u1.oracle().withLong(PPC64.layout().register("fpscr"), 1)));
        assertFalse(PPC64.engine().symmetry(differs, w.alphabet()).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void symmetryReductionKeepsTheVerdictAndTheShortestCounterexampleOfSeed000(String id) {
        Architecture a = arch(id);
        for (String name : List.of("anchor-fr0-2x1", "anchor-fr0-3x1")) {
            ExplorationWorld w = a.explorationWorld(name, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
            ExplorationResult plain = w.explorer(a).exhaustive().run();
            ExplorationResult reduced = w.explorer(a).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
            Trace p = plain.counterexample().orElseThrow(() -> new AssertionError(name + ": " + plain));
            Trace t = reduced.counterexample().orElseThrow(() -> new AssertionError(name + ": " + reduced));
            assertEquals(p.steps().size(), t.steps().size(), t::render);
            assertTrue(t.violations().stream().anyMatch(v -> v.invariant().equals("user-registers-intact")), t::render);
            assertTrue(t.passesThrough("save_all"), t::render);
            assertTrue(t.passesThrough("create_worker_cb") || t.passesThrough("sys_clone"), t::render);
        }
    }

    @Test
    void seed000NeedsAnotherTaskWhenTheFirstCannotUseFp() {
        // the bug also appears after a context switch: u0 preempted, u1 switched in, writes fr0, io_uring save_all
        ExplorationWorld w = PPC32.explorationWorld("anchor-fr0-2x1", PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        List<io.github.fpctx.core.Action> noU0Writes = w.alphabet().stream().filter(x -> !x.label().startsWith("u0: user writes")).toList();
        ExplorationResult r = io.github.fpctx.core.explore.Explorer.on(PPC32, w.initial()).actions(noU0Writes).exhaustive().run();
        Trace t = r.counterexample().orElseThrow(() -> new AssertionError(r.toString()));
        assertEquals(List.of("u0: preempted by timer interrupt", "u1: scheduled in on CPU 0"), t.labels().subList(0, 2), t::render);
        assertEquals(4, t.steps().size(), t::render);
    }

    @Test
    void fixedModelIsExhaustedCleanWithAndWithoutSymmetryOnPpc32() {
        ExplorationWorld w = PPC32.explorationWorld("anchor-fr0-3x1");
        ExplorationResult plain = w.explorer(PPC32).exhaustive().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult exact = w.explorer(PPC32).exhaustive().run();
        ExplorationResult reduced = w.explorer(PPC32).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult parallel = w.explorer(PPC32).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT)
                .parallelism(2).run();
        for (ExplorationResult r : List.of(plain, exact, reduced, parallel)) {
            assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
            assertTrue(r.exhausted(), r::toString);
        }
        assertEquals(exact.statistics().distinctStates(), plain.statistics().distinctStates());
        assertTrue(reduced.statistics().distinctStates() * 4 < plain.statistics().distinctStates(), reduced + " vs " + plain);
        assertTrue(reduced.statistics().distinctStates() * 6 >= plain.statistics().distinctStates(),
                "at most |group| = 6 states per orbit: " + reduced + " vs " + plain);
        assertEquals(reduced.statistics().distinctStates(), parallel.statistics().distinctStates());
        assertEquals(reduced.statistics().statesGenerated(), parallel.statistics().statesGenerated());
        assertEquals(plain.statistics().distinctStates(), reduced.statistics().unreducedStates(),
                "the representatives' orbit sizes add up to the plain count (a perfect canonical form): " + reduced);
        assertEquals(plain.statistics().distinctStates(), parallel.statistics().unreducedStates());
    }
}

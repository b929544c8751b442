package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.ExplorationResult;
import io.github.fpctx.core.ExplorationWorld;
import io.github.fpctx.core.StateStorage;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnchorWorldTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");

    @Test
    void offersTheAnchorWorlds() {
        assertEquals(List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3", "anchor-exec-3x3"), X86_64.explorationWorlds());
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-3x3");
        assertEquals(3, w.initial().cpus().size());
        assertEquals(List.of("u0", "u1", "u2"), w.initial().taskNames());
        assertTrue(w.initial().cpus().stream().noneMatch(c -> c.isBusy()));
        assertTrue(X86_64.symmetry(w.initial(), w.alphabet()).isPresent());
        assertEquals(36, X86_64.symmetry(w.initial(), w.alphabet()).get().groupOrder());
        assertEquals("Unknown exploration world 'x' of x86_64; known worlds: [anchor-exec-1x2, anchor-exec-2x2, anchor-exec-2x3, anchor-exec-3x3]",
                assertThrows(IllegalArgumentException.class, () -> X86_64.explorationWorld("x")).getMessage());
    }

    @Test
    void noSymmetryForAnAlphabetThatIsNotClosedOrAWorldThatIsNotSymmetric() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-2x2");
        assertFalse(X86_64.symmetry(w.initial(), w.alphabet().subList(1, w.alphabet().size())).isPresent());
        assertFalse(X86_64.symmetry(w.initial(), X86_64.actions(w.initial())).isPresent(), "default alphabet forks children");
        assertFalse(X86_64.symmetry(ExplorerTest.world(ExplorerTest.PLAIN), X86_64.actions(ExplorerTest.world(ExplorerTest.PLAIN))).isPresent());
    }

    @Test
    void symmetryReductionKeepsTheVerdictAndTheShortestCounterexampleOfSeed002() {
        for (String name : List.of("anchor-exec-1x2", "anchor-exec-2x2")) {
            ExplorationWorld w = X86_64.explorationWorld(name, X86Errata.EXEC_FPU_DROP);
            ExplorationResult plain = w.explorer(X86_64).exhaustive().run();
            ExplorationResult reduced = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
            assertTrue(plain.foundViolation(), name);
            assertTrue(reduced.foundViolation(), name);
            Trace t = reduced.counterexample().get();
            assertEquals(plain.counterexample().get().steps().size(), t.steps().size(), t::render);
            assertTrue(t.violations().stream().anyMatch(v -> v.invariant().equals("user-registers-intact")), t::render);
            assertTrue(t.steps().stream().anyMatch(s -> s.passesThrough("fpu__drop")), t::render);
        }
    }

    @Test
    void fixedModelIsExhaustedCleanWithAndWithoutSymmetryAndReductionShrinksTheSpace() {
        ExplorationWorld w = X86_64.explorationWorld("anchor-exec-2x2");
        ExplorationResult plain = w.explorer(X86_64).exhaustive().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult exact = w.explorer(X86_64).exhaustive().run();
        ExplorationResult reduced = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult parallel = w.explorer(X86_64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT)
                .parallelism(2).run();
        for (ExplorationResult r : List.of(plain, exact, reduced, parallel)) {
            assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
            assertTrue(r.exhausted(), r::toString);
        }
        assertEquals(exact.statistics().distinctStates(), plain.statistics().distinctStates());
        assertTrue(reduced.statistics().distinctStates() < plain.statistics().distinctStates(), reduced + " vs " + plain);
        assertTrue(reduced.statistics().distinctStates() * 4 >= plain.statistics().distinctStates(),
                "at most |group| = 4 states per orbit: " + reduced + " vs " + plain);
        assertEquals(reduced.statistics().distinctStates(), parallel.statistics().distinctStates());
        assertEquals(reduced.statistics().statesGenerated(), parallel.statistics().statesGenerated());
    }
}

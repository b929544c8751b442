package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.StateStorage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core's structural symmetry as PowerPC declares it (the user tasks of the seed-000 worlds are one role), against the
 * plain search: same verdict, same shortest counterexample length, orbit sizes adding up to the plain count of the
 * exhausted ppc32 worlds; ppc64 to a bound (its {@code load_fp} counter keeps the fixed world from being exhausted).
 */
class GenericSymmetryTest {
    @Test
    void reducedSearchesKeepVerdictsShortestLengthsAndPlainCountsOnTheSeedWorlds() {
        for (Architecture a : List.of(PPC32, PPC64)) {
            for (String name : List.of("anchor-fr0-2x1", "anchor-fr0-3x1")) {
                for (boolean bug : new boolean[] {true, false}) {
                    ExplorationWorld w = bug ? a.explorationWorld(name, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0) : a.explorationWorld(name);
                    boolean exhaustive = a == PPC32;
                    ExplorationResult plain = (exhaustive ? w.explorer(a).exhaustive() : w.explorer(a).bound(7)).run();
                    for (StateStorage how : StateStorage.values()) {
                        ExplorationResult r = (exhaustive ? w.explorer(a).exhaustive() : w.explorer(a).bound(7))
                                .symmetryReduction().storage(how).run();
                        String what = a.id() + " " + name + (bug ? " bug " : " fixed ") + how + ": " + r;
                        assertEquals(plain.foundViolation(), r.foundViolation(), what);
                        assertEquals(plain.counterexample().map(t -> t.steps().size()), r.counterexample().map(t -> t.steps().size()), what);
                        if (!bug && exhaustive) {
                            // (the initial state, u0 in user mode and the others in the kernel, is not fixed by the
                            // group, so only the whole reachable space is closed under it, not every depth bound)
                            assertEquals(plain.statistics().distinctStates(), r.statistics().unreducedStates(), what);
                            assertTrue(r.statistics().distinctStates() < plain.statistics().distinctStates(), what);
                        }
                    }
                }
            }
        }
    }
}

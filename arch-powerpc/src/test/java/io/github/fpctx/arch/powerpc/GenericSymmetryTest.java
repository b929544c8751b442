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
 * Core's structural symmetry as PowerPC declares it (the user tasks of the {@code fr0} worlds are one role, and in
 * the two-CPU worlds the CPUs another), against the plain search on the worlds of seeds 000 and 001 (the
 * {@code save_fpu} clobber alone, and with seed 001's wrong fix, the {@code lwsync} before the reschedule IPI, applied
 * on top) and on the fixed model: same verdict, same shortest counterexample length, and orbit sizes that add up to
 * the plain count of every exhausted fixed world, on ppc32 and on ppc64 (whose worlds abstract {@code load_fp}, see
 * {@link PowerPc#OPTION_ABSTRACT_LOAD_COUNTERS}).
 */
class GenericSymmetryTest {
    @Test
    void reducedSearchesKeepVerdictsShortestLengthsAndPlainCountsOnTheSeedWorlds() {
        String[][] variants = {{PowerPcErrata.SAVE_FPU_CLOBBERS_FR0},
                {PowerPcErrata.IPI_LWSYNC_BARRIER, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0}, {}};
        for (Architecture a : List.of(PPC32, PPC64)) {
            for (String name : List.of("anchor-fr0-2x1", "anchor-fr0-3x1", "anchor-fr0-2x2")) {
                for (String[] errata : variants) {
                    boolean bug = errata.length > 0;
                    ExplorationWorld w = a.explorationWorld(name, errata);
                    ExplorationResult plain = w.explorer(a).exhaustive().run();
                    assertEquals(bug, plain.foundViolation(), a.id() + " " + name + " " + List.of(errata) + ": " + plain);
                    for (StateStorage how : StateStorage.values()) {
                        ExplorationResult r = w.explorer(a).exhaustive().symmetryReduction().storage(how).run();
                        String what = a.id() + " " + name + " " + List.of(errata) + " " + how + ": " + r;
                        assertEquals(plain.foundViolation(), r.foundViolation(), what);
                        assertEquals(plain.counterexample().map(t -> t.steps().size()), r.counterexample().map(t -> t.steps().size()), what);
                        if (!bug) {
                            // (the initial state, u0 in user mode and the others in the kernel, is not fixed by the
                            // group, so only the whole reachable space is closed under it, not every depth bound)
                            assertTrue(plain.exhausted() && r.exhausted(), what);
                            assertEquals(plain.statistics().distinctStates(), r.statistics().unreducedStates(), what);
                            assertTrue(r.statistics().distinctStates() < plain.statistics().distinctStates(), what);
                        }
                    }
                }
            }
        }
    }
}

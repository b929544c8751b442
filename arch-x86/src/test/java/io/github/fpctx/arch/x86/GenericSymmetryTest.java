package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.explore.StructuralSymmetry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core's {@link StructuralSymmetry} as x86 declares it, against the plain search on the seed-002 worlds (the anchor
 * worlds, with and without the {@code exec-fpu-drop} erratum): same verdict, same shortest counterexample length, and
 * orbit sizes that add up to the plain count; and the declaration's validation.
 */
class GenericSymmetryTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");

    @Test
    void reducedSearchesKeepVerdictsShortestLengthsAndPlainCountsOnTheSeedWorlds() {
        for (String name : List.of("anchor-exec-1x2", "anchor-exec-2x2")) {
            for (boolean bug : new boolean[] {true, false}) {
                ExplorationWorld w = bug ? X86_64.explorationWorld(name, X86Errata.EXEC_FPU_DROP) : X86_64.explorationWorld(name);
                ExplorationResult plain = w.explorer(X86_64).exhaustive().run();
                for (StateStorage how : StateStorage.values()) {
                    for (int threads : new int[] {1, 2}) {
                        ExplorationResult r = w.explorer(X86_64).exhaustive().symmetryReduction().storage(how).parallelism(threads).run();
                        String what = name + (bug ? " bug " : " fixed ") + how + " " + threads + ": " + r;
                        assertEquals(plain.foundViolation(), r.foundViolation(), what);
                        assertEquals(plain.counterexample().map(t -> t.steps().size()), r.counterexample().map(t -> t.steps().size()), what);
                        if (!bug) {
                            assertTrue(r.exhausted(), what);
                            assertEquals(plain.statistics().distinctStates(), r.statistics().unreducedStates(), what);
                            assertTrue(r.statistics().distinctStates() < plain.statistics().distinctStates(), what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theDeclarationIsCheckedAgainstTheWorld() {
        var w = X86_64.explorationWorld("anchor-exec-2x2").initial();
        assertEquals("Unknown task extension component 'leader' of FpuState; components: [lastCpu, needFpuLoad, perm, xfd, "
                        + "groupLeader, phase, sigframes]",
                assertThrows(IllegalArgumentException.class, () -> StructuralSymmetry.builder(w).taskExtensionTaskRefs("leader").build())
                        .getMessage());
        assertEquals("task extension component 'perm' of FpuState is a long; a CPU reference must be an int (-1 for none)",
                assertThrows(IllegalArgumentException.class, () -> StructuralSymmetry.builder(w).taskExtensionCpuRefs("perm").build())
                        .getMessage());
        assertEquals("Unknown task 'u9' in a symmetry role; tasks: [u0, u1]",
                assertThrows(IllegalArgumentException.class, () -> StructuralSymmetry.builder(w).interchangeableTasks(List.of("u0", "u9")))
                        .getMessage());
        assertEquals("Task 'u1' of a symmetry role has no token; tokens: [u0]",
                assertThrows(IllegalArgumentException.class, () -> StructuralSymmetry.builder(w).interchangeableTasks(List.of("u0", "u1"))
                        .token(X86_64.layout().register("xmm0"), java.util.Map.of("u0", io.github.fpctx.core.register.BitVector.of(128, 1)))
                        .build()).getMessage());
        // no declaration: the identity group, nothing normalised
        StructuralSymmetry none = StructuralSymmetry.builder(w).build();
        assertEquals(1, none.groupOrder());
        assertFalse(none.deadComponentsOnly().isPresent());
        assertEquals(1, none.reduce(w).size());
    }
}

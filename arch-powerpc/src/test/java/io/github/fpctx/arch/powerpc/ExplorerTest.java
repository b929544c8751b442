package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer finds each BUG erratum from the alphabet alone and the fixed model is clean to the same bound. */
class ExplorerTest {
    private static MachineState world(Architecture arch, int userTasks, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(1).userTask("mariadbd", 0);
        if (userTasks > 1) {
            b.task(new io.github.fpctx.core.state.TaskSpec("other", io.github.fpctx.core.state.TaskKind.USER, 0, false, java.util.Map.of()));
        }
        for (String e : errata) {
            b.erratum(e);
        }
        return arch.machines().newMachine(b.build());
    }

    private static Architecture arch(String id) {
        return id.equals("ppc64") ? PPC64 : PPC32;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void findsSaveFpuClobberWithinItsBound(String id) {
        Architecture a = arch(id);
        Erratum e = a.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        ExplorationResult r = Explorer.on(a, world(a, 1, e.id())).bound(e.explorationBound()).run();
        Trace t = r.counterexample().orElseThrow(() -> new AssertionError("not found: " + r.statistics()));
        assertEquals(List.of("user-registers-intact"), ids(t.violations()), t.render());
        assertTrue(t.passesThrough("save_all"), t.render());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void findsFeBugWithinItsBound(String id) {
        Architecture a = arch(id);
        Erratum e = a.erratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01);
        ExplorationResult r = Explorer.on(a, world(a, 1, e.id())).bound(e.explorationBound()).run();
        Trace t = r.counterexample().orElseThrow(() -> new AssertionError("not found: " + r.statistics()));
        List<String> found = ids(t.violations());
        assertTrue(found.contains("ppc-fe-clear-when-fp-off") || found.contains("ppc-fe-matches-fpexc-mode"), t.render());
        assertTrue(t.passesThrough("__giveup_fpu"), t.render());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void fixedModelIsCleanToTheErrataBounds(String id) {
        Architecture a = arch(id);
        int bound = a.errata().stream().mapToInt(Erratum::explorationBound).max().orElseThrow();
        for (int tasks = 1; tasks <= 2; tasks++) {
            ExplorationResult r = Explorer.on(a, world(a, tasks)).bound(bound).run();
            assertTrue(r.counterexample().isEmpty(), () -> r.counterexample().get().render());
        }
    }

    @Test
    void wrongFixAloneIsCleanAndDoesNotHideTheBug() {
        ExplorationResult wrong = Explorer.on(PPC64, world(PPC64, 1, PowerPcErrata.IPI_LWSYNC_BARRIER)).bound(3).run();
        assertTrue(wrong.counterexample().isEmpty());
        ExplorationResult both = Explorer.on(PPC64, world(PPC64, 1, PowerPcErrata.IPI_LWSYNC_BARRIER,
                PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)).bound(3).run();
        assertTrue(both.counterexample().isPresent());
    }

    @Test
    void sigfpeMismatchIsUserVisibleOnPpc32() {
        // only the user-visible invariant: the explorer must reach a SIGFPE that PR_GET_FPEXC denies
        ExplorationResult r = Explorer.on(PPC32, world(PPC32, 1, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01))
                .invariants(List.of(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE)).bound(5).run();
        Trace t = r.counterexample().orElseThrow();
        assertEquals(List.of("ppc-sigfpe-matches-fpexc-mode"), ids(t.violations()), t.render());
        ExplorationResult fixed = Explorer.on(PPC32, world(PPC32, 1))
                .invariants(List.of(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE)).bound(4).run();
        assertTrue(fixed.counterexample().isEmpty(), () -> fixed.counterexample().get().render());
    }

    @Test
    void explorationIsDeterministic() {
        MachineState w = world(PPC64, 1, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        Trace a = Explorer.on(PPC64, w).bound(3).run().counterexample().orElseThrow();
        Trace b = Explorer.on(PPC64, w).bound(3).run().counterexample().orElseThrow();
        assertEquals(a.labels(), b.labels());
    }
}

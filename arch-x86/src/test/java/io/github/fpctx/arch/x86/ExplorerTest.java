package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final KernelConfig PLAIN = X86_64.machines().defaultConfig();
    static final KernelConfig RT_AMX = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX);

    /** The small world: 2 CPUs, a user task with a token in xmm0 on CPU 0, a kernel thread. */
    static MachineState world(KernelConfig config, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return X86_64.machines().newMachine(b.build());
    }

    static int bound(String erratum) {
        return X86_64.erratum(erratum).explorationBound();
    }

    @Test
    void findsSeed002AloneWithinItsBoundAsTheSevenStepSchedule() {
        ExplorationResult r = Explorer.on(X86_64, world(PLAIN, X86Errata.EXEC_FPU_DROP)).bound(bound(X86Errata.EXEC_FPU_DROP)).run();
        assertTrue(r.foundViolation(), r::toString);
        Trace t = r.counterexample().get();
        assertEquals(7, t.steps().size(), t::render);
        assertEquals(List.of("T: execve() entered", "cpu0: switch to K", "cpu1: switch to T", "T: execve() flush_thread",
                "cpu1: switch to idle", "cpu0: switch to T", "T: return to user"), t.labels());
        assertTrue(t.violations().stream().allMatch(v -> v.step() == 7 && v.invariant().equals("user-registers-intact")), t::render);
        assertTrue(t.steps().get(3).passesThrough("fpu__drop"));
    }

    @Test
    void fixedKernelIsCleanToSeed002Bound() {
        ExplorationResult r = Explorer.on(X86_64, world(PLAIN)).bound(bound(X86Errata.EXEC_FPU_DROP)).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
        assertTrue(r.statistics().distinctStates() > 1000, r::toString);
    }

    @Test
    void alternativeFixIsCleanToSeed002Bound() {
        ExplorationResult r = Explorer.on(X86_64, world(PLAIN, X86Errata.EXEC_FPU_DROP, X86Errata.EXEC_INVALIDATE_BOTH))
                .bound(bound(X86Errata.EXEC_FPU_DROP)).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
    }

    @Test
    void findsSeed004AloneWithinItsBound() {
        ExplorationResult r = Explorer.on(X86_64, world(RT_AMX, X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK))
                .bound(bound(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK)).run();
        assertTrue(r.foundViolation(), r::toString);
        Trace t = r.counterexample().get();
        assertEquals(List.of("T: fork() -> T-child"), t.labels());
        assertTrue(t.violations().stream().anyMatch(v -> v.invariant().equals("no-sleep-in-atomic")), t::render);
        assertTrue(t.violations().stream().anyMatch(v -> v.invariant().equals("no-sleeping-lock-in-fpregs-lock")), t::render);
    }

    @Test
    void fixedKernelIsCleanToSeed004BoundAndBeyondUnderRtWithAmx() {
        ExplorationResult r = Explorer.on(X86_64, world(RT_AMX)).bound(bound(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK)).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
        ExplorationResult deeper = Explorer.on(X86_64, world(RT_AMX)).bound(5).run();
        assertFalse(deeper.foundViolation(), () -> deeper.counterexample().get().render());
    }

    @Test
    void seed004ErratumIsHarmlessWithoutRt() {
        ExplorationResult r = Explorer.on(X86_64, world(KernelConfig.of(Set.of(), X86.FEATURES_AMX),
                X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK)).bound(3).run();
        assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
    }

    @Test
    void explorationIsDeterministic() {
        ExplorationResult a = Explorer.on(X86_64, world(PLAIN, X86Errata.EXEC_FPU_DROP)).bound(7).run();
        ExplorationResult b = Explorer.on(X86_64, world(PLAIN, X86Errata.EXEC_FPU_DROP)).bound(7).run();
        assertEquals(a.counterexample().get().labels(), b.counterexample().get().labels());
        assertEquals(a.statistics().statesGenerated(), b.statistics().statesGenerated());
    }

    @Test
    void alphabetIsFixedAndNamesKernelPaths() {
        List<String> labels = X86_64.engine().alphabet(world(PLAIN)).stream().map(a -> a.label()).toList();
        assertEquals(labels, X86Paths.alphabet(world(PLAIN)).stream().map(a -> a.label()).toList());
        assertTrue(labels.contains("T: execve() flush_thread"));
        assertTrue(labels.contains("cpu1: switch to T-child"));
        assertTrue(labels.contains("cpu0: kernel_fpu_begin/end"));
    }
}

package io.github.fpctx.samples.seeds;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Paths;
import io.github.fpctx.arch.x86.X86Steps;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 004: "[RFC PATCH] x86: Drop fpregs lock before inheriting FPU permissions during clone" (Mel Gorman, reported
 * by Mike Galbraith, Nov 2022; merged as {@code 36b038791e1e}, {@code Fixes: 9e798e9aa14c}). {@code fpu_clone} called
 * {@code fpu_inherit_perms}, which takes {@code sighand->siglock} with {@code spin_lock_irq}, inside
 * {@code fpregs_lock()}. On {@code PREEMPT_RT} {@code fpregs_lock} only disables preemption and {@code spinlock_t} is
 * a sleeping lock, so with dynamic features (XFD) every {@code fork()} splats. The fix unlocks first.
 */
class Seed004CloneInheritPermsRtTest {
    /** PREEMPT_RT on a CPU with XFD and AMX, so that {@code fpu_state_size_dynamic()} is true. */
    static final KernelConfig RT_WITH_XFD = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX);

    /** The first lines of Mike Galbraith's splat, exactly as in the thread. */
    static final String THREAD_SPLAT = """
            BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46
            in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: systemd
            preempt_count: 1, expected: 0
            RCU nest depth: 0, expected: 0
            Preemption disabled at:
            fpu_clone+0xfa/0x480""";

    /** systemd (PID 1) calls fork(). */
    static Scenario systemdForks(KernelConfig config, String... errata) {
        Scenario s = Scenario.on("x86_64").config(config).withErrata(errata).cpus(1)
                .task("systemd", t -> t.onCpu(0));
        X86Steps.seed004("systemd", "child").forEach(s::step);
        return s;
    }

    private static List<KernelEvent> splats(ScenarioResult run) {
        return run.steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.kind() == KernelEvent.Kind.SLEEP_IN_ATOMIC).toList();
    }

    @Test
    void forkUnderRtWithDynamicFeaturesPrintsTheSplat() {
        ScenarioResult run = systemdForks(RT_WITH_XFD, X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).run();

        List<KernelEvent> splats = splats(run);
        assertEquals(1, splats.size(), run::render);
        // the model does not know function offsets and sizes: fpu_clone+0xfa/0x480 is printed as fpu_clone
        assertEquals(THREAD_SPLAT.replace("+0xfa/0x480", ""), splats.get(0).message());
        assertEquals(List.of("entry_SYSCALL_64", "do_syscall_64", "__do_sys_clone", "kernel_clone", "copy_process",
                "copy_thread", "fpu_clone", "fpu_inherit_perms", "spin_lock_irq", "rt_spin_lock"), splats.get(0).callPath());
        assertThat(run).hasViolation("no-sleep-in-atomic").hasViolation("no-sleeping-lock-in-fpregs-lock");
    }

    @Test
    void fixedForkTakesTheSiglockAfterFpregsUnlock() {
        ScenarioResult run = systemdForks(RT_WITH_XFD).run();

        assertThat(run).isClean().passesThrough("fpregs_unlock").passesThrough("rt_spin_lock");
        assertEquals(X86.defaultFeatures(RT_WITH_XFD), run.finalState().task("child").ext(FpuState.class).perm(),
                "the siglock is still taken: the child inherits the parent's permissions");
    }

    // ---- §7.4: negative controls, all with the bug on ----------------------------------------------------------

    @Test
    void cleanWithoutPreemptRt() {
        ScenarioResult run = systemdForks(KernelConfig.of(Set.of(), X86.FEATURES_AMX),
                X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).run();
        assertThat(run).isClean().passesThrough("_raw_spin_lock_irq").doesNotPassThrough("rt_spin_lock");
    }

    @Test
    void cleanForCloneThread() {
        ScenarioResult run = Scenario.on("x86_64").config(RT_WITH_XFD)
                .withErratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).cpus(1)
                .task("systemd", t -> t.onCpu(0))
                .step(X86Paths.cloneThread("systemd", "worker"))   // pthread_create: CLONE_THREAD
                .run();
        assertThat(run).isClean().doesNotPassThrough("fpu_inherit_perms");
    }

    @Test
    void cleanForAMinimalClone() {
        ScenarioResult run = Scenario.on("x86_64").config(RT_WITH_XFD)
                .withErratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).cpus(1)
                .task("systemd", t -> t.onCpu(0))
                .step(X86Paths.createIoWorker("systemd", "iou-wrk"))   // args->fn set: minimal, returns before the lock
                .run();
        assertThat(run).isClean().doesNotPassThrough("fpregs_lock");
        assertEquals(TaskKind.KERNEL_THREAD, run.finalState().task("iou-wrk").kind());
    }

    @Test
    void cleanWithoutXfd() {
        ScenarioResult run = systemdForks(KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AVX512),
                X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).run();
        assertThat(run).isClean().doesNotPassThrough("rt_spin_lock");
        assertEquals(0, splats(run).size());
    }

    @Test
    void explorerFindsTheBugFromTheAlphabetAloneAndTheFixedModelIsClean() {
        int bound = Scenario.on("x86_64").architecture().erratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK)
                .explorationBound();
        ExplorationReport bug = world(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).explore().bound(bound).run();
        System.out.println("Seed 004, shortest schedule the explorer found:\n" + bug.render());

        assertThat(bug).foundViolation().withinSteps(bound).counterexample().hasViolation("no-sleep-in-atomic");
        assertEquals(List.of("T: fork() -> T-child"), bug.counterexample().orElseThrow().labels());

        ExplorationReport fixed = world().explore().bound(bound).run();
        System.out.println("Seed 004, fixed model: " + fixed);
        assertThat(fixed).foundNoViolation();
    }

    private static Scenario world(String... errata) {
        return Scenario.on("x86_64").config(RT_WITH_XFD).withErrata(errata).cpus(2)
                .task("T", t -> t.onCpu(0))
                .kernelThread("K", 0);
    }
}

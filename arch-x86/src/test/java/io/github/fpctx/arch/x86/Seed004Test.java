package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Seed004Test {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final KernelConfig RT_AMX = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX);

    /** The splat of seed 004 as the model prints it: the thread's text without the +offset/size of fpu_clone. */
    static final String SPLAT = """
            BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46
            in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: systemd
            preempt_count: 1, expected: 0
            RCU nest depth: 0, expected: 0
            Preemption disabled at:
            fpu_clone""";

    static MachineState machine(KernelConfig config, boolean buggy) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(1).config(config).userTask("systemd", 0);
        if (buggy) {
            b.erratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK);
        }
        return X86_64.machines().newMachine(b.build());
    }

    static Trace run(KernelConfig config, boolean buggy, Action... actions) {
        return X86_64.engine().run(machine(config, buggy), List.of(actions));
    }

    @Test
    void forkUnderRtWithDynamicFeaturesPrintsTheSplat() {
        Trace t = X86_64.engine().run(machine(RT_AMX, true), X86Steps.seed004("systemd", "child"));
        List<KernelEvent> events = t.steps().get(0).events();
        assertEquals(1, events.size(), t::render);
        KernelEvent e = events.get(0);
        assertEquals(KernelEvent.Kind.SLEEP_IN_ATOMIC, e.kind());
        assertEquals(SPLAT, e.message());
        assertEquals(List.of("entry_SYSCALL_64", "do_syscall_64", "__do_sys_clone", "kernel_clone", "copy_process",
                "copy_thread", "fpu_clone", "fpu_inherit_perms", "spin_lock_irq", "rt_spin_lock"), e.callPath());
        assertEquals(List.of("no-sleep-in-atomic", "no-sleeping-lock-in-fpregs-lock"),
                t.violations().stream().map(v -> v.invariant()).toList());
    }

    @Test
    void fixedForkTakesSiglockAfterFpregsUnlock() {
        Trace t = X86_64.engine().run(machine(RT_AMX, false), X86Steps.seed004("systemd", "child"));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.passesThrough("rt_spin_lock"), "the siglock is still taken");
        assertEquals(X86.defaultFeatures(RT_AMX), t.finalState().task("child").ext(FpuState.class).perm());
    }

    @Test
    void cleanWithTheErratumWithoutPreemptRt() {
        Trace t = run(KernelConfig.of(Set.of(), X86.FEATURES_AMX), true, X86Paths.fork("systemd", "child"));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.passesThrough("_raw_spin_lock_irq"));
    }

    @Test
    void cleanWithTheErratumForCloneThread() {
        Trace t = run(RT_AMX, true, X86Paths.cloneThread("systemd", "worker"));
        assertTrue(t.isClean(), t::render);
        assertFalse(t.passesThrough("fpu_inherit_perms"));
        assertEquals("systemd", t.finalState().task("worker").ext(FpuState.class).groupLeader());
    }

    @Test
    void cleanWithTheErratumForAMinimalClone() {
        Trace t = run(RT_AMX, true, X86Paths.createIoWorker("systemd", "iou-wrk"));
        assertTrue(t.isClean(), t::render);
        assertFalse(t.passesThrough("fpregs_lock"));
        assertEquals(TaskKind.KERNEL_THREAD, t.finalState().task("iou-wrk").kind());
        assertEquals(X86.initRegisters(RT_AMX), t.finalState().task("iou-wrk").saved());
    }

    @Test
    void cleanWithTheErratumWithoutDynamicFeatures() {
        Trace t = run(KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AVX512), true, X86Paths.fork("systemd", "child"));
        assertTrue(t.isClean(), t::render);
        assertFalse(t.passesThrough("rt_spin_lock"));
    }

    @Test
    void childInheritsAmxPermissionButNotTileData() {
        Trace t = run(RT_AMX, false,
                X86Paths.archPrctlReqXcompPerm("systemd"),
                X86Paths.userWrite("systemd", "tiledata", io.github.fpctx.core.register.BitVector.ones(8192)),
                X86Paths.fork("systemd", "child"),
                X86Paths.scheduleIdle(0),
                X86Paths.schedule(0, "child"),
                X86Paths.exitToUser("child"));
        assertTrue(t.isClean(), t::render);
        MachineState end = t.finalState();
        FpuState child = end.task("child").ext(FpuState.class);
        assertEquals(X86.defaultFeatures(RT_AMX) | X86.XFEATURE_MASK_XTILE, child.perm());
        assertEquals(X86.XFEATURE_MASK_XTILE_DATA, child.xfd());
        assertTrue(end.cpu(0).live().get("tiledata").isZero());
        assertEquals(X86.XFEATURE_MASK_XTILE_DATA, end.cpu(0).ext(X86Cpu.class).xfd());
    }
}

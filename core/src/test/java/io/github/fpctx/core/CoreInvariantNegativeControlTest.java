package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative controls for {@link CoreInvariants}: each invariant fires when the thing it guards is broken, with a
 * violation naming the task, CPU, register or context and the call path, and stays quiet when it is not broken (or
 * was already reported). The broken states are made by small kernel paths on the toy architecture.
 */
class CoreInvariantNegativeControlTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);
    static final BitVector FIVE = BitVector.of(128, 5);
    static final BitVector NINE = BitVector.of(128, 9);
    static final String FIVE_TEXT = "0x0000_0000_0000_0000_0000_0000_0000_0005";
    static final String NINE_TEXT = "0x0000_0000_0000_0000_0000_0000_0000_0009";
    static final Lock SIGLOCK = new Lock("sighand->siglock", LockKind.SPINLOCK);

    /** CPU 0 runs user task a (v0 = 5), CPU 1 runs user task b (v0 = 5); kernel thread k sleeps on CPU 1. */
    MachineState world() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("a", 0).withRegister("v0", FIVE))
                .task(TaskSpec.running("b", 1).withRegister("v0", FIVE))
                .kernelThread("k", 1).build());
    }

    /** A kernel path on a CPU, made of one function. */
    static Action path(String label, int cpu, String function, Consumer<KernelContext> body) {
        return Action.of(label, s -> true, ctx -> {
            ctx.onCpu(cpu);
            ctx.call(function, () -> body.accept(ctx));
        });
    }

    /** A restore that loads a wrong v0 into a task's save area (what it returns to user space with). */
    static Action corruptSaved(String task, int cpu) {
        return path(task + ": bad restore", cpu, "bad_restore",
                ctx -> ctx.update(s -> s.withTask(s.task(task).withSaved(s.task(task).saved().with("v0", NINE)))));
    }

    static Action setMode(String task, int cpu, TaskMode mode) {
        return path(task + ": mode " + mode, cpu, "mode_" + mode, ctx -> ctx.update(s -> s.withTask(s.task(task).withMode(mode))));
    }

    static Action nothing(int cpu) {
        return path("cpu" + cpu + ": nothing", cpu, "nothing", ctx -> { });
    }

    Trace run(MachineState s, Action... actions) {
        return toy.engine().run(s, List.of(actions));
    }

    // ---- user-registers-intact ---------------------------------------------------------------------------------

    @Test
    void userRegistersIntactNamesTheTaskCpuRegisterValuesAndTheFunctionThatWroteTheSaveArea() {
        Trace t = run(world(), nothing(0), corruptSaved("b", 1));
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals(new Violation("user-registers-intact", 2, List.of("bad_restore"), Optional.of("b"), OptionalInt.of(1),
                Optional.of("v0"), Optional.of(FIVE_TEXT), Optional.of(NINE_TEXT),
                "Task 'b' runs in user mode on CPU 1 with v0 changed"), v);
    }

    @Test
    void userRegistersIntactFollowsTheLiveRegistersWhenTheTaskOwnsThem() {
        Action clobberLive = path("a: clobber live", 0, "kernel_clobber",
                ctx -> ctx.update(s -> s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("v0", NINE)))));
        // the write makes a the owner of CPU 0's registers; its oracle is then v0 = 5 with f0 = 7
        Trace t = run(world(), toy.operations().userWrite("a", "f0", BitVector.of(64, 7)), clobberLive);
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals(List.of("kernel_clobber"), v.callPath());
        assertEquals(Optional.of("a"), v.task());
        assertEquals(OptionalInt.of(0), v.cpu());
        assertEquals(Optional.of(NINE_TEXT), v.actual());
        assertEquals(Optional.of("0x0000_0000_0000_0007_0000_0000_0000_0005"), v.expected());
    }

    @Test
    void userRegistersIntactReportsADifferenceOnceWhileTheTaskStaysInUserMode() {
        Trace t = run(world(), corruptSaved("a", 0), nothing(0), nothing(1));
        assertEquals(1, t.violations().size(), t.render());
        assertEquals(1, t.violations().get(0).step());
    }

    @Test
    void userRegistersIntactIgnoresTasksInKernelModeAndReportsAgainOnTheirReturnToUserMode() {
        Trace t = run(world(), setMode("a", 0, TaskMode.KERNEL), corruptSaved("a", 0), setMode("a", 0, TaskMode.USER));
        assertEquals(1, t.violations().size(), t.render());
        assertEquals(3, t.violations().get(0).step());
        assertEquals(List.of(), t.violations().get(0).callPath()); // the step changed no register
        // and again after a spell in the kernel: the earlier report does not hide the new return
        Trace again = run(world(), corruptSaved("a", 0), setMode("a", 0, TaskMode.KERNEL), setMode("a", 0, TaskMode.USER));
        assertEquals(List.of(1, 3), again.violations().stream().map(Violation::step).toList(), again.render());
    }

    @Test
    void userRegistersIntactIgnoresTasksThatAreNotRunning() {
        Trace t = run(world(), toy.operations().preempt("a"), corruptSaved("a", 0));
        assertTrue(t.isClean(), t.render());
        // a task that was not running before the step is checked in full when it is back
        Trace back = run(world(), toy.operations().preempt("a"), corruptSaved("a", 0), toy.operations().resume("a", 0));
        assertEquals(List.of(3), back.violations().stream().map(Violation::step).toList(), back.render());
    }

    @Test
    void userRegistersIntactIgnoresKernelThreads() {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().cpus(1)
                .task(new TaskSpec("k", TaskKind.KERNEL_THREAD, 0, true, Map.of())).build());
        Trace t = run(s, path("k: scribble", 0, "kthread_fn",
                ctx -> ctx.update(st -> st.withTask(st.task("k").withSaved(st.task("k").saved().with("v0", NINE))))));
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void userRegistersIntactChecksEveryCpu() {
        Trace t = run(world(), corruptSaved("a", 0), corruptSaved("b", 1));
        assertEquals(List.of("a", "b"), t.violations().stream().map(v -> v.task().orElseThrow()).toList(), t.render());
        assertEquals(List.of(1, 2), t.violations().stream().map(Violation::step).toList());
    }

    // ---- no-sleep-in-atomic --------------------------------------------------------------------------------------

    @Test
    void noSleepInAtomicFiresOnMightSleepUnderPreemptDisableWithTheKernelsText() {
        Trace t = run(world(), path("b: atomic sleep", 1, "fpu_clone", ctx -> {
            ctx.preemptDisable(1);
            ctx.call("fpu_inherit_perms", () -> ctx.lock(1, new Lock("mm->mmap_lock", LockKind.MUTEX)));
            ctx.call("fpu_inherit_perms_done", () -> ctx.unlock(1, new Lock("mm->mmap_lock", LockKind.MUTEX)));
            ctx.preemptEnable(1);
        }));
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals("no-sleep-in-atomic", v.invariant());
        assertEquals(1, v.step());
        assertEquals(List.of("fpu_clone", "fpu_inherit_perms"), v.callPath());
        assertEquals(Optional.of("b"), v.task());
        assertEquals(OptionalInt.of(1), v.cpu());
        assertEquals("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 2, name: b\n"
                + "preempt_count: 1, expected: 0\n"
                + "RCU nest depth: 0, expected: 0\n"
                + "Preemption disabled at:\n"
                + "fpu_clone", v.message());
    }

    @Test
    void noSleepInAtomicIsQuietWhenSleepingIsAllowedAndIgnoresOtherEvents() {
        Trace t = run(world(), path("a: sleep", 0, "fpu_clone", ctx -> {
            ctx.mightSleep(0, "mm/slab.c:1");
            ctx.report(KernelEvent.Kind.SIGNAL, 0, "SIGFPE");
        }));
        assertTrue(t.isClean(), t.render());
        assertEquals(1, t.steps().get(0).events().size());
    }

    // ---- no-kernel-warning ------------------------------------------------------------------------------------------

    @Test
    void noKernelWarningReportsEveryWarnOnAndBugOnButNotOtherEvents() {
        Trace t = run(world(), path("a: warn and bug", 0, "giveup_all", ctx -> {
            ctx.warnOn(true, 0, "VSX without FP and VEC");
            ctx.call("flush_fp_to_thread", () -> ctx.report(KernelEvent.Kind.BUG, 0, "kernel BUG at arch/powerpc/kernel/process.c:249!"));
            ctx.report(KernelEvent.Kind.SIGNAL, 0, "SIGFPE");
            ctx.preemptDisable(0);
            ctx.mightSleep(0, "mm/slab.c:1");
            ctx.preemptEnable(0);
        }));
        assertEquals(List.of("no-sleep-in-atomic", "no-kernel-warning", "no-kernel-warning"),
                t.violations().stream().map(Violation::invariant).toList(), t.render());
        Violation warn = t.violations().get(1);
        assertEquals("WARNING: VSX without FP and VEC", warn.message());
        assertEquals(List.of("giveup_all"), warn.callPath());
        assertEquals(Optional.of("a"), warn.task());
        assertEquals(OptionalInt.of(0), warn.cpu());
        Violation bug = t.violations().get(2);
        assertEquals("kernel BUG at arch/powerpc/kernel/process.c:249!", bug.message());
        assertEquals(List.of("giveup_all", "flush_fp_to_thread"), bug.callPath());
    }

    @Test
    void noKernelWarningIsQuietWithoutEvents() {
        Trace t = run(world(), path("a: nothing", 0, "giveup_all", ctx -> ctx.warnOn(false, 0, "never")));
        assertTrue(t.isClean(), t.render());
        assertEquals(List.of(), CoreInvariants.NO_KERNEL_WARNING.check(t.steps().get(0), toy));
    }

    // ---- balanced-at-user-return ---------------------------------------------------------------------------------------

    @Test
    void balancedAtUserReturnNamesTheContextLeftBehind() {
        Trace t = run(world(), nothing(0), path("b: leak", 1, "do_signal", ctx -> {
            ctx.preemptDisable(1);
            ctx.localBhDisable(1);
        }));
        assertEquals(1, t.violations().size(), t.render());
        assertEquals(new Violation("balanced-at-user-return", 2, List.of(), Optional.of("b"), OptionalInt.of(1),
                Optional.of("exec context"), Optional.of("preemptible"), Optional.of("preempt_count=1 bh_disabled=1"),
                "returned to user space with preempt_count=1 bh_disabled=1"), t.violations().get(0));
    }

    @Test
    void balancedAtUserReturnSeesIrqsLeftOffAndLocksLeftHeld() {
        Trace irqs = run(world(), path("a: irqs", 0, "handle_signal", ctx -> ctx.localIrqDisable(0)));
        assertEquals(Optional.of("irqs_off"), irqs.violations().get(0).actual(), irqs.render());
        Trace locked = run(world(), path("a: lock", 0, "handle_signal", ctx -> ctx.lock(0, SIGLOCK)));
        assertEquals(Optional.of("preempt_count=1 locks=[sighand->siglock]"), locked.violations().get(0).actual(), locked.render());
    }

    @Test
    void balancedAtUserReturnReportsOnceUntilTheCpuOrItsTaskChanges() {
        Action leak = path("a: leak", 0, "do_signal", ctx -> ctx.preemptDisable(0));
        Trace t = run(world(), leak, nothing(0), nothing(1), leak);
        // step 4 disables preemption once more: a new context on CPU 0, reported again
        assertEquals(List.of(1, 4), t.violations().stream().map(Violation::step).toList(), t.render());
        assertEquals(Optional.of("preempt_count=2"), t.violations().get(1).actual());
    }

    @Test
    void balancedAtUserReturnAllowsTheKernelToHoldContextAndFiresWhenTheTaskReturnsToUserMode() {
        Trace t = run(world(), setMode("a", 0, TaskMode.KERNEL), path("a: in kernel", 0, "kernel_fpu_begin", ctx -> {
            ctx.preemptDisable(0);
            ctx.lock(0, SIGLOCK);
        }), nothing(0), setMode("a", 0, TaskMode.USER));
        // only the return (a task change, the CPU's context untouched) is a violation
        assertEquals(List.of(4), t.violations().stream().map(Violation::step).toList(), t.render());
        assertEquals("returned to user space with preempt_count=2 locks=[sighand->siglock]", t.violations().get(0).message());
    }

    @Test
    void balancedAtUserReturnIgnoresIdleCpusAndKernelThreads() {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0)
                .task(new TaskSpec("k", TaskKind.KERNEL_THREAD, 1, true, Map.of())).build());
        Trace t = run(s, path("k: holds", 1, "kthread_fn", ctx -> ctx.preemptDisable(1)));
        assertTrue(t.isClean(), t.render());
        MachineState idle = toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0).build());
        Trace i = run(idle, path("cpu1: irq", 1, "irq_enter", ctx -> ctx.localIrqDisable(1)));
        assertTrue(i.isClean(), i.render());
    }

    @Test
    void balancedAtUserReturnChecksEveryCpu() {
        Trace t = run(world(), path("both: leak", 0, "smp_call_function", ctx -> {
            ctx.preemptDisable(0);
            ctx.preemptDisable(1);
        }));
        assertEquals(List.of(OptionalInt.of(0), OptionalInt.of(1)), t.violations().stream().map(Violation::cpu).toList(), t.render());
    }
}

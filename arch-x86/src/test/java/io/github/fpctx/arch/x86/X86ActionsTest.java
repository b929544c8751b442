package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The x86 actions as a scenario writer and the explorer meet them: when each is possible and, when not, a refusal
 * that names what is wrong; the exploration alphabet and coverage points of a world; the core {@link Operations}
 * (interrupt, syscall, preemption and resumption, exec) and their effect on the task's registers and ownership.
 */
class X86ActionsTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final BitVector A = BitVector.of(128, 0xA);
    static final Operations OPS = X86_64.operations();

    /** Two CPUs: user task T running on CPU 0 with A in xmm0, kernel thread K runnable on CPU 0; CPU 1 idle. */
    static MachineState twoCpus(KernelConfig config) {
        return X86_64.machines().newMachine(MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", A)).kernelThread("K", 0).build());
    }

    static MachineState twoCpus() {
        return twoCpus(X86_64.machines().defaultConfig());
    }

    static MachineState run(MachineState s, Action... actions) {
        Trace t = X86_64.engine().run(s, List.of(actions));
        assertTrue(t.isClean(), t::render);
        return t.finalState();
    }

    static FpuState fpu(MachineState s, String t) {
        return s.task(t).ext(FpuState.class);
    }

    static Optional<String> owner(MachineState s, int cpu) {
        return s.cpu(cpu).ext(X86Cpu.class).fpregsOwner();
    }

    static BitVector seen(MachineState s, String task, String reg) {
        return X86_64.engine().userView(s, s.task(task)).get(reg);
    }

    static void disabled(Action a, MachineState s, String why) {
        assertFalse(a.isEnabled(s), a.label());
        assertEquals(why, a.whyDisabled(s));
    }

    static void enabled(Action a, MachineState s) {
        assertTrue(a.isEnabled(s), () -> a.label() + ": " + a.whyDisabled(s));
    }

    static BitVector token(int i) {
        return BitVector.of(128, 0x5553_4552_0000L + i); // "USER" + index
    }

    // ---- enabledness -------------------------------------------------------------------------------------

    @Test
    void cpuNumbersOutsideTheMachineAreRefusedByEveryCpuAction() {
        MachineState s = twoCpus();
        String bad2 = "Invalid value for CPU (valid values 0 - 1): 2";
        String badMinus = "Invalid value for CPU (valid values 0 - 1): -1";
        disabled(X86Paths.schedule(2, "K"), s, bad2);
        disabled(X86Paths.scheduleIdle(-1), s, badMinus);
        disabled(X86Paths.kernelFpu(2), s, bad2);
        disabled(X86Paths.kernelFpu(-1), s, badMinus);
        disabled(X86Paths.migrate("T", 2), s, bad2);
        disabled(OPS.resume("T", -1), s, badMinus);
        // the edges are CPUs: 0 and size-1
        enabled(X86Paths.kernelFpu(0), s);
        enabled(X86Paths.kernelFpu(1), s);
        enabled(X86Paths.schedule(1, "K"), s);
        enabled(X86Paths.migrate("T", 1), s);
    }

    @Test
    void schedulingRefusesAnIdleCpuToIdleAndATaskThatAlreadyRuns() {
        MachineState s = twoCpus();
        disabled(X86Paths.scheduleIdle(1), s, "CPU 1 is already idle");
        enabled(X86Paths.scheduleIdle(0), s);
        disabled(X86Paths.schedule(1, "T"), s, "task 'T' is already running on CPU 0");
        disabled(X86Paths.schedule(1, "X"), s, "there is no task 'X'; tasks: [T, K]");
        enabled(X86Paths.schedule(0, "K"), s);
    }

    @Test
    void migrationNeedsARunningTaskAndAnotherCpu() {
        MachineState s = twoCpus();
        disabled(X86Paths.migrate("T", 0), s, "task 'T' already runs on CPU 0");
        disabled(X86Paths.migrate("K", 1), s, "task 'K' is not running");
        disabled(X86Paths.migrate("X", 1), s, "there is no task 'X'; tasks: [T, K]");
        MachineState moved = run(s, X86Paths.migrate("T", 1));
        assertTrue(moved.isRunning("T"));
        assertEquals(1, moved.task("T").cpu());
        assertFalse(moved.cpu(0).isBusy(), "the task's old CPU switched to idle");
        assertEquals(TaskMode.KERNEL, moved.task("T").mode(), "migrated tasks stay in the kernel");
        assertTrue(fpu(moved, "T").needFpuLoad(), "switch_fpu_finish on the new CPU");
        assertEquals(A, moved.task("T").saved().get("xmm0"), "switch_fpu_prepare saved T on its old CPU");
    }

    @Test
    void phaseActionsNameThePhaseTheTaskIsInAndThePhasesTheyNeed() {
        MachineState s = twoCpus();
        disabled(X86Paths.exitToUser("T"), s, "task 'T' is in phase USER; needs one of [INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD, SYSCALL]");
        disabled(X86Paths.flushThread("X"), s, "there is no task 'X'; tasks: [T, K]");
        MachineState in = run(s, X86Paths.execveEnter("T"));
        disabled(X86Paths.exitToUser("T"), in, "task 'T' is in phase EXECVE; needs one of [INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD, SYSCALL]");
        enabled(X86Paths.flushThread("T"), in);
        MachineState off = run(in, X86Paths.scheduleIdle(0));
        disabled(X86Paths.flushThread("T"), off, "task 'T' is not running");
        // an enabled action has nothing to explain
        assertEquals("'T: execve() flush_thread' is enabled", X86Paths.flushThread("T").whyDisabled(in));
    }

    @Test
    void userModeActionsNameWhyTheTaskIsNotInUserMode() {
        MachineState in = run(twoCpus(), X86Paths.execveEnter("T"));
        disabled(OPS.syscall("T"), in, "task 'T' is not in user mode");
        disabled(OPS.interrupt("T"), in, "task 'T' is not in user mode");
        disabled(X86Paths.fork("T", "C"), in, "task 'T' is not in user mode");
        disabled(X86Paths.fork("K", "C"), in, "'K' is a kernel thread, not a user task");
        disabled(OPS.sigreturn("T"), in, "task 'T' is not in user mode");
        disabled(OPS.signalFrameWrite("T", "xmm0", A), in, "task 'T' is not in user mode");
    }

    @Test
    void aChildNameMustBeNewAndValid() {
        MachineState s = twoCpus();
        disabled(X86Paths.fork("T", "K"), s, "task 'K' already exists");
        disabled(X86Paths.cloneThread("T", "T"), s, "task 'T' already exists");
        enabled(X86Paths.createIoWorker("T", "W"), s);
        assertThrows(IllegalArgumentException.class, () -> X86Paths.fork("T", ""));
        assertThrows(NullPointerException.class, () -> X86Paths.fork("T", null));
    }

    @Test
    void resumeNeedsAnIdleCpuAndATaskThatIsNotRunning() {
        MachineState s = twoCpus();
        disabled(OPS.resume("T", 1), s, "task 'T' is already running on CPU 0");
        disabled(OPS.resume("K", 0), s, "CPU 0 is running 'T', not idle");
        disabled(OPS.resume("X", 1), s, "there is no task 'X'; tasks: [T, K]");
        enabled(OPS.resume("K", 1), s);
    }

    @Test
    void theAlphabetsKernelFpuUseNeedsSomeTasksStateInTheRegisters() {
        MachineState s = twoCpus();
        Action cpu0 = alphabetAction(s, "cpu0: kernel_fpu_begin/end");
        Action cpu1 = alphabetAction(s, "cpu1: kernel_fpu_begin/end");
        enabled(cpu0, s);
        disabled(cpu1, s, "no task's state is in CPU 1's registers (exploration alphabet)");
        enabled(X86Paths.kernelFpu(1), s); // the scenario action is not restricted
        // after kernel FPU use on CPU 0 from user mode the exit to user reloads: T owns CPU 0 again
        MachineState after = run(s, cpu0);
        assertEquals(Optional.of("T"), owner(after, 0));
        enabled(cpu0, after);
        // T switched away and its CPU's registers invalidated by kernel FPU use in K's context: nothing to protect
        MachineState k = run(s, X86Paths.schedule(0, "K"), X86Paths.kernelFpu(0));
        assertEquals(Optional.empty(), owner(k, 0));
        disabled(cpu0, k, "no task's state is in CPU 0's registers (exploration alphabet)");
    }

    static Action alphabetAction(MachineState world, String label) {
        return X86Paths.alphabet(world).stream().filter(a -> a.label().equals(label)).findFirst().orElseThrow();
    }

    // ---- alphabet and coverage ---------------------------------------------------------------------------

    @Test
    void theAlphabetOffersEachUserTaskItsPathsAForkAndEachCpuEverySwitch() {
        MachineState s = twoCpus();
        List<String> expected = new ArrayList<>(List.of(
                "T: user writes xmm0 = " + token(0), "T: execve() entered", "T: execve() flush_thread",
                "T: return to user", "T: fork() -> T-child",
                "T-child: user writes xmm0 = " + token(1), "T-child: return to user"));
        for (int cpu = 0; cpu < 2; cpu++) {
            for (String t : List.of("T", "K", "T-child")) {
                expected.add("cpu" + cpu + ": switch to " + t);
            }
            expected.add("cpu" + cpu + ": switch to idle");
            expected.add("cpu" + cpu + ": kernel_fpu_begin/end");
        }
        assertEquals(expected, X86Paths.alphabet(s).stream().map(Action::label).toList());
        assertEquals(expected, X86_64.engine().alphabet(s).stream().map(Action::label).toList());
    }

    @Test
    void aWorldThatAlreadyHasTheChildForksOnlyFromTheChild() {
        MachineState s = run(twoCpus(), X86Paths.fork("T", "T-child"));
        List<String> labels = X86Paths.alphabet(s).stream().map(Action::label).toList();
        assertFalse(labels.contains("T: fork() -> T-child"), "T-child exists");
        assertTrue(labels.contains("T-child: fork() -> T-child-child"), labels::toString);
        assertTrue(labels.contains("T-child: user writes xmm0 = " + token(1)), "a token per user task, in order");
        assertTrue(labels.contains("T-child-child: user writes xmm0 = " + token(2)), labels::toString);
        assertEquals(1, labels.stream().filter(l -> l.equals("cpu1: switch to T-child")).count(), labels::toString);
        assertTrue(labels.contains("cpu1: switch to T-child-child"), labels::toString);
        assertFalse(labels.stream().anyMatch(l -> l.startsWith("K:")), "a kernel thread makes no user paths");
    }

    @Test
    void everyUserTaskAndEveryChildWritesATokenOfItsOwn() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("T", 0)).task(TaskSpec.running("U", 1)).build());
        List<String> writes = X86Paths.alphabet(s).stream().map(Action::label).filter(l -> l.contains("user writes")).toList();
        assertEquals(List.of("T: user writes xmm0 = " + token(0), "U: user writes xmm0 = " + token(1),
                "T-child: user writes xmm0 = " + token(2), "U-child: user writes xmm0 = " + token(3)), writes);
    }

    @Test
    void coverageNamesEachUserTasksOwnershipState() {
        MachineState s = twoCpus();
        assertEquals(Set.of("T: owner[0]=T last_cpu=cpu TIF=0 running USER"), X86_64.engine().coverage(s));
        MachineState out = run(s, X86Paths.scheduleIdle(0));
        assertEquals(Set.of("T: owner[0]=T last_cpu=cpu TIF=0 INTERRUPTED"), X86_64.engine().coverage(out));
        MachineState moved = run(out, X86Paths.schedule(1, "T"));
        assertEquals(Set.of("T: owner[1]=other last_cpu=other TIF=1 running INTERRUPTED"), X86_64.engine().coverage(moved));
        MachineState flushed = run(s, X86Paths.execveEnter("T"), X86Paths.flushThread("T"));
        assertEquals(Set.of("T: owner[0]=T last_cpu=-1 TIF=1 running EXECVE_FLUSHED"), X86_64.engine().coverage(flushed));
        MachineState forked = run(s, X86Paths.fork("T", "C"));
        assertEquals(Set.of("T: owner[0]=T last_cpu=cpu TIF=0 running USER", "C: owner[0]=other last_cpu=-1 TIF=1 NEW_CHILD"),
                X86_64.engine().coverage(forked));
    }

    // ---- Operations adapters -----------------------------------------------------------------------------

    @Test
    void anInterruptInUserModeReturnsWithoutReloadingWhenTheRegistersAreStillTheTasks() {
        Step i = X86_64.engine().step(twoCpus(), OPS.interrupt("T"), 1);
        assertTrue(i.passesThrough("sysvec_apic_timer_interrupt"));
        assertTrue(i.passesThrough("irqentry_exit_to_user_mode"));
        assertFalse(i.passesThrough("switch_fpu_return"), "TIF_NEED_FPU_LOAD is clear");
        assertEquals(TaskMode.USER, i.after().task("T").mode());
        assertEquals(A, i.after().cpu(0).live().get("xmm0"));
        assertEquals(List.of(), X86_64.engine().check(i));
    }

    @Test
    void theInterruptsExitChecksFpuConsistencyUnderX86DebugFpu() {
        KernelConfig debug = X86_64.machines().defaultConfig().with(X86.X86_DEBUG_FPU);
        MachineState s = twoCpus(debug);
        // a corrupted state: TIF clear but CPU 0's owner lost (what a missing fpregs_activate would leave)
        s = s.withCpu(s.cpu(0).withExt(s.cpu(0).ext(X86Cpu.class).withOwner(Optional.empty())));
        for (Action a : List.of(OPS.interrupt("T"), OPS.fork("T", "C"), X86Paths.archPrctlReqXcompPerm("T"))) {
            Step i = X86_64.engine().step(s, a, 1);
            assertTrue(i.events().stream().anyMatch(e -> e.message().contains("fpregs_assert_state_consistent")),
                    () -> a.label() + " returns to user without the check: " + i.events());
        }
    }

    @Test
    void aSyscallReturnsToUserModeWithTheUsersRegisters() {
        Step sys = X86_64.engine().step(twoCpus(), OPS.syscall("T"), 1);
        assertTrue(sys.passesThrough("__x64_sys_getppid") && sys.passesThrough("syscall_exit_to_user_mode"));
        assertEquals(A, seen(sys.after(), "T", "xmm0"));
        assertEquals(TaskMode.USER, sys.after().task("T").mode());
        assertEquals(List.of(), X86_64.engine().check(sys));
    }

    @Test
    void aPreemptedTaskResumedElsewhereReturnsToUserWithItsRegisters() {
        MachineState s = run(twoCpus(), OPS.preempt("T"));
        assertFalse(s.isRunning("T"));
        assertEquals(KernelPhase.INTERRUPTED, fpu(s, "T").phase());
        assertFalse(s.cpu(0).isBusy(), "preempted to idle");
        Step r = X86_64.engine().step(s, OPS.resume("T", 1), 2);
        MachineState after = r.after();
        assertEquals(TaskMode.USER, after.task("T").mode(), "resume finishes the interrupt's return to user");
        assertEquals(KernelPhase.USER, fpu(after, "T").phase());
        assertTrue(r.passesThrough("irqentry_exit_to_user_mode"));
        assertEquals(A, after.cpu(1).live().get("xmm0"), "switch_fpu_return reloaded T's registers on CPU 1");
        assertEquals(Optional.of("T"), owner(after, 1));
        assertFalse(fpu(after, "T").needFpuLoad());
        assertEquals(List.of(), X86_64.engine().check(r));
    }

    @Test
    void resumingATaskThatIsNotOnItsWayOutLeavesItInTheKernel() {
        // inside execve() before flush_thread: resumption does not return to user space
        MachineState s = run(twoCpus(), X86Paths.execveEnter("T"), X86Paths.scheduleIdle(0));
        MachineState r = run(s, OPS.resume("T", 1));
        assertTrue(r.isRunning("T"));
        assertEquals(TaskMode.KERNEL, r.task("T").mode());
        assertEquals(KernelPhase.EXECVE, fpu(r, "T").phase());
        assertTrue(fpu(r, "T").needFpuLoad(), "no switch_fpu_return yet");
        // a kernel thread stays a kernel thread
        MachineState k = run(twoCpus(), OPS.resume("K", 1));
        assertEquals(TaskMode.KERNEL, k.task("K").mode());
        assertEquals(KernelPhase.KERNEL_THREAD, fpu(k, "K").phase());
    }

    @Test
    void execThroughTheOperationsStartsTheNewProgramFromTheInitState() {
        Step e = X86_64.engine().step(twoCpus(), OPS.exec("T"), 1);
        assertTrue(e.passesThrough("bprm_execve") && e.passesThrough("begin_new_exec"), "the syscall, then flush_thread");
        MachineState s = e.after();
        assertEquals(TaskMode.USER, s.task("T").mode());
        assertTrue(seen(s, "T", "xmm0").isZero(), "the new program's registers are the init state");
        assertEquals(X86.MXCSR_DEFAULT, seen(s, "T", "mxcsr").toLong());
        assertEquals(Optional.of("T"), owner(s, 0));
        assertFalse(fpu(s, "T").needFpuLoad());
    }

    @Test
    void theSignalOperationRestoresWhatTheHandlerClobbered() {
        Step sig = X86_64.engine().step(twoCpus(), OPS.signal("T"), 1);
        assertTrue(sig.passesThrough("copy_fpstate_to_sigframe") && sig.passesThrough("__x64_sys_rt_sigreturn"));
        assertEquals(A, sig.after().cpu(0).live().get("xmm0"), "rt_sigreturn restored the frame");
        assertEquals(List.of(), X86.signalFrames(sig.after(), "T"));
        assertEquals(List.of(), X86_64.engine().check(sig));
    }

    @Test
    void execveEntryIsTheSyscallUpToBprmExecve() {
        Step e = X86_64.engine().step(twoCpus(), X86Paths.execveEnter("T"), 1);
        assertTrue(e.passesThrough("entry_SYSCALL_64") && e.passesThrough("do_execveat_common") && e.passesThrough("bprm_execve"));
        assertFalse(e.passesThrough("flush_thread"), "the point of no return is a later step");
        assertEquals(KernelPhase.EXECVE, fpu(e.after(), "T").phase());
    }

    @Test
    void onlyTheFirstTileUseWithXfdArmedTakesDeviceNotAvailable() {
        MachineState s = run(twoCpus(KernelConfig.of(Set.of(), X86.FEATURES_AMX)), X86Paths.archPrctlReqXcompPerm("T"));
        Step first = X86_64.engine().step(s, X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 3)), 2);
        assertTrue(first.passesThrough("exc_device_not_available"));
        assertEquals(0, fpu(first.after(), "T").xfd(), "fpstate_realloc disarmed XFD");
        Step second = X86_64.engine().step(first.after(), X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 5)), 3);
        assertFalse(second.passesThrough("exc_device_not_available"), "XFD is no longer armed: no #NM");
        assertEquals(BitVector.of(8192, 5), second.after().cpu(0).live().get("tiledata"));
    }

    @Test
    void aForkInsideASignalHandlerCopiesTheFramesToTheChildButAThreadStartsWithNone() {
        MachineState s = run(twoCpus(), OPS.signalDelivery("T"), OPS.fork("T", "P"), OPS.cloneThread("T", "Q"));
        assertEquals(X86.signalFrames(s, "T"), X86.signalFrames(s, "P"), "fork() copies the user stack, frames included");
        assertEquals(1, X86.signalFrames(s, "P").size());
        assertEquals(List.of(), X86.signalFrames(s, "Q"), "a thread has a stack of its own");
        // the forked child can return from the handler it inherited and sees the parent's pre-signal registers
        MachineState p = run(s, X86Paths.schedule(1, "P"), X86Paths.exitToUser("P"), OPS.sigreturn("P"));
        assertEquals(A, seen(p, "P", "xmm0"));
    }

    @Test
    void forkAndThreadCloneThroughTheOperations() {
        MachineState s = run(twoCpus(), OPS.fork("T", "P"), OPS.cloneThread("T", "Q"));
        assertEquals("P", fpu(s, "P").groupLeader(), "fork() starts a thread group");
        assertEquals("T", fpu(s, "Q").groupLeader(), "CLONE_THREAD joins the parent's group");
        assertEquals(A, s.task("P").saved().get("xmm0"));
        assertEquals(A, s.task("Q").saved().get("xmm0"));
        assertEquals(KernelPhase.NEW_CHILD, fpu(s, "Q").phase());
        MachineState k = run(twoCpus(), OPS.kernelFpUse(1));
        assertEquals(A, k.cpu(0).live().get("xmm0"), "kernel FPU use on the idle CPU 1 leaves CPU 0 alone");
    }
}

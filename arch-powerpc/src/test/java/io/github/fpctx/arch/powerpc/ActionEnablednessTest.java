package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When each PowerPC step can run, and what a scenario author is told when it cannot: the scheduler's resume, fork and
 * clone, kernel FP/VMX/VSX use, the io_uring worker, the split kernel FP section, the signal-frame steps. Labels are
 * what a timeline shows, so they are checked too.
 */
class ActionEnablednessTest {
    static final Architecture A = Architectures.load().require("ppc64");

    /** Two CPUs: {@code t} runs in user mode on CPU 0, {@code u} waits, CPU 1 is idle. */
    static MachineState world() {
        return A.machines().newMachine(MachineSpec.builder().cpus(2).userTask("t", 0)
                .task(new TaskSpec("u", TaskKind.USER, 0, false, Map.of())).build());
    }

    static void assertDisabled(Action act, MachineState s, String why) {
        assertFalse(act.isEnabled(s), act.label());
        assertEquals(why, act.whyDisabled(s), act.label());
    }

    @Test
    void resumeNeedsAnExistingWaitingTaskAndAnIdleCpu() {
        MachineState s = world();
        assertDisabled(A.operations().resume("nobody", 1), s, "there is no task 'nobody'; tasks: [t, u]");
        assertDisabled(A.operations().resume("u", 2), s, "Invalid value for CPU (valid values 0 - 1): 2");
        assertDisabled(A.operations().resume("u", -1), s, "Invalid value for CPU (valid values 0 - 1): -1");
        assertDisabled(A.operations().resume("t", 1), s, "task 't' is already running on CPU 0");
        assertDisabled(A.operations().resume("u", 0), s, "CPU 0 is running 't'");
        Action r = A.operations().resume("u", 1);
        assertTrue(r.isEnabled(s));
        assertEquals("u: scheduled in on CPU 1", r.label());
        assertEquals(r.label(), r.toString());
        MachineState after = A.engine().step(s, r, 0).after();
        assertTrue(after.isRunning("u") && after.task("u").mode() == TaskMode.USER && after.task("u").cpu() == 1);
        MachineState idle = A.engine().step(s, A.operations().preempt("t"), 0).after();
        assertTrue(A.operations().resume("u", 0).isEnabled(idle), "CPU 0 idle after the preemption");
    }

    @Test
    void forkAndCloneNeedTheParentInUserModeAndAFreeName() {
        MachineState s = world();
        assertDisabled(A.operations().fork("t", "u"), s, "a task named 'u' already exists");
        assertDisabled(A.operations().fork("u", "c"), s, "task 'u' is not running");
        assertDisabled(A.operations().cloneThread("nobody", "c"), s, "no task 'nobody'; tasks: [t, u]");
        Action f = A.operations().fork("t", "c");
        assertTrue(f.isEnabled(s));
        assertEquals("t: fork() -> c", f.label());
        assertEquals(f.label(), f.toString());
        Action th = A.operations().cloneThread("t", "c");
        assertEquals("t: clone(CLONE_THREAD) -> c", th.label());
        assertEquals(th.label(), th.toString());
        MachineState after = A.engine().step(s, th, 0).after();
        assertEquals(TaskKind.USER, after.task("c").kind());
        assertFalse(after.isRunning("c"));
    }

    @Test
    void kernelUseNeedsAValidCpuWhoseTaskIsInUserModeOrNoTask() {
        MachineState s = world();
        assertDisabled(PowerPcPaths.kernelFpUse(2), s, "Invalid value for CPU (valid values 0 - 1): 2");
        assertDisabled(PowerPcPaths.kernelVsxUse(-1), s, "Invalid value for CPU (valid values 0 - 1): -1");
        assertTrue(PowerPcPaths.kernelFpUse(0).isEnabled(s), "from t's syscall");
        assertTrue(PowerPcPaths.kernelAltivecUse(1).isEnabled(s), "from an interrupt on the idle CPU");
        Action use = PowerPcPaths.kernelAltivecUse(1);
        assertEquals("CPU 1: kernel uses altivec (enable_kernel_altivec ... disable_kernel_altivec)", use.label());
        assertEquals(use.label(), use.toString());
        assertEquals("CPU 0: kernel uses vsx (enable_kernel_vsx ... disable_kernel_vsx)", PowerPcPaths.kernelVsxUse(0).label());
        MachineState inKernel = A.engine().step(s, PowerPcPaths.kernelFpBegin(0, true), 0).after();
        assertDisabled(PowerPcPaths.kernelFpUse(0), inKernel, "CPU 0 runs a task that is not in user mode");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.github.fpctx.arch.powerpc.internal.PpcActions.kernelUse(0, PowerPc.MSR_FE_MASK));
        assertEquals("Invalid kernel facility MSR[FE0 FE1]; valid: MSR[FP], MSR[VEC], MSR[VSX]", e.getMessage());
    }

    @Test
    void theSplitKernelFpSectionBeginsInUserModeAndEndsWhereItBegan() {
        MachineState s = world();
        Action begin = PowerPcPaths.kernelFpBegin(0, true);
        assertTrue(begin.isEnabled(s));
        assertEquals("CPU 0: syscall enters enable_kernel_fp", begin.label());
        assertEquals("CPU 0: syscall enters enable_kernel_fp while preemptible", PowerPcPaths.kernelFpBegin(0, false).label());
        for (int cpu : new int[] {-1, 1, 2}) {
            assertFalse(PowerPcPaths.kernelFpBegin(cpu, true).isEnabled(s), "CPU " + cpu + ": no task in user mode");
            assertFalse(PowerPcPaths.kernelFpEnd(cpu).isEnabled(s), "CPU " + cpu);
        }
        assertFalse(PowerPcPaths.kernelFpEnd(0).isEnabled(s), "no kernel FP section open");
        MachineState in = A.engine().step(s, begin, 0).after();
        assertFalse(begin.isEnabled(in), "t is in the kernel, kernel FP in use");
        assertTrue(PowerPcPaths.kernelFpEnd(0).isEnabled(in));
        assertFalse(PowerPcPaths.kernelFpEnd(1).isEnabled(in));
        assertEquals("CPU 0: disable_kernel_fp and syscall exit", PowerPcPaths.kernelFpEnd(0).label());
        MachineState out = A.engine().step(in, PowerPcPaths.kernelFpEnd(0), 1).after();
        assertTrue(out.isInUserMode("t"));
        assertEquals(0, out.cpu(0).exec().preemptCount());
        assertTrue(begin.isEnabled(out), "a second section may begin");
        // a CPU in a kernel FP section whose task is in user mode again (an interrupt's use) is not a place to begin
        MachineState odd = out.withCpu(out.cpu(0).withExt(out.cpu(0).ext(PowerPcCpu.class).withKernelUse(PowerPc.MSR_FP.mask())));
        assertFalse(begin.isEnabled(odd));
    }

    @Test
    void theIoUringWorkerIsCreatedOncePerRingOwner() {
        MachineState s = world();
        Action w = A.path("io_uring_worker_at_interrupt_return").bind(List.of("t"));
        assertTrue(w.isEnabled(s));
        assertEquals("t: reschedule IPI, io_uring worker created at interrupt exit", w.label());
        assertEquals(w.label(), w.toString());
        Action p = A.path("io_uring_worker_preempts_at_interrupt_return").bind(List.of("t"));
        assertEquals("t: reschedule IPI, io_uring worker created at interrupt exit; the worker preempts t", p.label());
        MachineState after = A.engine().step(s, w, 0).after();
        assertDisabled(w, after, "'t' already has its io_uring worker");
        assertDisabled(A.path("io_uring_worker_at_interrupt_return").bind(List.of("u")), s, "task 'u' is not running");
        assertTrue(after.isInUserMode("t"), "6a: the owner returns to user at once");
        Step kick = A.engine().step(s, w, 0);
        assertEquals(List.of("t: reschedule IPI, io_uring worker created at interrupt exit", "io_wq_worker_sleeping", "io_queue_worker_create",
                "task_work_add", "set_notify_signal", "kick_process", "smp_send_reschedule", "arch_smp_send_reschedule", "do_message_pass"),
                kick.calls().pathTo("do_message_pass"), "the reschedule IPI");
        Step pre = A.engine().step(s, p, 0);
        assertTrue(pre.passesThrough("io_wq_worker"), "the new worker runs before it sleeps");
        MachineState preempted = pre.after();
        assertFalse(preempted.isRunning("t"), "6b: the worker preempted the owner");
        assertTrue(preempted.cpu(0).current().isEmpty(), "the worker sleeps, the CPU is idle");
    }

    @Test
    void signalFrameStepsNeedADeliveredSignal() {
        MachineState s = world();
        Action write = A.operations().signalFrameWrite("t", "fr1", BitVector.of(64, 3));
        Action ret = A.operations().sigreturn("t");
        assertDisabled(write, s, "task 't' has no signal frame; deliver a signal first");
        assertDisabled(ret, s, "task 't' has no signal frame; deliver a signal first");
        assertDisabled(A.operations().sigreturn("u"), s, "task 'u' is not running");
        assertEquals("t: rt_sigreturn", ret.label());
        assertEquals("t: handler writes fr1 = " + BitVector.of(64, 3) + " into its signal frame", write.label());
        MachineState inHandler = A.engine().step(s, A.operations().signalDelivery("t"), 0).after();
        assertTrue(write.isEnabled(inHandler) && ret.isEnabled(inHandler));
        MachineState back = A.engine().run(inHandler, List.of(write, ret)).finalState();
        assertEquals(BitVector.of(64, 3), A.engine().userView(back, back.task("t")).get("fr1"), "sigreturn restores the frame");
        assertDisabled(ret, back, "task 't' has no signal frame; deliver a signal first");
    }
}

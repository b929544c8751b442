package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.KernelPath;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.B;
import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.FP;
import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.MATH;
import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.VEC;
import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.VSX;
import static io.github.fpctx.arch.powerpc.KernelPathDetailsTest.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel paths each PowerPC action runs, as the timeline shows them: the CPU a step ran on, the call chains of
 * the interrupt, program-check, signal, io_uring, KVM-PR and kernel-FP exits (each ending in
 * {@code interrupt_exit_user_prepare_main}'s {@code restore_math}), the task back in user mode, and what each kernel
 * path offered by name builds.
 */
class ActionPathsTest {
    static final Architecture A = Architectures.load().require("ppc64");

    /** {@code t} on CPU 1 of two, with FP and VMX live but not VSX (two separate faults). */
    static MachineState onCpu1() {
        MachineState s = A.machines().newMachine(MachineSpec.builder().cpus(2).userTask("t", 1).build());
        return A.engine().run(s, List.of(A.operations().userWrite("t", "fr1", X), A.operations().userWrite("t", "vr1", B))).finalState();
    }

    static long math(MachineState s) {
        return s.task("t").ext(PowerPcThread.class).msr().bits() & MATH;
    }

    static Step step(MachineState s, Action act) {
        Step st = A.engine().step(s, act, 2);
        assertEquals(List.of(), A.engine().check(st), act.label());
        return st;
    }

    @Test
    void everyUserStepRunsOnItsTasksCpuAndReturnsToUserWithMathRestored() {
        MachineState s = onCpu1();
        Operations o = A.operations();
        assertEquals(FP | VEC, math(s));
        for (Action act : List.of(o.userWrite("t", "fr2", X), PowerPcSteps.fpDivideByZero("t"), o.interrupt("t"), o.syscall("t"),
                o.signalDelivery("t"), o.preempt("t"), PowerPcPaths.ioUringWorkerAtInterruptReturn("t"),
                PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_DISABLED))) {
            Step st = step(s, act);
            assertEquals(1, st.cpu(), act.label());
        }
        for (Action act : List.of(o.interrupt("t"), o.syscall("t"), o.signalDelivery("t"),
                PowerPcPaths.ioUringWorkerAtInterruptReturn("t"))) {
            Step st = step(s, act);
            assertTrue(st.after().isInUserMode("t"), act.label());
            assertTrue(st.passesThrough("restore_math"), act.label());
            assertEquals(FP | VEC | VSX, math(st.after()), act.label() + ": restore_math adds MSR_VSX");
        }
        Step irq = step(s, o.interrupt("t"));
        assertEquals(List.of("t: timer interrupt", "interrupt_return_srr_user", "interrupt_exit_user_prepare",
                "interrupt_exit_user_prepare_main", "restore_math"), irq.calls().pathTo("restore_math"));
        assertTrue(irq.passesThrough("timer_interrupt"));
        Step pre = step(s, o.preempt("t"));
        assertTrue(pre.passesThrough("timer_interrupt") && pre.passesThrough("giveup_all"));
        assertTrue(pre.after().cpu(1).current().isEmpty());
        assertEquals(TaskMode.KERNEL, pre.after().task("t").mode());
    }

    @Test
    void anFpExceptionRaisesSigfpeThroughProgramCheckAndReloadsFpOnTheWayOut() {
        MachineState s = step(onCpu1(), PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE)).after();
        Step st = step(s, PowerPcSteps.fpDivideByZero("t"));
        assertEquals(List.of("t: sets FPSCR[ZE], fdiv by zero", "program_check_exception", "do_program_check", "parse_fpe",
                "flush_fp_to_thread"), st.calls().pathTo("flush_fp_to_thread"));
        assertTrue(st.events().stream().anyMatch(e -> e.kind() == KernelEvent.Kind.SIGNAL && e.message().startsWith("SIGFPE (FPE_FLTDIV) to 't'")),
                st.events()::toString);
        assertEquals(List.of("t: sets FPSCR[ZE], fdiv by zero", "interrupt_exit_user_prepare", "interrupt_exit_user_prepare_main",
                "restore_math"), st.calls().pathTo("restore_math"));
        assertTrue(st.after().isInUserMode("t"));
        assertEquals(FP | VEC | VSX, math(st.after()), "the FP state flushed for the signal is reloaded eagerly");
        long fpscr = A.engine().userView(st.after(), st.after().task("t")).get("fpscr").toLong();
        long bits = PowerPc.FPSCR_ZE.mask() | PowerPc.FPSCR_ZX.mask() | PowerPc.FPSCR_FX.mask() | PowerPc.FPSCR_FEX.mask();
        assertEquals(bits, fpscr & bits);
    }

    @Test
    void signalPathsAreNamedPerWordSize() {
        Operations o = A.operations();
        Step d = step(onCpu1(), o.signalDelivery("t"));
        assertEquals(List.of("t: SIGUSR1 delivered", "interrupt_return_srr_user", "interrupt_exit_user_prepare",
                "interrupt_exit_user_prepare_main", "do_notify_resume", "do_signal", "handle_rt_signal64", "setup_sigcontext"),
                d.calls().pathTo("setup_sigcontext"));
        assertTrue(d.passesThrough("timer_interrupt"));
        Architecture p32 = Architectures.load().require("ppc32");
        MachineState s32 = p32.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
        Step d32 = p32.engine().step(s32, p32.operations().signalDelivery("t"), 0);
        assertTrue(d32.passesThrough("handle_rt_signal32") && d32.passesThrough("save_user_regs"));
        assertFalse(d32.passesThrough("handle_rt_signal64"));
        // the combined step on ppc32 (no restore_math): the handler's FP use faults (delivery gave FP up) and computes
        // in fr0; sigreturn undoes it
        MachineState w32 = p32.engine().step(s32, p32.operations().userWrite("t", "fr1", X), 0).after();
        Step sig = p32.engine().step(w32, p32.operations().signal("t"), 1);
        assertEquals(List.of(), p32.engine().check(sig));
        assertEquals(List.of("t: SIGUSR1 delivered and handled", "sigusr1_handler", "FPUnavailable", "load_up_fpu"),
                sig.calls().pathTo("load_up_fpu"));
        assertTrue(sig.calls().allChanges().stream().anyMatch(c -> c.path().equals("cpu0.live.fr0")
                && c.after().startsWith("0x5349_4748_414e_444c") && sig.calls().pathToChange(c).contains("sigusr1_handler")),
                () -> sig.calls().allChanges().toString());
        assertEquals(X, p32.engine().userView(sig.after(), sig.after().task("t")).get("fr1"));
        // rt_sigreturn: the registers come from the frame
        MachineState in = step(step(onCpu1(), o.signalDelivery("t")).after(), o.signalFrameWrite("t", "fr3", X)).after();
        Step ret = step(in, o.sigreturn("t"));
        StateChange fr = ret.calls().allChanges().stream().filter(c -> c.path().equals("task t.saved.vs3")).findFirst()
                .orElseThrow(() -> new AssertionError(ret.calls().allChanges()));
        assertEquals("the signal frame (filled from the save area at delivery)", fr.source().describe());
        assertTrue(ret.after().isInUserMode("t"));
    }

    @Test
    void theIoUringWorkerIsCreatedFromTheIpisInterruptExit() {
        Step st = step(onCpu1(), PowerPcPaths.ioUringWorkerAtInterruptReturn("t"));
        assertTrue(st.passesThrough("smp_ipi_demux"));
        assertEquals(List.of("t: reschedule IPI, io_uring worker created at interrupt exit", "interrupt_return_srr_user",
                "interrupt_exit_user_prepare", "interrupt_exit_user_prepare_main", "do_notify_resume", "get_signal", "task_work_run",
                "create_worker_cb", "create_io_worker", "create_io_thread", "copy_process"), st.calls().pathTo("copy_process"));
        String worker = st.after().taskNames().stream().filter(n -> n.startsWith("iou-wrk-")).findFirst().orElseThrow();
        // the worker, scheduled in on the idle CPU, finds no work and sleeps again
        Step w = step(st.after(), A.operations().resume(worker, 0));
        assertTrue(w.passesThrough("io_wq_worker"));
        assertTrue(w.after().cpu(0).current().isEmpty(), "the worker went back to sleep");
        Step back = step(A.engine().step(onCpu1(), A.operations().preempt("t"), 2).after(), A.operations().resume("t", 1));
        assertTrue(back.calls().pathTo("restore_math").size() > 0);
        assertTrue(back.passesThrough("interrupt_exit_user_prepare_main"), "a user task resumes through the interrupt exit");
    }

    @Test
    void kvmPrLoadsTheGuestsRegistersWithTheKernelMsrFacilityOn() {
        KernelConfig strict = A.machines().defaultConfig().with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState s = A.machines().newMachine(MachineSpec.builder().cpus(1).config(strict).userTask("t", 0).build());
        Step st = step(s, PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_PRECISE));
        assertEquals(List.of("enable_kernel_fp > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "disable_kernel_fp > msr_check_and_clear: MSR[VSX FP] -> MSR[]",
                        "giveup_fpu > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "giveup_fpu > msr_check_and_clear: MSR[VSX FP] -> MSR[]"),
                KernelMsrPerCallTest.kernelMsrCalls(st));
        assertTrue(st.calls().allChanges().stream().anyMatch(c -> c.path().equals("cpu0.live.vs0")
                && c.after().startsWith("0x4755_4553_5446_5030") && st.calls().pathToChange(c).contains("load_fp_state")),
                () -> st.calls().allChanges().toString());
    }

    @Test
    void theSplitKernelFpSectionLeavesThroughTheSyscallExit() {
        MachineState s = A.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
        s = A.engine().step(s, A.operations().userWrite("t", "fr1", X), 0).after();
        MachineState in = step(s, PowerPcPaths.kernelFpBegin(0, true)).after();
        Step end = step(in, PowerPcPaths.kernelFpEnd(0));
        assertEquals(List.of("CPU 0: disable_kernel_fp and syscall exit", "syscall_exit_prepare", "interrupt_exit_user_prepare_main",
                "restore_math"), end.calls().pathTo("restore_math"));
        assertEquals(FP, math(end.after()) & FP, "the FP state enable_kernel_fp gave up is back");
        assertTrue(end.after().isInUserMode("t"));
        // a running task in the kernel (not in user mode) with no kernel FP section open cannot begin one
        MachineState kernelMode = in.withCpu(in.cpu(0).withExt(in.cpu(0).ext(PowerPcCpu.class).withKernelUse(0)));
        assertFalse(PowerPcPaths.kernelFpBegin(0, true).isEnabled(kernelMode));
    }

    @Test
    void vmxNeedsAltivecEverywhere() {
        Architecture p32 = Architectures.load().require("ppc32");
        MachineState bare = p32.machines().newMachine(MachineSpec.builder().cpus(1).config(KernelConfig.of(Set.of(), Set.of()))
                .userTask("t", 0).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p32.engine().step(bare, PowerPcPaths.kernelAltivecUse(0), 0));
        assertEquals("enable_kernel_altivec needs a CPU with ALTIVEC; this ppc32 machine has CPU features []", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p32.engine().step(bare, p32.operations().userWrite("t", "vrsave",
                BitVector.of(32, 1)), 0));
        assertEquals("Register vrsave needs AltiVec, which this ppc32 machine does not have (CPU features [])", e.getMessage());
    }

    @Test
    void everyKernelPathByNameBuildsTheStepItNames() {
        assertEquals(PowerPcSteps.setFpexcMode("t", 3).label(), A.path("set_fpexc_mode").bind(List.of("t", "3")).label());
        assertEquals(PowerPcSteps.fpDivideByZero("t").label(), A.path("fp_divide_by_zero").bind(List.of("t")).label());
        assertEquals(PowerPcPaths.kvmPrGuestFpUse("t", 1).label(), A.path("kvm_pr_guest_fp").bind(List.of("t", "1")).label());
        assertEquals(PowerPcPaths.kernelFpBegin(1, false).label(), A.path("kernel_fp_begin").bind(List.of("1", "false")).label());
        assertEquals(PowerPcPaths.kernelFpBegin(0, true).label(), A.path("kernel_fp_begin").bind(List.of("0", " true ")).label());
        assertEquals(PowerPcPaths.kernelFpEnd(1).label(), A.path("kernel_fp_end").bind(List.of("1")).label());
        assertEquals(PowerPcPaths.ioUringWorkerPreemptsAtInterruptReturn("t").label(),
                A.path("io_uring_worker_preempts_at_interrupt_return").bind(List.of("t")).label());
        assertEquals(List.of("io_uring_worker_at_interrupt_return", "io_uring_worker_preempts_at_interrupt_return", "set_fpexc_mode",
                "fp_divide_by_zero", "kvm_pr_guest_fp", "kernel_fp_begin", "kernel_fp_end"), A.paths().stream().map(KernelPath::name).toList());
    }
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.github.fpctx.arch.x86.X86ActionsTest.fpu;
import static io.github.fpctx.arch.x86.X86ActionsTest.run;
import static io.github.fpctx.arch.x86.X86ActionsTest.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signal delivered as a task returns to user space from the kernel ({@link X86Paths#signalOnReturn}): in the
 * kernel {@code exit_to_user_mode_loop} runs {@code arch_do_signal_or_restart} before
 * {@code arch_exit_to_user_mode_prepare} reaches {@code switch_fpu_return}, so a task that was switched out and
 * back, or migrated, still has {@code TIF_NEED_FPU_LOAD} set and registers that are not its own when
 * {@code copy_fpstate_to_sigframe} runs. The frame must hold the task's registers all the same, and
 * {@code rt_sigreturn} must give them back.
 */
class X86SignalOnReturnTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final BitVector A = BitVector.of(128, 0xA11CE);
    static final BitVector MXCSR_RZ = BitVector.of(32, 0x7F80);

    static MachineState twoCpus(KernelConfig config) {
        return X86_64.machines().newMachine(MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", A).withRegister("mxcsr", MXCSR_RZ))
                .kernelThread("K", 0).build());
    }

    /** T preempted on CPU 0, K's kernel FPU use there, T switched in on CPU 1: TIF set, CPU 1 not T's. */
    static MachineState migratedWithTifSet(KernelConfig config) {
        MachineState s = run(twoCpus(config), X86Paths.schedule(0, "K"), X86Paths.kernelFpu(0), X86Paths.schedule(1, "T"));
        assertTrue(fpu(s, "T").needFpuLoad());
        assertEquals(KernelPhase.INTERRUPTED, fpu(s, "T").phase());
        assertFalse(s.cpu(1).live().get("xmm0").equals(A), "CPU 1's registers are not T's");
        return s;
    }

    @Test
    void aSignalOnTheReturnFromAnInterruptWithTifSetFramesTheTasksRegisters() {
        MachineState s = migratedWithTifSet(X86_64.machines().defaultConfig());
        Step d = X86_64.engine().step(s, X86Paths.signalOnReturn("T"), 4);
        assertTrue(d.passesThrough("irqentry_exit_to_user_mode") && d.passesThrough("exit_to_user_mode_loop"));
        assertTrue(d.passesThrough("fpregs_restore_userregs"), "copy_fpstate_to_sigframe reloads first");
        assertFalse(d.passesThrough("switch_fpu_return"), "the signal path already cleared TIF_NEED_FPU_LOAD");
        MachineState a = d.after();
        RegisterFile frame = X86.signalFrames(a, "T").get(0);
        assertEquals(A, frame.get("xmm0"), "the frame holds T's registers, not CPU 1's");
        assertEquals(MXCSR_RZ, frame.get("mxcsr"));
        // the handler runs in user mode from the init state, T owning CPU 1
        assertEquals(TaskMode.USER, a.task("T").mode());
        assertEquals(KernelPhase.USER, fpu(a, "T").phase());
        assertTrue(seen(a, "T", "xmm0").isZero());
        assertEquals(X86.MXCSR_DEFAULT, seen(a, "T", "mxcsr").toLong());
        assertFalse(fpu(a, "T").needFpuLoad());
        assertEquals(1, fpu(a, "T").lastCpu());
        assertEquals(Optional.of("T"), a.cpu(1).ext(X86Cpu.class).fpregsOwner());
        assertEquals(List.of(), X86_64.engine().check(d));
        // rt_sigreturn gives T its registers back
        MachineState back = run(a, X86_64.operations().sigreturn("T"));
        assertEquals(A, seen(back, "T", "xmm0"));
        assertEquals(MXCSR_RZ, seen(back, "T", "mxcsr"));
        assertEquals(List.of(), X86.signalFrames(back, "T"));
    }

    @Test
    void theWholeScheduleIsCleanUnderX86DebugFpu() {
        KernelConfig debug = X86_64.machines().defaultConfig().with(X86.X86_DEBUG_FPU);
        Trace t = X86_64.engine().run(migratedWithTifSet(debug), List.of(X86Paths.signalOnReturn("T"),
                X86_64.operations().userWrite("T", "xmm0", BitVector.of(128, 7)), X86_64.operations().sigreturn("T")));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.steps().get(0).passesThrough("fpregs_assert_state_consistent"), "checked after the handler's setup");
        assertEquals(A, seen(t.finalState(), "T", "xmm0"));
    }

    @Test
    void aSignalOnTheReturnToTheSameCpuWithItsRegistersStillThereSkipsTheReload() {
        // T preempted to idle and switched back on CPU 0: TIF set, but fpregs_state_valid
        MachineState s = run(twoCpus(X86_64.machines().defaultConfig()), X86Paths.scheduleIdle(0), X86Paths.schedule(0, "T"));
        assertTrue(fpu(s, "T").needFpuLoad());
        Step d = X86_64.engine().step(s, X86Paths.signalOnReturn("T"), 3);
        assertTrue(d.passesThrough("fpregs_restore_userregs"));
        assertFalse(d.passesThrough("restore_fpregs_from_fpstate"), "fpregs_state_valid: the registers are T's");
        assertEquals(A, X86.signalFrames(d.after(), "T").get(0).get("xmm0"));
        assertEquals(List.of(), X86_64.engine().check(d));
    }

    @Test
    void aNewChildsFirstReturnCanDeliverASignalFramingTheInheritedRegisters() {
        MachineState s = run(twoCpus(X86_64.machines().defaultConfig()), X86Paths.fork("T", "C"), X86Paths.schedule(1, "C"));
        Step d = X86_64.engine().step(s, X86Paths.signalOnReturn("C"), 3);
        assertTrue(d.passesThrough("ret_from_fork") && d.passesThrough("syscall_exit_to_user_mode"));
        assertEquals(A, X86.signalFrames(d.after(), "C").get(0).get("xmm0"), "fpu_clone's copy, reloaded for the frame");
        assertEquals(List.of(), X86.signalFrames(d.after(), "T"), "the parent has no frame");
        assertEquals(TaskMode.USER, d.after().task("C").mode());
        assertEquals(List.of(), X86_64.engine().check(d));
    }

    @Test
    void aSignalAfterExecFramesTheNewProgramsInitState() {
        MachineState s = run(twoCpus(X86_64.machines().defaultConfig()), X86Paths.execveEnter("T"), X86Paths.flushThread("T"));
        Step d = X86_64.engine().step(s, X86Paths.signalOnReturn("T"), 3);
        assertTrue(d.passesThrough("syscall_exit_to_user_mode"));
        assertFalse(d.passesThrough("ret_from_fork"));
        RegisterFile frame = X86.signalFrames(d.after(), "T").get(0);
        assertTrue(frame.get("xmm0").isZero(), "the old program's xmm0 is gone");
        assertEquals(X86.MXCSR_DEFAULT, frame.get("mxcsr").toLong());
    }

    @Test
    void onlyATaskOnItsWayBackToUserSpaceCanTakeIt() {
        MachineState s = twoCpus(X86_64.machines().defaultConfig());
        Action a = X86Paths.signalOnReturn("T");
        assertFalse(a.isEnabled(s));
        assertEquals("task 'T' is in phase USER; needs one of [INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD, SYSCALL]", a.whyDisabled(s));
        MachineState inExec = run(s, X86Paths.execveEnter("T"));
        assertEquals("task 'T' is in phase EXECVE; needs one of [INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD, SYSCALL]", a.whyDisabled(inExec));
        MachineState off = run(s, X86Paths.scheduleIdle(0));
        assertEquals("task 'T' is not running", a.whyDisabled(off));
        assertFalse(a.isEnabled(off));
        assertFalse(X86Paths.signalOnReturn("K").isEnabled(run(s, X86Paths.schedule(1, "K"))), "a kernel thread never returns to user");
        // not in the exploration alphabet: the explored worlds keep their state counts
        assertFalse(X86Paths.alphabet(s).stream().anyMatch(x -> x.label().contains("signal")));
    }
}

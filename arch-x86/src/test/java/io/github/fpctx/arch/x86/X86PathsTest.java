package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per path: its effect on owner slots, last_cpu, TIF, registers and the saved area. */
class X86PathsTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final BitVector A = BitVector.of(128, 0xA);

    static MachineState twoCpus(KernelConfig config, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", A)).kernelThread("K", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return X86_64.machines().newMachine(b.build());
    }

    static MachineState twoCpus() {
        return twoCpus(X86_64.machines().defaultConfig());
    }

    static Step step(MachineState s, Action a) {
        return X86_64.engine().step(s, a, 1);
    }

    static FpuState fpu(MachineState s, String t) {
        return s.task(t).ext(FpuState.class);
    }

    static X86Cpu percpu(MachineState s, int c) {
        return s.cpu(c).ext(X86Cpu.class);
    }

    @Test
    void initialRunningTaskOwnsItsCpu() {
        MachineState s = twoCpus();
        assertEquals(Optional.of("T"), percpu(s, 0).fpregsOwner());
        assertEquals(new FpuState(0, false, 0x7, 0, "T", KernelPhase.USER), fpu(s, "T"));
        assertEquals(A, s.cpu(0).live().get("xmm0"));
        assertEquals(List.of(1, 2), s.tasks().stream().map(t -> t.pid()).toList());
    }

    @Test
    void switchOutWithTifClearSavesAndKeepsOwner() {
        MachineState s = step(twoCpus(), X86Paths.scheduleIdle(0)).after();
        assertEquals(A, s.task("T").saved().get("xmm0"));
        assertEquals(0, fpu(s, "T").lastCpu());
        assertFalse(fpu(s, "T").needFpuLoad(), "switch_fpu_finish sets TIF on the incoming task only");
        assertEquals(Optional.of("T"), percpu(s, 0).fpregsOwner());
        assertEquals(TaskMode.KERNEL, s.task("T").mode());
        assertEquals(KernelPhase.INTERRUPTED, fpu(s, "T").phase());
    }

    @Test
    void switchInSetsTifAndSwitchOutWithTifSetDoesNotSave() {
        MachineState s = step(twoCpus(), X86Paths.scheduleIdle(0)).after();
        s = step(s, X86Paths.schedule(1, "T")).after();
        assertTrue(fpu(s, "T").needFpuLoad());
        assertEquals(1, s.task("T").cpu());
        MachineState cleared = s.withCpu(s.cpu(1).withLive(s.cpu(1).live().with("xmm0", BitVector.of(128, 0xBAD))));
        Step out = step(cleared, X86Paths.scheduleIdle(1));
        assertFalse(out.passesThrough("switch_fpu_prepare"));
        assertEquals(A, out.after().task("T").saved().get("xmm0"));
        assertEquals(0, fpu(out.after(), "T").lastCpu());
    }

    @Test
    void exitToUserSkipsRestoreWhenValid() {
        MachineState s = step(twoCpus(), X86Paths.scheduleIdle(0)).after();
        Step back = step(step(s, X86Paths.schedule(0, "T")).after(), X86Paths.exitToUser("T"));
        assertTrue(back.passesThrough("fpregs_state_valid"));
        assertFalse(back.passesThrough("restore_fpregs_from_fpstate"));
        assertFalse(fpu(back.after(), "T").needFpuLoad());
        assertEquals(TaskMode.USER, back.after().task("T").mode());
    }

    @Test
    void exitToUserRestoresAndActivatesWhenInvalid() {
        MachineState s = step(twoCpus(), X86Paths.scheduleIdle(0)).after();
        s = step(s, X86Paths.schedule(1, "T")).after();
        Step back = step(s, X86Paths.exitToUser("T"));
        assertTrue(back.passesThrough("restore_fpregs_from_fpstate"));
        MachineState a = back.after();
        assertEquals(A, a.cpu(1).live().get("xmm0"));
        assertEquals(Optional.of("T"), percpu(a, 1).fpregsOwner());
        assertEquals(Optional.of("T"), percpu(a, 0).fpregsOwner(), "CPU 0 keeps its stale owner pointer");
        assertEquals(1, fpu(a, "T").lastCpu());
        assertFalse(fpu(a, "T").needFpuLoad());
    }

    @Test
    void kernelFpuUseInTaskContextSavesAndInvalidatesTheCpu() {
        MachineState s = step(twoCpus(), X86Paths.execveEnter("T")).after();
        s = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("mxcsr", BitVector.of(32, 0x7F80))));
        Step k = step(s, X86Paths.kernelFpu(0));
        MachineState a = k.after();
        assertTrue(fpu(a, "T").needFpuLoad());
        assertEquals(BitVector.of(32, 0x7F80), a.task("T").saved().get("mxcsr"));
        assertEquals(Optional.empty(), percpu(a, 0).fpregsOwner());
        assertFalse(percpu(a, 0).inKernelFpu());
        assertEquals(BitVector.of(32, X86.MXCSR_DEFAULT), a.cpu(0).live().get("mxcsr"));
        assertFalse(a.cpu(0).live().get("xmm0").equals(A));
        assertTrue(a.cpu(0).exec().isClean());
    }

    @Test
    void kernelFpuUseInterruptingUserModeReturnsThroughARestore() {
        Trace t = X86_64.engine().run(twoCpus(), List.of(X86Paths.kernelFpu(0)));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.passesThrough("switch_fpu_return"));
        assertEquals(A, t.finalState().cpu(0).live().get("xmm0"));
    }

    @Test
    void fixedFlushThreadInvalidatesTheTask() {
        MachineState s = step(twoCpus(), X86Paths.execveEnter("T")).after();
        MachineState a = step(s, X86Paths.flushThread("T")).after();
        assertEquals(-1, fpu(a, "T").lastCpu());
        assertTrue(fpu(a, "T").needFpuLoad());
        assertEquals(Optional.of("T"), percpu(a, 0).fpregsOwner());
        assertEquals(X86.initRegisters(a.config()), a.task("T").saved());
        assertEquals(X86.initRegisters(a.config()), a.task("T").oracle());
        assertEquals(A, a.cpu(0).live().get("xmm0"), "flush_thread does not touch the hardware registers");
    }

    @Test
    void buggyFlushThreadNullsThisCpusOwnerOnly() {
        MachineState s = step(twoCpus(X86_64.machines().defaultConfig(), X86Errata.EXEC_FPU_DROP), X86Paths.execveEnter("T")).after();
        MachineState a = step(s, X86Paths.flushThread("T")).after();
        assertEquals(0, fpu(a, "T").lastCpu());
        assertEquals(Optional.empty(), percpu(a, 0).fpregsOwner());
        assertTrue(fpu(a, "T").needFpuLoad());
    }

    @Test
    void forkCopiesLiveRegistersIntoTheChild() {
        Trace t = X86_64.engine().run(twoCpus(), List.of(X86Paths.fork("T", "C"), X86_64.operations().resume("C", 1)));
        assertTrue(t.isClean(), t::render);
        MachineState after = t.steps().get(0).after();
        FpuState c = fpu(after, "C");
        assertEquals(-1, c.lastCpu());
        assertTrue(c.needFpuLoad());
        assertEquals("C", c.groupLeader());
        assertEquals(A, after.task("C").saved().get("xmm0"));
        assertFalse(after.isRunning("C"));
        assertEquals(0, after.task("C").cpu());
        assertEquals(TaskMode.USER, after.task("T").mode());
        assertEquals(A, t.finalState().cpu(1).live().get("xmm0"));
    }

    @Test
    void signalRoundTripLeavesRegistersIntact() {
        Trace t = X86_64.engine().run(twoCpus(), List.of(X86Paths.signal("T")));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.passesThrough("copy_fpregs_to_sigframe"));
        assertTrue(t.passesThrough("fpu__clear_user_states"));
        assertTrue(t.passesThrough("__fpu_restore_sig"));
        assertEquals(A, t.finalState().cpu(0).live().get("xmm0"));
        assertEquals(0, fpu(t.finalState(), "T").lastCpu());
    }

    @Test
    void amxUseWithoutPermissionGetsSigill() {
        MachineState s = twoCpus(KernelConfig.of(Set.of(), X86.FEATURES_AMX));
        Step st = step(s, X86Paths.userWrite("T", "tiledata", BitVector.ones(8192)));
        assertEquals(KernelEvent.Kind.SIGNAL, st.events().get(0).kind());
        assertTrue(st.events().get(0).message().startsWith("SIGILL (ILL_ILLOPC)"));
        assertTrue(st.after().cpu(0).live().get("tiledata").isZero());
        assertTrue(st.after().task("T").oracle().get("tiledata").isZero());
    }

    @Test
    void amxUseWithPermissionEnlargesTheFpstate() {
        MachineState s = twoCpus(KernelConfig.of(Set.of(), X86.FEATURES_AMX));
        Trace t = X86_64.engine().run(s, List.of(X86Paths.archPrctlReqXcompPerm("T"),
                X86Paths.userWrite("T", "tiledata", BitVector.ones(8192)), X86Paths.scheduleIdle(0), X86Paths.schedule(1, "T"),
                X86Paths.exitToUser("T")));
        assertTrue(t.isClean(), t::render);
        assertTrue(t.steps().get(1).passesThrough("fpstate_realloc"));
        MachineState a = t.finalState();
        assertEquals(0, fpu(a, "T").xfd());
        assertEquals(BitVector.ones(8192), a.cpu(1).live().get("tiledata"));
        assertEquals(0, percpu(a, 1).xfd(), "xfd_update_state disarmed CPU 1");
    }

    @Test
    void archPrctlWithoutDynamicFeaturesChangesNothing() {
        Step st = step(twoCpus(), X86Paths.archPrctlReqXcompPerm("T"));
        assertEquals(0x7, fpu(st.after(), "T").perm());
        assertTrue(st.passesThrough("xstate_request_perm"));
    }

    @Test
    void rejectsRegistersTheCpuLacksAndReadOnlyMxcsrMask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step(twoCpus(), X86Paths.userWrite("T", "zmm0", BitVector.zero(512))));
        assertEquals("Register zmm0 needs CPU features [AVX512F]; this machine has [AVX, SSE]", e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> step(twoCpus(), X86Paths.userWrite("T", "mxcsr_mask", BitVector.zero(32))));
        assertEquals("Register mxcsr_mask is read-only (the CPU's MXCSR_MASK); FXRSTOR/XRSTOR ignore it", m.getMessage());
    }

    @Test
    void ldmxcsrWithAReservedBitRaisesSigsegvAndChangesNothing() {
        MachineState s = twoCpus();
        Step st = step(s, X86Paths.userWrite("T", "mxcsr", BitVector.of(32, 0x10000)));
        assertEquals(List.of("SIGSEGV (SI_KERNEL) to 'T': #GP in LDMXCSR, reserved MXCSR bits 0x0001_0000"),
                st.events().stream().map(KernelEvent::message).toList());
        assertTrue(st.passesThrough("exc_general_protection"));
        assertEquals(s.cpu(0).live(), st.after().cpu(0).live());
        assertEquals(s.task("T").oracle(), st.after().task("T").oracle());
    }

    @Test
    void signalFrameHoldsTheStateAndTheHandlerStartsFromInitIncludingAmxTiles() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(1).config(KernelConfig.of(Set.of(), X86.FEATURES_AMX))
                .task(TaskSpec.running("T", 0).withRegister("xmm0", A)).build());
        s = X86_64.engine().run(s, List.of(X86Paths.archPrctlReqXcompPerm("T"), X86Paths.userWrite("T", "tiledata", BitVector.ones(8192))))
                .finalState();
        Step st = step(s, X86_64.operations().signalDelivery("T"));
        RegisterFile frame = X86.signalFrames(st.after(), "T").get(0);
        assertEquals(A, frame.get("xmm0"));
        assertEquals(BitVector.ones(8192), frame.get("tiledata"));
        RegisterFile handler = X86_64.engine().userView(st.after(), st.after().task("T"));
        assertTrue(handler.get("tiledata").isZero(), "fpu__clear_user_states: AMX tile data in its init state");
        assertTrue(handler.get("xmm0").isZero());
        assertEquals(X86.MXCSR_DEFAULT, handler.get("mxcsr").toLong());
        assertTrue(st.passesThrough("fpu__clear_user_states"));
        Step back = step(st.after(), X86_64.operations().sigreturn("T"));
        assertEquals(frame, X86_64.engine().userView(back.after(), back.after().task("T")));
        assertEquals(List.of(), X86.signalFrames(back.after(), "T"));
    }

    @Test
    void sigreturnRestoresWhatTheHandlerWroteIntoTheFrame() {
        Trace t = X86_64.engine().run(twoCpus(), List.of(X86_64.operations().signalDelivery("T"),
                X86_64.operations().signalFrameWrite("T", "xmm3", BitVector.of(128, 7)),
                X86_64.operations().signalFrameWrite("T", "mxcsr", BitVector.of(32, 0x7F80)),
                X86_64.operations().sigreturn("T")));
        assertTrue(t.isClean(), t::render);
        RegisterFile v = X86_64.engine().userView(t.finalState(), t.finalState().task("T"));
        assertEquals(BitVector.of(128, 7), v.get("xmm3"));
        assertEquals(A, v.get("xmm0"));
        assertEquals(0x7F80, v.get("mxcsr").toLong());
    }

    @Test
    void sigreturnOfAReservedMxcsrBitResetsToInitAndSendsSigsegv() {
        Trace t = X86_64.engine().run(twoCpus(), List.of(X86_64.operations().signalDelivery("T"),
                X86_64.operations().signalFrameWrite("T", "mxcsr", BitVector.of(32, 0x8000_1F80L)),
                X86_64.operations().sigreturn("T")));
        assertTrue(t.isClean(), t::render);
        Step last = t.steps().get(2);
        assertEquals(List.of("SIGSEGV (SI_KERNEL) to 'T': rt_sigreturn: bad frame (XRSTOR #GP, reserved MXCSR bits 0x8000_0000)"),
                last.events().stream().map(KernelEvent::message).toList());
        assertTrue(last.passesThrough("fpu__clear_user_states") && last.passesThrough("signal_fault"), t::render);
        RegisterFile v = X86_64.engine().userView(t.finalState(), t.finalState().task("T"));
        assertTrue(v.get("xmm0").isZero());
        assertEquals(X86.MXCSR_DEFAULT, v.get("mxcsr").toLong());
        assertEquals(X86.FCW_DEFAULT, v.get("fctrl").toLong());
    }

    @Test
    void frameStepsWithoutAFrameSayWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(twoCpus(), X86_64.operations().sigreturn("T")));
        assertEquals("Step 1 (T: rt_sigreturn) cannot run: task 'T' has no signal frame; deliver a signal first", e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> X86_64.operations().signalFrameWrite("T", "xmm3", BitVector.of(64, 7)));
        assertEquals("Register xmm3 is 128 bits wide; got a 64-bit value", w.getMessage());
    }

    @Test
    void disabledActionsSayWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(twoCpus(), X86Paths.flushThread("T")));
        assertEquals("Step 1 (T: execve() flush_thread) cannot run: task 'T' is in phase USER; needs one of [EXECVE]", e.getMessage());
        IllegalStateException f = assertThrows(IllegalStateException.class, () -> step(twoCpus(), X86Paths.schedule(1, "T")));
        assertEquals("Step 1 (cpu1: switch to T) cannot run: task 'T' is already running on CPU 0", f.getMessage());
    }
}

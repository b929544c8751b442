package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a kernel developer relies on around {@code kernel_fpu_begin()}: kernel FPU use from an interrupt taken in
 * user mode and from a syscall under the strict syscall ABI leaves the user's registers intact; a signal
 * delivered and a {@code fork()} made while {@code TIF_NEED_FPU_LOAD} is set (the interrupt's kernel FPU use left
 * the user's state in memory only) see the user's registers, not the kernel's; the signal handler starts from
 * the init state.
 */
class X86KernelFpuUseTest {
    static final BitVector A = BitVector.of(128, 0xA11CE);
    static final BitVector MXCSR_RZ = BitVector.of(32, 0x7F80);

    static Architecture x86() {
        return Architectures.load().require("x86_64");
    }

    static MachineState machine(Architecture x86, KernelConfig config) {
        return x86.machines().newMachine(MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", A).withRegister("mxcsr", MXCSR_RZ)).build());
    }

    static FpuState fpu(MachineState s, String t) {
        return s.task(t).ext(FpuState.class);
    }

    static Optional<String> owner(MachineState s, int cpu) {
        return s.cpu(cpu).ext(X86Cpu.class).fpregsOwner();
    }

    static BitVector seen(Architecture x86, MachineState s, String task, String reg) {
        return x86.engine().userView(s, s.task(task)).get(reg);
    }

    @Test
    void kernelFpuUseFromAnInterruptInUserModeSavesAndRestoresTheUsersRegisters() {
        Architecture x86 = x86();
        Step k = x86.engine().step(machine(x86, x86.machines().defaultConfig()), X86Paths.kernelFpu(0), 0);
        assertTrue(k.passesThrough("sysvec_call_function"), "an interrupt taken in user mode");
        assertTrue(k.passesThrough("save_fpregs_to_fpstate"), "kernel_fpu_begin saves the interrupted task's registers");
        assertTrue(k.passesThrough("restore_fpregs_from_fpstate"), "the exit to user reloads them");
        MachineState s = k.after();
        assertEquals(A, s.task("T").saved().get("xmm0"));
        assertEquals(MXCSR_RZ, s.task("T").saved().get("mxcsr"), "saved before kernel_fpu_begin's ldmxcsr");
        assertEquals(A, s.cpu(0).live().get("xmm0"));
        assertEquals(MXCSR_RZ, s.cpu(0).live().get("mxcsr"));
        assertFalse(fpu(s, "T").needFpuLoad());
        assertEquals(Optional.of("T"), owner(s, 0));
        assertFalse(s.cpu(0).ext(X86Cpu.class).inKernelFpu(), "kernel_fpu_end");
        assertEquals(List.of(), x86.engine().check(k));
    }

    @Test
    void kernelFpuUseInsideASyscallUnderTheStrictAbiLeavesEveryRegisterIntact() {
        Architecture x86 = x86();
        KernelConfig strict = x86.machines().defaultConfig().with(KernelConfig.STRICT_SYSCALL_ABI);
        MachineState s = machine(x86, strict);
        // T is inside execve(): kernel FPU use in its context (TIF clear): save, TIF set, CPU invalidated
        Trace t = x86.engine().run(s, List.of(X86Paths.execveEnter("T"), X86Paths.kernelFpu(0)));
        MachineState in = t.finalState();
        assertTrue(fpu(in, "T").needFpuLoad());
        assertEquals(Optional.empty(), owner(in, 0), "__cpu_invalidate_fpregs_state");
        assertEquals(A, in.task("T").saved().get("xmm0"));
        assertEquals(X86.MXCSR_DEFAULT, in.cpu(0).live().get("mxcsr").toLong(), "kernel_fpu_begin's ldmxcsr");
        assertFalse(in.cpu(0).live().get("xmm0").equals(A), "the kernel's SIMD code clobbered xmm0");
        // a second kernel FPU use in the same syscall must not save the kernel's values over the user's
        in = x86.engine().step(in, X86Paths.kernelFpu(0), 2).after();
        assertEquals(A, in.task("T").saved().get("xmm0"));
        assertEquals(MXCSR_RZ, in.task("T").saved().get("mxcsr"));
        // a plain syscall under the strict ABI with kernel FPU use (the generic event) keeps everything
        Trace sys = x86.engine().run(s, List.of(x86.operations().syscall("T"), x86.operations().kernelFpUse(0),
                x86.operations().syscall("T")));
        assertTrue(sys.isClean(), sys::render);
        assertEquals(A, seen(x86, sys.finalState(), "T", "xmm0"));
        assertEquals(MXCSR_RZ, seen(x86, sys.finalState(), "T", "mxcsr"));
    }

    @Test
    void kernelFpuUseOnAnotherCpuOnlyInvalidatesThatCpu() {
        Architecture x86 = x86();
        MachineState s = machine(x86, x86.machines().defaultConfig());
        s = x86.engine().step(s, X86Paths.scheduleIdle(0), 0).after();
        Step k = x86.engine().step(s, X86Paths.kernelFpu(0), 1);
        assertEquals(Optional.empty(), owner(k.after(), 0), "a stale owner must not survive kernel FPU use");
        assertEquals(0, fpu(k.after(), "T").lastCpu());
        assertEquals(A, k.after().task("T").saved().get("xmm0"), "a preempted task's fpstate is not touched");
        // T comes back on CPU 0: its last_cpu matches but the owner is gone, so it must reload
        Trace back = x86.engine().run(k.after(), List.of(X86Paths.schedule(0, "T"), X86Paths.exitToUser("T")));
        assertTrue(back.steps().get(1).passesThrough("restore_fpregs_from_fpstate"), back::render);
        assertEquals(A, back.finalState().cpu(0).live().get("xmm0"));
        assertTrue(back.isClean(), back::render);
    }

    /**
     * The state an interrupt in user mode leaves when its handler used the FPU and a signal (or the task's own
     * clone) is handled on the way out: {@code kernel_fpu_begin} saved the user's registers into the fpstate, set
     * {@code TIF_NEED_FPU_LOAD}, dropped the CPU's owner, and the kernel's values are in the registers.
     */
    static MachineState afterKernelFpuInInterrupt(Architecture x86) {
        MachineState s = machine(x86, x86.machines().defaultConfig());
        TaskState t = s.task("T");
        s = s.withTask(t.withSaved(s.cpu(0).live()).withExt(t.ext(FpuState.class).withNeedFpuLoad(true)));
        s = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("xmm0", BitVector.of(128, 0x6b65726e656cL))
                .with("mxcsr", BitVector.of(32, X86.MXCSR_DEFAULT))));
        return s.withCpu(s.cpu(0).withExt(s.cpu(0).ext(X86Cpu.class).withOwner(Optional.empty())));
    }

    @Test
    void aSignalDeliveredWithTifNeedFpuLoadSetFramesTheUsersRegisters() {
        Architecture x86 = x86();
        Step d = x86.engine().step(afterKernelFpuInInterrupt(x86), x86.operations().signalDelivery("T"), 0);
        assertTrue(d.passesThrough("fpregs_restore_userregs"), "copy_fpstate_to_sigframe reloads first");
        RegisterFile frame = X86.signalFrames(d.after(), "T").get(0);
        assertEquals(A, frame.get("xmm0"));
        assertEquals(MXCSR_RZ, frame.get("mxcsr"));
        Trace back = x86.engine().run(d.after(), List.of(x86.operations().sigreturn("T")));
        assertEquals(A, seen(x86, back.finalState(), "T", "xmm0"));
        assertEquals(MXCSR_RZ, seen(x86, back.finalState(), "T", "mxcsr"));
        assertTrue(back.isClean(), back::render);
    }

    @Test
    void theSignalHandlerStartsFromTheInitStateWithItsRegistersLive() {
        Architecture x86 = x86();
        MachineState s = machine(x86, x86.machines().defaultConfig());
        Step d = x86.engine().step(s, x86.operations().signalDelivery("T"), 0);
        MachineState a = d.after();
        RegisterFile init = X86.initRegisters(a.config());
        assertTrue(d.passesThrough("fpu__clear_user_states"));
        assertEquals(init.get("xmm0"), a.cpu(0).live().get("xmm0"));
        assertEquals(BitVector.of(32, X86.MXCSR_DEFAULT), a.cpu(0).live().get("mxcsr"), "the handler's MXCSR is the default");
        assertEquals(s.cpu(0).live().get("mxcsr_mask"), a.cpu(0).live().get("mxcsr_mask"), "MXCSR_MASK is the CPU's");
        assertFalse(fpu(a, "T").needFpuLoad(), "fpregs_mark_activate");
        assertEquals(0, fpu(a, "T").lastCpu());
        assertEquals(Optional.of("T"), owner(a, 0));
        assertEquals(List.of(), x86.engine().check(d));
        assertEquals(A, X86.signalFrames(a, "T").get(0).get("xmm0"));
    }

    @Test
    void aForkWithTifNeedFpuLoadSetCopiesTheUsersRegistersToTheChild() {
        Architecture x86 = x86();
        Step f = x86.engine().step(afterKernelFpuInInterrupt(x86), X86Paths.fork("T", "C"), 0);
        assertTrue(f.passesThrough("fpregs_restore_userregs"), "fpu_clone reloads the parent's registers first");
        MachineState a = f.after();
        assertEquals(A, a.task("C").saved().get("xmm0"), "the child gets the user's registers, not the kernel's");
        assertEquals(MXCSR_RZ, a.task("C").saved().get("mxcsr"));
        assertEquals(A, a.cpu(0).live().get("xmm0"));
        assertEquals(Optional.of("T"), owner(a, 0));
        assertFalse(fpu(a, "T").needFpuLoad());
        Trace child = x86.engine().run(a, List.of(X86Paths.schedule(1, "C"), X86Paths.exitToUser("C")));
        assertEquals(A, child.finalState().cpu(1).live().get("xmm0"));
        assertTrue(child.isClean(), child::render);
    }
}

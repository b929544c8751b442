package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.ids;
import static io.github.fpctx.arch.powerpc.Ppc.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds 000 and 001: the f0/vs0/v0 clobber of save_fpu/save_altivec on the save-without-giveup path. */
class SaveFpuClobbersFr0Test {
    static final BitVector SEED001_VS0 = BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000");

    private static Trace seed001(Architecture arch, MachineState s, boolean workerPreempts) {
        List<io.github.fpctx.core.Action> steps = new java.util.ArrayList<>(List.of(
                arch.operations().userWrite("t", "fpscr", BitVector.of(64, 0x8200_4000L)),
                arch.operations().userWrite("t", "vr0", Ppc.v128("0x1234")),
                arch.operations().userWrite("t", "vs0", BitVector.zero(128))));
        if (workerPreempts) {
            steps.add(PowerPcPaths.ioUringWorkerPreemptsAtInterruptReturn("t"));
            steps.add(arch.operations().resume("t", 0));
        } else {
            steps.add(PowerPcPaths.ioUringWorkerAtInterruptReturn("t"));
        }
        return arch.engine().run(s, steps);
    }

    @Test
    void buggySaveFpuLeavesSeed001ValueInVs0AtInterruptReturn() {
        Trace t = seed001(PPC64, machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0), false);
        MachineState end = t.finalState();
        assertEquals(SEED001_VS0, Ppc.live(end, "t", "vs0"));
        assertEquals(PowerPc.mfvscrImage(0x0001_0000L), Ppc.live(end, "t", "vr0"));
        assertTrue(Ppc.thread(end, "t").fpLive(), "MSR_FP stays set: restore_math is skipped");
        Violation v = t.violations().get(0);
        assertEquals("user-registers-intact", v.invariant());
        assertEquals(4, v.step());
        assertTrue(v.callPath().contains("save_all"), v.callPath().toString());
        assertTrue(t.render().contains("create_worker_cb"), t.render());
        List<String> regs = t.violations().stream().map(x -> x.subject().orElse("")).toList();
        assertTrue(regs.contains("vs0") && regs.contains("vs32"), regs.toString());
    }

    @Test
    void fixedSaveFpuReloadsVs0AndV0() {
        Trace t = seed001(PPC64, machine(PPC64), false);
        assertTrue(t.isClean(), t.render());
        assertEquals(BitVector.zero(128), Ppc.live(t.finalState(), "t", "vs0"));
        assertTrue(t.passesThrough("save_fpu") && t.passesThrough("save_altivec"));
    }

    @Test
    void workerPreemptingPersistsTheClobberIntoTheSaveArea() {
        Trace t = seed001(PPC64, machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0), true);
        assertEquals(SEED001_VS0, t.steps().get(3).after().task("t").saved().get("vs0"));
        assertEquals(SEED001_VS0, Ppc.live(t.finalState(), "t", "vs0"), "restore_math reloads the clobbered copy");
        assertTrue(ids(t.violations()).contains("user-registers-intact"));
        assertTrue(seed001(PPC64, machine(PPC64), true).isClean());
    }

    @Test
    void lwsyncWrongFixChangesNothingAboutTheCorruption() {
        Trace bug = seed001(PPC64, machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0), false);
        Trace wrong = seed001(PPC64, machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, PowerPcErrata.IPI_LWSYNC_BARRIER), false);
        assertTrue(wrong.passesThrough("__smp_lwsync"));
        assertFalse(bug.passesThrough("__smp_lwsync"));
        assertEquals(bug.violations().size(), wrong.violations().size());
        assertEquals(Ppc.live(bug.finalState(), "t", "vs0"), Ppc.live(wrong.finalState(), "t", "vs0"));
        assertTrue(seed001(PPC64, machine(PPC64, PowerPcErrata.IPI_LWSYNC_BARRIER), false).isClean());
    }

    @Test
    void ppc32ClobbersOnlyF0() {
        MachineState s = machine(PPC32, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        Trace t = PPC32.engine().run(s, List.of(
                PPC32.operations().userWrite("t", "fpscr", BitVector.of(64, 0x8200_4000L)),
                PPC32.operations().userWrite("t", "f0", BitVector.of(64, 7)),
                PowerPcPaths.ioUringWorkerAtInterruptReturn("t")));
        assertEquals(BitVector.of(64, 0x8200_4000L), Ppc.live(t.finalState(), "t", "fr0"));
        assertEquals(List.of("fr0"), t.violations().stream().map(v -> v.subject().orElse("")).toList());
    }

    @Test
    void giveupAllAtSwitchClobbersFr0ButIsNotABug() {
        // seed 000 negative control: __switch_to > giveup_all > __giveup_fpu > save_fpu clears MSR_FP
        MachineState s = machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        Trace t = PPC64.engine().run(s, List.of(
                PPC64.operations().userWrite("t", "fpscr", BitVector.of(64, 0x8200_4000L)),
                PPC64.operations().userWrite("t", "vs0", BitVector.zero(128)),
                PPC64.operations().preempt("t")));
        assertEquals(SEED001_VS0, t.finalState().cpu(0).live().get("vs0"), "fr0 is clobbered");
        assertFalse(Ppc.thread(t.finalState(), "t").fpLive(), "but MSR_FP is off");
        assertEquals(BitVector.zero(128), t.finalState().task("t").saved().get("vs0"));
        Trace back = PPC64.engine().run(t.finalState(), List.of(PPC64.operations().resume("t", 0)));
        assertTrue(t.isClean() && back.isClean(), back.render());
        assertEquals(BitVector.zero(128), Ppc.live(back.finalState(), "t", "vs0"));
    }

    @Test
    void forkSyscallClobberIsInvisibleUnderFunctionCallAbiAndVisibleUnderStrictAbi() {
        KernelConfig strict = PPC64.machines().defaultConfig().with(KernelConfig.STRICT_SYSCALL_ABI);
        for (boolean isStrict : new boolean[] {false, true}) {
            MachineState s = isStrict ? machine(PPC64, strict, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
                    : machine(PPC64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
            Trace t = PPC64.engine().run(s, List.of(
                    PPC64.operations().userWrite("t", "f0", BitVector.of(64, 42)),
                    PPC64.operations().fork("t", "child")));
            assertEquals(BitVector.of(64, 0), Ppc.live(t.finalState(), "t", "f0"), "parent's f0 = FPSCR image");
            assertEquals(BitVector.of(64, 42), t.finalState().task("child").saved().get("f0"), "child's copy is good");
            assertEquals(isStrict, !t.isClean(), t.render());
        }
    }
}

package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.ids;
import static io.github.fpctx.arch.powerpc.Ppc.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 003: __giveup_fpu leaving MSR_FE0/FE1 set (kernel-semantics §4). */
class GiveupFpuKeepsFe01Test {
    private static long sigfpes(Trace t) {
        return t.steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.kind() == KernelEvent.Kind.SIGNAL && e.message().startsWith("SIGFPE")).count();
    }

    /** §4.3 on ppc32: FP used (precise by default), switched out, PR_SET_FPEXC(DISABLED) without touching FP. */
    private static List<Action> section43(Architecture a) {
        return List.of(
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),
                PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE),
                a.operations().preempt("t"),
                a.operations().resume("t", 0),
                PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
                PowerPcSteps.fpDivideByZero("t"));
    }

    @Test
    void buggyGiveupLeavesFeBitsAndTheTaskGetsSigfpeItDisabled() {
        Trace t = PPC32.engine().run(machine(PPC32, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), section43(PPC32));
        MachineState afterPreempt = t.steps().get(2).after();
        assertEquals(PowerPc.MSR_FE0.mask() | PowerPc.MSR_FE1.mask(),
                Ppc.thread(afterPreempt, "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertFalse(Ppc.thread(afterPreempt, "t").fpLive());
        assertEquals(1, sigfpes(t), t.render());
        assertEquals(List.of("ppc-fe-clear-when-fp-off", "ppc-sigfpe-matches-fpexc-mode"),
                ids(t.violations()), t.render());
        assertEquals(PowerPc.PR_FP_EXC_DISABLED, Ppc.thread(t.finalState(), "t").fpexcModeValue());
    }

    @Test
    void fixedGiveupClearsFeBitsAndNoSigfpe() {
        Trace t = PPC32.engine().run(machine(PPC32), section43(PPC32));
        assertEquals(0, Ppc.thread(t.steps().get(2).after(), "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertEquals(0, sigfpes(t));
        assertTrue(t.isClean(), t.render());
        long fpscr = t.finalState().cpu(0).live().getLong(PPC32.layout().register("fpscr"));
        assertEquals(PowerPc.FPSCR_FX.mask() | PowerPc.FPSCR_FEX.mask() | PowerPc.FPSCR_ZX.mask() | PowerPc.FPSCR_ZE.mask(), fpscr);
    }

    @Test
    void invisibleWhenTheModeDoesNotChangeBetweenGiveupAndReload() {
        List<Action> steps = List.of(
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),
                PPC32.operations().preempt("t"),
                PPC32.operations().resume("t", 0),
                PowerPcSteps.fpDivideByZero("t"));
        Trace bug = PPC32.engine().run(machine(PPC32, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), steps);
        Trace fixed = PPC32.engine().run(machine(PPC32), steps);
        assertEquals(1, sigfpes(bug));
        assertEquals(1, sigfpes(fixed), "precise is the ppc32 default, so SIGFPE is right in both");
        assertEquals(List.of("ppc-fe-clear-when-fp-off"), ids(bug.violations()), "only the model-level P4 sees it");
        assertTrue(fixed.isClean(), fixed.render());
    }

    @Test
    void touchingFpBeforePrctlRewritesTheFeBits() {
        List<Action> steps = List.of(
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),
                PPC32.operations().preempt("t"),
                PPC32.operations().resume("t", 0),
                PowerPcSteps.userWrite("t", "f1", BitVector.of(64, 2)),
                PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
                PowerPcSteps.fpDivideByZero("t"));
        Trace bug = PPC32.engine().run(machine(PPC32, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), steps);
        assertEquals(0, sigfpes(bug));
        assertFalse(ids(bug.violations()).contains("ppc-sigfpe-matches-fpexc-mode"));
    }

    @Test
    void onPpc64RestoreMathReappliesTheModeSoOnlyTheModelSeesIt() {
        // derived: Book3S-64 reloads FP eagerly (load_fp != 0) with regs->msr | fpexc_mode, and prctl then sees MSR_FP
        Trace t = PPC64.engine().run(machine(PPC64, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), section43(PPC64));
        assertEquals(0, sigfpes(t));
        assertEquals(List.of("ppc-fe-clear-when-fp-off"), ids(t.violations()), t.render());
        assertTrue(PPC64.engine().run(machine(PPC64), section43(PPC64)).isClean());
    }

    @Test
    void kvmPrGuestFeBitsLeakIntoTheHostTaskWithTheBug() {
        for (Architecture a : List.of(PPC32, PPC64)) {
            List<Action> steps = List.of(
                    PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
                    PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_PRECISE),
                    PowerPcSteps.fpDivideByZero("t"));
            Trace bug = a.engine().run(machine(a, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), steps);
            assertTrue(bug.passesThrough("kvmppc_handle_ext") && bug.passesThrough("kvmppc_giveup_ext"));
            assertEquals(1, sigfpes(bug), bug.render());
            assertTrue(ids(bug.violations()).contains("ppc-sigfpe-matches-fpexc-mode"), bug.render());
            Trace fixed = a.engine().run(machine(a), steps);
            assertEquals(0, sigfpes(fixed));
            assertTrue(fixed.isClean(), fixed.render());
            assertEquals(PowerPcThread.SaveArea.THREAD, Ppc.thread(fixed.finalState(), "t").fpSaveArea());
        }
    }

    @Test
    void kvmGuestRegistersGoToTheVcpuNotTheHostSaveArea() {
        Trace t = PPC64.engine().run(machine(PPC64), List.of(
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 77)),
                PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_PRECISE)));
        assertEquals(BitVector.of(64, 77), t.finalState().task("t").saved().get("f0"));
        assertEquals(BitVector.of(64, 77), Ppc.live(t.finalState(), "t", "f0"), "restore_math reloads the host state");
        assertTrue(t.isClean(), t.render());
    }
}

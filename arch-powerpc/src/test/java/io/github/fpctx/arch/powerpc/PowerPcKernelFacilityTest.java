package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a kernel developer relies on around the PowerPC facility bits: kernel FP/VMX/VSX use inside a syscall
 * gives up the user's live state first, so under the strict syscall ABI (no register may change across the
 * syscall) every register comes back intact; the kernel MSR has the facility on while the kernel saves or loads
 * a task's state and, with {@code CONFIG_PPC_STRICT_FACILITY_ENABLE}, off again afterwards; and the negative
 * controls that make P1 ({@code ppc-vsx-implies-fp-vec}), P4, P5 and P8 fire.
 */
class PowerPcKernelFacilityTest {
    static final BitVector A = BitVector.parse("0x0123_4567_89ab_cdef_fedc_ba98_7654_3210");
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    static final long FP = PowerPc.MSR_FP.mask();
    static final long VEC = PowerPc.MSR_VEC.mask();
    static final long VSX = PowerPc.MSR_VSX.mask();
    static final long MATH = PowerPc.MSR_MATH_MASK;

    /** A fresh registry per test, so nothing computed before a mutant is swapped in is reused. */
    static Architecture arch(String id) {
        return Architectures.load().require(id);
    }

    static MachineState machine(Architecture a, KernelConfig config) {
        return a.machines().newMachine(MachineSpec.builder().cpus(1).config(config).userTask("t", 0).build());
    }

    static PowerPcThread th(MachineState s, String t) {
        return s.task(t).ext(PowerPcThread.class);
    }

    static long kernelMsr(MachineState s) {
        return s.cpu(0).ext(PowerPcCpu.class).kernelMsr().bits() & MATH;
    }

    static BitVector seen(Architecture a, MachineState s, String reg) {
        return a.engine().userView(s, s.task("t")).get(reg);
    }

    // ---- kernel FP/VMX/VSX use inside a syscall under the strict syscall ABI ----------------------------------

    static void assertKernelUseKeepsUserState(Architecture a, Action use, List<String> regs, List<BitVector> values) {
        KernelConfig strict = a.machines().defaultConfig().with(KernelConfig.STRICT_SYSCALL_ABI);
        MachineState s = machine(a, strict);
        for (int i = 0; i < regs.size(); i++) {
            s = a.engine().step(s, a.operations().userWrite("t", regs.get(i), values.get(i)), i).after();
        }
        Trace t = a.engine().run(s, List.of(use));
        assertTrue(t.isClean(), t::render);
        Step st = t.steps().get(0);
        assertTrue(st.passesThrough("system_call_exception"), "kernel use from the task's syscall");
        for (int i = 0; i < regs.size(); i++) {
            assertEquals(values.get(i), seen(a, t.finalState(), regs.get(i)), regs.get(i) + " after " + use.label());
        }
        assertEquals(0, t.finalState().cpu(0).ext(PowerPcCpu.class).kernelUse().bits(), "disable_kernel_*");
    }

    @Test
    void kernelFpVmxVsxUseInASyscallGivesUpTheUsersLiveStateOnPpc64() {
        Architecture ppc64 = arch("ppc64");
        assertKernelUseKeepsUserState(ppc64, PowerPcPaths.kernelFpUse(0), List.of("vs0", "vr0"), List.of(A, B));
        assertKernelUseKeepsUserState(ppc64, PowerPcPaths.kernelAltivecUse(0), List.of("vs0", "vr0"), List.of(A, B));
        assertKernelUseKeepsUserState(ppc64, PowerPcPaths.kernelVsxUse(0), List.of("vs0", "vr0"), List.of(A, B));
        // only the facility in use is given up: VMX stays live across kernel FP use
        KernelConfig strict = ppc64.machines().defaultConfig().with(KernelConfig.STRICT_SYSCALL_ABI);
        MachineState s = ppc64.engine().run(machine(ppc64, strict), List.of(ppc64.operations().userWrite("t", "vr0", B),
                ppc64.operations().userWrite("t", "fr1", BitVector.of(64, 7)))).finalState();
        Step fp = ppc64.engine().step(s, PowerPcPaths.kernelFpUse(0), 0);
        assertTrue(fp.passesThrough("__giveup_fpu"));
        assertFalse(fp.passesThrough("__giveup_altivec"));
        Step vec = ppc64.engine().step(s, PowerPcPaths.kernelAltivecUse(0), 0);
        assertTrue(vec.passesThrough("__giveup_altivec"));
        assertFalse(vec.passesThrough("__giveup_fpu"));
        Step vsx = ppc64.engine().step(s, PowerPcPaths.kernelVsxUse(0), 0);
        assertTrue(vsx.passesThrough("__giveup_vsx") && vsx.passesThrough("__giveup_fpu") && vsx.passesThrough("__giveup_altivec"));
    }

    @Test
    void kernelFpAndVmxUseInASyscallGivesUpTheUsersLiveStateOnPpc32() {
        Architecture ppc32 = arch("ppc32");
        assertKernelUseKeepsUserState(ppc32, PowerPcPaths.kernelFpUse(0), List.of("fr0", "vr0"), List.of(BitVector.of(64, 0x4242), B));
        assertKernelUseKeepsUserState(ppc32, PowerPcPaths.kernelAltivecUse(0), List.of("fr0", "vr0"), List.of(BitVector.of(64, 0x4242), B));
    }

    @Test
    void kernelUseWithTheUsersFacilityOffGivesNothingUp() {
        Architecture ppc64 = arch("ppc64");
        Step st = ppc64.engine().step(machine(ppc64, ppc64.machines().defaultConfig()), PowerPcPaths.kernelVsxUse(0), 0);
        assertFalse(st.passesThrough("__giveup_vsx"), "no user facility live");
        assertEquals(List.of(), ppc64.engine().check(st));
        Step idle = ppc64.engine().step(ppc64.machines().newMachine(MachineSpec.builder().cpus(1).build()), PowerPcPaths.kernelFpUse(0), 0);
        assertTrue(idle.passesThrough("do_IRQ"), "an interrupt on an idle CPU");
        assertEquals(List.of(), ppc64.engine().check(idle));
    }

    // ---- the kernel MSR: facility on while saving/loading, off again under strict MSR control ----------------

    /** The task with FP, VMX and VSX live, and the CPU's kernel MSR as a fresh kernel entry has it (no facility). */
    static MachineState liveWithCleanKernelMsr(Architecture a, KernelConfig config, String reg, BitVector v) {
        MachineState s = a.engine().step(machine(a, config), a.operations().userWrite("t", reg, v), 0).after();
        if (!reg.equals("vr0")) {
            s = a.engine().step(s, a.operations().userWrite("t", "vr0", B), 1).after();
        }
        return s.withCpu(s.cpu(0).withExt(s.cpu(0).ext(PowerPcCpu.class).withKernelMsr(0)));
    }

    static void assertKernelMsr(Architecture a, String reg, BitVector v, Action action, long laxBits) {
        KernelConfig lax = a.machines().defaultConfig();
        MachineState after = a.engine().step(liveWithCleanKernelMsr(a, lax, reg, v), action, 2).after();
        assertEquals(laxBits, kernelMsr(after), "facility bits msr_check_and_set turned on for " + action.label());
        KernelConfig strict = lax.with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState strictAfter = a.engine().step(liveWithCleanKernelMsr(a, strict, reg, v), action, 2).after();
        assertEquals(0, kernelMsr(strictAfter), "msr_check_and_clear under strict MSR control after " + action.label());
    }

    @Test
    void ppc64KernelMsrHasTheFacilityOnForEverySaveAndLoadAndOffAgainUnderStrictControl() {
        Architecture a = arch("ppc64");
        assertKernelMsr(a, "vs0", A, a.operations().preempt("t"), FP | VEC | VSX);
        assertKernelMsr(a, "vs0", A, a.operations().fork("t", "c"), FP | VEC | VSX);
        assertKernelMsr(a, "vs0", A, a.operations().signalDelivery("t"), FP | VEC | VSX);
        assertKernelMsr(a, "vs0", A, PowerPcPaths.kernelFpUse(0), FP | VSX);
        assertKernelMsr(a, "vs0", A, PowerPcPaths.kernelAltivecUse(0), VEC | VSX);
        assertKernelMsr(a, "vs0", A, PowerPcPaths.kernelVsxUse(0), FP | VEC | VSX);
        assertKernelMsr(a, "vs0", A, PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_DISABLED), FP | VEC | VSX);
    }

    @Test
    void ppc32KernelMsrHasTheFacilityOnForEverySaveAndOffAgainUnderStrictControl() {
        Architecture a = arch("ppc32");
        BitVector f = BitVector.of(64, 0x4242);
        assertKernelMsr(a, "fr0", f, a.operations().preempt("t"), FP | VEC);
        assertKernelMsr(a, "fr0", f, a.operations().fork("t", "c"), FP | VEC);
        assertKernelMsr(a, "fr0", f, a.operations().signalDelivery("t"), FP | VEC);
        assertKernelMsr(a, "fr0", f, PowerPcPaths.kernelFpUse(0), FP);
        assertKernelMsr(a, "fr0", f, PowerPcPaths.kernelAltivecUse(0), VEC);
    }

    @Test
    void theEagerRestoreOnTheWayBackToUserTurnsTheFacilityOnOnlyWhileLoading() {
        Architecture a = arch("ppc64");
        KernelConfig strict = a.machines().defaultConfig().with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState s = a.engine().run(machine(a, strict), List.of(a.operations().userWrite("t", "vs0", A),
                a.operations().preempt("t"))).finalState();
        Step back = a.engine().step(s, a.operations().resume("t", 0), 2);
        assertTrue(back.passesThrough("restore_math") && back.passesThrough("load_fp_state") && back.passesThrough("load_vr_state"));
        assertEquals(FP | VEC | VSX, th(back.after(), "t").msr().bits() & MATH);
        assertEquals(0, kernelMsr(back.after()));
        MachineState lax = a.engine().run(machine(a, a.machines().defaultConfig()), List.of(a.operations().userWrite("t", "vs0", A),
                a.operations().preempt("t"))).finalState();
        lax = lax.withCpu(lax.cpu(0).withExt(lax.cpu(0).ext(PowerPcCpu.class).withKernelMsr(0)));
        assertEquals(FP | VEC | VSX, kernelMsr(a.engine().step(lax, a.operations().resume("t", 0), 2).after()));
    }

    // ---- negative controls: P1, P4, P5, P8 fire ----------------------------------------------------------------

    static Step corrupt(Step st, UnaryOperator<MachineState> change) {
        return new Step(st.index(), st.label(), st.cpu(), st.before(), change.apply(st.after()), st.calls(), st.events(),
                st.syscalls());
    }

    static MachineState withMsr(MachineState s, String t, long msr) {
        TaskState ts = s.task(t);
        return s.withTask(ts.withExt(ts.ext(PowerPcThread.class).withMsr(msr)));
    }

    static List<Violation> check(Architecture a, String id, Step st) {
        return a.invariants().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow().check(st, a);
    }

    @Test
    void p1FiresWhenAStepLeavesMsrVsxWithoutFpOrVec() {
        Architecture a = arch("ppc64");
        Step w = a.engine().step(machine(a, a.machines().defaultConfig()), a.operations().userWrite("t", "vs0", A), 0);
        assertEquals(List.of(), check(a, "ppc-vsx-implies-fp-vec", w));
        long msr = th(w.after(), "t").msr().bits();
        for (long missing : List.of(FP, VEC, FP | VEC)) {
            List<Violation> vs = check(a, "ppc-vsx-implies-fp-vec", corrupt(w, s -> withMsr(s, "t", msr & ~missing)));
            assertEquals(1, vs.size(), vs::toString);
            assertEquals(Optional.of("t"), vs.get(0).task());
            assertEquals(Optional.of("MSR.VSX"), vs.get(0).subject());
        }
        // reported once, on the step that breaks it, not again on every later step
        Step later = a.engine().step(withMsr(w.after(), "t", msr & ~FP), a.operations().syscall("t"), 1);
        assertEquals(List.of(), check(a, "ppc-vsx-implies-fp-vec", corrupt(later, s -> withMsr(s, "t", msr & ~FP))));
    }

    @Test
    void giveUpAndSavePathsWarnOnMsrVsxWithoutFpAndVec() {
        Architecture a = arch("ppc64");
        MachineState w = a.engine().step(machine(a, a.machines().defaultConfig()), a.operations().userWrite("t", "vs0", A), 0).after();
        MachineState bad = withMsr(w, "t", th(w, "t").msr().bits() & ~VEC);
        for (Action act : List.of(a.operations().preempt("t"), a.operations().fork("t", "c"), PowerPcPaths.kernelVsxUse(0))) {
            Step st = a.engine().step(bad, act, 1);
            assertTrue(st.events().stream().anyMatch(e -> e.kind() == KernelEvent.Kind.WARNING
                    && e.message().contains("MSR_VSX set without MSR_FP and MSR_VEC")), () -> act.label() + ": " + st.events());
            Step good = a.engine().step(w, act, 1);
            assertTrue(good.events().stream().noneMatch(e -> e.kind() == KernelEvent.Kind.WARNING), () -> act.label() + ": " + good.events());
        }
    }

    @Test
    void p4AndP5FireOnFeBitsThatDisagreeWithTheFpState() {
        Architecture a = arch("ppc32");
        MachineState s = a.engine().run(machine(a, a.machines().defaultConfig()), List.of(
                PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE),
                PowerPcSteps.userWrite("t", "fr0", BitVector.of(64, 1)))).finalState();
        Step pre = a.engine().step(s, a.operations().preempt("t"), 2);
        assertEquals(List.of(), check(a, "ppc-fe-clear-when-fp-off", pre));
        List<Violation> p4 = check(a, "ppc-fe-clear-when-fp-off", corrupt(pre, x -> withMsr(x, "t",
                th(x, "t").msr().bits() | PowerPc.MSR_FE_MASK)));
        assertEquals(1, p4.size(), p4::toString);
        Step syscall = a.engine().step(s, a.operations().syscall("t"), 2);
        assertEquals(List.of(), check(a, "ppc-fe-matches-fpexc-mode", syscall));
        List<Violation> p5 = check(a, "ppc-fe-matches-fpexc-mode", corrupt(syscall, x -> withMsr(x, "t",
                th(x, "t").msr().bits() & ~PowerPc.MSR_FE_MASK)));
        assertEquals(1, p5.size(), p5::toString);
        assertEquals(Optional.of("precise"), p5.get(0).expected());
        // a mismatch already there before the step is reported once, on the step that made it, unless the MSR changed
        long off = th(s, "t").msr().bits() & ~PowerPc.MSR_FE_MASK;
        Step stale = new Step(2, syscall.label(), 0, withMsr(s, "t", off), withMsr(syscall.after(), "t", off), syscall.calls(),
                syscall.events(), syscall.syscalls());
        assertEquals(List.of(), check(a, "ppc-fe-matches-fpexc-mode", stale));
        Step changed = new Step(2, syscall.label(), 0, withMsr(s, "t", off), withMsr(syscall.after(), "t", off | PowerPc.packFe01(
                PowerPc.PR_FP_EXC_ASYNC)), syscall.calls(), syscall.events(), syscall.syscalls());
        assertEquals(1, check(a, "ppc-fe-matches-fpexc-mode", changed).size());
    }

    @Test
    void p8FiresForPreemptibleKernelFpUseAndForAUserFpStateNotGivenUp() {
        Architecture a = arch("ppc64");
        MachineState s = a.engine().step(machine(a, a.machines().defaultConfig()), a.operations().userWrite("t", "vs0", A), 0).after();
        Step begin = a.engine().step(s, PowerPcPaths.kernelFpBegin(0, true), 1);
        assertEquals(List.of(), check(a, "ppc-kernel-fp-nonpreemptible", begin));
        assertFalse(th(begin.after(), "t").fpLive(), "enable_kernel_fp gave up the user's FP");
        List<Violation> notGivenUp = check(a, "ppc-kernel-fp-nonpreemptible", corrupt(begin, x -> withMsr(x, "t",
                th(x, "t").msr().bits() | FP)));
        assertEquals(1, notGivenUp.size(), notGivenUp::toString);
        assertEquals(Optional.of("MSR.FP"), notGivenUp.get(0).subject());
        Step preemptible = a.engine().step(s, PowerPcPaths.kernelFpBegin(0, false), 1);
        List<Violation> p8 = check(a, "ppc-kernel-fp-nonpreemptible", preemptible);
        assertEquals(1, p8.size(), p8::toString);
        assertEquals(Optional.of("preempt_count"), p8.get(0).subject());
        assertTrue(preemptible.events().stream().anyMatch(e -> e.message().contains("WARN_ON(preemptible())")), preemptible.events()::toString);
        Step end = a.engine().step(begin.after(), PowerPcPaths.kernelFpEnd(0), 2);
        assertEquals(List.of(), check(a, "ppc-kernel-fp-nonpreemptible", end));
        assertEquals(A, seen(a, end.after(), "vs0"));
    }
}

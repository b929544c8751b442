package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.SyscallResult;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Details of the PowerPC kernel paths a kernel developer relies on: the give-up and save paths touch only the
 * facilities live in the task's user MSR (the CPU still holds another task's registers for the others);
 * {@code interrupt_exit_user_prepare_main}'s {@code mathflags} test and {@code restore_math}'s counters and
 * {@code used_vsr}; kernel code really clobbers fr0/v0 between enable and disable; where each reloaded value
 * came from; {@code copy_thread}'s child MSR; {@code set_fpexc_mode}'s {@code -EINVAL}.
 */
class KernelPathDetailsTest {
    static final BitVector X = BitVector.of(64, 0x5858_5858_5858_5858L);
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    static final long FP = PowerPc.MSR_FP.mask();
    static final long VEC = PowerPc.MSR_VEC.mask();
    static final long VSX = PowerPc.MSR_VSX.mask();
    static final long MATH = PowerPc.MSR_MATH_MASK;

    static MachineState one(Architecture a, KernelConfig c) {
        return a.machines().newMachine(MachineSpec.builder().cpus(1).config(c).userTask("t", 0).build());
    }

    static PowerPcThread th(MachineState s, String t) {
        return s.task(t).ext(PowerPcThread.class);
    }

    static Trace clean(Architecture a, MachineState s, List<Action> steps) {
        Trace tr = a.engine().run(s, steps);
        assertTrue(tr.isClean(), tr::render);
        return tr;
    }

    // ---- only the live facilities are given up or saved --------------------------------------------------------

    /**
     * {@code t} used {@code staleReg} and was switched out; {@code u} runs on the CPU, the stale value still in its
     * registers, and has only the facility of {@code liveReg} live.
     */
    static MachineState uWithOneFacility(Architecture a, String staleReg, BitVector stale, String liveReg, BitVector v) {
        MachineState s = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0)
                .task(new TaskSpec("u", TaskKind.USER, 0, false, Map.of())).build());
        return clean(a, s, List.of(a.operations().userWrite("t", staleReg, stale), a.operations().preempt("t"),
                a.operations().resume("u", 0), a.operations().userWrite("u", liveReg, v))).finalState();
    }

    static void assertUKeeps(Architecture a, MachineState s, Action act, String reg, BitVector expected) {
        Trace tr = clean(a, s, List.of(act));
        MachineState end = tr.finalState();
        assertEquals(expected, end.task("u").saved().get(reg), () -> act.label() + ": the CPU's stale " + reg + " saved into u\n" + tr.render());
        assertEquals(expected, a.engine().userView(end, end.task("u")).get(reg), act.label());
        end.findTask("c").ifPresent(c -> assertEquals(expected, c.saved().get(reg), "the child's copy"));
        PowerPcThread u = th(end, "u");
        if (!u.sigframes().isEmpty()) {
            assertEquals(expected, u.sigframes().get(0).get(reg), "the signal frame");
        }
    }

    @Test
    void givingUpAndSavingTouchOnlyTheFacilitiesLiveInTheUserMsr() {
        for (String id : List.of("ppc64", "ppc32")) {
            Architecture a = Architectures.load().require(id);
            Operations o = a.operations();
            BitVector zero64 = BitVector.zero(64);
            BitVector zero128 = BitVector.zero(128);
            MachineState vecOnly = uWithOneFacility(a, "fr1", X, "vr0", B);
            assertEquals(VEC, th(vecOnly, "u").msr().bits() & MATH, id);
            for (Action act : List.of(o.preempt("u"), o.fork("u", "c"), o.signalDelivery("u"))) {
                assertUKeeps(a, vecOnly, act, "fr1", zero64);
            }
            MachineState fpOnly = uWithOneFacility(a, "vr1", B, "fr0", X);
            assertEquals(FP, th(fpOnly, "u").msr().bits() & MATH, id);
            for (Action act : List.of(o.preempt("u"), o.fork("u", "c"), o.signalDelivery("u"))) {
                assertUKeeps(a, fpOnly, act, "vr1", zero128);
            }
            if (id.equals("ppc64")) {
                assertUKeeps(a, vecOnly, PowerPcPaths.kernelVsxUse(0), "fr1", zero64);
                assertUKeeps(a, fpOnly, PowerPcPaths.kernelVsxUse(0), "vr1", zero128);
                Step st = a.engine().step(fpOnly, PowerPcPaths.kernelVsxUse(0), 4);
                assertTrue(st.passesThrough("__giveup_vsx"));
                assertTrue(st.events().stream().noneMatch(e -> e.kind() == KernelEvent.Kind.WARNING), st.events()::toString);
            }
        }
    }

    @Test
    void aSignalFlushesOnlyWhatIsLiveEvenWhenUsedVrSaysTheTaskHasVmxState() {
        // ppc32 has no restore_math: u, switched back in, has its VMX state saved (used_vr) but not live, and the
        // CPU holds t's vr1
        Architecture a = Architectures.load().require("ppc32");
        Operations o = a.operations();
        MachineState s = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0)
                .task(new TaskSpec("u", TaskKind.USER, 0, false, Map.of())).build());
        BitVector c = BitVector.parse("0x3333_3333_3333_3333_3333_3333_3333_3333");
        MachineState ready = clean(a, s, List.of(o.preempt("t"), o.resume("u", 0), o.userWrite("u", "vr1", B), o.preempt("u"),
                o.resume("t", 0), o.userWrite("t", "vr1", c), o.preempt("t"), o.resume("u", 0))).finalState();
        assertTrue(th(ready, "u").usedVr() && !th(ready, "u").vecLive());
        assertEquals(c, ready.cpu(0).live().get("vr1"));
        Step sig = a.engine().step(ready, o.signalDelivery("u"), 8);
        assertEquals(List.of(), a.engine().check(sig));
        assertTrue(sig.passesThrough("flush_altivec_to_thread"), "used_vr: the frame gets the VMX registers");
        assertFalse(sig.passesThrough("giveup_altivec"), "MSR_VEC clear: nothing to give up");
        assertEquals(B, th(sig.after(), "u").sigframes().get(0).get("vr1"), "u's own vr1 in the frame, not t's");
        assertEquals(VEC, th(sig.after(), "u").innermostSigframeMsr());
    }

    @Test
    void aSignalWithVsxInUseGivesUpVmxThenFpAndLeavesFlushVsxNothing() {
        Architecture a = Architectures.load().require("ppc64");
        KernelConfig strict = a.machines().defaultConfig().with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState s = KernelMsrPerCallTest.after(a, true, List.of(a.operations().userWrite("t", "vs1", B)));
        assertEquals(strict, s.config());
        Step sig = a.engine().step(s, a.operations().signalDelivery("t"), 1);
        assertTrue(sig.passesThrough("flush_vsx_to_thread"));
        assertEquals(List.of("giveup_altivec > msr_check_and_set: MSR[] -> MSR[VEC]",
                        "giveup_altivec > msr_check_and_clear: MSR[VEC] -> MSR[]",
                        "giveup_fpu > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "giveup_fpu > msr_check_and_clear: MSR[VSX FP] -> MSR[]",
                        "restore_math > msr_check_and_set: MSR[] -> MSR[VEC VSX FP]",
                        "restore_math > msr_check_and_clear: MSR[VEC VSX FP] -> MSR[]"),
                KernelMsrPerCallTest.kernelMsrCalls(sig), "giveup_vsx has nothing left to do: no kernel MSR change of its own");
    }

    @Test
    void nothingLiveMeansNoKernelMsrChangeOnSwitchOrFork() {
        Architecture a = Architectures.load().require("ppc64");
        KernelConfig strict = a.machines().defaultConfig().with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState s = one(a, strict);
        for (Action act : List.of(a.operations().preempt("t"), a.operations().fork("t", "c"))) {
            Step st = a.engine().step(s, act, 0);
            assertEquals(List.of(), KernelMsrPerCallTest.kernelMsrCalls(st), act.label());
            assertFalse(st.passesThrough("msr_check_and_set"), act.label());
        }
        // with VSX live the kernel MSR keeps FP and VSX when only VEC is cleared
        MachineState fp = a.engine().step(s, a.operations().userWrite("t", "fr1", X), 0).after();
        assertEquals(List.of("enable_kernel_altivec > msr_check_and_set: MSR[VSX FP] -> MSR[VEC VSX FP]",
                        "disable_kernel_altivec > msr_check_and_clear: MSR[VEC VSX FP] -> MSR[VSX FP]"),
                KernelMsrPerCallTest.kernelMsrCalls(a.engine().step(fp, PowerPcPaths.kernelAltivecUse(0), 1)));
    }

    // ---- the way back to user: mathflags, restore_math ---------------------------------------------------------

    @Test
    void theExitRestoresMathUnlessEveryMathflagIsSet() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        MachineState s = one(a, a.machines().defaultConfig());
        // FP and VMX live, VSX not (two separate faults): the exit's restore_math adds MSR_VSX and used_vsr
        MachineState fv = clean(a, s, List.of(o.userWrite("t", "fr1", X), o.userWrite("t", "vr1", B))).finalState();
        assertEquals(FP | VEC, th(fv, "t").msr().bits() & MATH);
        assertFalse(th(fv, "t").usedVsr());
        Step sys = a.engine().step(fv, o.syscall("t"), 2);
        assertTrue(sys.passesThrough("restore_math"));
        assertEquals(FP | VEC | VSX, th(sys.after(), "t").msr().bits() & MATH);
        assertTrue(th(sys.after(), "t").usedVsr(), "restore_math: MSR_VSX restored, used_vsr = 1");
        // now every mathflag is set: restore_math is skipped
        assertFalse(a.engine().step(sys.after(), o.syscall("t"), 3).passesThrough("restore_math"));
        // FP only: restore_math restores FP on a switch back, and used_vsr stays clear
        MachineState f = clean(a, s, List.of(o.userWrite("t", "fr1", X), o.preempt("t"), o.resume("t", 0))).finalState();
        assertEquals(FP, th(f, "t").msr().bits() & MATH);
        assertFalse(th(f, "t").usedVsr());
        // without VSX the mathflags are FP|VEC: a task whose VMX was given up gets it back at the exit
        KernelConfig noVsx = KernelConfig.of(Set.of(), Set.of(PowerPc.FEATURE_ALTIVEC));
        MachineState nv = clean(a, one(a, noVsx), List.of(o.userWrite("t", "fr1", X), o.userWrite("t", "vr1", B))).finalState();
        Step use = a.engine().step(nv, PowerPcPaths.kernelAltivecUse(0), 2);
        assertTrue(use.passesThrough("restore_math") && use.passesThrough("load_vr_state"), use::toString);
        assertEquals(FP | VEC, th(use.after(), "t").msr().bits() & MATH);
        assertFalse(a.engine().step(use.after(), o.syscall("t"), 3).passesThrough("restore_math"), "FP|VEC are all the mathflags");
    }

    @Test
    void restoreMathCountsItsEagerReloads() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        Trace tr = clean(a, one(a, a.machines().defaultConfig()), List.of(o.userWrite("t", "fr1", X), o.userWrite("t", "vr1", B),
                o.preempt("t"), o.resume("t", 0), o.preempt("t"), o.resume("t", 0)));
        PowerPcThread t = th(tr.finalState(), "t");
        assertEquals(3, t.loadFp(), "load_fp: 1 at the fault, +1 per eager restore");
        assertEquals(3, t.loadVec(), "load_vec likewise");
        assertEquals(FP | VEC | VSX, t.msr().bits() & MATH);
    }

    // ---- kernel code clobbers; where reloaded values come from -------------------------------------------------

    @Test
    void kernelCodeOverwritesTheRegistersItWasGiven() {
        Architecture a = Architectures.load().require("ppc64");
        MachineState s = one(a, a.machines().defaultConfig());
        MachineState in = a.engine().step(s, PowerPcPaths.kernelFpBegin(0, true), 0).after();
        assertEquals(BitVector.of(64, 0x4B45_524E_454C_4650L), in.cpu(0).live().get("fr0"), "KERNELFP in fr0 during the section");
        Step vec = a.engine().step(s, PowerPcPaths.kernelAltivecUse(0), 0);
        assertTrue(vec.calls().allChanges().stream().anyMatch(c -> c.path().equals("cpu0.live.vs32")
                && c.after().startsWith("0x4b45_524e_454c_4650") && c.source().describe().startsWith("kernel FP/VMX code")),
                () -> vec.calls().allChanges().toString());
    }

    static StateChange reloadBy(Step st, String function, String path) {
        List<StateChange> cs = st.calls().allChanges().stream().filter(c -> c.path().equals(path)
                && st.calls().pathToChange(c).get(st.calls().pathToChange(c).size() - 1).equals(function)).toList();
        return cs.get(cs.size() - 1);
    }

    @Test
    void theSaveRoutinesReloadFr0AndV0FromWhereTheyStored() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        MachineState s = clean(a, one(a, a.machines().defaultConfig()), List.of(o.userWrite("t", "vs0", B))).finalState();
        Step pre = a.engine().step(s, o.preempt("t"), 1);
        assertEquals("task 't''s save area", reloadBy(pre, "save_fpu", "cpu0.live.vs0").source().describe());
        assertEquals("task 't''s save area", reloadBy(pre, "save_altivec", "cpu0.live.vs32").source().describe());
        Step kvm = a.engine().step(s, PowerPcPaths.kvmPrGuestFpUse("t", PowerPc.PR_FP_EXC_PRECISE), 1);
        assertEquals("the KVM-PR guest's registers (vcpu->arch.fp)", reloadBy(kvm, "save_fpu", "cpu0.live.vs0").source().describe());
    }

    // ---- copy_thread, set_fpexc_mode ---------------------------------------------------------------------------

    @Test
    void copyThreadClearsTheMathBitsOfAUserChildAndZeroesAKernelThreadsMsr() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        MachineState s = clean(a, one(a, a.machines().defaultConfig()), List.of(o.userWrite("t", "vs0", B))).finalState();
        long parent = th(s, "t").msr().bits();
        Step fork = a.engine().step(s, o.fork("t", "c"), 1);
        assertTrue(fork.passesThrough("wake_up_new_task"));
        assertEquals(parent & ~MATH, th(fork.after(), "c").msr().bits(), "the child's regs->msr without FP/VEC/VSX");
        assertTrue((parent & ~MATH) != 0);
        Step io = a.engine().step(s, PowerPcPaths.ioUringWorkerAtInterruptReturn("t"), 1);
        String worker = io.after().taskNames().stream().filter(n -> n.startsWith("iou-wrk-")).findFirst().orElseThrow();
        assertEquals(0, th(io.after(), worker).msr().bits(), "kernel thread: childregs zeroed");
        assertTrue(io.passesThrough("wake_up_new_task"));
    }

    @Test
    void setFpexcModeRefusesSoftwareEnableWithoutSpe() {
        Architecture a = Architectures.load().require("ppc32");
        Step st = a.engine().step(one(a, a.machines().defaultConfig()), PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_SW_ENABLE), 0);
        SyscallResult r = st.syscall("prctl(PR_SET_FPEXC)").orElseThrow();
        assertEquals(-22, r.value());
        assertEquals("EINVAL", r.errno().orElseThrow());
        assertEquals(th(st.before(), "t").fpexcMode(), th(st.after(), "t").fpexcMode(), "mode unchanged");
        Step bad = a.engine().step(one(a, a.machines().defaultConfig()), PowerPcSteps.setFpexcMode("t", 4), 0);
        assertEquals("EINVAL", bad.syscall("prctl(PR_SET_FPEXC)").orElseThrow().errno().orElseThrow());
    }
}

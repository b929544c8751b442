package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code thread.used_vr}/{@code used_vsr} are for: {@code setup_sigcontext} (signal_64.c) and
 * {@code save_user_regs} (signal_32.c) copy the VMX registers into the signal frame only if the task has used VMX,
 * the VSX doublewords only if it has used VSX, and say so with {@code MSR_VEC}/{@code MSR_VSX} in the frame's MSR;
 * {@code rt_sigreturn} restores an area only if the frame says it is valid, zeroes {@code vr_state} (VSCR too) if the
 * task has used VMX since (its handler did), and zeroes the VSX doublewords otherwise.
 */
class SignalFrameValidityTest {
    static final BitVector A = BitVector.parse("0x0123_4567_89ab_cdef_fedc_ba98_7654_3210");
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    static final BitVector X = BitVector.of(64, 0x5858_5858_5858_5858L);
    static final long VEC = PowerPc.MSR_VEC.mask();
    static final long VSX = PowerPc.MSR_VSX.mask();

    static Trace run(Architecture a, List<Action> steps) {
        MachineState s = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
        Trace tr = a.engine().run(s, steps);
        assertTrue(tr.isClean(), tr::render);
        return tr;
    }

    static List<Action> plus(List<Action> a, Action... more) {
        List<Action> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    /** The functions the first node named {@code function} called, in order. */
    static List<String> callees(CallNode root, String function) {
        if (root.function().equals(function)) {
            return root.children().stream().map(CallNode::function).toList();
        }
        for (CallNode c : root.children()) {
            List<String> l = callees(c, function);
            if (!l.isEmpty()) {
                return l;
            }
        }
        return List.of();
    }

    static PowerPcThread th(MachineState s) {
        return s.task("t").ext(PowerPcThread.class);
    }

    static BitVector seen(Architecture a, MachineState s, String reg) {
        return a.engine().userView(s, s.task("t")).get(reg);
    }

    /** Runs {@code before}, then a signal delivery; checks the frame's valid bits and returns the delivery step. */
    static Step delivered(Architecture a, List<Action> before, long frameMsr) {
        Trace d = run(a, plus(before, a.operations().signalDelivery("t")));
        Step st = d.steps().get(d.steps().size() - 1);
        assertEquals(frameMsr, th(st.after()).innermostSigframeMsr(), "the frame's MSR_VEC/MSR_VSX");
        return st;
    }

    @Test
    void aTaskThatNeverUsedVmxGetsAFrameWithoutItsVectorRegisters() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        List<Action> fpOnly = List.of(o.userWrite("t", "fr1", X));
        Step d = delivered(a, fpOnly, 0);
        assertFalse(d.passesThrough("flush_altivec_to_thread"), "used_vr clear: no VMX flush");
        assertTrue(d.passesThrough("flush_fp_to_thread"));
        // the handler writes the frame's v_regs and VSX areas: rt_sigreturn ignores both
        Trace r = run(a, plus(fpOnly, o.signalDelivery("t"), o.signalFrameWrite("t", "vr0", B), o.signalFrameWrite("t", "vs1h", X),
                o.signalFrameWrite("t", "fr2", X), o.sigreturn("t")));
        MachineState end = r.finalState();
        assertEquals(BitVector.zero(128), seen(a, end, "vr0"), "v_regs not valid: not restored");
        assertEquals(BitVector.zero(64), seen(a, end, "vs1h"), "VSX doublewords not valid: zeroed");
        assertEquals(X, seen(a, end, "fr2"), "the FP registers are always restored");
        assertEquals(X, seen(a, end, "fr1"));
        assertFalse(th(end).usedVr() || th(end).usedVsr());
    }

    @Test
    void aTaskThatUsedVmxAndVsxGetsThemBackFromTheFrame() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        List<Action> used = List.of(o.userWrite("t", "vs1", A));
        Step d = delivered(a, used, VEC | VSX);
        assertEquals(List.of("flush_altivec_to_thread", "flush_fp_to_thread", "flush_vsx_to_thread"),
                callees(d.calls(), "setup_sigcontext"), "signal_64.c flushes VMX before FP");
        Trace r = run(a, plus(used, o.signalDelivery("t"), o.userWrite("t", "vs1", B), o.userWrite("t", "vr3", B),
                o.signalFrameWrite("t", "vr2", B), o.signalFrameWrite("t", "vs3h", X), o.sigreturn("t")));
        MachineState end = r.finalState();
        assertEquals(A, seen(a, end, "vs1"), "the interrupted vs1, both doublewords");
        assertEquals(B, seen(a, end, "vr2"), "v_regs valid: restored");
        assertEquals(BitVector.zero(128), seen(a, end, "vr3"), "the handler's vr3 is gone");
        assertEquals(X, seen(a, end, "vs3h"), "VSX area valid: restored");
        assertTrue(th(end).usedVr() && th(end).usedVsr());
    }

    @Test
    void fpAndVmxWithoutVsxLeaveTheVsxAreaInvalid() {
        Architecture a = Architectures.load().require("ppc64");
        Operations o = a.operations();
        List<Action> fv = List.of(o.userWrite("t", "fr1", X), o.userWrite("t", "vr1", B));
        assertFalse(delivered(a, fv, VEC).passesThrough("flush_vsx_to_thread"), "used_vr, not used_vsr");
        Trace r = run(a, plus(fv, o.signalDelivery("t"), o.signalFrameWrite("t", "vs1h", X), o.sigreturn("t")));
        assertEquals(BitVector.zero(64), seen(a, r.finalState(), "vs1h"));
        assertEquals(X, seen(a, r.finalState(), "fr1"));
        assertEquals(B, seen(a, r.finalState(), "vr1"));
        // the sigreturn's exit: restore_math reloads FP and VEC, so MSR_VSX too, and sets used_vsr
        assertTrue(th(r.finalState()).usedVsr() && th(r.finalState()).vsxLive(), r::render);
    }

    @Test
    void aHandlerThatUsesVmxInATaskThatNeverDidZeroesVrStateAtSigreturn() {
        for (String id : List.of("ppc64", "ppc32")) {
            Architecture a = Architectures.load().require(id);
            Operations o = a.operations();
            MachineState init = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
            BitVector nj = init.task("t").saved().get("vscr");
            assertFalse(nj.isZero(), "start_thread's VSCR = NJ");
            Trace r = run(a, List.of(o.userWrite("t", "fr1", X), o.signalDelivery("t"), o.userWrite("t", "vr3", B),
                    o.sigreturn("t")));
            assertEquals(0, th(r.steps().get(1).after()).innermostSigframeMsr() & VEC);
            MachineState end = r.finalState();
            assertTrue(r.steps().get(3).passesThrough(id.equals("ppc64") ? "restore_sigcontext" : "restore_user_regs"));
            assertEquals(BitVector.zero(128), seen(a, end, "vr3"), id + ": memset(&vr_state, 0)");
            assertTrue(seen(a, end, "vscr").isZero(), id + ": VSCR zeroed too, NJ lost");
            assertEquals(X, seen(a, end, "fr1"));
            assertTrue(th(end).usedVr(), "the handler's VMX use");
            // without the handler's VMX use the task's vr_state (VSCR = NJ) is left alone
            Trace plain = run(a, List.of(o.userWrite("t", "fr1", X), o.signalDelivery("t"), o.sigreturn("t")));
            assertEquals(nj, seen(a, plain.finalState(), "vscr"), id);
        }
    }

    @Test
    void ppc32FramesCarryVmxWhenTheTaskUsedIt() {
        Architecture a = Architectures.load().require("ppc32");
        Operations o = a.operations();
        Trace r = run(a, List.of(o.userWrite("t", "vr1", B), o.signalDelivery("t"), o.userWrite("t", "vr1", A),
                o.signalFrameWrite("t", "vr2", B), o.sigreturn("t")));
        assertEquals(VEC, th(r.steps().get(1).after()).innermostSigframeMsr());
        assertEquals(List.of("flush_fp_to_thread", "flush_altivec_to_thread"), callees(r.steps().get(1).calls(), "save_user_regs"),
                "prepare_save_user_regs flushes FP first");
        assertEquals(B, seen(a, r.finalState(), "vr1"));
        assertEquals(B, seen(a, r.finalState(), "vr2"));
    }

    @Test
    void frameMsrsAreCheckedAgainstTheFrames() {
        PowerPcThread t = PowerPcThread.initial(0, 0);
        RegisterFile f = PowerPc.PPC64_LAYOUT.zeroFile();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PowerPcThread(t.msr(), t.fpexcMode(),
                t.fpSaveArea(), t.vrSaveArea(), 0, 0, false, false, List.of(f), List.of()));
        assertEquals("One frame MSR per signal frame: 1 frames, 0 frame MSRs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.pushSigframe(f, PowerPc.MSR_FP.mask()));
        assertEquals("A frame MSR holds only MSR_VEC and MSR_VSX; got MSR[FP]", e.getMessage());
        PowerPcThread two = t.pushSigframe(f, VEC).pushSigframe(f, VEC | VSX);
        assertEquals(VEC | VSX, two.innermostSigframeMsr());
        assertEquals(VEC, two.popSigframe().innermostSigframeMsr());
        assertEquals(VEC | VSX, two.withInnermostSigframe(f.withLong(PowerPc.PPC64_LAYOUT.register("fpscr"), 1)).innermostSigframeMsr());
        IllegalStateException none = assertThrows(IllegalStateException.class, t::innermostSigframeMsr);
        assertEquals("The thread has no signal frame; a signal must be delivered first", none.getMessage());
    }
}

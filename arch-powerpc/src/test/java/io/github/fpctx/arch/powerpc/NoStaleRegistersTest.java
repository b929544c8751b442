package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registers of one program never reach another: {@code start_thread} resets {@code fp_state}/{@code vr_state} at
 * exec even when the old program's values were saved there, and {@code enable_kernel_*} gives up only the facilities
 * live in the current task's user MSR, so kernel FP/VMX/VSX use in the syscall of a task that never used the
 * facility does not save the previous task's registers, still in the CPU, into its state.
 */
class NoStaleRegistersTest {
    static final BitVector X = BitVector.of(64, 0x5858_5858_5858_5858L);
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");

    static BitVector seen(Architecture a, MachineState s, String t, String reg) {
        return a.engine().userView(s, s.task(t)).get(reg);
    }

    @Test
    void execResetsTheSavedStateTheOldProgramLeft() {
        for (String id : List.of("ppc64", "ppc32")) {
            Architecture a = Architectures.load().require(id);
            MachineState s = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
            BitVector init = s.task("t").saved().get("fr1");
            BitVector vinit = s.task("t").saved().get("vr1");
            BitVector vscr = s.task("t").saved().get("vscr");
            // the old program's fr1/vr1 reach thread.fp_state/vr_state at the switch; restore_math (ppc64) or the
            // next fault (ppc32) makes them live again; then execve
            Trace tr = a.engine().run(s, List.of(a.operations().userWrite("t", "fr1", X), a.operations().userWrite("t", "vr1", B),
                    a.operations().preempt("t"), a.operations().resume("t", 0), a.operations().exec("t"),
                    a.operations().userWrite("t", "fr2", BitVector.of(64, 1)), a.operations().userWrite("t", "vr2", B)));
            assertTrue(tr.isClean(), tr::render);
            assertTrue(tr.steps().get(2).after().task("t").saved().get("fr1").equals(X), "saved at the switch");
            MachineState execd = tr.steps().get(4).after();
            assertEquals(init, execd.task("t").saved().get("fr1"), id + ": start_thread memsets fp_state");
            assertEquals(vinit, execd.task("t").saved().get("vr1"), id + ": start_thread memsets vr_state");
            assertEquals(vscr, execd.task("t").saved().get("vscr"), id + ": VSCR = NJ");
            MachineState end = tr.finalState();
            assertEquals(init, seen(a, end, "t", "fr1"), id + ": the new program's fr1 after its first FP use");
            assertEquals(vinit, seen(a, end, "t", "vr1"), id + ": the new program's vr1 after its first VMX use");
            PowerPcThread th = execd.task("t").ext(PowerPcThread.class);
            assertFalse(th.usedVr() || th.usedVsr(), "used_vr/used_vsr cleared");
            assertEquals(0, th.loadFp() + th.loadVec(), "load_fp/load_vec cleared");
        }
    }

    /** {@code t} used {@code reg} and was switched out; {@code u}, which never did, runs on the CPU it left. */
    static MachineState afterSwitchToAFreshTask(Architecture a, String reg, BitVector v) {
        MachineState s = a.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0)
                .task(new TaskSpec("u", TaskKind.USER, 0, false, Map.of())).build());
        return a.engine().run(s, List.of(a.operations().userWrite("t", reg, v), a.operations().preempt("t"),
                a.operations().resume("u", 0))).finalState();
    }

    static void assertNoLeak(Architecture a, String reg, BitVector v, Action use, String function) {
        MachineState s = afterSwitchToAFreshTask(a, reg, v);
        BitVector before = seen(a, s, "u", reg);
        assertFalse(before.equals(v));
        assertEquals(v, s.cpu(0).live().get(reg), "t's value is still in the CPU");
        Trace tr = a.engine().run(s, List.of(use));
        assertTrue(tr.isClean(), tr::render);
        assertFalse(tr.passesThrough(function), () -> function + ": u has nothing live\n" + tr.render());
        assertEquals(before, seen(a, tr.finalState(), "u", reg), () -> a.id() + " " + use.label() + ": t's " + reg
                + " saved into u's state\n" + tr.render());
        assertEquals(before, tr.finalState().task("u").saved().get(reg));
    }

    @Test
    void kernelUseGivesUpOnlyWhatTheCurrentTaskHasLive() {
        Architecture p64 = Architectures.load().require("ppc64");
        assertNoLeak(p64, "vr0", B, PowerPcPaths.kernelAltivecUse(0), "__giveup_altivec");
        assertNoLeak(p64, "fr1", X, PowerPcPaths.kernelFpUse(0), "__giveup_fpu");
        assertNoLeak(p64, "vr0", B, PowerPcPaths.kernelVsxUse(0), "__giveup_altivec");
        assertNoLeak(p64, "fr1", X, PowerPcPaths.kernelVsxUse(0), "__giveup_fpu");
        Architecture p32 = Architectures.load().require("ppc32");
        assertNoLeak(p32, "vr0", B, PowerPcPaths.kernelAltivecUse(0), "__giveup_altivec");
        assertNoLeak(p32, "fr1", X, PowerPcPaths.kernelFpUse(0), "__giveup_fpu");
    }
}

package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernel MSR, call by call: which facility bits each {@code msr_check_and_set}, {@code msr_check_and_clear} and
 * {@code load_up_*} of a step turns on or off, read from the {@code StateChange}s of the step's call tree. The state
 * after a whole step cannot show these rules, because a later {@code restore_math} sets the same bits: "MSR_FP
 * implies MSR_VSX" in {@code msr_check_and_set}/{@code msr_check_and_clear} on a VSX CPU (reg.h/process.c), the
 * {@code ori MSR_FP; oris MSR_VSX} of {@code load_up_fpu} (fpu.S), the {@code oris MSR_VEC} of
 * {@code load_up_altivec} and the absence of any {@code mtmsr} in {@code load_up_vsx} (vector.S).
 */
class KernelMsrPerCallTest {
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");

    /** Each kernel-MSR change of the step, as {@code caller > function: before -> after}, in execution order. */
    static List<String> kernelMsrCalls(Step st) {
        return st.calls().allChanges().stream().filter(c -> c.path().equals("cpu0.ext.kernelMsr"))
                .map(c -> where(st, c) + ": " + c.before() + " -> " + c.after()).toList();
    }

    private static String where(Step st, StateChange c) {
        List<String> p = st.calls().pathToChange(c);
        return p.get(p.size() - 2) + " > " + p.get(p.size() - 1);
    }

    static MachineState machine(Architecture a, boolean strict) {
        KernelConfig c = a.machines().defaultConfig();
        return a.machines().newMachine(MachineSpec.builder().cpus(1)
                .config(strict ? c.with(PowerPc.OPTION_STRICT_FACILITY_ENABLE) : c).userTask("t", 0).build());
    }

    /** The state after user steps, with the kernel MSR a fresh kernel entry has (no facility on). */
    static MachineState after(Architecture a, boolean strict, List<Action> steps) {
        MachineState s = a.engine().run(machine(a, strict), steps).finalState();
        return s.withCpu(s.cpu(0).withExt(s.cpu(0).ext(PowerPcCpu.class).withKernelMsr(0)));
    }

    static List<String> calls(Architecture a, MachineState s, Action act) {
        return kernelMsrCalls(a.engine().step(s, act, 9));
    }

    @Test
    void facilityUnavailableFaultsTurnOnExactlyWhatFpuSAndVectorSSay() {
        Architecture a = Architectures.load().require("ppc64");
        MachineState s = machine(a, true);
        assertEquals(List.of("fp_unavailable_common > load_up_fpu: MSR[] -> MSR[VSX FP]"),
                calls(a, s, a.operations().userWrite("t", "fr1", BitVector.of(64, 5))), "load_up_fpu: ori MSR_FP, oris MSR_VSX");
        assertEquals(List.of("altivec_unavailable_common > load_up_altivec: MSR[] -> MSR[VEC]"),
                calls(a, s, a.operations().userWrite("t", "vr0", B)), "load_up_altivec: oris MSR_VEC only");
        assertEquals(List.of("load_up_vsx > load_up_fpu: MSR[] -> MSR[VSX FP]", "load_up_vsx > load_up_altivec: MSR[VSX FP] -> MSR[VEC VSX FP]"),
                calls(a, s, a.operations().userWrite("t", "vs0", B)));
        // FP and VMX already live: load_up_vsx only sets MSR_VSX in the user MSR (and used_vsr), no mtmsr
        MachineState fv = after(a, true, List.of(a.operations().userWrite("t", "fr1", BitVector.of(64, 5)),
                a.operations().userWrite("t", "vr0", B)));
        Step vsx = a.engine().step(fv, a.operations().userWrite("t", "vs1", B), 2);
        assertEquals(List.of(), kernelMsrCalls(vsx), "load_up_vsx does not touch the kernel MSR");
        PowerPcThread th = vsx.after().task("t").ext(PowerPcThread.class);
        assertEquals(PowerPc.MSR_MATH_MASK, th.msr().bits() & PowerPc.MSR_MATH_MASK);
        assertEquals(true, th.usedVsr());

        Architecture p32 = Architectures.load().require("ppc32");
        assertEquals(List.of("FPUnavailable > load_up_fpu: MSR[] -> MSR[FP]"),
                calls(p32, machine(p32, true), p32.operations().userWrite("t", "fr1", BitVector.of(64, 5))), "no VSX on ppc32");
        assertEquals(List.of("AltiVecUnavailable > load_up_altivec: MSR[] -> MSR[VEC]"),
                calls(p32, machine(p32, true), p32.operations().userWrite("t", "vr0", B)));
    }

    @Test
    void kernelFpUseSetsAndClearsVsxWithFpOnAVsxCpu() {
        Architecture a = Architectures.load().require("ppc64");
        List<Action> fp = List.of(a.operations().userWrite("t", "fr1", BitVector.of(64, 5)));
        // strict: enable_kernel_fp turns FP (so VSX) on, disable_kernel_fp both off; the exit's restore_math reloads FP
        assertEquals(List.of("enable_kernel_fp > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "disable_kernel_fp > msr_check_and_clear: MSR[VSX FP] -> MSR[]",
                        "restore_math > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "restore_math > msr_check_and_clear: MSR[VSX FP] -> MSR[]"),
                calls(a, after(a, true, fp), PowerPcPaths.kernelFpUse(0)));
        // lax: nothing is cleared, so restore_math finds the bits on
        assertEquals(List.of("enable_kernel_fp > msr_check_and_set: MSR[] -> MSR[VSX FP]"),
                calls(a, after(a, false, fp), PowerPcPaths.kernelFpUse(0)));
        assertEquals(List.of("enable_kernel_altivec > msr_check_and_set: MSR[] -> MSR[VEC]",
                        "disable_kernel_altivec > msr_check_and_clear: MSR[VEC] -> MSR[]"),
                calls(a, after(a, true, fp), PowerPcPaths.kernelAltivecUse(0)), "no FP bit: VSX stays off");
        assertEquals(List.of("enable_kernel_vsx > msr_check_and_set: MSR[] -> MSR[VEC VSX FP]",
                        "disable_kernel_vsx > msr_check_and_clear: MSR[VEC VSX FP] -> MSR[]",
                        "restore_math > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "restore_math > msr_check_and_clear: MSR[VSX FP] -> MSR[]"),
                calls(a, after(a, true, fp), PowerPcPaths.kernelVsxUse(0)));
        // giveup_fpu (signal delivery's flush_fp_to_thread): msr_check_and_set(MSR_FP) and clear include VSX
        assertEquals(List.of("giveup_fpu > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "giveup_fpu > msr_check_and_clear: MSR[VSX FP] -> MSR[]",
                        "restore_math > msr_check_and_set: MSR[] -> MSR[VSX FP]",
                        "restore_math > msr_check_and_clear: MSR[VSX FP] -> MSR[]"),
                calls(a, after(a, true, fp), a.operations().signalDelivery("t")));
        assertEquals(List.of("giveup_all > msr_check_and_set: MSR[] -> MSR[VEC VSX FP]",
                        "giveup_all > msr_check_and_clear: MSR[VEC VSX FP] -> MSR[]"),
                calls(a, after(a, true, fp), a.operations().preempt("t")), "msr_all_available");
    }

    @Test
    void ppc32HasNoVsxBitToSetOrClear() {
        Architecture a = Architectures.load().require("ppc32");
        List<Action> fp = List.of(a.operations().userWrite("t", "fr1", BitVector.of(64, 5)));
        assertEquals(List.of("enable_kernel_fp > msr_check_and_set: MSR[] -> MSR[FP]",
                        "disable_kernel_fp > msr_check_and_clear: MSR[FP] -> MSR[]"),
                calls(a, after(a, true, fp), PowerPcPaths.kernelFpUse(0)));
        assertEquals(List.of("giveup_all > msr_check_and_set: MSR[] -> MSR[VEC FP]",
                        "giveup_all > msr_check_and_clear: MSR[VEC FP] -> MSR[]"),
                calls(a, after(a, true, fp), a.operations().preempt("t")));
        assertEquals(List.of("giveup_all > msr_check_and_set: MSR[] -> MSR[VEC FP]"),
                calls(a, after(a, false, fp), a.operations().preempt("t")), "lax: msr_check_and_clear leaves the bits on");
    }
}

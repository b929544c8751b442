package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two providers as seen through the registry: ids, aliases, errata, ABI, configuration checks. */
class PowerPcProviderTest {
    @Test
    void bothProvidersAreFoundByServiceLoaderWithAliases() {
        assertTrue(REGISTRY.ids().containsAll(List.of("ppc32", "ppc64")), REGISTRY.ids().toString());
        assertEquals("ppc64", REGISTRY.require("ppc64le").id());
        assertEquals("ppc64", REGISTRY.require("powerpc64").id());
        assertEquals("ppc32", REGISTRY.require("powerpc").id());
        assertEquals(List.of("MSR", "FPSCR", "VSCR"), PPC64.fieldLayouts().stream().map(f -> f.name()).toList());
    }

    @Test
    void errataCarryTheirCommitsAndSeeds() {
        Erratum fr0 = PPC64.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        assertEquals("8792468da5e1", fr0.introducedBy());
        assertEquals("5e1d824f9a283cbf90f25241b66d1f69adb3835b", fr0.fixedBy());
        assertEquals(List.of("000", "001"), fr0.seeds());
        Erratum fe = PPC32.erratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01);
        assertEquals("fe1ef6bcdb4fca33434256a802a3ed6aacf0bd2f", fe.fixedBy());
        assertEquals(List.of("003"), fe.seeds());
        Erratum wrong = PPC64.erratum(PowerPcErrata.IPI_LWSYNC_BARRIER);
        assertEquals(Erratum.Kind.WRONG_FIX, wrong.kind());
        assertEquals(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, wrong.amends().orElseThrow());
    }

    @Test
    void abiVolatileRegistersFollowTheElfAbi() {
        List<String> v = PPC64.machines().abiVolatileRegisters(PPC64.machines().defaultConfig());
        assertTrue(v.containsAll(List.of("vs0", "vs13", "vs14h", "vs31h", "vr0", "vr19", "fpscr")), v.toString());
        assertTrue(!v.contains("vs14") && !v.contains("vr20") && !v.contains("vrsave"), v.toString());
        assertEquals(14 + 18 + 20 + 1, v.size());
        List<String> v32 = PPC32.machines().abiVolatileRegisters(PPC32.machines().defaultConfig());
        assertTrue(v32.containsAll(List.of("fr0", "fr13", "vr19", "fpscr")) && !v32.contains("fr14"));
    }

    @Test
    void initStateIsZeroWithVscrNonJava() {
        var init = PPC64.machines().initRegisters(PPC64.machines().defaultConfig());
        assertEquals(BitVector.of(32, 0x0001_0000L), init.get("vscr"));
        assertEquals(BitVector.zero(128), init.get("vs63"));
    }

    @Test
    void defaultFpexcModeIsPreciseOnPpc32AndDisabledOnPpc64() {
        assertEquals(PowerPc.PR_FP_EXC_PRECISE, Ppc.thread(Ppc.machine(PPC32), "t").fpexcModeValue());
        assertEquals(PowerPc.PR_FP_EXC_DISABLED, Ppc.thread(Ppc.machine(PPC64), "t").fpexcModeValue());
        assertEquals(PowerPc.MSR_USER64_BE, Ppc.thread(Ppc.machine(PPC64, KernelConfig.of(Set.of(),
                Set.of(PowerPc.FEATURE_ALTIVEC, PowerPc.FEATURE_VSX))), "t").msr().bits());
    }

    @Test
    void initialRegistersOfARunningTaskAreLive() {
        MachineState s = PPC64.machines().newMachine(MachineSpec.builder()
                .task(TaskSpec.running("t", 0).withRegister("vs0", BitVector.ones(128))).build());
        PowerPcThread th = Ppc.thread(s, "t");
        assertTrue(th.fpLive() && th.vecLive() && th.vsxLive());
        assertEquals(BitVector.ones(128), s.cpu(0).live().get("vs0"));
        assertTrue(PPC64.engine().run(s, List.of(PPC64.operations().preempt("t"), PPC64.operations().resume("t", 0))).isClean());
    }

    @Test
    void rejectsImpossibleConfigurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ppc.machine(PPC32,
                KernelConfig.of(Set.of(), Set.of(PowerPc.FEATURE_ALTIVEC, PowerPc.FEATURE_VSX))));
        assertEquals("ppc32 has no VSX (vector.S: \"This asm code isn't ready for 32-bit kernels\"); valid CPU features: "
                + "[ALTIVEC]; got [ALTIVEC, VSX]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ppc.machine(PPC32,
                KernelConfig.of(Set.of(PowerPc.OPTION_CPU_LITTLE_ENDIAN), Set.of())));
        assertEquals("ppc32 kernels are big-endian; option CPU_LITTLE_ENDIAN is only valid for ppc64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ppc.machine(PPC64,
                KernelConfig.of(Set.of(), Set.of(PowerPc.FEATURE_VSX))));
        assertEquals("CPU feature VSX needs ALTIVEC (VSRs 32-63 are the VMX registers); got [VSX]", e.getMessage());
    }

    @Test
    void rejectsBadRegisterWrites() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PPC64.operations().userWrite("t", "vs0", BitVector.zero(64)));
        assertEquals("Register vs0 is 128 bits wide; got a 64-bit value", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PPC64.operations().userWrite("t", "vs64", BitVector.zero(128)));
        assertTrue(e.getMessage().startsWith("Unknown register 'vs64' in ppc64; valid: "), e.getMessage());
        MachineState noAltivec = Ppc.machine(PPC32, KernelConfig.of(Set.of(), Set.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> PPC32.engine().run(noAltivec, List.of(PowerPcSteps.userWrite("t", "v0", BitVector.zero(128)))));
        assertEquals("Register vr0 needs AltiVec, which this ppc32 machine does not have (CPU features [])", e.getMessage());
        MachineState noVsx = Ppc.machine(PPC64, KernelConfig.of(Set.of(), Set.of(PowerPc.FEATURE_ALTIVEC)));
        e = assertThrows(IllegalArgumentException.class,
                () -> PPC64.engine().run(noVsx, List.of(PowerPcSteps.userWrite("t", "vs0h", BitVector.zero(64)))));
        assertEquals("Register vs0h needs VSX, which this ppc64 machine does not have (CPU features [ALTIVEC])", e.getMessage());
    }

    @Test
    void disabledActionsSayWhy() {
        MachineState s = PPC64.engine().run(Ppc.machine(PPC64), List.of(PPC64.operations().preempt("t"))).finalState();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PPC64.engine().run(s, List.of(PowerPcSteps.fpDivideByZero("t"))));
        assertEquals("Step 1 (t: sets FPSCR[ZE], fdiv by zero) cannot run: task 't' is not running", e.getMessage());
    }

    @Test
    void namedPathsBindTheirArguments() {
        assertEquals(7, PPC64.paths().size());
        var a = PPC64.path("set_fpexc_mode").bind(List.of("t", "3"));
        assertEquals("t: prctl(PR_SET_FPEXC, PR_FP_EXC_PRECISE)", a.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PPC64.path("kernel_fp_end").bind(List.of("zero")));
        assertEquals("Invalid value for cpu of kernel path kernel_fp_end (expected a decimal number): 'zero'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PPC64.path("fp_divide_by_zero").bind(List.of()));
        assertEquals("Kernel path fp_divide_by_zero takes 1 argument(s) [task]; got 0 []", e.getMessage());
    }

    @Test
    void coverageNamesTheFacilityState() {
        MachineState s = PPC64.engine().run(Ppc.machine(PPC64), List.of(PPC64.operations().userWrite("t", "vs0", BitVector.ones(128))))
                .finalState();
        assertEquals(Set.of("t: MSR[VEC VSX FP] running"), PPC64.engine().coverage(s));
    }
}

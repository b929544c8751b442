package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X86ProviderTest {
    static final Architectures REGISTRY = Architectures.load();
    static final Architecture X86_64 = REGISTRY.require("x86_64");

    @Test
    void foundThroughServiceLoaderUnderItsAliases() {
        assertSame(X86_64, REGISTRY.require("amd64"));
        assertSame(X86_64, REGISTRY.require("x86-64"));
        assertEquals(Set.of("x86-64", "amd64", "x64"), X86_64.aliases());
        assertSame(X86.layout(), X86_64.layout());
        assertEquals(List.of("MXCSR", "FCW", "FSW"), X86_64.fieldLayouts().stream().map(f -> f.name()).toList());
        assertEquals(X86.FEATURES_AVX, X86_64.machines().defaultConfig().cpuFeatures());
    }

    @Test
    void declaresTheErrataWithTheirCommits() {
        Erratum drop = X86_64.erratum(X86Errata.EXEC_FPU_DROP);
        assertEquals("33344368cb08", drop.introducedBy());
        assertEquals("1f69383b203e28cf8a4ca9570e572da1699f76cd", drop.fixedBy());
        assertEquals(List.of("002"), drop.seeds());
        Erratum both = X86_64.erratum(X86Errata.EXEC_INVALIDATE_BOTH);
        assertEquals(Erratum.Kind.ALTERNATIVE_FIX, both.kind());
        assertEquals(Optional.of(X86Errata.EXEC_FPU_DROP), both.amends());
        Erratum clone = X86_64.erratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK);
        assertEquals("9e798e9aa14c", clone.introducedBy());
        assertEquals("36b038791e1e2baea892e9276588815fd14894b4", clone.fixedBy());
        assertEquals(List.of("004"), clone.seeds());
        assertEquals(1, clone.explorationBound());
    }

    @Test
    void abiVolatileRegistersKeepControlWordsCalleeSaved() {
        List<String> v = X86_64.machines().abiVolatileRegisters(X86_64.machines().defaultConfig());
        assertTrue(v.containsAll(List.of("st0", "st7", "fstat", "zmm0", "zmm31", "k7", "tiledata")));
        assertFalse(v.contains("fctrl"));
        assertFalse(v.contains("mxcsr"));
    }

    @Test
    void userViewFollowsFpregsStateValid() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", BitVector.of(128, 1))).build());
        assertSame(s.cpu(0).live(), X86_64.engine().userView(s, s.task("T")));
        MachineState stale = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("xmm0", BitVector.of(128, 2))));
        assertEquals(BitVector.of(128, 2), X86_64.engine().userView(stale, stale.task("T")).get("xmm0"));
        MachineState invalid = stale.withTask(stale.task("T").withExt(stale.task("T").ext(FpuState.class).withLastCpu(-1).withNeedFpuLoad(true)));
        assertEquals(BitVector.of(128, 1), X86_64.engine().userView(invalid, invalid.task("T")).get("xmm0"));
    }

    @Test
    void operationsRunCleanOnTheFixedKernel() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(2).config(KernelConfig.of(Set.of(), X86.FEATURES_AVX512))
                .task(TaskSpec.running("T", 0).withRegister("zmm5", BitVector.ones(512))).build());
        Operations op = X86_64.operations();
        Trace t = X86_64.engine().run(s, List.of(op.userWrite("T", "ymm1", BitVector.ones(256)), op.syscall("T"), op.interrupt("T"),
                op.signal("T"), op.preempt("T"), op.resume("T", 1), op.kernelFpUse(1), op.fork("T", "C"), op.resume("C", 0),
                op.exec("T"), op.exec("C")));
        assertTrue(t.isClean(), t::render);
        assertEquals(X86.initRegisters(s.config()), t.finalState().cpu(1).live());
    }

    @Test
    void kernelPathsBindByName() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(2).userTask("T", 0).build());
        Trace t = X86_64.engine().run(s, List.of(X86_64.path("schedule").bind(List.of("0", "idle")),
                X86_64.path("schedule").bind(List.of("1", "T")), X86_64.path("exit_to_user").bind(List.of("T"))));
        assertTrue(t.isClean(), t::render);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X86_64.path("fork").bind(List.of("T")));
        assertEquals("Kernel path fork takes 2 argument(s) [task, child]; got 1 [T]", e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> X86_64.path("kernel_fpu").bind(List.of("zero")));
        assertEquals("Invalid value for cpu of kernel path kernel_fpu (expected a decimal number): 'zero'", c.getMessage());
    }

    @Test
    void rejectsSpecsTheCpuCannotHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X86_64.machines().newMachine(MachineSpec.builder()
                .task(TaskSpec.running("T", 0).withRegister("k1", BitVector.zero(64))).build()));
        assertEquals("Register k1 of task 'T' needs CPU features [AVX512F]; this machine has [AVX, SSE]", e.getMessage());
    }

    @Test
    void coverageNamesOwnershipStates() {
        MachineState s = X86_64.machines().newMachine(MachineSpec.builder().cpus(1).userTask("T", 0).build());
        assertEquals(Set.of("T: owner[0]=T last_cpu=cpu TIF=0 running USER"), X86_64.engine().coverage(s));
    }

    @Test
    void invariantsIncludeTheArchitecturesOwn() {
        List<String> ids = X86_64.invariants().stream().map(i -> i.id()).toList();
        assertTrue(ids.containsAll(List.of("fpregs-state-consistent", "no-sleeping-lock-in-fpregs-lock", "exec-init-fpstate",
                "clone-fpu-inheritance")), ids::toString);
    }
}

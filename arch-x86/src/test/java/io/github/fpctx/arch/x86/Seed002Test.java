package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Seed002Test {
    static final Architecture X86_64 = Architectures.load().require("x86_64");
    static final BitVector RC_ZERO_MXCSR = BitVector.of(32, X86.MXCSR.reset().with(X86.MXCSR_RC, 3).bits());

    static MachineState world(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("T", 0).withRegister("mxcsr", RC_ZERO_MXCSR))
                .kernelThread("K", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return X86_64.machines().newMachine(b.build());
    }

    @Test
    void buggyExecLeavesOldProgramRegistersAtStep7() {
        Trace t = X86_64.engine().run(world(X86Errata.EXEC_FPU_DROP), X86Steps.seed002("T", "K"));
        assertEquals(7, t.steps().size());
        List<Violation> v = t.violations();
        assertFalse(v.isEmpty(), t.render());
        assertTrue(v.stream().allMatch(x -> x.step() == 7 && x.invariant().equals("user-registers-intact")), t.render());
        MachineState end = t.finalState();
        assertEquals(X86Steps.OLD_PROGRAM_XMM0, end.cpu(0).live().get("xmm0"));
        assertEquals(RC_ZERO_MXCSR, end.cpu(0).live().get("mxcsr"));
        assertTrue(v.stream().anyMatch(x -> x.subject().equals(Optional.of("zmm0"))));
        assertTrue(v.stream().anyMatch(x -> x.subject().equals(Optional.of("mxcsr"))));
        assertTrue(t.steps().get(6).passesThrough("fpregs_state_valid"));
        assertFalse(t.steps().get(6).passesThrough("restore_fpregs_from_fpstate"));
    }

    @Test
    void readmeExampleRuns() {
        Architecture x86 = Architectures.load().require("x86_64");
        MachineState s = x86.machines().newMachine(MachineSpec.builder().cpus(2)
                .erratum(X86Errata.EXEC_FPU_DROP)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0).build());
        Trace t = x86.engine().run(s, X86Steps.seed002("T", "K"));
        assertEquals(Optional.of("zmm0"), t.violations().get(0).subject());
        io.github.fpctx.core.explore.ExplorationResult r = io.github.fpctx.core.explore.Explorer.on(x86, s)
                .bound(x86.erratum(X86Errata.EXEC_FPU_DROP).explorationBound()).run();
        assertEquals(7, r.counterexample().get().steps().size());
    }

    @Test
    void fixedExecLoadsInitState() {
        Trace t = X86_64.engine().run(world(), X86Steps.seed002("T", "K"));
        assertTrue(t.isClean(), t.render());
        assertEquals(X86.initRegisters(X86_64.machines().defaultConfig()), t.finalState().cpu(0).live());
        assertTrue(t.steps().get(6).passesThrough("restore_fpregs_from_fpstate"));
    }

    @Test
    void alternativeFixAlsoLoadsInitState() {
        Trace t = X86_64.engine().run(world(X86Errata.EXEC_FPU_DROP, X86Errata.EXEC_INVALIDATE_BOTH), X86Steps.seed002("T", "K"));
        assertTrue(t.isClean(), t.render());
        assertTrue(t.steps().get(4).passesThrough("fpu__drop"));
        assertTrue(t.steps().get(4).passesThrough("__fpu_invalidate_fpregs_state"));
        assertEquals(X86.initRegisters(X86_64.machines().defaultConfig()), t.finalState().cpu(0).live());
    }
}

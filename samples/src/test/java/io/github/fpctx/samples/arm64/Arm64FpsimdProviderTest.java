package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Arm64FpsimdProviderTest {
    final Architecture arm64 = Architectures.load().require("aarch64");
    final Operations ops = arm64.operations();

    MachineState world(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 0xA)).withRegister("d8", BitVector.of(64, 0xA8)))
                .task(TaskSpec.running("b", 1).withRegister("v0", BitVector.of(128, 0xB)));
        for (String e : errata) {
            b.erratum(e);
        }
        return arm64.machines().newMachine(b.build());
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertEquals("arm64", arm64.id());
        assertEquals(List.of("v0-v31", "q0-q31"), List.of(arm64.layout().names().get(0) + "-" + arm64.layout().names().get(31),
                arm64.layout().names().get(32) + "-" + arm64.layout().names().get(63)));
    }

    @Test
    void registersSurvivePreemptionMigrationAndKernelNeon() {
        Trace t = arm64.engine().run(world(), List.of(
                ops.userWrite("a", "v3", BitVector.of(128, 3)),
                ops.kernelFpUse(0),
                ops.preempt("a"), ops.preempt("b"),
                ops.resume("a", 1), ops.resume("b", 0),
                ops.signal("a"), ops.preempt("a"), ops.resume("a", 1)));
        assertTrue(t.isClean(), t.render());
        assertTrue(t.passesThrough("fpsimd_restore_current_state"));
        assertEquals(BitVector.of(128, 3), t.finalState().cpu(1).live().get("v3"));
    }

    @Test
    void resumeOnTheSameCpuWithBindingIntactSkipsTheLoad() {
        Trace t = arm64.engine().run(world(), List.of(ops.preempt("a"), ops.resume("a", 0)));
        assertTrue(t.isClean(), t.render());
        assertFalse(t.steps().get(1).passesThrough("fpsimd_load_state"), t.render());
    }

    @Test
    void execLoadsZeroedStateAndTheIllustrativeErratumLeaksTheOldProgram() {
        Trace fixed = arm64.engine().run(world(), List.of(ops.exec("a")));
        assertTrue(fixed.isClean(), fixed.render());
        assertEquals(BitVector.zero(128), fixed.finalState().cpu(0).live().get("v0"));
        Trace buggy = arm64.engine().run(world(Arm64FpsimdProvider.EXEC_KEEPS_BINDING), List.of(ops.exec("a")));
        assertEquals("user-registers-intact", buggy.violations().get(0).invariant(), buggy.render());
    }

    @Test
    void explorerFindsTheIllustrativeErratumAndTheFixedModelIsClean() {
        int bound = arm64.erratum(Arm64FpsimdProvider.EXEC_KEEPS_BINDING).explorationBound();
        ExplorationResult bug = Explorer.on(arm64, world(Arm64FpsimdProvider.EXEC_KEEPS_BINDING)).bound(bound).run();
        assertTrue(bug.foundViolation());
        ExplorationResult fixed = Explorer.on(arm64, world()).bound(bound).run();
        assertFalse(fixed.foundViolation(), () -> fixed.counterexample().get().render());
    }

    @Test
    void forkChildStartsWithParentsRegisters() {
        Trace t = arm64.engine().run(world(), List.of(ops.userWrite("a", "v5", BitVector.of(128, 5)), ops.fork("a", "c"),
                ops.preempt("b"), ops.resume("c", 1)));
        assertTrue(t.isClean(), t.render());
        assertEquals(BitVector.of(128, 5), t.finalState().cpu(1).live().get("v5"));
    }
}

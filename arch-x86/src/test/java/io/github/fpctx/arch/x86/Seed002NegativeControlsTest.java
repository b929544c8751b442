package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kernel-semantics §6.4: schedules that are correct even with {@code exec-fpu-drop} on. */
class Seed002NegativeControlsTest {
    static final Architecture X86_64 = Architectures.load().require("x86_64");

    static MachineState buggy(boolean withOtherUserTask) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).erratum(X86Errata.EXEC_FPU_DROP)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0);
        if (withOtherUserTask) {
            b.task(new TaskSpec("U", io.github.fpctx.core.state.TaskKind.USER, 0, false,
                    java.util.Map.of("xmm0", io.github.fpctx.core.register.BitVector.of(128, 0x5555))));
        }
        return X86_64.machines().newMachine(b.build());
    }

    static void assertInit(Trace t) {
        assertTrue(t.isClean(), t::render);
        assertEquals(X86.initRegisters(X86_64.machines().defaultConfig()), t.finalState().cpu(t.finalState().task("T").cpu()).live());
    }

    @Test
    void noMigrationIsCorrect() {
        Trace t = X86_64.engine().run(buggy(false), List.of(X86Paths.execveEnter("T"), X86Paths.flushThread("T"), X86Paths.exitToUser("T")));
        assertInit(t);
        assertTrue(t.steps().get(1).passesThrough("fpu__drop"));
        assertTrue(t.steps().get(2).passesThrough("restore_fpregs_from_fpstate"));
    }

    @Test
    void execFinishingOnCpu1IsCorrect() {
        List<Action> steps = new ArrayList<>(X86Steps.seed002("T", "K").subList(0, 5));
        steps.add(X86Paths.exitToUser("T"));
        Trace t = X86_64.engine().run(buggy(false), steps);
        assertInit(t);
        assertEquals(1, t.finalState().task("T").cpu());
    }

    @Test
    void anotherUserTaskActivatingItsFpuOnCpu0IsCorrect() {
        List<Action> steps = new ArrayList<>(X86Steps.seed002("T", "K").subList(0, 5));
        steps.add(X86Paths.scheduleIdle(0));
        steps.add(X86Paths.schedule(0, "U"));
        steps.add(X86Paths.exitToUser("U"));
        steps.add(X86Paths.scheduleIdle(0));
        steps.add(X86Paths.migrate("T", 0));
        steps.add(X86Paths.exitToUser("T"));
        Trace t = X86_64.engine().run(buggy(true), steps);
        assertInit(t);
        assertTrue(t.steps().get(7).passesThrough("fpregs_activate"), "U became the owner of CPU 0");
    }

    @Test
    void kernelFpuUseOnCpu0InBetweenIsCorrect() {
        List<Action> steps = new ArrayList<>(X86Steps.seed002("T", "K"));
        steps.add(5, X86Paths.kernelFpu(0));
        Trace t = X86_64.engine().run(buggy(false), steps);
        assertInit(t);
        assertTrue(t.steps().get(5).passesThrough("__cpu_invalidate_fpregs_state"));
    }

    @Test
    void theBugNeedsBothReschedules() {
        Trace t = X86_64.engine().run(buggy(false), X86Steps.seed002("T", "K"));
        assertFalse(t.isClean());
        assertEquals(7, t.violations().get(0).step());
    }
}

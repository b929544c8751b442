package io.github.fpctx.core;

import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    @Test
    void userTaskActionIsEnabledOnlyInUserModeAndRunsOnTheTasksCpu() {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 1).kernelThread("k", 0).build());
        Action a = Action.forUserTask("a: nothing", "a", ctx -> ctx.call("cpu" + ctx.cpu(), () -> { }));
        assertTrue(a.isEnabled(s));
        Step st = toy.engine().step(s, a, 1);
        assertEquals(1, st.cpu());
        assertTrue(st.passesThrough("cpu1"), "the body runs on the task's CPU");
        Action k = Action.forUserTask("k: nothing", "k", ctx -> { });
        assertFalse(k.isEnabled(s));
        assertEquals("'k' is a kernel thread, not a user task", k.whyDisabled(s));
        Action z = Action.forUserTask("z: nothing", "z", ctx -> { });
        assertEquals("no task 'z'; tasks: [a, k]", z.whyDisabled(s));
        MachineState preempted = toy.engine().run(s, List.of(toy.operations().preempt("a"))).finalState();
        assertEquals("task 'a' is not running", a.whyDisabled(preempted));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> toy.engine().step(preempted, a, 2));
        assertEquals("Step 2 (a: nothing) cannot run: task 'a' is not running", e.getMessage());
    }

    @Test
    void anActionFromPartsHasItsLabelGuardReasonAndBody() {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().cpus(1).userTask("a", 0).build());
        Action plain = Action.of("a: getppid", st -> st.cpus().size() > 1, ctx -> {
            ctx.onCpu(0);
            ctx.call("sys_getppid", () -> { });
        });
        assertEquals("a: getppid", plain.label());
        assertEquals("a: getppid", plain.toString());
        assertFalse(plain.isEnabled(s));
        assertEquals("'a: getppid' is not possible in this state", plain.whyDisabled(s));
        Action reasoned = Action.of("a: getppid", st -> true, st -> "no reason", ctx -> {
            ctx.onCpu(0);
            ctx.call("sys_getppid", () -> { });
        });
        assertTrue(reasoned.isEnabled(s));
        assertEquals("no reason", reasoned.whyDisabled(s));
        assertTrue(toy.engine().step(s, reasoned, 1).passesThrough("sys_getppid"));
        assertThrows(IllegalArgumentException.class, () -> Action.of(" ", st -> true, ctx -> { }));
        assertThrows(NullPointerException.class, () -> Action.of("x", null, ctx -> { }));
        assertThrows(NullPointerException.class, () -> Action.of("x", st -> true, null, ctx -> { }));
        assertThrows(NullPointerException.class, () -> Action.of("x", st -> true, null));
        assertEquals("Task name must be a non-blank name; got ''",
                assertThrows(IllegalArgumentException.class, () -> Action.forUserTask("x", "", ctx -> { })).getMessage());
    }

    @Test
    void anActionWithoutGuardIsAlwaysEnabledAndExplainsItselfByLabel() {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().cpus(1).userTask("a", 0).build());
        Action bare = new Action() {
            @Override
            public String label() {
                return "cpu0: tick";
            }

            @Override
            public void apply(KernelContext ctx) {
                ctx.onCpu(0);
            }
        };
        assertTrue(bare.isEnabled(s));
        assertEquals("'cpu0: tick' is not possible in this state", bare.whyDisabled(s));
    }

    @Test
    void sameLabelsComparesPositionByPosition() {
        Action a = Action.of("a", st -> true, ctx -> { });
        Action b = Action.of("b", st -> true, ctx -> { });
        Action a2 = Action.of("a", st -> false, ctx -> { });
        assertTrue(Action.sameLabels(List.of(a, b), List.of(a2, b)));
        assertTrue(Action.sameLabels(List.of(), List.of()));
        assertFalse(Action.sameLabels(List.of(a, b), List.of(b, a)));
        assertFalse(Action.sameLabels(List.of(a), List.of(a, b)));
        assertFalse(Action.sameLabels(List.of(a, b), List.of(a)));
    }
}

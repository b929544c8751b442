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
        Action a = Action.forUserTask("a: nothing", "a", ctx -> assertEquals(1, ctx.cpu()));
        assertTrue(a.isEnabled(s));
        assertEquals(1, toy.engine().step(s, a, 1).cpu());
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
}

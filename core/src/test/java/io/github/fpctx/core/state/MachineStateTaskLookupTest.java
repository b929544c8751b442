package io.github.fpctx.core.state;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task lookups go through the names array a state shares with the states derived from it. */
class MachineStateTaskLookupTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState two() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0).userTask("b", 1).build());
    }

    @Test
    void aNameEqualToButNotTheWorldsInstanceFindsTheTask() {
        MachineState s = two();
        String b = new String("b");
        assertNotSame(s.task("b").name(), b);
        assertSame(s.task("b"), s.task(b));
        assertTrue(s.isRunning(b));
        // derived states share the names: a replaced task is found, by either instance
        MachineState t = s.withTask(s.task(b).withMode(TaskMode.KERNEL));
        assertEquals(TaskMode.KERNEL, t.task("b").mode());
        assertEquals(TaskMode.KERNEL, t.task(b).mode());
        MachineState u = t.withIdle(1).withIdle(0).withRunning(0, b);
        assertEquals(0, u.task("b").cpu());
        assertEquals("b", u.cpu(0).current().orElseThrow());
        assertTrue(u.findTask("c").isEmpty());
        assertEquals("Unknown task 'c'; tasks: [a, b]",
                assertThrows(IllegalArgumentException.class, () -> u.task("c")).getMessage());
    }

    @Test
    void aForkedTaskIsFoundAndItsNameMustBeNew() {
        MachineState s = two();
        TaskState a = s.task("a");
        TaskState child = new TaskState("c", 99, a.kind(), a.mode(), 0, a.saved(), a.oracle(), a.ext());
        MachineState f = s.withNewTask(child);
        assertEquals(List.of("a", "b", "c"), f.taskNames());
        assertSame(child, f.task("c"));
        assertEquals("Task name 'a' is used twice", assertThrows(IllegalArgumentException.class,
                () -> s.withNewTask(new TaskState(new String("a"), 98, a.kind(), a.mode(), 0, a.saved(), a.oracle(), a.ext())))
                .getMessage());
    }

    @Test
    void aCpuRunningAnUnknownTaskIsRefused() {
        MachineState s = two();
        CpuState c0 = s.cpu(0).withCurrent(java.util.Optional.of("zz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withCpu(c0));
        assertEquals("CPU 0 runs unknown task 'zz'; tasks: [a, b]", e.getMessage());
    }
}

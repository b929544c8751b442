package io.github.fpctx.core.state;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MachineState}'s scheduling rules: which task runs where, user mode, and the consistency checks that keep a
 * task on one CPU and a CPU on one task.
 */
class MachineStateSchedulingTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    /** a runs on CPU 0, b sleeps on CPU 1 (CPU 1 idle), kernel thread k sleeps on CPU 0. */
    MachineState world() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0)
                .task(new TaskSpec("b", TaskKind.USER, 1, false, java.util.Map.of())).kernelThread("k", 0).build());
    }

    static MachineState rebuilt(MachineState s, List<CpuState> cpus, List<TaskState> tasks) {
        return MachineState.of(s.architecture(), s.config(), s.errata(), cpus, tasks, s.ext());
    }

    @Test
    void runningAndUserModeFollowTheCpusCurrentTask() {
        MachineState s = world();
        assertTrue(s.isRunning("a"));
        assertFalse(s.isRunning("b"));
        assertEquals(Optional.of(s.task("a")), s.running(0));
        assertEquals(Optional.empty(), s.running(1));
        assertTrue(s.isInUserMode("a"));
        assertFalse(s.isInUserMode("b"));
        assertFalse(s.isInUserMode("k"));
        assertFalse(s.isInUserMode("nobody"));
        MachineState inKernel = s.withTask(s.task("a").withMode(TaskMode.KERNEL));
        assertFalse(inKernel.isInUserMode("a"));
        assertTrue(inKernel.isRunning("a"));
        assertEquals("task 'a' is not in user mode", inKernel.whyNotInUserMode("a"));
        assertEquals("task 'a' is in user mode", s.whyNotInUserMode("a"));
        assertEquals("task 'b' is not running", s.whyNotInUserMode("b"));
        // a user-mode task on a CPU running another task is not in user mode there
        MachineState bUser = s.withTask(s.task("b").withMode(TaskMode.USER));
        assertFalse(bUser.isInUserMode("b"));
        assertTrue(bUser.withRunning(1, "b").isInUserMode("b"));
    }

    @Test
    void withRunningPutsTheTaskOnTheCpuAndMovesItsTaskCpu() {
        MachineState s = world().withRunning(1, "b");
        assertEquals(Optional.of("b"), s.cpu(1).current());
        assertEquals(1, s.task("b").cpu());
        MachineState migrated = world().withIdle(0).withRunning(1, "a");
        assertEquals(1, migrated.task("a").cpu());
        assertTrue(migrated.isRunning("a"));
        assertEquals(Optional.empty(), migrated.cpu(0).current());
        // running it again where it runs is no conflict
        assertEquals(world(), world().withRunning(0, "a"));
        assertEquals(Optional.empty(), world().withIdle(0).running(0));
    }

    @Test
    void lookupsMatchNamesByValue() {
        MachineState s = world();
        String a = new String("a".toCharArray());
        assertEquals(s.task("a"), s.task(a));
        assertTrue(s.isRunning(a));
        assertEquals(Optional.empty(), s.findTask("z"));
        assertEquals(List.of("a", "b", "k"), s.taskNames());
        MachineState renamed = s.withTask(s.task(new String("b".toCharArray())).withMode(TaskMode.USER));
        assertEquals(TaskMode.USER, renamed.task("b").mode());
        assertEquals("Unknown task 'z'; tasks: [a, b, k]",
                assertThrows(IllegalArgumentException.class, () -> s.withTask(s.task("a").renamed("z", 9))).getMessage());
    }

    @Test
    void aCpuCannotRunAnUnknownTaskNorATaskWhoseCpuIsAnother() {
        MachineState s = world();
        assertEquals("CPU 1 runs unknown task 'z'; tasks: [a, b, k]", assertThrows(IllegalArgumentException.class,
                () -> s.withCpu(s.cpu(1).withCurrent(Optional.of("z")))).getMessage());
        assertEquals("Task 'b' is already running on CPU 1; cannot also run it on CPU 0", assertThrows(IllegalStateException.class,
                () -> s.withIdle(0).withCpu(s.cpu(0).withCurrent(Optional.of("b")))).getMessage());
        // moving a running task's task_cpu away from its CPU is refused too
        assertThrows(IllegalStateException.class, () -> s.withTask(s.task("a").withCpu(1)));
        // a sleeping task may move
        assertEquals(0, s.withTask(s.task("b").withCpu(0)).task("b").cpu());
        assertSame(s, s.withCpu(s.cpu(1)));
        assertSame(s, s.withTask(s.task("b")));
    }

    @Test
    void ofChecksCpuIdsTaskCpusAndTheErrata() {
        MachineState s = world();
        assertEquals("CPU at index 0 has id 1", assertThrows(IllegalArgumentException.class,
                () -> rebuilt(s, List.of(s.cpu(1), s.cpu(0)), s.tasks())).getMessage());
        assertEquals("Task 'b' is on CPU 2 but the machine has CPUs 0 - 1", assertThrows(IllegalArgumentException.class,
                () -> rebuilt(s, s.cpus(), List.of(s.task("a"), s.task("b").withCpu(2), s.task("k")))).getMessage());
        assertEquals("A machine needs at least one CPU", assertThrows(IllegalArgumentException.class,
                () -> rebuilt(s, List.of(), s.tasks())).getMessage());
        assertEquals("Task name 'a' is used twice", assertThrows(IllegalArgumentException.class,
                () -> rebuilt(s, s.cpus(), List.of(s.task("a"), s.task("a").withCpu(1)))).getMessage());
        // the last CPU is a valid task_cpu
        assertEquals(1, rebuilt(s, s.cpus(), s.tasks()).task("b").cpu());
        MachineState buggy = MachineState.of(s.architecture(), s.config(), Set.of(ToyArchitecture.LOST_SAVE), s.cpus(), s.tasks(), s.ext());
        assertEquals(Set.of(ToyArchitecture.LOST_SAVE), buggy.errata());
        assertTrue(buggy.hasErratum(ToyArchitecture.LOST_SAVE));
        assertFalse(s.hasErratum(ToyArchitecture.LOST_SAVE));
        assertTrue(!buggy.equals(s));
    }

    @Test
    void twoCpusCannotRunOneTask() {
        MachineState s = world();
        CpuState one = s.cpu(1).withCurrent(Optional.of("a"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rebuilt(s, List.of(s.cpu(0), one), s.tasks()));
        assertEquals("Task 'a' is already running on CPU 0; cannot also run it on CPU 1", e.getMessage());
    }
}

package io.github.fpctx.core.state;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineStateTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState two() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0).userTask("b", 1).build());
    }

    @Test
    void refusesATaskOnTwoCpus() {
        MachineState s = two().withIdle(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.withRunning(1, "a"));
        assertEquals("Task 'a' is already running on CPU 0; cannot also run it on CPU 1", e.getMessage());
        assertEquals("CPU 1 is already running task 'b'; cannot also run 'a'",
                assertThrows(IllegalStateException.class, () -> two().withIdle(0).withRunning(1, "a")).getMessage());
    }

    @Test
    void waitingTasksMoveToCpu0AndRunningOnesStay() {
        MachineState s = two();
        assertSame(s, s.withWaitingTasksOnCpu0(), "both tasks run: nothing to normalise");
        MachineState waiting = s.withIdle(1);
        MachineState n = waiting.withWaitingTasksOnCpu0();
        assertEquals(0, n.task("b").cpu());
        assertEquals(0, n.task("a").cpu());
        assertTrue(n.isRunning("a"));
        assertEquals(waiting.withTask(waiting.task("b").withCpu(0)), n, "the same state the validated path builds");
        assertEquals(waiting.withTask(waiting.task("b").withCpu(0)).fingerprint(), n.fingerprint());
        assertSame(n, n.withWaitingTasksOnCpu0());
        MachineState onOne = toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 1)
                .task(new TaskSpec("b", TaskKind.USER, 1, false, java.util.Map.of())).build());
        MachineState m = onOne.withWaitingTasksOnCpu0();
        assertEquals(1, m.task("a").cpu(), "a runs on CPU 1 and keeps it");
        assertEquals(0, m.task("b").cpu());
    }

    @Test
    void specRefusesTwoRunningTasksOnOneCpu() {
        assertEquals("CPU 0 is already running task 'a'; cannot also run 'b'",
                assertThrows(IllegalStateException.class, () -> MachineSpec.builder().userTask("a", 0).userTask("b", 0).build()).getMessage());
        assertEquals("Invalid value for CPU of task 'a' (valid values 0 - 0): 3",
                assertThrows(IllegalArgumentException.class, () -> MachineSpec.builder().userTask("a", 3).build()).getMessage());
    }

    @Test
    void equalStatesAreEqualAndHashEqually() {
        assertEquals(two(), two());
        assertEquals(two().hashCode(), two().hashCode());
        MachineState s = two();
        MachineState t = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("v0", BitVector.ones(128))));
        assertNotEquals(s, t);
        assertSame(s, s.withCpu(s.cpu(0)));
    }

    @Test
    void anIdleExecContextEqualToButNotTheSharedInstanceFingerprintsTheSame() {
        // a CPU back from a preempt_disable/enable pair holds a new ExecContext equal to IDLE: the fingerprint must
        // agree with equals, or the explorer stores one state twice
        MachineState s = two();
        ExecContext idle = new ExecContext(0, 0, false, List.of(), List.of());
        assertEquals(ExecContext.IDLE, idle);
        MachineState t = MachineState.of(s.architecture(), s.config(), s.errata(),
                List.of(s.cpu(0), new CpuState(1, s.cpu(1).live(), s.cpu(1).current(), idle, s.cpu(1).ext())), s.tasks(), s.ext());
        assertEquals(s, t);
        assertEquals(s.fingerprint(), t.fingerprint());
        MachineState busy = MachineState.of(s.architecture(), s.config(), s.errata(), List.of(s.cpu(0),
                new CpuState(1, s.cpu(1).live(), s.cpu(1).current(), new ExecContext(1, 0, false, List.of(), List.of("f")),
                        s.cpu(1).ext())), s.tasks(), s.ext());
        assertNotEquals(s.fingerprint(), busy.fingerprint());
    }

    @Test
    void diffNamesCpusTasksRegistersAndExtFields() {
        MachineState s = two();
        MachineState t = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("f0", BitVector.of(64, 1)))
                        .withExt(new ToyArchitecture.ToyCpu(Optional.of("a"))))
                .withTask(s.task("b").withMode(TaskMode.KERNEL));
        List<StateChange> d = s.diff(t);
        assertEquals(List.of(
                "cpu0.live.v0: 0x0000_0000_0000_0000_0000_0000_0000_0000 -> 0x0000_0000_0000_0001_0000_0000_0000_0000",
                "cpu0.ext.owner: (none) -> a",
                "task b.mode: USER -> KERNEL"), d.stream().map(StateChange::toString).toList());
    }

    @Test
    void unknownTaskListsTasks() {
        assertEquals("Unknown task 'z'; tasks: [a, b]", assertThrows(IllegalArgumentException.class, () -> two().task("z")).getMessage());
        assertEquals("Invalid value for CPU (valid values 0 - 1): 2", assertThrows(IllegalArgumentException.class, () -> two().cpu(2)).getMessage());
    }

    @Test
    void newTaskNamesMustBeUnique() {
        MachineState s = two();
        assertThrows(IllegalArgumentException.class, () -> s.withNewTask(s.task("a")));
        assertTrue(s.withNewTask(s.task("a").renamed("c", 9)).findTask("c").isPresent());
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.state.MachineExtension;

import io.github.fpctx.core.state.TaskExtension;

import io.github.fpctx.core.state.CpuExtension;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.HeldLock;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class MachineStateFingerprintTest {
    record Owner(int pid) implements CpuExtension {
    }

    record Fpu(int lastCpu, boolean needLoad) implements TaskExtension {
    }

    record Init(int gen) implements MachineExtension {
    }

    private static final RegisterLayout LAYOUT = RegisterLayout.builder("fp-test")
            .register("v0", 128).register("v1", 128).register("csr", 32)
            .view("d0", "v0", 64, 64)
            .build();

    private static RegisterFile file(long a, long b) {
        return LAYOUT.zeroFile().with("v0", BitVector.ofWords(128, a, a + 1)).with("v1", BitVector.ofWords(128, b, b + 1));
    }

    private static MachineState machine(RegisterFile t0, RegisterFile t1, ExecContext exec) {
        List<TaskState> tasks = List.of(
                new TaskState("A", 1, TaskKind.USER, TaskMode.USER, 0, t0, t0, new Fpu(0, false)),
                new TaskState("B", 2, TaskKind.USER, TaskMode.KERNEL, 1, t1, t1, new Fpu(-1, true)));
        List<CpuState> cpus = List.of(
                new CpuState(0, t0, Optional.of("A"), exec, new Owner(1)),
                new CpuState(1, LAYOUT.zeroFile(), Optional.empty(), ExecContext.IDLE, new Owner(-1)));
        return MachineState.of("fp-test", KernelConfig.DEFAULT, Set.of("e1"), cpus, tasks, new Init(0));
    }

    private static final ExecContext LOCKED = new ExecContext(1, 0, true,
            List.of(new HeldLock(new Lock("rq->lock", LockKind.RAW_SPINLOCK), "schedule", true)), List.of("schedule"));

    @Test
    void equalStatesBuiltSeparatelyHaveEqualFingerprintsAndHashes() {
        MachineState a = machine(file(1, 2), file(3, 4), LOCKED);
        MachineState b = machine(file(1, 2), file(3, 4),
                new ExecContext(1, 0, true, List.of(new HeldLock(new Lock("rq->lock", LockKind.RAW_SPINLOCK), "schedule", true)),
                        List.of("schedule")));
        assertNotSame(a, b);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, b);
        assertEquals(a.fingerprint(), a.fingerprint(), "cached value is stable");
    }

    @Test
    void everyKindOfComponentChangesTheFingerprint() {
        MachineState s = machine(file(1, 2), file(3, 4), ExecContext.IDLE);
        long f = s.fingerprint();
        CpuState c0 = s.cpu(0);
        TaskState b = s.task("B");
        List<MachineState> variants = List.of(
                s.withCpu(c0.withLive(c0.live().with("d0", BitVector.of(64, 7)))),
                s.withCpu(c0.withLive(c0.live().withLong(LAYOUT.register("csr"), 0x1F80))),
                s.withCpu(c0.withExec(LOCKED)),
                s.withCpu(c0.withExt(new Owner(2))),
                s.withIdle(0),
                s.withTask(b.withMode(TaskMode.USER)),
                s.withTask(b.withSaved(file(3, 5))),
                s.withTask(b.withOracle(file(9, 4))),
                s.withTask(b.withExt(new Fpu(1, true))),
                s.withTask(b.withCpu(0)),
                s.withExt(new Init(1)));
        for (MachineState v : variants) {
            assertNotEquals(f, v.fingerprint(), () -> "unchanged fingerprint after " + s.diff(v));
            assertNotEquals(s, v);
        }
    }

    @Test
    void swappingRegisterContentsBetweenTasksChangesTheFingerprint() {
        MachineState a = machine(file(1, 2), file(3, 4), ExecContext.IDLE);
        MachineState b = machine(file(3, 4), file(1, 2), ExecContext.IDLE);
        assertNotEquals(a.fingerprint(), b.fingerprint());
        RegisterFile x = file(1, 2);
        RegisterFile swapped = x.with("v0", x.get("v1")).with("v1", x.get("v0"));
        assertNotEquals(x.fingerprint(), swapped.fingerprint(), "a file hash is position-sensitive");
    }
}

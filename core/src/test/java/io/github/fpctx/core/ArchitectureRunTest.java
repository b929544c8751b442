package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureRunTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState world(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 5)));
        for (String e : errata) {
            b.erratum(e);
        }
        return toy.machines().newMachine(b.build());
    }

    @Test
    void fixedModelKeepsRegistersAcrossPreemptionAndMigration() {
        Operations ops = toy.operations();
        Trace t = toy.engine().run(world(), List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), ops.preempt("a"),
                ops.kernelFpUse(0), ops.resume("a", 1), ops.userWrite("a", "v0", BitVector.of(128, 3))));
        assertTrue(t.isClean(), t.render());
        assertEquals(1, t.finalState().task("a").cpu());
        assertTrue(t.passesThrough("save_fpu"));
    }

    @Test
    void erratumMakesTheUserSeeStaleRegistersWithCallPath() {
        Operations ops = toy.operations();
        Trace t = toy.engine().run(world(ToyArchitecture.LOST_SAVE), List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)),
                ops.preempt("a"), ops.resume("a", 1)));
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals("user-registers-intact", v.invariant());
        assertEquals(3, v.step());
        assertEquals(Optional.of("v0"), v.subject());
        assertEquals(Optional.of("0x0000_0000_0000_0007_0000_0000_0000_0005"), v.expected());
        assertEquals(Optional.of("0x0000_0000_0000_0000_0000_0000_0000_0005"), v.actual());
        String r = t.render();
        assertTrue(r.contains("  > 3. [cpu1] a: resumes on cpu1"), r);
        assertTrue(r.contains("schedule > __switch_to   [owner dropped without saving]"), r);
    }

    @Test
    void syscallBoundaryExemptsVolatileRegistersUnlessStrict() {
        Operations ops = toy.operations();
        Action clobber = Action.of("a: kernel clobbers f0 in a syscall", s -> true, ctx -> {
            ctx.onCpu(0);
            ctx.call("sys_clone", () -> {
                ctx.update(s -> s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("f0", BitVector.of(64, 0x99)))));
                ctx.syscallBoundary("a");
            });
        });
        Trace lax = toy.engine().run(world(), List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), clobber));
        assertTrue(lax.isClean(), lax.render());
        MachineState strict = toy.machines().newMachine(MachineSpec.builder().config(KernelConfig.of(Set.of(KernelConfig.STRICT_SYSCALL_ABI), Set.of()))
                .cpus(1).userTask("a", 0).build());
        Trace t = toy.engine().run(strict, List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), clobber));
        assertEquals(1, t.violations().size());
        assertEquals(List.of("sys_clone"), t.violations().get(0).callPath());
    }

    @Test
    void sleepingLockUnderPreemptDisableIsReportedWithKernelText() {
        Trace t = toy.engine().run(world(ToyArchitecture.SLEEP_UNDER_PREEMPT), List.of(toy.operations().fork("a", "b")));
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals("no-sleep-in-atomic", v.invariant());
        assertEquals("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: a\n"
                + "preempt_count: 1, expected: 0\n"
                + "RCU nest depth: 0, expected: 0\n"
                + "Preemption disabled at:\n"
                + "copy_process", v.message());
        assertEquals(List.of("copy_process"), v.callPath());
        assertTrue(t.finalState().cpu(0).exec().isClean());
    }

    @Test
    void disabledActionIsRefusedWithReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> toy.engine().run(world(), List.of(toy.operations().resume("a", 1))));
        assertEquals("Step 1 (a: resumes on cpu1) cannot run: 'a: resumes on cpu1' is not possible in this state", e.getMessage());
    }

    @Test
    void newMachineRejectsUnknownErratumAndRegister() {
        assertEquals("Unknown erratum 'nope' for toy; valid: [toy-lost-save, toy-sleep-under-preempt]",
                assertThrows(IllegalArgumentException.class, () -> toy.machines().newMachine(MachineSpec.builder().erratum("nope").build())).getMessage());
        assertEquals("Unknown register 'xmm0' in toy; valid: v0, f0, ctl",
                assertThrows(IllegalArgumentException.class, () -> toy.machines().newMachine(MachineSpec.builder()
                        .task(TaskSpec.running("a", 0).withRegister("xmm0", BitVector.zero(128))).build())).getMessage());
    }

    @Test
    void runsAreDeterministic() {
        Operations ops = toy.operations();
        List<Action> steps = List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), ops.preempt("a"), ops.resume("a", 1));
        Trace t1 = toy.engine().run(world(ToyArchitecture.LOST_SAVE), steps);
        Trace t2 = toy.engine().run(world(ToyArchitecture.LOST_SAVE), steps);
        assertEquals(t1.render(), t2.render());
        assertEquals(t1.states(), t2.states());
        assertFalse(t1.isClean());
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelContextTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);
    static final Lock SIGLOCK = new Lock("sighand->siglock", LockKind.SPINLOCK);

    MachineState world(boolean rt) {
        return toy.machines().newMachine(MachineSpec.builder()
                .config(rt ? KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), Set.of()) : KernelConfig.DEFAULT)
                .cpus(1).userTask("systemd", 0).build());
    }

    Step run(boolean rt, java.util.function.Consumer<KernelContext> body) {
        return toy.engine().step(world(rt), Action.of("test", s -> true, ctx -> {
            ctx.onCpu(0);
            body.accept(ctx);
        }), 1);
    }

    @Test
    void spinlockSleepsOnlyUnderPreemptRt() {
        java.util.function.Consumer<KernelContext> clone = ctx -> ctx.call("fpu_clone", () -> {
            ctx.preemptDisable(0); // fpregs_lock on RT
            ctx.call("fpu_inherit_perms", () -> {
                ctx.lockIrq(0, SIGLOCK);
                ctx.unlock(0, SIGLOCK);
            });
            ctx.preemptEnable(0);
        });
        Step rt = run(true, clone);
        assertEquals(1, rt.events().size());
        KernelEvent e = rt.events().get(0);
        assertEquals(KernelEvent.Kind.SLEEP_IN_ATOMIC, e.kind());
        assertTrue(e.message().startsWith("BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46\n"
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: systemd\npreempt_count: 1, expected: 0"), e.message());
        assertTrue(e.message().endsWith("Preemption disabled at:\nfpu_clone"));
        assertEquals(List.of("fpu_clone", "fpu_inherit_perms"), e.callPath());
        assertTrue(rt.after().cpu(0).exec().isClean());
        assertTrue(run(false, clone).events().isEmpty());
    }

    @Test
    void bhDisableIsAtomicOnlyWithoutRt() {
        java.util.function.Consumer<KernelContext> body = ctx -> {
            ctx.localBhDisable(0);
            ctx.mightSleep(0, "mm/slab.c:1");
            ctx.localBhEnable(0);
        };
        Step nonRt = run(false, body);
        assertEquals(1, nonRt.events().size());
        assertTrue(nonRt.events().get(0).message().contains("preempt_count: 200, expected: 0"));
        assertTrue(run(true, body).events().isEmpty());
    }

    @Test
    void rawSpinlockDisablesPreemptionAndIrqVariantDisablesIrqs() {
        AtomicReference<ExecContext> inside = new AtomicReference<>();
        Lock raw = new Lock("rq->lock", LockKind.RAW_SPINLOCK);
        run(false, ctx -> {
            ctx.lockIrq(0, raw);
            inside.set(ctx.state().cpu(0).exec());
            ctx.unlock(0, raw);
            assertTrue(ctx.state().cpu(0).exec().isClean());
        });
        assertEquals(1, inside.get().preemptCount());
        assertTrue(inside.get().irqsDisabled());
        assertEquals("rq->lock", inside.get().locks().get(0).lock().name());
    }

    @Test
    void unbalancedPrimitivesAreModelErrors() {
        assertEquals("preempt_enable on CPU 0 in [] without preempt_disable",
                assertThrows(IllegalStateException.class, () -> run(false, ctx -> ctx.preemptEnable(0))).getMessage());
        assertThrows(IllegalStateException.class, () -> run(false, ctx -> ctx.unlock(0, SIGLOCK)));
        assertThrows(IllegalStateException.class, () -> run(false, ctx -> {
            ctx.lock(0, SIGLOCK);
            ctx.lock(0, SIGLOCK);
        }));
    }

    @Test
    void lockHeldAtReturnToUserIsAViolation() {
        Step s = run(false, ctx -> ctx.lock(0, SIGLOCK));
        List<Violation> v = toy.engine().check(s);
        assertEquals(1, v.size());
        assertEquals("balanced-at-user-return", v.get(0).invariant());
        assertTrue(v.get(0).message().contains("locks=[sighand->siglock]"), v.get(0).message());
    }

    @Test
    void warningsAreViolations() {
        Step s = run(false, ctx -> ctx.call("giveup_all", () -> ctx.warnOn(true, 0, "VSX without FP and VEC")));
        List<Violation> v = toy.engine().check(s);
        assertEquals("no-kernel-warning", v.get(0).invariant());
        assertEquals(List.of("giveup_all"), v.get(0).callPath());
        assertFalse(run(false, ctx -> ctx.warnOn(false, 0, "x")).events().size() > 0);
    }

    @Test
    void callTreeRecordsChangesPerFunction() {
        Step s = run(false, ctx -> ctx.call("outer", () -> ctx.call("inner", () -> {
            ctx.update(st -> st.withCpu(st.cpu(0).withLive(st.cpu(0).live().with("f0", BitVector.of(64, 1)))));
            ctx.note("f0 <- 1");
        })));
        CallNode inner = s.calls().children().get(0).children().get(0);
        assertEquals("inner", inner.function());
        assertEquals("cpu0.live.v0", inner.changes().get(0).path());
        assertEquals(List.of("f0 <- 1"), inner.notes());
        assertEquals(List.of("outer", "inner"), s.calls().pathTo("inner").subList(1, 3));
        assertEquals(List.of("outer", "inner"), s.pathOfChange("cpu0.live.v0"));
    }

    @Test
    void aMisspelledErratumIdInKernelCodeIsRefusedListingTheDeclaredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(false, ctx -> ctx.call("fpu__restore", () -> ctx.erratum("lost-sav"))));
        assertEquals("Unknown erratum 'lost-sav' asked for in fpu__restore (action 'test') of toy; declared: ["
                + ToyArchitecture.LOST_SAVE + ", " + ToyArchitecture.SLEEP_UNDER_PREEMPT
                + "]. Declare it in the provider's errata() or fix the id.", e.getMessage());
    }

    @Test
    void aDeclaredErratumIsAnsweredByWhetherTheMachineEnablesIt() {
        AtomicReference<Boolean> seen = new AtomicReference<>();
        run(false, ctx -> seen.set(ctx.erratum(ToyArchitecture.LOST_SAVE)));
        assertFalse(seen.get());
        MachineState buggy = toy.machines().newMachine(MachineSpec.builder().erratum(ToyArchitecture.LOST_SAVE)
                .cpus(1).userTask("systemd", 0).build());
        toy.engine().step(buggy, Action.of("test", s -> true, ctx -> {
            ctx.onCpu(0);
            seen.set(ctx.erratum(ToyArchitecture.LOST_SAVE));
        }), 1);
        assertTrue(seen.get());
    }

    @Test
    void theEngineRefusesAnActionThatNeverSetsItsCpu() {
        Action noCpu = Action.of("systemd: user writes f0", s -> true, ctx -> ctx.call("fpu__clear_user_states", () -> { }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> toy.engine().step(world(false), noCpu, 1));
        assertEquals("Action 'systemd: user writes f0' of toy ran without naming its CPU; call ctx.onCpu(cpu) in the"
                + " action before its first kernel function (the CPU the task runs on, or the one the kernel path"
                + " starts on)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> toy.engine().tryStep(world(false), noCpu, 1, false));
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.HeldLock;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KernelContext} as kernel paths use it: the call tree and call path, notes, events and {@code WARN_ON},
 * syscall results, provenance of updates, the execution-context primitives (preemption, bottom halves, interrupts,
 * locks, {@code might_sleep}) and the syscall boundary. Steps run on the toy architecture.
 */
class KernelContextBehaviourTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);
    static final KernelConfig RT = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), Set.of());
    static final Lock SIGLOCK = new Lock("sighand->siglock", LockKind.SPINLOCK);
    static final Lock RQ_LOCK = new Lock("rq->lock", LockKind.RAW_SPINLOCK);
    static final Lock MMAP_LOCK = new Lock("mm->mmap_lock", LockKind.MUTEX);

    /** CPU 0 runs user task systemd (pid 1); CPU 1 is idle; kernel thread k sleeps on CPU 1. */
    MachineState world(KernelConfig config) {
        MachineState s = toy.machines().newMachine(MachineSpec.builder().config(config).cpus(2).userTask("systemd", 0)
                .kernelThread("k", 1).build());
        // each CPU starts from an execution context of its own (equal to IDLE, not the shared instance): the
        // context's transitions are memoised in a static table keyed by identity, and a fresh start makes these
        // tests compute theirs instead of finding a result an earlier run (a mutation run's other mutant) left there
        List<CpuState> cpus = new ArrayList<>();
        for (CpuState c : s.cpus()) {
            cpus.add(new CpuState(c.id(), c.live(), c.current(), new ExecContext(0, 0, false, List.of(), List.of()), c.ext()));
        }
        return MachineState.of(s.architecture(), s.config(), s.errata(), cpus, s.tasks(), s.ext());
    }

    Step run(KernelConfig config, boolean tracing, Consumer<KernelContext> body) {
        return toy.engine().tryStep(world(config), Action.of("test", s -> true, ctx -> {
            ctx.onCpu(0);
            body.accept(ctx);
        }), 1, tracing).orElseThrow();
    }

    Step run(Consumer<KernelContext> body) {
        return run(KernelConfig.DEFAULT, true, body);
    }

    static MachineState clobberLive(MachineState s, int cpu, long value) {
        return s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with("v0", BitVector.of(128, value))));
    }

    /** CPU 0's live v0 set to a value whose upper half (the toy's volatile f0) is {@code upper}, owned by systemd. */
    static MachineState ownedWithF0(MachineState s, long upper) {
        return s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("v0", BitVector.ofWords(128, 0, upper)))
                .withExt(new ToyArchitecture.ToyCpu(Optional.of("systemd"))));
    }

    // ---- the context and the step it makes ----------------------------------------------------------------------

    @Test
    void exposesTheArchitectureStateAndConfigurationOfTheStep() {
        MachineState w = world(RT);
        AtomicInteger checked = new AtomicInteger();
        Step s = toy.engine().step(w, Action.of("test", st -> true, ctx -> {
            assertSame(toy, ctx.architecture());
            assertSame(w, ctx.state());
            assertEquals(RT, ctx.config());
            assertTrue(ctx.isTracing());
            assertEquals(-1, ctx.cpu());
            ctx.onCpu(1);
            assertEquals(1, ctx.cpu());
            checked.incrementAndGet();
        }), 7);
        assertEquals(1, checked.get());
        assertEquals(7, s.index());
        assertEquals("test", s.label());
        assertSame(w, s.before());
        assertSame(w, s.after()); // nothing changed
        assertEquals("test", s.calls().function());
        toy.engine().tryStep(w, Action.of("test", st -> true, ctx -> {
            assertFalse(ctx.isTracing());
            ctx.onCpu(0);
        }), 1, false).orElseThrow();
    }

    @Test
    void theStepsCpuIsTheFirstOneNamedAndEachFunctionRecordsItsOwn() {
        Step s = run(ctx -> {
            ctx.call("on_cpu0", () -> { });
            ctx.onCpu(1);
            ctx.call("smp_call_function_single", () -> { });
        });
        assertEquals(0, s.cpu());
        assertEquals(List.of(0, 1), s.calls().children().stream().map(CallNode::cpu).toList());
        assertThrows(IllegalArgumentException.class, () -> run(ctx -> ctx.onCpu(2)));
    }

    // ---- call tree, call path, notes --------------------------------------------------------------------------------

    @Test
    void callsNestIntoATreeAndTheCallPathIsTheActiveFunctionsWithoutTheLabel() {
        List<List<String>> seen = new ArrayList<>();
        Step s = run(ctx -> {
            seen.add(ctx.callPath());
            ctx.call("schedule", () -> {
                seen.add(ctx.callPath());
                ctx.call("__switch_to", () -> seen.add(ctx.callPath()));
                int r = ctx.call("switch_fpu_return", () -> {
                    seen.add(ctx.callPath());
                    return 42;
                });
                assertEquals(42, r);
            });
            seen.add(ctx.callPath());
        });
        assertEquals(List.of(List.of(), List.of("schedule"), List.of("schedule", "__switch_to"),
                List.of("schedule", "switch_fpu_return"), List.of()), seen);
        CallNode schedule = s.calls().children().get(0);
        assertEquals(1, s.calls().children().size());
        assertEquals(List.of("__switch_to", "switch_fpu_return"), schedule.children().stream().map(CallNode::function).toList());
    }

    @Test
    void aDeepCallPathKeepsEveryLevel() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add("f" + i);
        }
        AtomicReference<List<String>> deepest = new AtomicReference<>();
        Step s = run(ctx -> nest(ctx, expected, 0, deepest));
        assertEquals(expected, deepest.get());
        assertEquals(expected, s.calls().pathTo("f39").subList(1, 41));
        // untraced steps keep the call path (for events) without a tree
        Step u = run(KernelConfig.DEFAULT, false, ctx -> nest(ctx, expected, 0, deepest));
        assertEquals(expected, deepest.get());
        assertEquals(List.of(), u.calls().children());
    }

    private static void nest(KernelContext ctx, List<String> names, int i, AtomicReference<List<String>> deepest) {
        if (i == names.size()) {
            deepest.set(ctx.callPath());
            return;
        }
        ctx.call(names.get(i), () -> nest(ctx, names, i + 1, deepest));
    }

    @Test
    void aFunctionThatThrowsLeavesTheCallPath() {
        List<List<String>> after = new ArrayList<>();
        Step s = run(ctx -> {
            assertThrows(IllegalStateException.class, () -> ctx.call("fpu__restore", () -> {
                throw new IllegalStateException("boom");
            }));
            after.add(ctx.callPath());
            assertThrows(IllegalStateException.class, () -> ctx.call("fpu__restore_sig", () -> {
                if (after.size() == 1) {
                    throw new IllegalStateException("boom");
                }
                return 1;
            }));
            after.add(ctx.callPath());
            ctx.call("next", () -> ctx.note("in next"));
        });
        assertEquals(List.of(List.of(), List.of()), after);
        assertEquals(List.of("fpu__restore", "fpu__restore_sig", "next"),
                s.calls().children().stream().map(CallNode::function).toList());
        assertEquals(List.of("in next"), s.calls().children().get(2).notes());
    }

    @Test
    void refusesABlankFunctionName() {
        assertEquals("Kernel function must be a non-blank name; got ''",
                assertThrows(IllegalArgumentException.class, () -> run(ctx -> ctx.call("", () -> { }))).getMessage());
    }

    @Test
    void notesGoToTheInnermostFunctionAndOnlyWhenTracing() {
        AtomicInteger built = new AtomicInteger();
        Consumer<KernelContext> body = ctx -> ctx.call("save_fpu", () -> {
            ctx.note("fr0 <- FPSCR image");
            ctx.call("mffs", () -> ctx.note(() -> "built " + built.incrementAndGet()));
            ctx.note(() -> "after " + built.get());
        });
        Step s = run(body);
        CallNode save = s.calls().children().get(0);
        assertEquals(List.of("fr0 <- FPSCR image", "after 1"), save.notes());
        assertEquals(List.of("built 1"), save.children().get(0).notes());
        assertEquals(List.of(), s.calls().notes());
        Step u = run(KernelConfig.DEFAULT, false, body);
        assertEquals(1, built.get(), "an untraced step computes no note text");
        assertEquals(List.of(), u.calls().notes());
    }

    // ---- events, WARN_ON, syscall results ----------------------------------------------------------------------------

    @Test
    void reportRecordsTheEventAtTheCallPathWithTheCpusTaskAndNotesItsFirstLine() {
        Step s = run(ctx -> ctx.call("do_exit", () -> {
            ctx.report(KernelEvent.Kind.BUG, 0, "kernel BUG at kernel/exit.c:1\nsecond line");
            ctx.report(KernelEvent.Kind.SIGNAL, 1, "SIGFPE");
            assertEquals(2, ctx.events().size());
        }));
        assertEquals(List.of(new KernelEvent(KernelEvent.Kind.BUG, 0, Optional.of("systemd"), List.of("do_exit"),
                        "kernel BUG at kernel/exit.c:1\nsecond line"),
                new KernelEvent(KernelEvent.Kind.SIGNAL, 1, Optional.empty(), List.of("do_exit"), "SIGFPE")), s.events());
        assertEquals(List.of("BUG: kernel BUG at kernel/exit.c:1", "SIGNAL: SIGFPE"), s.calls().children().get(0).notes());
        assertEquals(List.of(), run(ctx -> assertEquals(List.of(), ctx.events())).events());
    }

    @Test
    void eventsAreReportedWithoutTracingToo() {
        Step s = run(KernelConfig.DEFAULT, false, ctx -> ctx.call("giveup_all", () -> ctx.warnOn(true, 0, "x")));
        assertEquals(List.of("giveup_all"), s.events().get(0).callPath());
    }

    @Test
    void warnOnReportsAWarningExactlyWhenItsConditionHoldsAndReturnsIt() {
        AtomicInteger texts = new AtomicInteger();
        List<Boolean> returned = new ArrayList<>();
        Step s = run(ctx -> ctx.call("fpregs_assert_state_consistent", () -> {
            returned.add(ctx.warnOn(false, 0, "never"));
            returned.add(ctx.warnOn(false, 0, () -> "never " + texts.incrementAndGet()));
            returned.add(ctx.warnOn(true, 0, "fpregs_state_valid(fpu, cpu)"));
            returned.add(ctx.warnOn(true, 0, () -> "text " + texts.incrementAndGet()));
        }));
        assertEquals(List.of(false, false, true, true), returned);
        assertEquals(1, texts.get(), "the text of a warning that does not fire is not built");
        assertEquals(List.of("WARNING: fpregs_state_valid(fpu, cpu)", "WARNING: text 1"),
                s.events().stream().map(KernelEvent::message).toList());
        assertTrue(s.events().stream().allMatch(e -> e.kind() == KernelEvent.Kind.WARNING));
    }

    @Test
    void syscallResultsAreKeptInOrderAndNoted() {
        Step s = run(ctx -> ctx.call("sys_prctl", () -> {
            ctx.syscallReturns(SyscallResult.success("systemd", "prctl(PR_GET_FPEXC)", 0));
            ctx.syscallReturns(SyscallResult.failure("systemd", "prctl(PR_SET_FPEXC)", "EINVAL", 22));
        }));
        assertEquals(List.of("prctl(PR_GET_FPEXC)", "prctl(PR_SET_FPEXC)"), s.syscalls().stream().map(SyscallResult::syscall).toList());
        assertEquals(-22, s.syscall("prctl(PR_SET_FPEXC)").orElseThrow().value());
        assertEquals(List.of("returns 0", "returns -EINVAL"), s.calls().children().get(0).notes());
        assertEquals(List.of(), run(ctx -> { }).syscalls());
        assertThrows(NullPointerException.class, () -> run(ctx -> ctx.syscallReturns(null)));
    }

    // ---- updates and where their values came from --------------------------------------------------------------------

    @Test
    void updatesAreAttributedToTheInnermostFunctionInOrderWithTheirSource() {
        Step s = run(ctx -> {
            ctx.call("fpu__restore", () -> ctx.update(clobberLive(ctx.state(), 0, 1), ctx.saveArea("systemd")));
            ctx.call("kernel_fpu_begin", () -> {
                ctx.update(st -> clobberLive(st, 0, 2));
                ctx.from(Source.INIT_STATE, () -> {
                    ctx.update(st -> clobberLive(st, 0, 3));
                    ctx.from(Source.live(1), () -> ctx.update(st -> clobberLive(st, 0, 4)));
                    ctx.update(clobberLive(ctx.state(), 0, 5));
                });
                ctx.update(st -> clobberLive(st, 0, 6), ctx.userSpace("systemd"));
                ctx.update(ctx.state()); // no change, nothing recorded
            });
        });
        List<StateChange> restore = s.calls().children().get(0).changes();
        List<StateChange> begin = s.calls().children().get(1).changes();
        assertEquals(1, restore.size());
        assertEquals(new StateChange("cpu0.live.v0", "0x0000_0000_0000_0000_0000_0000_0000_0000",
                "0x0000_0000_0000_0000_0000_0000_0000_0001", Source.saveArea("systemd"), 0), restore.get(0));
        assertEquals(List.of(Source.UNATTRIBUTED, Source.INIT_STATE, Source.live(1), Source.INIT_STATE, Source.userSpace("systemd")),
                begin.stream().map(StateChange::source).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), begin.stream().map(StateChange::order).toList());
        assertEquals("0x0000_0000_0000_0000_0000_0000_0000_0006", begin.get(4).after());
        assertEquals(clobberLive(world(KernelConfig.DEFAULT), 0, 6), s.after());
    }

    @Test
    void aSourceScopeEndsWhenItsBodyThrows() {
        Step s = run(ctx -> ctx.call("f", () -> {
            assertThrows(IllegalStateException.class, () -> ctx.from(Source.INIT_STATE, () -> {
                throw new IllegalStateException("x");
            }));
            ctx.update(st -> clobberLive(st, 0, 1));
        }));
        assertEquals(Source.UNATTRIBUTED, s.calls().children().get(0).changes().get(0).source());
    }

    @Test
    void untracedStepsRecordNoChangesAndUseAPlaceholderSource() {
        AtomicReference<List<Source>> sources = new AtomicReference<>();
        Step s = run(KernelConfig.DEFAULT, false, ctx -> ctx.call("f", () -> {
            sources.set(List.of(ctx.saveArea("systemd"), ctx.userSpace("systemd")));
            ctx.update(st -> clobberLive(st, 0, 1));
        }));
        assertEquals(List.of(Source.UNATTRIBUTED, Source.UNATTRIBUTED), sources.get());
        assertEquals(List.of(), s.calls().allChanges());
        assertEquals(clobberLive(world(KernelConfig.DEFAULT), 0, 1), s.after());
        run(ctx -> assertEquals(List.of(Source.saveArea("systemd"), Source.userSpace("systemd")),
                List.of(ctx.saveArea("systemd"), ctx.userSpace("systemd"))));
    }

    // ---- preemption, bottom halves, interrupts ------------------------------------------------------------------------

    @Test
    void preemptDisableRemembersWhereInNestingOrderAndEnableForgetsTheInnermost() {
        List<ExecContext> seen = new ArrayList<>();
        Step s = run(ctx -> ctx.call("fpu_clone", () -> {
            ctx.preemptDisable(0);
            ctx.call("fpregs_lock", () -> ctx.preemptDisable(0, "fpu__drop"));
            seen.add(ctx.state().cpu(0).exec());
            ctx.preemptEnable(0);
            seen.add(ctx.state().cpu(0).exec());
            ctx.preemptEnable(0);
        }));
        assertEquals(new ExecContext(2, 0, false, List.of(), List.of("fpu_clone", "fpu__drop")), seen.get(0));
        assertEquals(new ExecContext(1, 0, false, List.of(), List.of("fpu_clone")), seen.get(1));
        assertEquals(ExecContext.IDLE, s.after().cpu(0).exec());
        assertEquals(ExecContext.IDLE, s.after().cpu(1).exec());
    }

    @Test
    void bottomHalvesAndInterruptsNestAndBalance() {
        List<ExecContext> seen = new ArrayList<>();
        Step s = run(ctx -> {
            ctx.localBhDisable(0);
            ctx.localBhDisable(0);
            ctx.localIrqDisable(1);
            seen.add(ctx.state().cpu(0).exec());
            seen.add(ctx.state().cpu(1).exec());
            ctx.localBhEnable(0);
            seen.add(ctx.state().cpu(0).exec());
            ctx.localBhEnable(0);
            ctx.localIrqEnable(1);
        });
        assertEquals(new ExecContext(0, 2, false, List.of(), List.of()), seen.get(0));
        assertEquals(new ExecContext(0, 0, true, List.of(), List.of()), seen.get(1));
        assertEquals(new ExecContext(0, 1, false, List.of(), List.of()), seen.get(2));
        assertTrue(s.after().cpu(0).exec().isClean());
        assertTrue(s.after().cpu(1).exec().isClean());
    }

    @Test
    void unbalancedEnablesAreModelErrorsNamingTheCpuAndPath() {
        assertEquals("local_bh_enable on CPU 1 in [do_softirq] without local_bh_disable",
                assertThrows(IllegalStateException.class, () -> run(ctx -> ctx.call("do_softirq", () -> ctx.localBhEnable(1)))).getMessage());
        assertEquals("preempt_enable on CPU 0 in [kernel_fpu_end] without preempt_disable",
                assertThrows(IllegalStateException.class, () -> run(ctx -> {
                    ctx.localBhDisable(0); // bottom halves off do not make preempt_enable balanced
                    ctx.call("kernel_fpu_end", () -> ctx.preemptEnable(0));
                })).getMessage());
        assertThrows(IllegalStateException.class, () -> run(ctx -> {
            ctx.preemptDisable(0);
            ctx.localBhEnable(0);
        }));
    }

    // ---- might_sleep ----------------------------------------------------------------------------------------------------

    @Test
    void mightSleepIsQuietInPreemptibleContext() {
        List<Boolean> fired = new ArrayList<>();
        Step s = run(ctx -> {
            fired.add(ctx.mightSleep(0, "mm/slab.c:1"));
            ctx.localBhDisable(1);
            fired.add(ctx.mightSleep(0, "mm/slab.c:1")); // another CPU's bottom halves
            ctx.localBhEnable(1);
        });
        assertEquals(List.of(false, false), fired);
        assertEquals(List.of(), s.events());
        // under PREEMPT_RT a bh-disabled section is preemptible
        Step rt = run(RT, true, ctx -> {
            ctx.localBhDisable(0);
            assertFalse(ctx.mightSleep(0, "mm/slab.c:1"));
            ctx.localBhEnable(0);
        });
        assertEquals(List.of(), rt.events());
    }

    @Test
    void mightSleepWithInterruptsOffOnAnIdleCpuPrintsSwapperAndNoPreemptionSite() {
        Step s = run(ctx -> {
            ctx.onCpu(1);
            ctx.call("cpuidle_enter", () -> {
                ctx.localIrqDisable(1);
                assertTrue(ctx.mightSleep(1, "kernel/sched/core.c:9"));
                ctx.localIrqEnable(1);
            });
        });
        assertEquals(1, s.events().size());
        KernelEvent e = s.events().get(0);
        assertEquals(KernelEvent.Kind.SLEEP_IN_ATOMIC, e.kind());
        assertEquals(1, e.cpu());
        assertEquals(Optional.empty(), e.task());
        assertEquals(List.of("cpuidle_enter"), e.callPath());
        assertEquals("BUG: sleeping function called from invalid context at kernel/sched/core.c:9\n"
                + "in_atomic(): 0, irqs_disabled(): 1, non_block: 0, pid: 0, name: swapper/1\n"
                + "preempt_count: 0, expected: 0\n"
                + "RCU nest depth: 0, expected: 0", e.message());
    }

    @Test
    void mightSleepPrintsThePreemptCountInHexAndTheOutermostDisablingFunction() {
        Step s = run(ctx -> ctx.call("fpu_clone", () -> {
            ctx.localBhDisable(0);
            ctx.preemptDisable(0, "fpregs_lock_caller");
            ctx.call("copy_thread", () -> {
                ctx.preemptDisable(0);
                ctx.mightSleep(0, "mm/slab.c:1");
                ctx.preemptEnable(0);
            });
            ctx.preemptEnable(0);
            ctx.localBhEnable(0);
        }));
        assertEquals("BUG: sleeping function called from invalid context at mm/slab.c:1\n"
                + "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: systemd\n"
                + "preempt_count: 202, expected: 0\n"
                + "RCU nest depth: 0, expected: 0\n"
                + "Preemption disabled at:\n"
                + "fpregs_lock_caller", s.events().get(0).message());
        assertEquals(List.of("fpu_clone", "copy_thread"), s.events().get(0).callPath());
    }

    // ---- locks ---------------------------------------------------------------------------------------------------------

    ExecContext inside(KernelConfig config, Consumer<KernelContext> take) {
        AtomicReference<ExecContext> e = new AtomicReference<>();
        run(config, true, ctx -> ctx.call("take", () -> {
            take.accept(ctx);
            e.set(ctx.state().cpu(0).exec());
        }));
        return e.get();
    }

    @Test
    void spinLocksDisablePreemptionAndRecordWhereTheyWereTaken() {
        assertEquals(new ExecContext(1, 0, false, List.of(new HeldLock(SIGLOCK, "take", false)), List.of("take")),
                inside(KernelConfig.DEFAULT, ctx -> ctx.lock(0, SIGLOCK)));
        assertEquals(new ExecContext(1, 0, true, List.of(new HeldLock(SIGLOCK, "take", true)), List.of("take")),
                inside(KernelConfig.DEFAULT, ctx -> ctx.lockIrq(0, SIGLOCK)));
        // a raw spinlock spins on every kernel
        assertEquals(new ExecContext(1, 0, true, List.of(new HeldLock(RQ_LOCK, "take", true)), List.of("take")),
                inside(RT, ctx -> ctx.lockIrq(0, RQ_LOCK)));
        assertEquals(new ExecContext(1, 0, false, List.of(new HeldLock(RQ_LOCK, "take", false)), List.of("take")),
                inside(RT, ctx -> ctx.lock(0, RQ_LOCK)));
    }

    @Test
    void sleepingLocksLeavePreemptionAndInterruptsOn() {
        // spin_lock_irq on PREEMPT_RT is rt_spin_lock: interrupts stay on, preemption too
        assertEquals(new ExecContext(0, 0, false, List.of(new HeldLock(SIGLOCK, "take", false)), List.of()),
                inside(RT, ctx -> ctx.lockIrq(0, SIGLOCK)));
        assertEquals(new ExecContext(0, 0, false, List.of(new HeldLock(MMAP_LOCK, "take", false)), List.of()),
                inside(KernelConfig.DEFAULT, ctx -> ctx.lockIrq(0, MMAP_LOCK)));
        assertEquals(new ExecContext(0, 0, false, List.of(new HeldLock(MMAP_LOCK, "take", false)), List.of()),
                inside(KernelConfig.DEFAULT, ctx -> ctx.lock(0, MMAP_LOCK)));
    }

    @Test
    void takingASleepingLockCallsMightSleepAndASpinningOneDoesNot() {
        Step rt = run(RT, true, ctx -> ctx.call("fpu_clone", () -> {
            ctx.preemptDisable(0);
            ctx.lock(0, SIGLOCK);
            ctx.unlock(0, SIGLOCK);
            ctx.preemptEnable(0);
        }));
        assertEquals(1, rt.events().size());
        assertTrue(rt.events().get(0).message().startsWith("BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46\n"));
        Step plain = run(ctx -> ctx.call("fpu_clone", () -> {
            ctx.preemptDisable(0);
            ctx.lock(0, SIGLOCK);
            ctx.lock(0, RQ_LOCK);
            ctx.unlock(0, RQ_LOCK);
            ctx.unlock(0, SIGLOCK);
            ctx.preemptEnable(0);
        }));
        assertEquals(List.of(), plain.events());
        // a mutex in preemptible context is fine
        assertEquals(List.of(), run(ctx -> {
            ctx.lock(0, MMAP_LOCK);
            ctx.unlock(0, MMAP_LOCK);
        }).events());
    }

    @Test
    void unlockRestoresWhatTheLockTookInAnyOrder() {
        List<ExecContext> seen = new ArrayList<>();
        Step s = run(ctx -> ctx.call("f", () -> {
            ctx.lockIrq(0, SIGLOCK);
            ctx.lock(0, RQ_LOCK);
            ctx.lock(0, MMAP_LOCK); // a bug (sleeping under spinlocks), but the bookkeeping must hold
            ctx.unlock(0, SIGLOCK);
            seen.add(ctx.state().cpu(0).exec());
            ctx.unlock(0, MMAP_LOCK);
            seen.add(ctx.state().cpu(0).exec());
            ctx.unlock(0, RQ_LOCK);
        }));
        // releasing the irq-saving lock turns interrupts back on; the mutex gives back no preemption count
        assertEquals(new ExecContext(1, 0, false, List.of(new HeldLock(RQ_LOCK, "f", false), new HeldLock(MMAP_LOCK, "f", false)),
                List.of("f")), seen.get(0));
        assertEquals(new ExecContext(1, 0, false, List.of(new HeldLock(RQ_LOCK, "f", false)), List.of("f")), seen.get(1));
        assertTrue(s.after().cpu(0).exec().isClean());
        assertEquals(1, s.events().size()); // the mutex under the spinlocks
    }

    @Test
    void lockMisuseIsAModelErrorNamingTheLockCpuAndFunction() {
        assertEquals("Lock sighand->siglock is already held on CPU 0 (taken in fpu_clone); taking it again in"
                        + " fpu_inherit_perms would deadlock",
                assertThrows(IllegalStateException.class, () -> run(ctx -> ctx.call("fpu_clone", () -> {
                    ctx.lock(0, RQ_LOCK);
                    ctx.lock(0, SIGLOCK);
                    ctx.call("fpu_inherit_perms", () -> ctx.lockIrq(0, SIGLOCK));
                }))).getMessage());
        assertEquals("Lock sighand->siglock is not held on CPU 1; cannot release it in fpu_clone",
                assertThrows(IllegalStateException.class, () -> run(ctx -> ctx.call("fpu_clone", () -> {
                    ctx.lock(0, SIGLOCK);
                    ctx.unlock(1, SIGLOCK);
                }))).getMessage());
        // the same lock on another CPU is another critical section's business, not a deadlock here
        Step other = run(ctx -> {
            ctx.lock(0, SIGLOCK);
            ctx.lock(1, SIGLOCK);
            ctx.unlock(1, SIGLOCK);
            ctx.unlock(0, SIGLOCK);
        });
        assertTrue(other.after().cpu(1).exec().isClean());
        assertThrows(NullPointerException.class, () -> run(ctx -> ctx.lock(0, null)));
    }

    // ---- the syscall boundary ------------------------------------------------------------------------------------------

    @Test
    void theSyscallBoundaryExemptsOnlyTheAbiVolatileRegisters() {
        // f0 (the upper half of v0) is volatile in the toy ABI; the kernel clobbers all of v0
        Action clobber = Action.of("systemd: syscall clobbering v0", st -> true, ctx -> {
            ctx.onCpu(0);
            ctx.call("sys_getppid", () -> {
                ctx.update(st -> st.withCpu(st.cpu(0).withLive(st.cpu(0).live().with("v0",
                        BitVector.ofWords(128, 0x22, 0x11)))));
                ctx.syscallBoundary("systemd");
            });
        });
        MachineState w = world(KernelConfig.DEFAULT);
        Trace t = toy.engine().run(w, List.of(toy.operations().userWrite("systemd", "f0", BitVector.of(64, 7)), clobber));
        assertEquals(1, t.violations().size(), t.render());
        Violation v = t.violations().get(0);
        assertEquals("0x0000_0000_0000_0011_0000_0000_0000_0000", v.expected().orElseThrow(), t.render());
        assertEquals("0x0000_0000_0000_0011_0000_0000_0000_0022", v.actual().orElseThrow());
        assertEquals(BitVector.of(64, 0x11), t.finalState().task("systemd").oracle().get("f0"));
    }

    @Test
    void theSyscallBoundaryLeavesKernelThreadsAndTheStrictAbiAlone() {
        Step k = run(ctx -> {
            ctx.update(st -> st.withTask(st.task("k").withSaved(st.task("k").saved().with("v0", BitVector.of(128, 3)))));
            ctx.syscallBoundary("k");
        });
        assertEquals(world(KernelConfig.DEFAULT).task("k").oracle(), k.after().task("k").oracle());
        MachineState strict = world(KernelConfig.of(Set.of(KernelConfig.STRICT_SYSCALL_ABI), Set.of()));
        Step s = toy.engine().step(strict, Action.of("test", st -> true, ctx -> {
            ctx.onCpu(0);
            ctx.update(st -> ownedWithF0(st, 4));
            ctx.syscallBoundary("systemd");
        }), 1);
        assertEquals(strict.task("systemd").oracle(), s.after().task("systemd").oracle());
        assertEquals(TaskMode.USER, s.after().task("systemd").mode());
    }

    @Test
    void theSyscallBoundaryIsRecordedAsTheSyscallReturnsDoing() {
        Step s = run(ctx -> {
            ctx.update(st -> ownedWithF0(st, 4));
            ctx.call("syscall_exit_to_user_mode", () -> ctx.syscallBoundary("systemd"));
        });
        List<StateChange> c = s.calls().children().get(0).changes();
        assertEquals(1, c.size());
        assertEquals("task systemd.oracle.v0", c.get(0).path());
        assertTrue(c.get(0).source().isAttributed());
        assertTrue(c.get(0).source().describe().startsWith("the syscall return"), c.get(0).source().describe());
    }
}

package io.github.fpctx.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ExecContext}: {@code preempt_count()}, {@code in_atomic() || irqs_disabled()}, and its rendering. */
class ExecContextTest {
    static final KernelConfig RT = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), Set.of());
    static final HeldLock SIGLOCK = new HeldLock(new Lock("sighand->siglock", LockKind.SPINLOCK), "fpu_clone", false);

    static ExecContext ctx(int preempt, int bh, boolean irqs, List<HeldLock> locks) {
        return new ExecContext(preempt, bh, irqs, locks, List.of());
    }

    @Test
    void preemptCountAddsSoftirqDisableOffsetPerBhLevelExceptUnderPreemptRt() {
        ExecContext e = ctx(3, 2, false, List.of());
        assertEquals(3 + 2 * 0x200, e.preemptCountValue(KernelConfig.DEFAULT));
        assertEquals(3, e.preemptCountValue(RT));
        assertEquals(0x200, ExecContext.SOFTIRQ_DISABLE_OFFSET);
    }

    @Test
    void atomicIsAnyPreemptCountOrIrqsOff() {
        assertFalse(ExecContext.IDLE.isAtomic(KernelConfig.DEFAULT));
        assertFalse(ExecContext.IDLE.isAtomic(RT));
        assertTrue(ctx(1, 0, false, List.of()).isAtomic(KernelConfig.DEFAULT));
        assertTrue(ctx(1, 0, false, List.of()).isAtomic(RT));
        // local_bh_disable is atomic only without PREEMPT_RT (a per-CPU local lock there)
        assertTrue(ctx(0, 1, false, List.of()).isAtomic(KernelConfig.DEFAULT));
        assertFalse(ctx(0, 1, false, List.of()).isAtomic(RT));
        // interrupts off are atomic on every kernel, with preempt_count() 0
        assertTrue(ctx(0, 0, true, List.of()).isAtomic(KernelConfig.DEFAULT));
        assertTrue(ctx(0, 0, true, List.of()).isAtomic(RT));
        // a sleeping lock held is not atomic by itself (rt_spin_lock, mutex)
        assertFalse(ctx(0, 0, false, List.of(SIGLOCK)).isAtomic(RT));
    }

    @Test
    void cleanMeansNothingDisabledAndNothingHeld() {
        assertTrue(ExecContext.IDLE.isClean());
        assertTrue(ctx(0, 0, false, List.of()).isClean());
        assertFalse(ctx(1, 0, false, List.of()).isClean());
        assertFalse(ctx(0, 1, false, List.of()).isClean());
        assertFalse(ctx(0, 0, true, List.of()).isClean());
        assertFalse(ctx(0, 0, false, List.of(SIGLOCK)).isClean());
    }

    @Test
    void rendersEachDisabledPartAndTheLocksByName() {
        assertEquals("preemptible", ExecContext.IDLE.toString());
        assertEquals("preempt_count=2", ctx(2, 0, false, List.of()).toString());
        assertEquals("bh_disabled=1", ctx(0, 1, false, List.of()).toString());
        assertEquals("irqs_off", ctx(0, 0, true, List.of()).toString());
        assertEquals("locks=[sighand->siglock]", ctx(0, 0, false, List.of(SIGLOCK)).toString());
        assertEquals("preempt_count=1 bh_disabled=2 irqs_off locks=[sighand->siglock]",
                ctx(1, 2, true, List.of(SIGLOCK)).toString());
    }

    @Test
    void copiesItsLists() {
        List<HeldLock> locks = new ArrayList<>(List.of(SIGLOCK));
        List<String> at = new ArrayList<>(List.of("fpregs_lock"));
        ExecContext e = new ExecContext(1, 0, false, locks, at);
        locks.clear();
        at.clear();
        assertEquals(List.of(SIGLOCK), e.locks());
        assertEquals(List.of("fpregs_lock"), e.preemptDisabledAt());
    }
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Erratum;

import java.util.List;
import java.util.Optional;

/**
 * The x86 errata: historical bugs (and one fix variant) that can be switched on in a machine, all off by
 * default.
 *
 * <table>
 *   <caption>x86 errata</caption>
 *   <tr><th>id</th><th>kind</th><th>introduced</th><th>fixed</th><th>seed</th></tr>
 *   <tr><td>{@value #EXEC_FPU_DROP}</td><td>BUG</td><td>33344368cb08</td>
 *       <td>1f69383b203e28cf8a4ca9570e572da1699f76cd</td><td>002</td></tr>
 *   <tr><td>{@value #EXEC_INVALIDATE_BOTH}</td><td>ALTERNATIVE_FIX of {@value #EXEC_FPU_DROP}</td><td></td>
 *       <td>(not merged)</td><td>002</td></tr>
 *   <tr><td>{@value #CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK}</td><td>BUG</td><td>9e798e9aa14c</td>
 *       <td>36b038791e1e2baea892e9276588815fd14894b4</td><td>004</td></tr>
 * </table>
 */
public final class X86Errata {
    private X86Errata() {
    }

    /**
     * Seed 002: {@code fpu_reset_fpregs} (exec) calls {@code fpu__drop}, which nulls only <em>this</em> CPU's
     * {@code fpu_fpregs_owner_ctx}, instead of {@code __fpu_invalidate_fpregs_state} ({@code last_cpu = -1}). If
     * the task ran on CPU 0, migrated to CPU 1 for the exec and comes back to CPU 0 before returning to user
     * space, {@code fpregs_state_valid} is still true on CPU 0 and the new program starts with the old one's
     * registers.
     */
    public static final String EXEC_FPU_DROP = "exec-fpu-drop";

    /**
     * The alternative Lijun Pan proposed in the seed-002 thread and which was not merged: call both
     * {@code fpu__drop} and {@code __fpu_invalidate_fpregs_state} "to be more rigorous". It cures the bug. When on,
     * {@code fpu_reset_fpregs} does both, whether or not {@link #EXEC_FPU_DROP} is on.
     */
    public static final String EXEC_INVALIDATE_BOTH = "exec-invalidate-both";

    /**
     * Seed 004: {@code fpu_clone} calls {@code fpu_inherit_perms} inside {@code fpregs_lock()}. With dynamic
     * features, {@code fpu_inherit_perms} takes {@code sighand->siglock} with {@code spin_lock_irq}; under
     * {@code PREEMPT_RT} that is a sleeping {@code rt_spin_lock} while {@code fpregs_lock} has disabled
     * preemption: "BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46".
     */
    public static final String CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK = "clone-inherit-perms-under-fpregs-lock";

    /**
     * The seed-002 bug. Its exploration bound, 7, holds for a world whose user task starts with registers that
     * differ from the init state (with init registers the alphabet needs one more step, the token write).
     */
    public static final Erratum EXEC_FPU_DROP_ERRATUM = Erratum.bug(EXEC_FPU_DROP,
            "x86/fpu: exec invalidates the CPU (fpu__drop) instead of the task's FPU state",
            "33344368cb08", "1f69383b203e28cf8a4ca9570e572da1699f76cd", List.of("002"),
            "execve preempted, migrated to another CPU and back: fpregs_state_valid() stays true and the new program "
                    + "starts with the old program's registers instead of the init state",
            7);

    /** The seed-002 alternative fix. */
    public static final Erratum EXEC_INVALIDATE_BOTH_ERRATUM = new Erratum(EXEC_INVALIDATE_BOTH,
            Erratum.Kind.ALTERNATIVE_FIX,
            "x86/fpu: exec calls both fpu__drop and __fpu_invalidate_fpregs_state (Lijun Pan's proposal)",
            "", "", List.of("002"),
            "invalidating both the CPU and the task makes fpregs_state_valid() false everywhere; cures exec-fpu-drop",
            Optional.of(EXEC_FPU_DROP), 0);

    /** The seed-004 bug. */
    public static final Erratum CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK_ERRATUM = Erratum.bug(
            CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK,
            "x86/fpu: fpu_clone inherits FPU permissions (siglock) under fpregs_lock",
            "9e798e9aa14c", "36b038791e1e2baea892e9276588815fd14894b4", List.of("004"),
            "on PREEMPT_RT with dynamic features fork() takes the sleeping sighand->siglock with preemption disabled "
                    + "by fpregs_lock: sleeping function called from invalid context",
            1);

    /** @return every x86 erratum and fix variant, in declaration order */
    public static List<Erratum> all() {
        return List.of(EXEC_FPU_DROP_ERRATUM, EXEC_INVALIDATE_BOTH_ERRATUM, CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK_ERRATUM);
    }
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;

import java.util.List;

/**
 * The seed schedules as ready-made step lists.
 *
 * <pre>{@code
 * MachineState s = x86.newMachine(MachineSpec.builder().cpus(2).erratum(X86Errata.EXEC_FPU_DROP)
 *         .userTask("T", 0).kernelThread("K", 0).build());
 * Trace t = x86.run(s, X86Steps.seed002("T", "K"));
 * // t.violations(): user-registers-intact at step 7, xmm0 = the old program's value instead of 0
 * }</pre>
 */
public final class X86Steps {
    private X86Steps() {
    }

    /** The value the old program leaves in xmm0 in {@link #seed002}. */
    public static final BitVector OLD_PROGRAM_XMM0 = BitVector.parse("0x0000_0000_0000_0000_0123_4567_89ab_cdef");

    /**
     * Seed 002, the 7 steps of the fix's commit message (kernel-semantics §6.1), for a user task running on CPU 0
     * and a kernel thread, with CPU 1 idle:
     * <ol>
     *   <li>the task runs in user space on CPU 0 and writes xmm0 ({@link #OLD_PROGRAM_XMM0});</li>
     *   <li>it calls {@code execve()};</li>
     *   <li>it is preempted on CPU 0, which then runs only the kernel thread ({@code switch_fpu_prepare} saves,
     *       {@code last_cpu = 0}, the owner stays);</li>
     *   <li>it migrates to CPU 1 ({@code switch_fpu_finish} sets {@code TIF_NEED_FPU_LOAD});</li>
     *   <li>{@code flush_thread} ({@code fpu__drop} with the erratum: owner[1] = NULL, {@code last_cpu} stays 0);</li>
     *   <li>it is rescheduled back to CPU 0 ({@code switch_fpu_prepare} skipped: TIF set);</li>
     *   <li>it returns to user space ({@code switch_fpu_return}: valid with the erratum, so no restore).</li>
     * </ol>
     *
     * @param task    the user task, running in user mode on CPU 0
     * @param kthread a kernel thread that is not running
     * @return the 7 actions
     */
    public static List<Action> seed002(String task, String kthread) {
        return List.of(
                X86Paths.userWrite(task, "xmm0", OLD_PROGRAM_XMM0),
                X86Paths.execveEnter(task),
                X86Paths.schedule(0, kthread),
                X86Paths.schedule(1, task),
                X86Paths.flushThread(task),
                X86Paths.migrate(task, 0),
                X86Paths.exitToUser(task));
    }

    /**
     * Seed 004: the process calls {@code fork()} (no {@code CLONE_THREAD}); run it on a {@code PREEMPT_RT} machine
     * with dynamic features ({@link X86#FEATURES_AMX}) to see the splat with
     * {@link X86Errata#CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK}.
     *
     * @param task  the user task, running in user mode
     * @param child the child's name
     * @return the single action
     */
    public static List<Action> seed004(String task, String child) {
        return List.of(X86Paths.fork(task, child));
    }
}

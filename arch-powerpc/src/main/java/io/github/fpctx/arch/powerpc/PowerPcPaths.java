package io.github.fpctx.arch.powerpc;

import io.github.fpctx.arch.powerpc.internal.PpcActions;
import io.github.fpctx.core.Action;

/**
 * Typed PowerPC kernel paths as core {@link Action}s, so a test reads like the thread:
 *
 * <pre>{@code
 * Architecture ppc = Architectures.load().require("ppc64");
 * MachineState s = ppc.newMachine(MachineSpec.builder().erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
 *         .userTask("mariadbd", 0).build());
 * Trace t = ppc.run(s, List.of(
 *         ppc.operations().userWrite("mariadbd", "fpscr", BitVector.of(64, 0x8200_4000L)),
 *         ppc.operations().userWrite("mariadbd", "vs0", BitVector.zero(128)),
 *         PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd")));
 * // t.violations(): user-registers-intact, vs0 = 0x0000_0000_8200_4000_0000_0000_8200_4000
 * }</pre>
 */
public final class PowerPcPaths {
    private PowerPcPaths() {
    }

    /**
     * io_uring's {@code create_worker_cb} runs from the owner's interrupt return (seed 000/001, variant 6a): the
     * reschedule IPI, {@code do_notify_resume > get_signal > task_work_run > create_worker_cb > create_io_worker >
     * create_io_thread > copy_process > arch_dup_task_struct > flush_all_to_thread > save_all}; the owner returns to
     * user without a reschedule, so {@code restore_math} is skipped when all facility bits are set.
     *
     * @param task the ring's owner, a user task running in user mode without an io_uring worker yet
     * @return the action
     */
    public static Action ioUringWorkerAtInterruptReturn(String task) {
        return PpcActions.ioUringWorkerAtInterruptReturn(task, false);
    }

    /**
     * As {@link #ioUringWorkerAtInterruptReturn(String)}, but the new {@code iou-wrk-<pid>} thread preempts the owner
     * ({@code __switch_to > giveup_all} re-saves the clobbered registers), runs and sleeps; the owner is left
     * runnable (variant 6b). Resume it with {@code operations().resume(task, cpu)}.
     *
     * @param task the ring's owner
     * @return the action
     */
    public static Action ioUringWorkerPreemptsAtInterruptReturn(String task) {
        return PpcActions.ioUringWorkerAtInterruptReturn(task, true);
    }

    /**
     * {@code ioctl(KVM_RUN)} on a KVM-PR vcpu whose guest uses FP with the given FE mode (seed 003).
     *
     * @param task        the QEMU task, running in user mode
     * @param guestFeMode the guest's FE0:FE1 mode, {@code PR_FP_EXC_*} 0 - 3
     * @return the action
     * @throws IllegalArgumentException for a mode outside 0 - 3
     */
    public static Action kvmPrGuestFpUse(String task, int guestFeMode) {
        return PpcActions.kvmPrGuestFpUse(task, guestFeMode);
    }

    /**
     * Correctly bracketed kernel FP use on a CPU (the generic {@code kernelFpUse}).
     *
     * @param cpu the CPU
     * @return the action
     */
    public static Action kernelFpUse(int cpu) {
        return PpcActions.kernelFpUse(cpu);
    }

    /**
     * Correctly bracketed kernel VMX use ({@code enable_kernel_altivec}, which gives up current's VMX state first).
     *
     * @param cpu the CPU; the machine must have AltiVec
     * @return the action
     */
    public static Action kernelAltivecUse(int cpu) {
        return PpcActions.kernelUse(cpu, PowerPc.MSR_VEC.mask());
    }

    /**
     * Correctly bracketed kernel VSX use ({@code enable_kernel_vsx}, which gives up current's FP, VMX and VSX state
     * through {@code __giveup_vsx}).
     *
     * @param cpu the CPU; the machine must have VSX
     * @return the action
     */
    public static Action kernelVsxUse(int cpu) {
        return PpcActions.kernelUse(cpu, PowerPc.MSR_VSX.mask());
    }

    /**
     * The running task's syscall enters {@code enable_kernel_fp} and stays in the kernel FP section, with or (a bug in
     * the caller) without {@code preempt_disable}.
     *
     * @param cpu               the CPU, whose task is in user mode
     * @param disablePreemption whether the caller disables preemption first, as it must
     * @return the action
     */
    public static Action kernelFpBegin(int cpu, boolean disablePreemption) {
        return PpcActions.kernelFpBegin(cpu, disablePreemption);
    }

    /**
     * Ends a section opened by {@link #kernelFpBegin}: {@code disable_kernel_fp}, preemption on, syscall exit.
     *
     * @param cpu the CPU
     * @return the action
     */
    public static Action kernelFpEnd(int cpu) {
        return PpcActions.kernelFpEnd(cpu);
    }
}

package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.KernelPath;

import java.util.List;
import java.util.function.Function;

/** The PowerPC kernel paths offered by name through {@link io.github.fpctx.core.Architecture#path(String)}. */
final class PpcPaths {
    private PpcPaths() {
    }

    static final List<KernelPath> ALL = List.of(
            KernelPath.of("io_uring_worker_at_interrupt_return",
                    "reschedule IPI (kick_process) > interrupt_exit_user_prepare_main > do_notify_resume > get_signal > "
                            + "task_work_run > create_worker_cb > create_io_worker > create_io_thread > copy_process > "
                            + "arch_dup_task_struct > flush_all_to_thread > save_all; the task returns to user at once",
                    List.of("task"), a -> PpcActions.ioUringWorkerAtInterruptReturn(a.get(0), false)),
            KernelPath.of("io_uring_worker_preempts_at_interrupt_return",
                    "as io_uring_worker_at_interrupt_return, then wake_up_new_task: the worker preempts the task "
                            + "(__switch_to > giveup_all), runs and sleeps",
                    List.of("task"), a -> PpcActions.ioUringWorkerAtInterruptReturn(a.get(0), true)),
            KernelPath.of("set_fpexc_mode", "prctl(PR_SET_FPEXC, mode) > set_fpexc_mode",
                    List.of("task", "mode"), a -> PpcActions.setFpexcMode(a.get(0), KernelPath.intArgument("set_fpexc_mode", "mode", a.get(1)))),
            KernelPath.of("fp_divide_by_zero",
                    "user sets FPSCR[ZE] and divides by zero; SIGFPE through program_check_exception if the MSR FE mode is not disabled",
                    List.of("task"), a -> PpcActions.fpDivideByZero(a.get(0))),
            KernelPath.of("kvm_pr_guest_fp",
                    "ioctl(KVM_RUN) > kvmppc_vcpu_run_pr > kvmppc_handle_ext (guest FP, fp_save_area, guest FE bits) > kvmppc_giveup_ext",
                    List.of("task", "guest_fe_mode"), a -> PpcActions.kvmPrGuestFpUse(a.get(0), KernelPath.intArgument("kvm_pr_guest_fp", "guest_fe_mode", a.get(1)))),
            KernelPath.of("kernel_fp_begin", "syscall entry > [preempt_disable] > enable_kernel_fp; the task stays in the kernel",
                    List.of("cpu", "preempt_disable"), a -> PpcActions.kernelFpBegin(KernelPath.intArgument("kernel_fp_begin", "cpu", a.get(0)),
                            Boolean.parseBoolean(a.get(1).strip()))),
            KernelPath.of("kernel_fp_end", "disable_kernel_fp > preempt_enable > syscall exit",
                    List.of("cpu"), a -> PpcActions.kernelFpEnd(KernelPath.intArgument("kernel_fp_end", "cpu", a.get(0)))));
}

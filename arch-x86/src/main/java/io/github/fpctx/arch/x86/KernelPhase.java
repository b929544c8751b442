package io.github.fpctx.arch.x86;

/**
 * Where a task is between the steps of a fine-grained kernel path: the model's stand-in for the kernel stack
 * of a task that is inside a syscall or an interrupt while other things happen (preemption, migration, kernel
 * FPU use on other CPUs). It is what decides which way the task goes back to user space.
 */
public enum KernelPhase {
    /** Running user code, or a user task outside any modelled kernel path. */
    USER,
    /**
     * Entered the kernel from user mode through an interrupt and was preempted there (or is being switched
     * back in); returns through {@code irqentry_exit_to_user_mode}.
     */
    INTERRUPTED,
    /** Inside {@code execve()} before {@code begin_new_exec} reaches {@code flush_thread}: still the old program. */
    EXECVE,
    /** Inside {@code execve()} after {@code flush_thread}: the new program, not yet returned to user space. */
    EXECVE_FLUSHED,
    /** A clone child that has not yet run: it returns to user space through {@code ret_from_fork}. */
    NEW_CHILD,
    /** A kernel thread (or io worker): never returns to user space. */
    KERNEL_THREAD,
    /**
     * Inside a system call the model does not name, as the SPIN/TLA+ anchors' single kernel mode
     * ({@code user[t] = 0} in {@code x86_exec.pml}): the call may turn out to be {@code execve()} and reach
     * {@code flush_thread}, may use the FPU in the kernel or sleep, and returns through
     * {@code syscall_exit_to_user_mode}. Used by the exploration worlds that mirror the anchors step for step.
     */
    SYSCALL
}

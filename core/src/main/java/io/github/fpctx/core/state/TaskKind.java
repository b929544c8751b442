package io.github.fpctx.core.state;

/** What a task is: a user process/thread, or a kernel thread (which has no user registers: {@code regs == NULL}). */
public enum TaskKind {
    /** A user-space process or thread. */
    USER,
    /** A kernel thread, including io_uring workers ({@code PF_KTHREAD}/{@code PF_USER_WORKER}). */
    KERNEL_THREAD
}

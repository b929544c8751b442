package io.github.fpctx.core.state;

/** Where a task is executing. */
public enum TaskMode {
    /** In user space: what it sees of its registers is checked against what it last wrote. */
    USER,
    /** In the kernel (a syscall, an interrupt, a page fault, or not running at all). */
    KERNEL
}

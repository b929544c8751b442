package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.state.TaskExtension;

/**
 * Per-task FPSIMD state of the arm64 model: {@code thread.fpsimd_cpu} and {@code TIF_FOREIGN_FPSTATE}
 * ({@code arch/arm64/kernel/fpsimd.c}). The saved {@code thread.uw.fpsimd_state} is the task's
 * {@link io.github.fpctx.core.state.TaskState#saved()} register file.
 *
 * @param fpsimdCpu      the CPU whose registers last held this task's state, or -1 for {@code NR_CPUS}
 *                       (none: set by {@code fpsimd_flush_task_state})
 * @param foreignFpstate {@code TIF_FOREIGN_FPSTATE}: the registers do not hold this task's state and must be
 *                       loaded before it returns to user space
 */
public record Arm64Task(int fpsimdCpu, boolean foreignFpstate) implements TaskExtension {
    /** A task bound to no CPU, needing a load. */
    public static final Arm64Task FLUSHED = new Arm64Task(-1, true);
}

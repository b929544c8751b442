package io.github.fpctx.testkit.toy;

import io.github.fpctx.core.state.TaskExtension;

/**
 * The toy architecture's per-task FPU state, after the lazy-FPU x86 kernels' {@code struct fpu}
 * ({@code has_fpu}, {@code last_cpu}).
 *
 * @param hasFpu  whether the task's registers are live in its CPU's hardware ({@code __thread_has_fpu})
 * @param lastCpu the CPU whose registers last held this task's state when it was switched out
 *                ({@code fpu.last_cpu}), -1 for none
 */
public record ToyTaskFpu(boolean hasFpu, int lastCpu) implements TaskExtension {
    /** A task whose registers are not live anywhere. */
    public static final ToyTaskFpu NOT_LIVE = new ToyTaskFpu(false, -1);
}

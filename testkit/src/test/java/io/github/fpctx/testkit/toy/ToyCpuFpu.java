package io.github.fpctx.testkit.toy;

import io.github.fpctx.core.state.CpuExtension;

import java.util.Optional;

/**
 * The toy architecture's per-CPU FPU state: the per-CPU {@code fpu_owner_task} of the lazy-FPU x86 kernels.
 *
 * @param owner the task whose registers the CPU's hardware holds, if any
 */
public record ToyCpuFpu(Optional<String> owner) implements CpuExtension {
    /** A CPU that holds nobody's registers. */
    public static final ToyCpuFpu NO_OWNER = new ToyCpuFpu(Optional.empty());
}

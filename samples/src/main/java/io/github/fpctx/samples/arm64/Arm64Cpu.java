package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.state.CpuExtension;

import java.util.Optional;

/**
 * Per-CPU FPSIMD state of the arm64 model: {@code fpsimd_last_state}, the task whose user FPSIMD state this
 * CPU's registers last held ({@code arch/arm64/kernel/fpsimd.c}, {@code DEFINE_PER_CPU(struct
 * cpu_fp_state, fpsimd_last_state)}; its {@code .st} pointer is modelled as the task's name).
 *
 * @param lastState the task bound to this CPU's registers, empty after {@code fpsimd_flush_cpu_state()}
 */
public record Arm64Cpu(Optional<String> lastState) implements CpuExtension {
    /** A CPU whose registers hold no task's state. */
    public static final Arm64Cpu UNBOUND = new Arm64Cpu(Optional.empty());
}

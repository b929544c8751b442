package io.github.fpctx.arch.powerpc;

import java.util.Objects;
import io.github.fpctx.core.state.CpuExtension;

import io.github.fpctx.core.register.FieldRegister;

/**
 * One PowerPC CPU's kernel-side FP state, stored as {@link io.github.fpctx.core.state.CpuState#ext()}: the live kernel
 * MSR's facility bits (what {@code msr_check_and_set}/{@code msr_check_and_clear} change) and which facilities the
 * kernel itself is using between {@code enable_kernel_fp/altivec/vsx} and {@code disable_kernel_*}.
 *
 * @param kernelMsr the kernel MSR ({@code mfmsr()}); only the FP/VEC/VSX bits are tracked
 * @param kernelUse the facility bits held by an open {@code enable_kernel_*} section (empty when none)
 * @implSpec This class is immutable and thread-safe.
 */
public record PowerPcCpu(FieldRegister kernelMsr, FieldRegister kernelUse) implements CpuExtension {
    /** A CPU with FP, VMX and VSX off in the kernel MSR and no kernel use. */
    public static final PowerPcCpu IDLE = new PowerPcCpu(PowerPc.MSR.of(0), PowerPc.MSR.of(0));

    /**
     * Validates the parts.
     *
     * @param kernelMsr kernel MSR
     * @param kernelUse facilities in kernel use
     */
    public PowerPcCpu {
        Objects.requireNonNull(kernelMsr, "kernelMsr");
        Objects.requireNonNull(kernelUse, "kernelUse");
        if (!kernelMsr.layout().equals(PowerPc.MSR) || !kernelUse.layout().equals(PowerPc.MSR)) {
            throw new IllegalArgumentException("kernel MSR and kernel use must be MSR values");
        }
    }

    /**
     * @param bits new kernel MSR image
     * @return the new CPU state
     */
    public PowerPcCpu withKernelMsr(long bits) {
        return bits == kernelMsr.bits() ? this : new PowerPcCpu(kernelMsr.withBits(bits), kernelUse);
    }

    /**
     * @param bits new kernel-use facility bits
     * @return the new CPU state
     */
    public PowerPcCpu withKernelUse(long bits) {
        return bits == kernelUse.bits() ? this : new PowerPcCpu(kernelMsr, kernelUse.withBits(bits));
    }
}

package io.github.fpctx.arch.x86;

import java.util.Objects;

import io.github.fpctx.core.state.CpuExtension;

import io.github.fpctx.core.state.CpuState;

import java.util.Optional;

/**
 * The per-CPU x86 variables ({@link CpuState#ext()}): {@code fpu_fpregs_owner_ctx}, {@code in_kernel_fpu} and
 * {@code xfd_state} ({@code arch/x86/kernel/fpu/core.c}, {@code xstate.h}).
 *
 * @param fpregsOwner {@code fpu_fpregs_owner_ctx}: the task whose {@code struct fpu} is in this CPU's registers,
 *                    empty for {@code NULL}
 * @param inKernelFpu {@code in_kernel_fpu}: between {@code kernel_fpu_begin} and {@code kernel_fpu_end}
 * @param xfd         {@code xfd_state}: the cached {@code IA32_XFD} value of this CPU
 * @implSpec This record is immutable and thread-safe.
 */
public record X86Cpu(Optional<String> fpregsOwner, boolean inKernelFpu, long xfd) implements CpuExtension {
    /**
     * Validates the parts.
     *
     * @param fpregsOwner owner, not null (empty for NULL)
     * @param inKernelFpu in kernel FPU section
     * @param xfd         cached XFD MSR
     */
    public X86Cpu {
        Objects.requireNonNull(fpregsOwner, "fpregsOwner (Optional.empty() for NULL)");
    }

    /**
     * @param owner the new owner, empty for NULL
     * @return the new state
     */
    public X86Cpu withOwner(Optional<String> owner) {
        return owner.equals(fpregsOwner) ? this : new X86Cpu(owner, inKernelFpu, xfd);
    }

    /**
     * @param in the new {@code in_kernel_fpu}
     * @return the new state
     */
    public X86Cpu withInKernelFpu(boolean in) {
        return in == inKernelFpu ? this : new X86Cpu(fpregsOwner, in, xfd);
    }

    /**
     * @param x the new cached {@code IA32_XFD}
     * @return the new state
     */
    public X86Cpu withXfd(long x) {
        return x == xfd ? this : new X86Cpu(fpregsOwner, inKernelFpu, x);
    }

    /**
     * @param task a task name
     * @return whether it is {@code fpu_fpregs_owner_ctx}
     */
    public boolean isOwner(String task) {
        return fpregsOwner.isPresent() && fpregsOwner.get().equals(task);
    }

    @Override
    public String toString() {
        return "fpu_fpregs_owner_ctx=" + fpregsOwner.orElse("NULL") + (inKernelFpu ? " in_kernel_fpu" : "")
                + (xfd != 0 ? " xfd_state=0x" + Long.toHexString(xfd) : "");
    }
}

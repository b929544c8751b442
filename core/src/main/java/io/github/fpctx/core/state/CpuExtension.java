package io.github.fpctx.core.state;

/**
 * The architecture's per-CPU state carried by a {@link CpuState}: what the kernel keeps per CPU beyond the live
 * registers, e.g. x86's {@code fpu_fpregs_owner_ctx} and {@code in_kernel_fpu}, PowerPC's kernel MSR facility bits.
 *
 * <p>A plugin implements it with an immutable {@code record} in an exported package (so traces diff it field by
 * field), declares the type in {@link ExtensionTypes} and reads it back with {@link CpuState#ext(Class)}. A plugin
 * with no per-CPU state uses {@link NoExtension#INSTANCE}.
 *
 * <p>Contract: immutable, with value {@code equals}/{@code hashCode}; the hash must be the same in every run (it
 * feeds {@link MachineState#fingerprint()}), so hash enums by ordinal or name, not identity, when that matters.
 */
public interface CpuExtension {
}

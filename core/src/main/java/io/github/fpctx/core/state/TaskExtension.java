package io.github.fpctx.core.state;

/**
 * The architecture's per-task state carried by a {@link TaskState}: the {@code thread_struct}/{@code struct fpu}
 * fields the model needs beyond the saved register area, e.g. PowerPC's {@code regs->msr} and {@code fpexc_mode},
 * x86's {@code fpu->last_cpu} and {@code TIF_NEED_FPU_LOAD}.
 *
 * <p>A plugin implements it with an immutable {@code record} in an exported package, declares the type in
 * {@link ExtensionTypes} and reads it back with {@link TaskState#ext(Class)}; a plugin with no per-task state uses
 * {@link NoExtension#INSTANCE}. Same contract as {@link CpuExtension}.
 */
public interface TaskExtension {
}

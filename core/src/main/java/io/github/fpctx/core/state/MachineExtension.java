package io.github.fpctx.core.state;

/**
 * The architecture's machine-wide state carried by a {@link MachineState}, e.g. x86's {@code fpu_kernel_cfg} and
 * {@code fpu_user_cfg} feature masks (what {@code init_fpstate} holds).
 *
 * <p>A plugin implements it with an immutable {@code record}, declares the type in {@link ExtensionTypes} and reads
 * it back with {@link MachineState#ext(Class)}; a plugin with no machine-wide state uses
 * {@link NoExtension#INSTANCE}. Same contract as {@link CpuExtension}.
 */
public interface MachineExtension {
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.state.MachineExtension;

import io.github.fpctx.core.state.MachineState;

/**
 * The machine-wide x86 state ({@link MachineState#ext()}): what the kernel decided at boot.
 *
 * @param fpuStateSizeDynamic the static key {@code __fpu_state_size_dynamic}, enabled by
 *                            {@code xfd_update_static_branch} iff {@code init_fpstate.xfd != 0}
 * @param defaultFeatures     {@code fpu_user_cfg.default_features}
 * @param maxFeatures         {@code fpu_user_cfg.max_features}
 * @implSpec This record is immutable and thread-safe.
 */
public record X86Machine(boolean fpuStateSizeDynamic, long defaultFeatures, long maxFeatures) implements MachineExtension {
}

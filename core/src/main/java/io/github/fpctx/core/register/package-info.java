/**
 * Register values: fixed-width {@link io.github.fpctx.core.register.BitVector}s, register layouts with alias views
 * ({@code fr0} is doubleword 0 of {@code vs0}, {@code xmm0} the low 128 bits of {@code zmm0}) and write effects,
 * immutable {@link io.github.fpctx.core.register.RegisterFile}s with per-register diffs, and field registers (MSR,
 * FPSCR, MXCSR) with named single- and multi-bit fields.
 *
 * <p>Depends on nothing else in fpctx (only {@code java.base}, {@code core.util}'s checks and core's internal helpers), so an emulator can
 * use the values without the machine model. Every type here is an immutable value.
 */
package io.github.fpctx.core.register;

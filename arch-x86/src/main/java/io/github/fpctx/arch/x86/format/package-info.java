/**
 * Real x86-64 register-state formats: the FXSAVE image ({@link io.github.fpctx.arch.x86.format.Fxsave},
 * {@code NT_PRFPREG}), the standard-format XSAVE image ({@link io.github.fpctx.arch.x86.format.Xsave},
 * {@code NT_X86_XSTATE}) with its component offsets ({@link io.github.fpctx.arch.x86.format.XsaveLayout},
 * {@code NT_X86_XSAVE_LAYOUT}), the core-file codec ({@link io.github.fpctx.arch.x86.format.X86NoteCodec}) and
 * GDB's view of the registers.
 *
 * <p>Codecs work on any {@link io.github.fpctx.core.register.RegisterLayout} with the x86_64 register names (which are
 * GDB's), write registers without their write effects (an image is a snapshot, not a sequence of instructions),
 * and reject bad input with {@link io.github.fpctx.core.MalformedStateException}.
 */
package io.github.fpctx.arch.x86.format;

/**
 * Real PowerPC register-state formats: the {@code NT_PRFPREG}, {@code NT_PPC_VMX} and {@code NT_PPC_VSX} payloads
 * of Linux core files and ptrace regsets in both byte orders ({@link io.github.fpctx.arch.powerpc.format.PpcNotes}),
 * the core-file codec ({@link io.github.fpctx.arch.powerpc.format.PowerPcNoteCodec}) and GDB's view of the
 * registers.
 *
 * <p>Codecs work on any {@link io.github.fpctx.core.register.RegisterLayout} with the ppc64/ppc32 register names, write
 * registers without their write effects, and reject bad input with
 * {@link io.github.fpctx.core.MalformedStateException}.
 */
package io.github.fpctx.arch.powerpc.format;

/**
 * fpctx core, root package: the architecture registry ({@link io.github.fpctx.core.Architectures},
 * {@link io.github.fpctx.core.Architecture}), errata, actions and the {@link io.github.fpctx.core.Operations}
 * vocabulary, kernel paths as traced transitions ({@link io.github.fpctx.core.KernelContext},
 * {@link io.github.fpctx.core.Step}, {@link io.github.fpctx.core.Trace}, call trees and kernel events), and
 * invariants with their violations.
 *
 * <p>Layout by concern: {@link io.github.fpctx.core.register} holds the values (bit vectors, layouts, register and
 * field files) and depends on nothing else; {@link io.github.fpctx.core.state} the machine state, which may use the
 * values; this package may use both; {@link io.github.fpctx.core.explore} (the explorer) may use all three;
 * {@link io.github.fpctx.core.spi} is what a plugin implements; {@code elf} and {@code gdb} read and write real
 * formats. {@code internal} is not exported.
 *
 * <p>Conventions: bit numbers are LSB-0 everywhere in the API (plugins convert MSB-0 manual numbering at their edge);
 * values render as hex with an underscore every four digits; bad input fails with
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.IllegalStateException} (or a documented subclass)
 * whose message names the subject, the rejected value and what is allowed.
 */
package io.github.fpctx.core;

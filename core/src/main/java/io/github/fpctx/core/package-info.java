/**
 * fpctx core: immutable values ({@link io.github.fpctx.core.BitVector}, {@link io.github.fpctx.core.RegisterLayout},
 * {@link io.github.fpctx.core.RegisterFile}, {@link io.github.fpctx.core.FieldRegister}), machine state
 * ({@link io.github.fpctx.core.MachineState}), kernel paths as traced transitions
 * ({@link io.github.fpctx.core.KernelContext}, {@link io.github.fpctx.core.Trace}), invariants, the explorer, and the
 * architecture registry ({@link io.github.fpctx.core.Architectures}).
 *
 * <p>Conventions: bit numbers are LSB-0 everywhere in the API (plugins convert MSB-0 manual numbering at their edge);
 * values render as hex with an underscore every four digits; bad input fails with
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.IllegalStateException} (or a documented subclass)
 * whose message names the subject, the rejected value and what is allowed.
 */
package io.github.fpctx.core;

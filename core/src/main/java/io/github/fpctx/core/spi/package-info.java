/**
 * The service provider interfaces architecture modules implement, and the bases that hold what every plugin shares:
 * {@link io.github.fpctx.core.spi.ArchitectureProvider} (the model; {@link io.github.fpctx.core.spi.AbstractArchitectureProvider}
 * holds its data: id, aliases, description, layout, errata, invariants, and the worlds of an
 * {@link io.github.fpctx.core.spi.ExplorationCatalog}), {@link io.github.fpctx.core.spi.KernelModel} (the per-step
 * shape of a plugin's kernel functions), {@link io.github.fpctx.core.spi.NoteCodec} (reading and writing the
 * architecture's FP/vector core-file notes; {@link io.github.fpctx.core.spi.AbstractNoteCodec} does the argument
 * and note checks, {@link io.github.fpctx.core.spi.LayoutContract} finds a format's registers in a layout).
 */
package io.github.fpctx.core.spi;

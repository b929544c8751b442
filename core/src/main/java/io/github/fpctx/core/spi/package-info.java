/**
 * The service provider interfaces architecture modules implement:
 * {@link io.github.fpctx.core.spi.ArchitectureProvider} (the model) and
 * {@link io.github.fpctx.core.spi.NoteCodec} (reading and writing the architecture's FP/vector core-file notes).
 */
package io.github.fpctx.core.spi;

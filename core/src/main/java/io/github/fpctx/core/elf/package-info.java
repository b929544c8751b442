/**
 * Reading and writing ELF core files: {@link io.github.fpctx.core.elf.ElfCore} (ELF32/ELF64, both byte orders,
 * {@code PT_NOTE} walking, notes grouped per thread by the preceding {@code NT_PRSTATUS}), the notes themselves
 * ({@link io.github.fpctx.core.elf.ElfNote}) and the constants ({@link io.github.fpctx.core.elf.Elf}).
 *
 * <p>The register payloads are decoded by the architecture modules' {@link io.github.fpctx.core.spi.NoteCodec}s;
 * malformed input fails with {@link io.github.fpctx.core.MalformedStateException}.
 */
package io.github.fpctx.core.elf;

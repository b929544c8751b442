package io.github.fpctx.core.spi;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterAvailability;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.ElfNote;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Converts between the FP/vector register notes of one architecture's core files (equally its
 * {@code PTRACE_GETREGSET} buffers, which have the same layouts) and register files of a {@link RegisterLayout}.
 *
 * <p>Architecture modules implement it (x86-64: {@code NT_PRFPREG}, {@code NT_X86_XSTATE},
 * {@code NT_X86_XSAVE_LAYOUT}; PowerPC: {@code NT_PRFPREG}, {@code NT_PPC_VMX}, {@code NT_PPC_VSX});
 * {@link io.github.fpctx.core.elf.ElfCore#registers(NoteCodec)} hands every note of a thread whose type the codec
 * claims to {@link #decode}. Codecs address registers by name through their layout, so any layout that follows
 * the architecture's naming contract works.
 *
 * <p>Implementations must be immutable, must never return a partially decoded file, and must report bad input
 * as {@link MalformedStateException} naming the note, the offset and what was expected. Import is faithful to
 * the bytes: a value that a kernel or GDB could have written (e.g. an MXCSR with DAZ next to GDB's zero
 * MXCSR_MASK) is returned as it is; checks against a CPU's capabilities belong to the write paths (ptrace set,
 * sigreturn), as in the kernel.
 */
public interface NoteCodec {
    /** @return the ELF machine ({@code e_machine}) of the cores this codec reads, e.g. 62 for {@code EM_X86_64} */
    int machine();

    /** @return the note types this codec decodes (and so claims from a core file's thread notes) */
    Set<Integer> noteTypes();

    /** @return the layout of the files it decodes into and encodes from */
    RegisterLayout layout();

    /**
     * Decodes notes of one thread into a register file.
     *
     * @param base  the file to start from (registers no note covers keep its values); of {@link #layout()}
     * @param notes the thread's notes to decode, each of a type in {@link #noteTypes()}, at most one per type,
     *              in file order
     * @param order the byte order of the file the notes come from
     * @return the decoded file
     * @throws MalformedStateException for a note that breaks its format, a note type not in
     *                                 {@link #noteTypes()} or two notes of one type
     */
    RegisterFile decode(RegisterFile base, List<ElfNote> notes, ByteOrder order);

    /**
     * Encodes a register file as the notes a Linux core file of this architecture carries for one thread.
     *
     * @param file  a file of {@link #layout()}
     * @param order the byte order to write
     * @return the notes, in the order the kernel writes them
     */
    List<ElfNote> encode(RegisterFile file, ByteOrder order);

    /**
     * Decodes notes of one thread and says which registers they covered and how their layout was determined.
     * The default decodes with {@link #decode} and reports every register as available and no layout source;
     * the fpctx codecs extend {@link AbstractNoteCodec}, which decodes in this method.
     *
     * @param base  the file to start from, of {@link #layout()}
     * @param notes the thread's notes to decode (see {@link #decode})
     * @param order the byte order of the file the notes come from
     * @return the registers, their availability and the layout source
     * @throws MalformedStateException as {@link #decode}
     */
    default Decoded decodeDetailed(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
        return new Decoded(decode(base, notes, order), RegisterAvailability.all(layout()), Optional.empty());
    }

    /**
     * The result of {@link #decodeDetailed}.
     *
     * @param registers    the decoded file; registers no note covered keep the base file's values (zero)
     * @param availability which registers a note covered; the others are unavailable (GDB's {@code <unavailable>})
     * @param layoutSource how the codec placed variable-layout data, if it had to (x86-64: {@code LAYOUT_NOTE},
     *                     {@code CPU_TABLE} or {@code SIZE_GUESS} for the XSAVE component offsets)
     */
    record Decoded(RegisterFile registers, RegisterAvailability availability, Optional<String> layoutSource) {
        /**
         * Checks the components.
         *
         * @param registers    non-null
         * @param availability non-null, of the registers' layout
         * @param layoutSource non-null
         */
        public Decoded {
            Objects.requireNonNull(registers, "registers");
            Objects.requireNonNull(availability, "availability");
            Objects.requireNonNull(layoutSource, "layoutSource");
            if (availability.layout() != registers.layout()) {
                throw new IllegalArgumentException("Availability is of layout " + availability.layout().name()
                        + "; expected the registers' layout " + registers.layout().name());
            }
        }
    }
}

package io.github.fpctx.core.spi;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.ElfNote;

import java.nio.ByteOrder;
import java.util.List;
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
 * as {@link MalformedStateException} naming the note, the offset and what was expected.
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
}

package io.github.fpctx.core;

/**
 * A register-state image (an ELF core file, one of its notes, a ptrace regset buffer or an XSAVE image) that
 * cannot be read: wrong size, bad header, an offset outside the data, a value the format does not allow.
 *
 * <p>Every message names the structure (the note, e.g. {@code NT_PRFPREG}, or {@code ELF header}), the byte
 * offset where the problem was found and what was expected there, e.g.
 * {@code NT_PRFPREG at offset 744 (0x2e8): note is 264 bytes; expected 512}. Offsets are file offsets for data
 * read from a file and payload offsets for a payload handed over on its own.
 *
 * <p>It is an {@link IllegalArgumentException}, so code that treats any bad input alike needs no extra catch.
 * Readers never return a partially decoded register file: they throw this before anything is returned.
 */
public class MalformedStateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What was being read, e.g. {@code NT_X86_XSTATE}. */
    private final String structure;
    /** The byte offset of the problem. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param structure what was being read, e.g. {@code NT_X86_XSTATE} or {@code ELF header}; non-null
     * @param offset    the byte offset of the problem (file offset, or payload offset for a bare payload), at least 0
     * @param problem   what was found and what was expected, e.g. {@code note is 264 bytes; expected 512}
     */
    public MalformedStateException(String structure, long offset, String problem) {
        super(structure + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + problem);
        this.structure = structure;
        this.offset = offset;
    }

    /** @return the structure that was being read, e.g. {@code NT_PRFPREG} */
    public String structure() {
        return structure;
    }

    /** @return the byte offset of the problem */
    public long offset() {
        return offset;
    }
}

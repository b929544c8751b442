package io.github.fpctx.core.elf;

import java.util.Objects;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.util.Checks;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ELF note: owner name, type and payload ("desc"), as read from a core file's {@code PT_NOTE} segment or
 * built to be written into one.
 *
 * <pre>{@code
 * ElfNote fp = ElfNote.of("CORE", Elf.NT_PRFPREG, fxsaveBytes);   // 512-byte FXSAVE image
 * fp.size();                                                      // 512
 * }</pre>
 *
 * <p>{@link #descOffset()} is the file offset of the payload for a note read from a file and 0 for a note built
 * with {@link #of}, so that the offsets codecs put into {@link MalformedStateException} messages are file
 * offsets or payload offsets respectively.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class ElfNote {
    private final String name;
    private final int type;
    private final long headerOffset;
    private final long descOffset;
    private final byte[] desc;

    private ElfNote(String name, int type, long headerOffset, long descOffset, byte[] desc) {
        this.name = name;
        this.type = type;
        this.headerOffset = headerOffset;
        this.descOffset = descOffset;
        this.desc = desc;
    }

    static ElfNote read(String name, int type, long headerOffset, long descOffset, byte[] desc) {
        return new ElfNote(name, type, headerOffset, descOffset, desc);
    }

    /**
     * A note to be written, or a bare payload to be decoded.
     *
     * @param name the owner name, e.g. {@code CORE} or {@code LINUX}; non-null, printable ASCII
     * @param type the note type, e.g. {@link Elf#NT_PRFPREG}
     * @param desc the payload (copied); non-null
     * @return the note
     */
    public static ElfNote of(String name, int type, byte[] desc) {
        Objects.requireNonNull(name, "note name");
        Objects.requireNonNull(desc, "note payload");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("Note name '" + name + "' has a non-printable character at index "
                        + i + "; expected printable ASCII");
            }
        }
        return new ElfNote(name, type, 0, 0, desc.clone());
    }

    /**
     * A minimal {@code NT_PRSTATUS} note carrying only a thread id, for writing test or export cores: every byte
     * is zero except {@code pr_pid}.
     *
     * @param elfClass the file class (decides where {@code pr_pid} is)
     * @param order    the file's byte order
     * @param pid      the thread id
     * @param size     the architecture's {@code sizeof(struct elf_prstatus)}, e.g. 336 on x86-64, 504 on ppc64;
     *                 at least 40
     * @return the note
     */
    public static ElfNote prstatus(ElfClass elfClass, ByteOrder order, int pid, int size) {
        Objects.requireNonNull(elfClass, "ELF class");
        Objects.requireNonNull(order, "byte order");
        Checks.range("size of struct elf_prstatus", size, 40, 1 << 16);
        byte[] b = new byte[size];
        Bytes.putInt(b, elfClass.prstatusPidOffset(), pid, order);
        return new ElfNote("CORE", Elf.NT_PRSTATUS, 0, 0, b);
    }

    /** @return the owner name, e.g. {@code CORE}, without the terminating NUL */
    public String name() {
        return name;
    }

    /** @return the note type ({@code n_type}) */
    public int type() {
        return type;
    }

    /** @return the type's name, e.g. {@code NT_PRFPREG} */
    public String typeName() {
        return Elf.noteTypeName(type);
    }

    /** @return the file offset of the note header (0 for a note built with {@link #of}) */
    public long headerOffset() {
        return headerOffset;
    }

    /** @return the file offset of the payload (0 for a note built with {@link #of}) */
    public long descOffset() {
        return descOffset;
    }

    /** @return the payload size in bytes ({@code n_descsz}) */
    public int size() {
        return desc.length;
    }

    /** @return a copy of the payload */
    public byte[] toBytes() {
        return desc.clone();
    }

    byte[] desc() {
        return desc;
    }

    /**
     * Checks the payload size.
     *
     * @param expected the size the format requires
     * @throws MalformedStateException naming the note, its offset and both sizes if they differ
     */
    public void requireSize(int expected) {
        if (desc.length != expected) {
            throw new MalformedStateException(typeName(), descOffset,
                    "note is " + desc.length + " bytes; expected " + expected);
        }
    }

    /**
     * Reads the {@code pr_pid} of an {@code NT_PRSTATUS} note.
     *
     * @param elfClass the file class
     * @param order    the file's byte order
     * @return the thread id
     * @throws MalformedStateException if this is not an {@code NT_PRSTATUS} note or it is too short
     */
    public int prstatusPid(ElfClass elfClass, ByteOrder order) {
        if (type != Elf.NT_PRSTATUS) {
            throw new MalformedStateException(typeName(), descOffset, "expected an NT_PRSTATUS note to read pr_pid from");
        }
        int off = elfClass.prstatusPidOffset();
        if (desc.length < off + 4) {
            throw new MalformedStateException(typeName(), descOffset, "note is " + desc.length
                    + " bytes; expected at least " + (off + 4) + " to hold pr_pid at offset " + off);
        }
        return Bytes.getInt(desc, off, order);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElfNote n && n.type == type && n.name.equals(name) && Arrays.equals(n.desc, desc);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(desc);
    }

    /** @return e.g. {@code LINUX NT_X86_XSTATE (2432 bytes at offset 5232)} */
    @Override
    public String toString() {
        return name + " " + typeName() + " (" + desc.length + " bytes at offset " + descOffset + ")";
    }
}

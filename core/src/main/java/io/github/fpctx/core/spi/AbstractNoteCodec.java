package io.github.fpctx.core.spi;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The part of a {@link NoteCodec} that is the same for every architecture: the machine, note types and layout it
 * was built with, and the checks before any byte is read — a file of the codec's layout, one note of each claimed
 * type at most, none it does not claim — in the order and with the messages of {@code elf_core_dump}'s readers:
 * {@code NT_PPC_VMX second NT_PPC_VMX note; expected at most one}. A plugin's codec implements
 * {@link #decodeNotes} and {@link #encodeNotes} on checked input.
 *
 * @implSpec Subclasses must be immutable; this class is.
 */
public abstract class AbstractNoteCodec implements NoteCodec {
    private final RegisterLayout layout;
    private final int machine;
    private final Set<Integer> types;

    /**
     * A codec of one layout.
     *
     * @param layout  the layout it decodes into and encodes from
     * @param machine the ELF machine of its cores
     * @param types   the note types it claims
     */
    protected AbstractNoteCodec(RegisterLayout layout, int machine, Set<Integer> types) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.machine = machine;
        this.types = Set.copyOf(types);
    }

    @Override
    public final int machine() {
        return machine;
    }

    @Override
    public final Set<Integer> noteTypes() {
        return types;
    }

    @Override
    public final RegisterLayout layout() {
        return layout;
    }

    @Override
    public final RegisterFile decode(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
        return decodeDetailed(base, notes, order).registers();
    }

    /**
     * Checks the arguments (a base file of {@link #layout()}, claimed note types, at most one note a type,
     * {@link #checkNote}), then decodes with {@link #decodeNotes}.
     */
    @Override
    public final Decoded decodeDetailed(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(order, "byte order");
        checkLayout("Base file", base);
        Set<Integer> seen = new HashSet<>();
        for (ElfNote n : notes) {
            Objects.requireNonNull(n, "note");
            if (!types.contains(n.type())) {
                throw new MalformedStateException(n.typeName(), n.headerOffset(), notClaimed());
            }
            if (!seen.add(n.type())) {
                throw new MalformedStateException(n.typeName(), n.headerOffset(), "second " + n.typeName() + " note; expected at most one");
            }
            checkNote(n, order);
        }
        return decodeNotes(base, notes, order);
    }

    /**
     * Checks the arguments (a file of {@link #layout()}), then encodes with {@link #encodeNotes}.
     */
    @Override
    public final List<ElfNote> encode(RegisterFile file, ByteOrder order) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(order, "byte order");
        checkLayout("File", file);
        return List.copyOf(encodeNotes(file, order));
    }

    private void checkLayout(String what, RegisterFile f) {
        if (!f.layout().equals(layout)) {
            throw new IllegalArgumentException(what + " is of layout " + f.layout().name() + "; expected " + layout.name());
        }
    }

    /**
     * What the decode error says after a note's type name when the codec does not claim the type, e.g.
     * {@code is not a note the ppc64 codec decodes; expected one of NT_PRFPREG, NT_PPC_VMX, NT_PPC_VSX}.
     *
     * @return the message
     */
    protected abstract String notClaimed();

    /**
     * An architecture's own check of one claimed note before decoding (x86-64: little-endian files only). The
     * default accepts every note.
     *
     * @param note  a claimed note, the first of its type
     * @param order the file's byte order
     * @throws MalformedStateException if the note cannot be decoded
     */
    protected void checkNote(ElfNote note, ByteOrder order) {
    }

    /**
     * Decodes checked notes.
     *
     * @param base  a file of {@link #layout()}
     * @param notes claimed notes, at most one a type, each passed by {@link #checkNote}
     * @param order the file's byte order
     * @return the registers, their availability and the layout source
     * @throws MalformedStateException for a note that breaks its format
     */
    protected abstract Decoded decodeNotes(RegisterFile base, List<ElfNote> notes, ByteOrder order);

    /**
     * Encodes a checked file.
     *
     * @param file  a file of {@link #layout()}
     * @param order the byte order to write
     * @return the notes, in the order the kernel writes them
     */
    protected abstract List<ElfNote> encodeNotes(RegisterFile file, ByteOrder order);
}

package io.github.fpctx.core.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notes of one thread of a core file: its {@code NT_PRSTATUS} and every following thread note up to the next
 * {@code NT_PRSTATUS} (the kernel's {@code fill_thread_core_info} order; process-wide notes such as
 * {@code NT_AUXV} in between are not included, see {@link Elf#isProcessNote(int)}).
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class ThreadNotes {
    private final int index;
    private final int pid;
    private final ElfNote prstatus;
    private final List<ElfNote> notes;

    ThreadNotes(int index, int pid, ElfNote prstatus, List<ElfNote> notes) {
        this.index = index;
        this.pid = pid;
        this.prstatus = prstatus;
        this.notes = List.copyOf(notes);
    }

    /** @return the position of this thread among the core's threads, 0 for the first (the dumping thread in kernel cores) */
    public int index() {
        return index;
    }

    /** @return the thread id ({@code pr_pid} of its {@code NT_PRSTATUS}) */
    public int pid() {
        return pid;
    }

    /** @return the thread's {@code NT_PRSTATUS} note */
    public ElfNote prstatus() {
        return prstatus;
    }

    /** @return the thread's other notes, in file order */
    public List<ElfNote> notes() {
        return notes;
    }

    /**
     * The thread's first note of a type.
     *
     * @param type a note type, e.g. {@link Elf#NT_PRFPREG}
     * @return the note, if the thread has one
     */
    public Optional<ElfNote> find(int type) {
        for (ElfNote n : notes) {
            if (n.type() == type) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * The thread's notes of the given types, in file order.
     *
     * @param types note types
     * @return the notes
     */
    public List<ElfNote> notesOf(java.util.Set<Integer> types) {
        List<ElfNote> out = new ArrayList<>();
        for (ElfNote n : notes) {
            if (types.contains(n.type())) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("thread ").append(index).append(" (pid ").append(pid).append("): ");
        for (int i = 0; i < notes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(notes.get(i).typeName());
        }
        return sb.toString();
    }
}

package io.github.fpctx.core.elf;

import java.util.Objects;

import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.util.Checks;

import java.util.List;

/**
 * The FP/vector registers of one thread of a core file, as decoded by a
 * {@link io.github.fpctx.core.spi.NoteCodec}.
 *
 * @param index     the thread's position among the core's threads, 0 for the first
 * @param pid       the thread id ({@code pr_pid})
 * @param registers the decoded registers; registers no note covered are zero
 * @param notes     the notes the codec decoded, in file order
 */
public record ThreadRegisters(int index, int pid, RegisterFile registers, List<ElfNote> notes) {
    /**
     * Validates and copies the components.
     *
     * @param index     at least 0
     * @param pid       the thread id
     * @param registers non-null
     * @param notes     non-null, copied
     */
    public ThreadRegisters {
        Checks.range("thread index", index, 0, Integer.MAX_VALUE);
        Objects.requireNonNull(registers, "registers");
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }
}

package io.github.fpctx.core.elf;

import java.util.Objects;
import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.register.RegisterAvailability;
import io.github.fpctx.core.register.RegisterFile;

import java.util.List;
import java.util.Optional;

/**
 * The FP/vector registers of one thread of a core file, as decoded by a
 * {@link io.github.fpctx.core.spi.NoteCodec}.
 *
 * @param index        the thread's position among the core's threads, 0 for the first
 * @param pid          the thread id ({@code pr_pid})
 * @param registers    the decoded registers; registers no note covered are zero (see {@code availability})
 * @param notes        the notes the codec decoded, in file order
 * @param availability which registers a note covered; the rest are what GDB shows as {@code <unavailable>}
 * @param layoutSource how the codec placed variable-layout data, if it had to (x86-64: {@code LAYOUT_NOTE},
 *                     {@code CPU_TABLE} or {@code SIZE_GUESS}; see {@code XsaveLayoutSource})
 */
public record ThreadRegisters(int index, int pid, RegisterFile registers, List<ElfNote> notes,
                              RegisterAvailability availability, Optional<String> layoutSource) {
    /**
     * Validates and copies the components.
     *
     * @param index        at least 0
     * @param pid          the thread id
     * @param registers    non-null
     * @param notes        non-null, copied
     * @param availability non-null, of the registers' layout
     * @param layoutSource non-null
     */
    public ThreadRegisters {
        Checks.range("thread index", index, 0, Integer.MAX_VALUE);
        Objects.requireNonNull(registers, "registers");
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(layoutSource, "layoutSource");
        if (availability.layout() != registers.layout()) {
            throw new IllegalArgumentException("Availability is of layout " + availability.layout().name()
                    + "; expected the registers' layout " + registers.layout().name());
        }
    }

    /**
     * A thread whose every register is available and whose layout needed no source.
     *
     * @param index     at least 0
     * @param pid       the thread id
     * @param registers non-null
     * @param notes     non-null, copied
     */
    public ThreadRegisters(int index, int pid, RegisterFile registers, List<ElfNote> notes) {
        this(index, pid, registers, notes, RegisterAvailability.all(Objects.requireNonNull(registers, "registers").layout()),
                Optional.empty());
    }

    /**
     * Whether a note covered every bit of a register.
     *
     * @param name a register name of the layout
     * @return whether it is available
     */
    public boolean isAvailable(String name) {
        return availability.isAvailable(name);
    }
}

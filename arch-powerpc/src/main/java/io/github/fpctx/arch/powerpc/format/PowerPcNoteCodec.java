package io.github.fpctx.arch.powerpc.format;

import java.util.Objects;
import io.github.fpctx.core.register.RegisterAvailability;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.spi.AbstractNoteCodec;
import io.github.fpctx.core.spi.NoteCodec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PowerPC {@link NoteCodec}: {@code NT_PRFPREG}, {@code NT_PPC_VMX} and (where the layout has VSX)
 * {@code NT_PPC_VSX} of ppc64 (both byte orders) and ppc32 core files; see {@link PpcNotes} for the payloads.
 *
 * <pre>{@code
 * NoteCodec codec = PowerPcNoteCodec.ppc64(layout);         // layout: the ppc64 register layout
 * RegisterFile fp = ElfCore.read(Path.of("core")).registers(codec).get(0).registers();
 * }</pre>
 *
 * <p>A layout without {@code vs0h-vs31h} (ppc32) does not claim {@code NT_PPC_VSX}, so a core reader skips that
 * note. The transactional-memory checkpoint notes ({@code NT_PPC_TM_C*}) have the same payloads but are not
 * claimed: the register layouts model the live state only.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class PowerPcNoteCodec extends AbstractNoteCodec {
    private PowerPcNoteCodec(RegisterLayout layout, int machine) {
        super(layout, machine, typesOf(layout));
    }

    private static Set<Integer> typesOf(RegisterLayout layout) {
        PpcRegisters r = new PpcRegisters(layout);
        r.require(r.hasFp(), "NT_PRFPREG", "fr0-fr31 or fpscr");
        Set<Integer> t = new LinkedHashSet<>();
        t.add(Elf.NT_PRFPREG);
        if (r.hasVmx()) {
            t.add(Elf.NT_PPC_VMX);
        }
        if (r.hasVsx()) {
            t.add(Elf.NT_PPC_VSX);
        }
        return t;
    }

    /**
     * The codec for 64-bit cores ({@code EM_PPC64}).
     *
     * @param layout a layout following the ppc64 naming contract
     * @return the codec
     * @throws IllegalArgumentException if the layout lacks fr0-fr31 or fpscr
     */
    public static PowerPcNoteCodec ppc64(RegisterLayout layout) {
        return new PowerPcNoteCodec(Objects.requireNonNull(layout, "layout"), Elf.EM_PPC64);
    }

    /**
     * The codec for 32-bit cores ({@code EM_PPC}).
     *
     * @param layout a layout following the ppc32 naming contract
     * @return the codec
     * @throws IllegalArgumentException if the layout lacks fr0-fr31 or fpscr
     */
    public static PowerPcNoteCodec ppc32(RegisterLayout layout) {
        return new PowerPcNoteCodec(Objects.requireNonNull(layout, "layout"), Elf.EM_PPC);
    }

    /**
     * Decodes as {@link #decode} and reports availability: {@code NT_PRFPREG} covers {@code fr0-fr31} and
     * {@code fpscr}, {@code NT_PPC_VMX} {@code vr0-vr31}, {@code vscr} and {@code vrsave}, {@code NT_PPC_VSX}
     * {@code vs0h-vs31h}; so {@code vs0} is available only when both the FPR and the VSX note were present. The
     * layouts are fixed, so there is no layout source.
     */
    @Override
    protected Decoded decodeNotes(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
        PpcRegisters r = new PpcRegisters(layout());
        RegisterAvailability.Builder avail = RegisterAvailability.builder(layout());
        RegisterFile f = base;
        for (ElfNote n : notes) {
            switch (n.type()) {
                case Elf.NT_PRFPREG -> {
                    f = PpcNotes.decodeFpregs(f, n, order);
                    avail.present(r.fr).present(r.fpscr);
                }
                case Elf.NT_PPC_VMX -> {
                    f = PpcNotes.decodeVmx(f, n, order);
                    avail.present(r.vr).present(r.vscr, r.vrsave);
                }
                default -> {
                    f = PpcNotes.decodeVsx(f, n, order);
                    avail.present(r.vsh);
                }
            }
        }
        return new Decoded(f, avail.build(), Optional.empty());
    }

    @Override
    protected String notClaimed() {
        return "is not a note the " + layout().name() + " codec decodes; expected one of " + names();
    }

    private String names() {
        List<String> out = new ArrayList<>();
        for (int t : new int[] {Elf.NT_PRFPREG, Elf.NT_PPC_VMX, Elf.NT_PPC_VSX}) {
            if (noteTypes().contains(t)) {
                out.add(Elf.noteTypeName(t));
            }
        }
        return String.join(", ", out);
    }

    @Override
    protected List<ElfNote> encodeNotes(RegisterFile file, ByteOrder order) {
        List<ElfNote> out = new ArrayList<>();
        out.add(PpcNotes.note(Elf.NT_PRFPREG, PpcNotes.encodeFpregs(file, order)));
        if (noteTypes().contains(Elf.NT_PPC_VMX)) {
            out.add(PpcNotes.note(Elf.NT_PPC_VMX, PpcNotes.encodeVmx(file, order)));
        }
        if (noteTypes().contains(Elf.NT_PPC_VSX)) {
            out.add(PpcNotes.note(Elf.NT_PPC_VSX, PpcNotes.encodeVsx(file, order)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "PowerPcNoteCodec[" + layout().name() + ", " + Elf.machineName(machine()) + ", " + names() + "]";
    }
}

package io.github.fpctx.arch.x86.format;

import java.util.Objects;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterAvailability;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.spi.AbstractNoteCodec;
import io.github.fpctx.core.spi.NoteCodec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The x86-64 {@link NoteCodec}: {@code NT_PRFPREG} (FXSAVE), {@code NT_X86_XSTATE} (XSAVE, standard format) and
 * {@code NT_X86_XSAVE_LAYOUT} (the component offsets) of Linux core files and ptrace regsets.
 *
 * <pre>{@code
 * NoteCodec codec = X86NoteCodec.of(layout);                       // layout: the x86_64 register layout
 * RegisterFile fp = ElfCore.read(Path.of("core")).registers(codec).get(0).registers();
 * }</pre>
 *
 * <p>Decoding applies {@code NT_PRFPREG} first and then {@code NT_X86_XSTATE}, which carries the same legacy
 * state and more. The XSAVE component offsets are taken from the thread's {@code NT_X86_XSAVE_LAYOUT} note when
 * there is one; else from the CPU layout given to {@link #of(RegisterLayout, XsaveLayout, long)} if its size
 * for the image's XCR0 equals the note's size; else guessed from XCR0 and size ({@link XsaveLayout#guess}) —
 * which also reads GDB {@code gcore} images, whose offsets are GDB's assumption rather than the CPU's. An image
 * none of these fits is rejected.
 *
 * <p>Encoding writes what Linux 6.x writes: {@code NT_PRFPREG}, {@code NT_X86_XSTATE} and
 * {@code NT_X86_XSAVE_LAYOUT}, with the configured CPU layout and XCR0.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class X86NoteCodec extends AbstractNoteCodec {
    private final XsaveLayout cpu;
    private final long xcr0;
    private final boolean cpuGiven; // false: INTEL is only the encoding default, not the writing CPU's table

    private X86NoteCodec(RegisterLayout layout, XsaveLayout cpu, long xcr0, boolean cpuGiven) {
        super(layout, Elf.EM_X86_64, Set.of(Elf.NT_PRFPREG, Elf.NT_X86_XSTATE, Elf.NT_X86_XSAVE_LAYOUT));
        this.cpu = cpu;
        this.xcr0 = xcr0;
        this.cpuGiven = cpuGiven;
    }

    /**
     * A codec that encodes with Intel's offsets and every feature the layout models that Intel places
     * (x87, SSE, AVX, AVX-512, PKRU, AMX as far as the layout has the registers). It knows no writing CPU: images
     * without a layout note are placed by the size guess ({@link XsaveLayoutSource#SIZE_GUESS}).
     *
     * @param layout a layout following the x86_64 naming contract
     * @return the codec
     * @throws IllegalArgumentException if the layout lacks a required register
     */
    public static X86NoteCodec of(RegisterLayout layout) {
        Objects.requireNonNull(layout, "layout");
        long features = new X86Registers(layout).modelledFeatures();
        long x = features & (0x3 | componentMask(XsaveLayout.INTEL));
        Xsave.encode(layout.zeroFile(), XsaveLayout.INTEL, x); // validates layout and xcr0 together
        return new X86NoteCodec(layout, XsaveLayout.INTEL, x, false);
    }

    /**
     * A codec for a given CPU.
     *
     * @param layout a layout following the x86_64 naming contract
     * @param cpu    the CPU's standard-format component offsets (CPUID leaf 0xD)
     * @param xcr0   the enabled features to encode: bits 0 and 1 set, others modelled by the layout and placed by
     *               {@code cpu}
     * @return the codec
     * @throws IllegalArgumentException for a layout lacking a required register or an {@code xcr0} that cannot
     *                                  be served
     */
    public static X86NoteCodec of(RegisterLayout layout, XsaveLayout cpu, long xcr0) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(cpu, "XSAVE layout");
        Xsave.encode(layout.zeroFile(), cpu, xcr0); // validates layout, cpu and xcr0 together
        return new X86NoteCodec(layout, cpu, xcr0, true);
    }

    private static long componentMask(XsaveLayout l) {
        long m = 0;
        for (XsaveLayout.Component c : l.components()) {
            m |= 1L << c.feature();
        }
        return m;
    }

    /** @return the CPU layout used for encoding (and for decoding images without a layout note) */
    public XsaveLayout cpuLayout() {
        return cpu;
    }

    /** @return the XCR0 used for encoding */
    public long xcr0() {
        return xcr0;
    }

    /**
     * Decodes as {@link #decode} and reports availability and the XSAVE layout source: with only
     * {@code NT_PRFPREG}, the x87 and SSE registers are available ({@code ymmNh}, {@code k}, {@code zmm} are not,
     * as GDB shows them); with {@code NT_X86_XSTATE}, also every component enabled in the image's XCR0 word
     * (offset 464; XSTATE_BV when that is 0) that the layout models — a component in its init state is available
     * with its init value. The layout source is an {@link XsaveLayoutSource} name when an XSTATE image was placed.
     */
    @Override
    protected Decoded decodeNotes(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
        ElfNote fx = null;
        ElfNote xs = null;
        ElfNote lay = null;
        for (ElfNote n : notes) {
            switch (n.type()) {
                case Elf.NT_PRFPREG -> fx = n;
                case Elf.NT_X86_XSTATE -> xs = n;
                default -> lay = n;
            }
        }
        // Validate the layout note even when there is no XSTATE note to apply it to.
        Optional<XsaveLayout> fromNote = lay == null ? Optional.empty() : Optional.of(XsaveLayout.fromNote(lay));
        X86Registers r = new X86Registers(layout());
        RegisterAvailability.Builder avail = RegisterAvailability.builder(layout());
        RegisterFile f = base;
        Optional<String> source = Optional.empty();
        if (fx != null) {
            f = Fxsave.decode(f, fx);
            legacyPresent(avail, r);
        }
        if (xs != null) {
            XsaveLayoutSource[] used = new XsaveLayoutSource[1];
            XsaveLayout where = xsaveLayoutFor(xs, fromNote, used);
            f = Xsave.decode(f, xs, where);
            source = Optional.of(used[0].name());
            legacyPresent(avail, r);
            byte[] b = xs.toBytes();
            long xcr0 = Le.get(b, Xsave.XCR0_OFFSET, 8);
            long enabled = xcr0 != 0 ? xcr0 : Le.get(b, Xsave.XSTATE_BV_OFFSET, 8);
            if ((enabled & (1L << 2)) != 0) {
                presentIfModelled(avail, r.ymmh);
            }
            if ((enabled & (1L << 5)) != 0) {
                presentIfModelled(avail, r.k);
            }
            if ((enabled & (1L << 6)) != 0) {
                presentIfModelled(avail, r.zmmh);
            }
            if ((enabled & (1L << 7)) != 0) {
                presentIfModelled(avail, r.zmmHi16);
            }
            if ((enabled & (1L << 9)) != 0) {
                presentIfModelled(avail, r.pkru);
            }
            if ((enabled & (1L << 17)) != 0) {
                presentIfModelled(avail, r.tilecfg);
            }
            if ((enabled & (1L << 18)) != 0) {
                presentIfModelled(avail, r.tiledata);
            }
        }
        return new Decoded(f, avail.build(), source);
    }

    @Override
    protected String notClaimed() {
        return "is not an x86-64 FP/vector note; expected NT_PRFPREG, NT_X86_XSTATE or NT_X86_XSAVE_LAYOUT";
    }

    @Override
    protected void checkNote(ElfNote n, ByteOrder order) {
        if (order != ByteOrder.LITTLE_ENDIAN) {
            throw new MalformedStateException(n.typeName(), n.descOffset(), "x86-64 notes are little-endian; got a big-endian file");
        }
    }

    private static void presentIfModelled(RegisterAvailability.Builder avail, io.github.fpctx.core.register.Register... regs) {
        if (regs != null) {
            avail.present(regs); // null entries (absent optional registers) are skipped
        }
    }

    private static void legacyPresent(RegisterAvailability.Builder avail, X86Registers r) {
        avail.present(r.st).present(r.fctrl, r.fstat, r.ftag, r.fiseg, r.fioff, r.foseg, r.fooff, r.fop, r.mxcsr,
                r.mxcsrMask).present(r.xmm);
    }

    /**
     * Which source {@link #decode} would place an {@code NT_X86_XSTATE} image's components from.
     *
     * @param xstate the image's note
     * @param layoutNote the thread's {@code NT_X86_XSAVE_LAYOUT} note, if any
     * @return the source
     * @throws MalformedStateException if no source fits (as {@link #decode} would report)
     */
    public XsaveLayoutSource layoutSource(ElfNote xstate, Optional<ElfNote> layoutNote) {
        Objects.requireNonNull(xstate, "xstate");
        Objects.requireNonNull(layoutNote, "layoutNote");
        XsaveLayoutSource[] used = new XsaveLayoutSource[1];
        xsaveLayoutFor(xstate, layoutNote.map(XsaveLayout::fromNote), used);
        return used[0];
    }

    private XsaveLayout xsaveLayoutFor(ElfNote xs, Optional<XsaveLayout> fromNote, XsaveLayoutSource[] used) {
        if (fromNote.isPresent()) {
            used[0] = XsaveLayoutSource.LAYOUT_NOTE;
            return fromNote.get();
        }
        byte[] b = xs.toBytes();
        used[0] = XsaveLayoutSource.SIZE_GUESS;
        if (b.length < XsaveLayout.EXTENDED_START) {
            return XsaveLayout.AVX_ONLY; // Xsave.decode reports the short note
        }
        long x = Le.get(b, Xsave.XCR0_OFFSET, 8);
        long features = x != 0 ? x : Le.get(b, Xsave.XSTATE_BV_OFFSET, 8);
        if (cpuGiven && cpu.covers(features) && cpu.size(features) == b.length) {
            used[0] = XsaveLayoutSource.CPU_TABLE;
            return cpu;
        }
        return XsaveLayout.guess(features, b.length).orElseThrow(() -> new MalformedStateException(xs.typeName(),
                xs.descOffset(), String.format("cannot place the components of a %d-byte image with XCR0 0x%x: no "
                        + "NT_X86_XSAVE_LAYOUT note, the configured %s needs %d bytes, and no known CPU matches; expected "
                        + "a layout note or the writing CPU's CPUID 0xD table", b.length, features, cpu,
                        cpu.covers(features) ? cpu.size(features) : -1)));
    }

    @Override
    protected List<ElfNote> encodeNotes(RegisterFile file, ByteOrder order) {
        if (order != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("x86-64 notes are little-endian; got " + order);
        }
        List<ElfNote> out = new ArrayList<>();
        out.add(Fxsave.encodeNote(file));
        out.add(Xsave.encodeNote(file, cpu, xcr0));
        out.add(cpu.toNote(xcr0));
        return out;
    }

    @Override
    public String toString() {
        return String.format("X86NoteCodec[%s, XCR0 0x%x, %s]", layout().name(), xcr0, cpu);
    }
}

package io.github.fpctx.arch.x86.format;

import java.util.Objects;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;

import java.nio.ByteOrder;
import java.util.Map;

/**
 * The XSAVE image in standard (non-compacted) format: x86-64 {@code NT_X86_XSTATE} and the
 * {@code PTRACE_GETREGSET} buffer of the same number ({@code arch/x86/kernel/fpu/xstate.c}
 * {@code __copy_xstate_to_uabi_buf}: "The ptrace buffer is in non-compacted XSAVE format").
 *
 * <pre>{@code
 * XsaveLayout where = XsaveLayout.fromNote(layoutNote);        // NT_X86_XSAVE_LAYOUT of the same core
 * RegisterFile fp = Xsave.decode(layout.zeroFile(), xstateNote, where);
 * }</pre>
 *
 * <table>
 * <caption>Image (little-endian)</caption>
 * <tr><th>offset</th><th>content</th></tr>
 * <tr><td>0..511</td><td>the FXSAVE legacy region ({@link Fxsave})</td></tr>
 * <tr><td>464</td><td>XCR0, written by Linux into core and ptrace buffers ({@code USER_XSTATE_XCR0_WORD})</td></tr>
 * <tr><td>512</td><td>XSTATE_BV: bit i clear = component i is in its init state</td></tr>
 * <tr><td>520</td><td>XCOMP_BV: 0 (standard format)</td></tr>
 * <tr><td>576..</td><td>extended components where the {@link XsaveLayout} puts them: AVX (2) {@code ymm0h-ymm15h},
 * opmask (5) {@code k0-k7}, ZMM_Hi256 (6) {@code zmm0h-zmm15h}, Hi16_ZMM (7) {@code zmm16-zmm31}, PKRU (9)
 * {@code pkru}, TILECFG (17) {@code tilecfg}, TILEDATA (18) {@code tiledata}</td></tr>
 * </table>
 *
 * <p>Decoding honours XSTATE_BV as GDB's {@code i387_supply_xsave} and the kernel do: a component whose bit is
 * clear reads as its init value (zero registers; x87: FCW 0x037F, all tags empty; MXCSR 0x1F80 if both the SSE
 * and the AVX bit are clear). MXCSR_MASK is always taken from the image. Components the register layout has no
 * registers for (PKRU in the {@code x86_64} layout, MPX, CET, ...) are skipped: GDB's {@code gcore} on a CPU with
 * protection keys writes PKRU, and the import keeps everything it can hold. Rejected: a size below 576, a
 * non-zero XCOMP_BV, XSTATE_BV bits outside a non-zero XCR0 word and a present modelled component the image is
 * too short for. MXCSR is not checked
 * against MXCSR_MASK: that is a write-path check ({@link Fxsave#checkMxcsrForWrite}).
 *
 * <p>Encoding writes XCR0 at 464 (other software bytes zero), XSTATE_BV = x87 | SSE | AVX (when enabled) plus
 * every other enabled component that is not in its init state (all zero) — the kernel's result for state that
 * was used (GDB's {@code gcore} sets every XCR0 bit instead, so its XSTATE_BV does not survive a round trip),
 * XCOMP_BV and the header's reserved bytes 528..575 zero (ignored when decoding), and components whose bit
 * is clear as zeros.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class Xsave {
    /** Offset of the XCR0 word in the software-available bytes. */
    public static final int XCR0_OFFSET = 464;
    /** Offset of XSTATE_BV. */
    public static final int XSTATE_BV_OFFSET = 512;
    /** Offset of XCOMP_BV. */
    public static final int XCOMP_BV_OFFSET = 520;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "x87"), Map.entry(1, "SSE"), Map.entry(2, "AVX"), Map.entry(3, "MPX BNDREGS"),
            Map.entry(4, "MPX BNDCSR"), Map.entry(5, "AVX-512 opmask"), Map.entry(6, "AVX-512 ZMM_Hi256"),
            Map.entry(7, "AVX-512 Hi16_ZMM"), Map.entry(8, "PT"), Map.entry(9, "PKRU"), Map.entry(10, "PASID"),
            Map.entry(11, "CET user"), Map.entry(12, "CET supervisor"), Map.entry(13, "HDC"), Map.entry(14, "UINTR"),
            Map.entry(15, "LBR"), Map.entry(16, "HWP"), Map.entry(17, "AMX TILECFG"), Map.entry(18, "AMX TILEDATA"));

    private Xsave() {
    }

    /**
     * Names an XSAVE component.
     *
     * @param feature the component number
     * @return e.g. {@code AVX-512 opmask}, or {@code component 21}
     */
    public static String componentName(int feature) {
        return NAMES.getOrDefault(feature, "component " + feature);
    }

    /**
     * Decodes an {@code NT_X86_XSTATE} note (or a bare image wrapped with {@link ElfNote#of}).
     *
     * @param base   the file to write into; of an x86_64-contract layout; every register the image covers is
     *               replaced
     * @param note   the note
     * @param layout where the extended components are
     * @return the decoded file
     * @throws MalformedStateException as listed in the class description
     */
    public static RegisterFile decode(RegisterFile base, ElfNote note, XsaveLayout layout) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(layout, "XSAVE layout");
        X86Registers r = new X86Registers(base.layout());
        byte[] b = note.toBytes();
        long bv = header(note, b, r);
        for (int f = 2; f < 64; f++) {
            if ((bv & (1L << f)) == 0 || !r.models(f)) {
                continue; // init state, or a component the layout has no registers for (PKRU, MPX, ...): skipped
            }
            int feature = f;
            XsaveLayout.Component c = layout.component(f).orElseThrow(() -> new MalformedStateException(
                    note.typeName(), note.descOffset() + XSTATE_BV_OFFSET, "XSTATE_BV has bit " + feature + " ("
                            + componentName(feature) + ") set but " + layout
                            + " does not place it; expected a layout with every present component"));
            if (c.end() > b.length) {
                throw new MalformedStateException(note.typeName(), note.descOffset() + c.offset(), componentName(f)
                        + " component (XSTATE_BV bit " + f + ") spans bytes " + c.offset() + ".." + (c.end() - 1)
                        + "; expected it inside the " + b.length + "-byte note");
            }
        }
        RegisterFile f = base;
        f = (bv & 1) != 0 ? Fxsave.legacyX87(f, r, b) : Fxsave.initX87(f, r);
        if ((bv & 2) != 0) {
            f = Fxsave.sse(f, r, b);
        } else {
            for (Register x : r.xmm) {
                f = f.withoutEffects(x, BitVector.zero(128));
            }
        }
        if ((bv & 6) != 0) {
            f = Fxsave.mxcsr(f, r, b);
        } else {
            f = f.withoutEffects(r.mxcsr, BitVector.of(32, 0x1F80));
            f = f.withoutEffects(r.mxcsrMask, BitVector.of(32, Le.get(b, 28, 4)));
        }
        f = component(f, b, layout, bv, 2, r.ymmh, 16);
        f = component(f, b, layout, bv, 5, r.k, 8);
        f = component(f, b, layout, bv, 6, r.zmmh, 32);
        f = component(f, b, layout, bv, 7, r.zmmHi16, 64);
        f = component(f, b, layout, bv, 9, r.pkru == null ? null : new Register[] {r.pkru}, 8);
        f = component(f, b, layout, bv, 17, r.tilecfg == null ? null : new Register[] {r.tilecfg}, 64);
        f = component(f, b, layout, bv, 18, r.tiledata == null ? null : new Register[] {r.tiledata}, 1024);
        return f;
    }

    /** Checks the size and header; returns XSTATE_BV. */
    private static long header(ElfNote note, byte[] b, X86Registers r) {
        String what = note.typeName();
        long at = note.descOffset();
        if (b.length < XsaveLayout.EXTENDED_START) {
            throw new MalformedStateException(what, at, "note is " + b.length + " bytes; expected at least "
                    + XsaveLayout.EXTENDED_START + " (legacy area and XSAVE header)");
        }
        long xcr0 = Le.get(b, XCR0_OFFSET, 8);
        long bv = Le.get(b, XSTATE_BV_OFFSET, 8);
        long comp = Le.get(b, XCOMP_BV_OFFSET, 8);
        if (comp != 0) {
            throw new MalformedStateException(what, at + XCOMP_BV_OFFSET, String.format(
                    "XCOMP_BV is 0x%x; expected 0 (standard format: the kernel writes NT_X86_XSTATE non-compacted)", comp));
        }
        if (xcr0 != 0 && (bv & ~xcr0) != 0) {
            throw new MalformedStateException(what, at + XSTATE_BV_OFFSET, String.format(
                    "XSTATE_BV 0x%x has bits 0x%x outside XCR0 0x%x (offset 464); expected a subset of XCR0", bv, bv & ~xcr0, xcr0));
        }
        return bv;
    }

    private static RegisterFile component(RegisterFile f, byte[] b, XsaveLayout layout, long bv, int feature,
                                          Register[] regs, int stride) {
        if (regs == null) {
            return f; // not modelled; header() has rejected it if present
        }
        boolean present = (bv & (1L << feature)) != 0;
        int off = present ? layout.component(feature).orElseThrow().offset() : 0;
        for (int i = 0; i < regs.length; i++) {
            Register reg = regs[i];
            BitVector v = present
                    ? BitVector.fromBytes(b, off + stride * i, reg.width() / 8, ByteOrder.LITTLE_ENDIAN)
                    : BitVector.zero(reg.width());
            f = f.withoutEffects(reg, v);
        }
        return f;
    }

    /**
     * Encodes a file as a standard-format XSAVE image.
     *
     * @param file   a file of an x86_64-contract layout
     * @param layout where the extended components go
     * @param xcr0   the enabled features: bits 0 and 1 set, every other bit one the register layout models and
     *               {@code layout} places
     * @return the image, {@code layout.size(xcr0)} bytes
     * @throws IllegalArgumentException for an {@code xcr0} the layouts cannot serve
     */
    public static byte[] encode(RegisterFile file, XsaveLayout layout, long xcr0) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layout, "XSAVE layout");
        X86Registers r = new X86Registers(file.layout());
        if ((xcr0 & 3) != 3) {
            throw new IllegalArgumentException(String.format("XCR0 0x%x lacks x87 or SSE; expected bits 0 and 1 set", xcr0));
        }
        long unknown = xcr0 & ~r.modelledFeatures();
        if (unknown != 0) {
            throw new IllegalArgumentException(String.format("XCR0 0x%x enables %s, which layout %s does not model; valid bits: 0x%x",
                    xcr0, componentName(Long.numberOfTrailingZeros(unknown)), file.layout().name(), r.modelledFeatures()));
        }
        if (!layout.covers(xcr0)) {
            throw new IllegalArgumentException(String.format("XCR0 0x%x enables components %s does not place", xcr0, layout));
        }
        byte[] b = new byte[layout.size(xcr0)];
        Fxsave.write(file, r, b);
        Le.put(b, XCR0_OFFSET, xcr0, 8);
        long bv = xcr0 & 0x7;
        bv |= put(file, b, layout, xcr0, 5, r.k, 8);
        bv |= put(file, b, layout, xcr0, 6, r.zmmh, 32);
        bv |= put(file, b, layout, xcr0, 7, r.zmmHi16, 64);
        bv |= put(file, b, layout, xcr0, 9, r.pkru == null ? null : new Register[] {r.pkru}, 8);
        bv |= put(file, b, layout, xcr0, 17, r.tilecfg == null ? null : new Register[] {r.tilecfg}, 64);
        bv |= put(file, b, layout, xcr0, 18, r.tiledata == null ? null : new Register[] {r.tiledata}, 1024);
        put(file, b, layout, xcr0, 2, r.ymmh, 16);
        Le.put(b, XSTATE_BV_OFFSET, bv, 8);
        return b;
    }

    /**
     * Encodes a file as an {@code NT_X86_XSTATE} note.
     *
     * @param file   a file of an x86_64-contract layout
     * @param layout where the extended components go
     * @param xcr0   the enabled features, see {@link #encode}
     * @return the note (owner {@code LINUX})
     */
    public static ElfNote encodeNote(RegisterFile file, XsaveLayout layout, long xcr0) {
        return ElfNote.of("LINUX", Elf.NT_X86_XSTATE, encode(file, layout, xcr0));
    }

    /** Writes one component if enabled and not in init state; returns its XSTATE_BV bit or 0. */
    private static long put(RegisterFile f, byte[] b, XsaveLayout layout, long xcr0, int feature, Register[] regs, int stride) {
        if ((xcr0 & (1L << feature)) == 0 || regs == null) {
            return 0;
        }
        int off = layout.component(feature).orElseThrow().offset();
        boolean nonInit = false;
        for (int i = 0; i < regs.length; i++) {
            BitVector v = f.get(regs[i]);
            nonInit |= !v.isZero();
            byte[] bytes = v.toBytes(ByteOrder.LITTLE_ENDIAN);
            System.arraycopy(bytes, 0, b, off + stride * i, bytes.length);
        }
        return nonInit ? 1L << feature : 0;
    }
}

package io.github.fpctx.arch.x86.format;

import java.util.Objects;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;

import java.nio.ByteOrder;

/**
 * The 64-bit FXSAVE image: x86-64 {@code NT_PRFPREG} ({@code struct user_i387_struct}, 512 bytes) and the
 * first 512 bytes of {@code NT_X86_XSTATE}.
 *
 * <pre>{@code
 * RegisterFile fp = Fxsave.decode(layout.zeroFile(), Files.readAllBytes(Path.of("prfpreg.bin")));
 * byte[] again = Fxsave.encode(fp);
 * }</pre>
 *
 * <table>
 * <caption>Fields (little-endian; {@code arch/x86/include/asm/fpu/types.h} {@code struct fxregs_state})</caption>
 * <tr><th>offset</th><th>size</th><th>register</th></tr>
 * <tr><td>0</td><td>2</td><td>{@code fctrl} (FCW)</td></tr>
 * <tr><td>2</td><td>2</td><td>{@code fstat} (FSW; TOP = bits 13:11)</td></tr>
 * <tr><td>4</td><td>1</td><td>abridged tag, converted to and from the full {@code ftag} ({@link X87Tags})</td></tr>
 * <tr><td>6</td><td>2</td><td>{@code fop}, low 11 bits</td></tr>
 * <tr><td>8 / 12</td><td>4 / 4</td><td>{@code fioff} / {@code fiseg}: low and high half of the 64-bit FIP</td></tr>
 * <tr><td>16 / 20</td><td>4 / 4</td><td>{@code fooff} / {@code foseg}: low and high half of the 64-bit FDP</td></tr>
 * <tr><td>24 / 28</td><td>4 / 4</td><td>{@code mxcsr} / {@code mxcsr_mask}</td></tr>
 * <tr><td>32 + 16i</td><td>10</td><td>{@code st<i>}, stack order</td></tr>
 * <tr><td>160 + 16i</td><td>16</td><td>{@code xmm<i>}, i = 0..15</td></tr>
 * </table>
 *
 * <p>Ignored when decoding, written as zero when encoding: byte 5 (reserved), the top 5 bits of FOP (reserved),
 * bytes 10..15 of each ST slot, bytes 416..511 (reserved and software-available; {@link Xsave} writes XCR0 at
 * 464). The tag classes valid/zero/special are recomputed from the register contents ({@link X87Tags}).
 * GDB shows {@code fiseg}/{@code foseg} as 16-bit values (bytes 12-13, 20-21); fpctx keeps all 32 bits so that
 * the 64-bit FIP/FDP survive a round trip.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class Fxsave {
    /** The image size. */
    public static final int SIZE = 512;
    /** MXCSR_MASK value meaning "the CPU predates MXCSR_MASK": the supported bits are then 0xFFBF. */
    static final long DEFAULT_MXCSR_MASK = 0xFFBF;

    private Fxsave() {
    }

    /**
     * Decodes a bare FXSAVE image (offsets in errors are image offsets).
     *
     * @param base  the file to write into; of an x86_64-contract layout
     * @param image the 512 bytes
     * @return the file with the x87 and SSE registers replaced
     * @throws MalformedStateException for an image that is not 512 bytes
     */
    public static RegisterFile decode(RegisterFile base, byte[] image) {
        Objects.requireNonNull(image, "image");
        return decode(base, ElfNote.of("CORE", Elf.NT_PRFPREG, image));
    }

    /**
     * Decodes an {@code NT_PRFPREG} note.
     *
     * @param base the file to write into; of an x86_64-contract layout
     * @param note the note
     * @return the file with the x87 and SSE registers replaced; MXCSR and MXCSR_MASK exactly as the image holds
     *         them (no check against a mask: see {@link #checkMxcsrForWrite})
     * @throws MalformedStateException for a note that is not 512 bytes
     */
    public static RegisterFile decode(RegisterFile base, ElfNote note) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(note, "note");
        note.requireSize(SIZE);
        X86Registers r = new X86Registers(base.layout());
        byte[] b = note.toBytes();
        RegisterFile f = legacyX87(base, r, b);
        f = sse(f, r, b);
        f = mxcsr(f, r, b);
        return f;
    }

    /**
     * The write-path check of MXCSR, as the kernel's {@code xfpregs_set} (ptrace {@code PTRACE_SETREGSET}
     * {@code NT_PRFPREG}, {@code arch/x86/kernel/fpu/regset.c}: "Do not allow an invalid MXCSR value") and the
     * 64-bit sigreturn path ({@code __fpu_restore_sig}: "Reject invalid MXCSR values") apply it: MXCSR must not set
     * bits outside the <em>CPU's</em> {@code mxcsr_feature_mask}. Import does not apply it: a core holds what
     * the CPU or GDB wrote (GDB's {@code gcore} writes MXCSR_MASK 0 even for a process that set DAZ).
     *
     * @param file             a file of an x86_64-contract layout, the state about to be written
     * @param mxcsrFeatureMask the CPU's mask ({@code fpu__init_system_mxcsr}: the FXSAVE MXCSR_MASK, or 0xFFBF if
     *                         that is 0); 0 means 0xFFBF
     * @throws IllegalArgumentException naming MXCSR, the rejected bits and the mask
     */
    public static void checkMxcsrForWrite(RegisterFile file, long mxcsrFeatureMask) {
        Objects.requireNonNull(file, "file");
        X86Registers r = new X86Registers(file.layout());
        long mxcsr = file.getLong(r.mxcsr);
        long allowed = (mxcsrFeatureMask & 0xFFFF_FFFFL) == 0 ? DEFAULT_MXCSR_MASK : mxcsrFeatureMask & 0xFFFF_FFFFL;
        if ((mxcsr & ~allowed) != 0) {
            throw new IllegalArgumentException(String.format(
                    "Invalid value for MXCSR 0x%08x: bits 0x%08x are outside the CPU's mxcsr_feature_mask 0x%08x "
                            + "(xfpregs_set returns -EINVAL); expected only supported bits", mxcsr, mxcsr & ~allowed, allowed));
        }
    }

    static RegisterFile legacyX87(RegisterFile f, X86Registers r, byte[] b) {
        BitVector[] st = new BitVector[8];
        for (int i = 0; i < 8; i++) {
            st[i] = BitVector.fromBytes(b, 32 + 16 * i, 10, ByteOrder.LITTLE_ENDIAN);
            f = f.withoutEffects(r.st[i], st[i]);
        }
        int fsw = (int) Le.get(b, 2, 2);
        f = f.withoutEffects(r.fctrl, BitVector.of(16, Le.get(b, 0, 2)));
        f = f.withoutEffects(r.fstat, BitVector.of(16, fsw));
        f = f.withoutEffects(r.ftag, BitVector.of(16, X87Tags.fullTag(b[4] & 0xFF, fsw, st)));
        f = f.withoutEffects(r.fop, BitVector.of(16, Le.get(b, 6, 2) & 0x7FF));
        f = f.withoutEffects(r.fioff, BitVector.of(32, Le.get(b, 8, 4)));
        f = f.withoutEffects(r.fiseg, BitVector.of(32, Le.get(b, 12, 4)));
        f = f.withoutEffects(r.fooff, BitVector.of(32, Le.get(b, 16, 4)));
        f = f.withoutEffects(r.foseg, BitVector.of(32, Le.get(b, 20, 4)));
        return f;
    }

    static RegisterFile initX87(RegisterFile f, X86Registers r) {
        // XSTATE_BV bit 0 clear: the x87 init state FNINIT leaves (FCW 0x037F, all registers empty)
        for (int i = 0; i < 8; i++) {
            f = f.withoutEffects(r.st[i], BitVector.zero(80));
        }
        f = f.withoutEffects(r.fctrl, BitVector.of(16, 0x037F));
        f = f.withoutEffects(r.fstat, BitVector.zero(16));
        f = f.withoutEffects(r.ftag, BitVector.of(16, 0xFFFF));
        for (var reg : new io.github.fpctx.core.register.Register[] {r.fop, r.fioff, r.fiseg, r.fooff, r.foseg}) {
            f = f.withoutEffects(reg, BitVector.zero(reg.width()));
        }
        return f;
    }

    static RegisterFile sse(RegisterFile f, X86Registers r, byte[] b) {
        for (int i = 0; i < 16; i++) {
            f = f.withoutEffects(r.xmm[i], BitVector.fromBytes(b, 160 + 16 * i, 16, ByteOrder.LITTLE_ENDIAN));
        }
        return f;
    }

    static RegisterFile mxcsr(RegisterFile f, X86Registers r, byte[] b) {
        f = f.withoutEffects(r.mxcsr, BitVector.of(32, Le.get(b, 24, 4)));
        return f.withoutEffects(r.mxcsrMask, BitVector.of(32, Le.get(b, 28, 4)));
    }

    /**
     * Encodes the x87 and SSE registers of a file as a 512-byte FXSAVE image.
     *
     * @param file a file of an x86_64-contract layout
     * @return the image (a new array); bytes 416..511 zero
     */
    public static byte[] encode(RegisterFile file) {
        Objects.requireNonNull(file, "file");
        byte[] b = new byte[SIZE];
        write(file, new X86Registers(file.layout()), b);
        return b;
    }

    /**
     * Encodes the x87 and SSE registers as an {@code NT_PRFPREG} note.
     *
     * @param file a file of an x86_64-contract layout
     * @return the note (owner {@code CORE})
     */
    public static ElfNote encodeNote(RegisterFile file) {
        return ElfNote.of("CORE", Elf.NT_PRFPREG, encode(file));
    }

    static void write(RegisterFile f, X86Registers r, byte[] b) {
        Le.put(b, 0, f.getLong(r.fctrl), 2);
        Le.put(b, 2, f.getLong(r.fstat), 2);
        b[4] = (byte) X87Tags.abridged((int) f.getLong(r.ftag));
        Le.put(b, 6, f.getLong(r.fop) & 0x7FF, 2);
        Le.put(b, 8, f.getLong(r.fioff), 4);
        Le.put(b, 12, f.getLong(r.fiseg), 4);
        Le.put(b, 16, f.getLong(r.fooff), 4);
        Le.put(b, 20, f.getLong(r.foseg), 4);
        Le.put(b, 24, f.getLong(r.mxcsr), 4);
        Le.put(b, 28, f.getLong(r.mxcsrMask), 4);
        for (int i = 0; i < 8; i++) {
            System.arraycopy(f.get(r.st[i]).toBytes(ByteOrder.LITTLE_ENDIAN), 0, b, 32 + 16 * i, 10);
        }
        for (int i = 0; i < 16; i++) {
            System.arraycopy(f.get(r.xmm[i]).toBytes(ByteOrder.LITTLE_ENDIAN), 0, b, 160 + 16 * i, 16);
        }
    }
}

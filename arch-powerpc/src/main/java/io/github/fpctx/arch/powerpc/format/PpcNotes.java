package io.github.fpctx.arch.powerpc.format;

import java.util.Objects;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;

import java.nio.ByteOrder;

/**
 * The PowerPC FP/vector regset payloads of Linux core files and {@code PTRACE_GETREGSET}, in either byte order.
 * Every value is an integer of the register's full width in the file's byte order.
 *
 * <pre>{@code
 * RegisterFile f = PpcNotes.decodeFpregs(layout.zeroFile(), ElfNote.of("CORE", Elf.NT_PRFPREG, bytes), ByteOrder.BIG_ENDIAN);
 * byte[] again = PpcNotes.encodeFpregs(f, ByteOrder.BIG_ENDIAN);
 * }</pre>
 *
 * <table>
 * <caption>Payloads ({@code arch/powerpc/kernel/ptrace/ptrace-vsx.c}, {@code ptrace-altivec.c})</caption>
 * <tr><th>note</th><th>offset</th><th>content</th></tr>
 * <tr><td>{@code NT_PRFPREG} (264 B)</td><td>8i</td><td>{@code fr<i>} (doubleword 0 of vs i), i = 0..31</td></tr>
 * <tr><td></td><td>256</td><td>{@code fpscr}, 64 bits</td></tr>
 * <tr><td>{@code NT_PPC_VMX} (544 B)</td><td>16i</td><td>{@code vr<i>} (= vs(32+i)), 128 bits</td></tr>
 * <tr><td></td><td>512 (LE) / 524 (BE)</td><td>{@code vscr}: the last word of quadword 32 in the kernel's
 * big-endian wording; the kernel copies the saved vector whole, so on little-endian it is the first</td></tr>
 * <tr><td></td><td>528</td><td>{@code vrsave}</td></tr>
 * <tr><td>{@code NT_PPC_VSX} (256 B)</td><td>8i</td><td>{@code vs<i>h} (doubleword 1 of vs i), i = 0..31</td></tr>
 * </table>
 *
 * <p>{@code NT_PPC_VMX} bytes other than VR0-31, VSCR and VRSAVE (the other 12 bytes of quadword 32 and bytes
 * 532..543) are ignored when decoding and written as zero.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class PpcNotes {
    /** {@code NT_PRFPREG} size: 33 doublewords. */
    public static final int FPREGS_SIZE = 264;
    /** {@code NT_PPC_VMX} size: 34 quadwords. */
    public static final int VMX_SIZE = 544;
    /** {@code NT_PPC_VSX} size: 32 doublewords. */
    public static final int VSX_SIZE = 256;

    private PpcNotes() {
    }

    private static ByteOrder check(RegisterFile f, ElfNote note, ByteOrder order, int size) {
        Objects.requireNonNull(f, "base");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(order, "byte order");
        note.requireSize(size);
        return order;
    }

    /**
     * Decodes {@code NT_PRFPREG}: f0-f31 and FPSCR.
     *
     * @param base  the file to write into (other registers kept)
     * @param note  the 264-byte note
     * @param order the file's byte order
     * @return the file with {@code fr0-fr31} and {@code fpscr} replaced
     * @throws io.github.fpctx.core.MalformedStateException for a note that is not 264 bytes
     */
    public static RegisterFile decodeFpregs(RegisterFile base, ElfNote note, ByteOrder order) {
        PpcRegisters r = new PpcRegisters(base.layout());
        r.require(r.hasFp(), "NT_PRFPREG", "fr0-fr31 or fpscr");
        check(base, note, order, FPREGS_SIZE);
        byte[] b = note.toBytes();
        RegisterFile f = base;
        for (int i = 0; i < 32; i++) {
            f = f.withoutEffects(r.fr[i], BitVector.fromBytes(b, 8 * i, 8, order));
        }
        return f.withoutEffects(r.fpscr, BitVector.fromBytes(b, 256, 8, order));
    }

    /**
     * Encodes {@code NT_PRFPREG}.
     *
     * @param file  the registers
     * @param order the byte order to write
     * @return the 264 bytes
     */
    public static byte[] encodeFpregs(RegisterFile file, ByteOrder order) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(order, "byte order");
        PpcRegisters r = new PpcRegisters(file.layout());
        r.require(r.hasFp(), "NT_PRFPREG", "fr0-fr31 or fpscr");
        byte[] b = new byte[FPREGS_SIZE];
        for (int i = 0; i < 32; i++) {
            System.arraycopy(file.get(r.fr[i]).toBytes(order), 0, b, 8 * i, 8);
        }
        System.arraycopy(file.get(r.fpscr).toBytes(order), 0, b, 256, 8);
        return b;
    }

    private static int vscrOffset(ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? 524 : 512;
    }

    /**
     * Decodes {@code NT_PPC_VMX}: vr0-vr31, VSCR and VRSAVE.
     *
     * @param base  the file to write into (other registers kept)
     * @param note  the 544-byte note
     * @param order the file's byte order
     * @return the file with {@code vr0-vr31}, {@code vscr} and {@code vrsave} replaced
     * @throws io.github.fpctx.core.MalformedStateException for a note that is not 544 bytes
     */
    public static RegisterFile decodeVmx(RegisterFile base, ElfNote note, ByteOrder order) {
        PpcRegisters r = new PpcRegisters(base.layout());
        r.require(r.hasVmx(), "NT_PPC_VMX", "vr0-vr31, vscr or vrsave");
        check(base, note, order, VMX_SIZE);
        byte[] b = note.toBytes();
        RegisterFile f = base;
        for (int i = 0; i < 32; i++) {
            f = f.withoutEffects(r.vr[i], BitVector.fromBytes(b, 16 * i, 16, order));
        }
        f = f.withoutEffects(r.vscr, BitVector.fromBytes(b, vscrOffset(order), 4, order));
        return f.withoutEffects(r.vrsave, BitVector.fromBytes(b, 528, 4, order));
    }

    /**
     * Encodes {@code NT_PPC_VMX}.
     *
     * @param file  the registers
     * @param order the byte order to write
     * @return the 544 bytes
     */
    public static byte[] encodeVmx(RegisterFile file, ByteOrder order) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(order, "byte order");
        PpcRegisters r = new PpcRegisters(file.layout());
        r.require(r.hasVmx(), "NT_PPC_VMX", "vr0-vr31, vscr or vrsave");
        byte[] b = new byte[VMX_SIZE];
        for (int i = 0; i < 32; i++) {
            System.arraycopy(file.get(r.vr[i]).toBytes(order), 0, b, 16 * i, 16);
        }
        System.arraycopy(file.get(r.vscr).toBytes(order), 0, b, vscrOffset(order), 4);
        System.arraycopy(file.get(r.vrsave).toBytes(order), 0, b, 528, 4);
        return b;
    }

    /**
     * Decodes {@code NT_PPC_VSX}: doubleword 1 of vs0-vs31.
     *
     * @param base  the file to write into (other registers kept)
     * @param note  the 256-byte note
     * @param order the file's byte order
     * @return the file with {@code vs0h-vs31h} replaced
     * @throws io.github.fpctx.core.MalformedStateException for a note that is not 256 bytes
     * @throws IllegalArgumentException                     for a layout without VSX (ppc32)
     */
    public static RegisterFile decodeVsx(RegisterFile base, ElfNote note, ByteOrder order) {
        PpcRegisters r = new PpcRegisters(base.layout());
        r.require(r.hasVsx(), "NT_PPC_VSX", "vs0h-vs31h");
        check(base, note, order, VSX_SIZE);
        byte[] b = note.toBytes();
        RegisterFile f = base;
        for (int i = 0; i < 32; i++) {
            f = f.withoutEffects(r.vsh[i], BitVector.fromBytes(b, 8 * i, 8, order));
        }
        return f;
    }

    /**
     * Encodes {@code NT_PPC_VSX}.
     *
     * @param file  the registers
     * @param order the byte order to write
     * @return the 256 bytes
     */
    public static byte[] encodeVsx(RegisterFile file, ByteOrder order) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(order, "byte order");
        PpcRegisters r = new PpcRegisters(file.layout());
        r.require(r.hasVsx(), "NT_PPC_VSX", "vs0h-vs31h");
        byte[] b = new byte[VSX_SIZE];
        for (int i = 0; i < 32; i++) {
            System.arraycopy(file.get(r.vsh[i]).toBytes(order), 0, b, 8 * i, 8);
        }
        return b;
    }

    static ElfNote note(int type, byte[] desc) {
        return ElfNote.of(type == Elf.NT_PRFPREG ? "CORE" : "LINUX", type, desc);
    }
}

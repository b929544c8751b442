package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.util.Checks;

import java.util.Objects;

import io.github.fpctx.core.register.BitVector;

/**
 * Conversions between the x87 full tag word (2 bits per physical register, GDB's {@code ftag}) and the abridged
 * tag byte FXSAVE/XSAVE store (1 bit per physical register).
 *
 * <p>Mirrors GDB's {@code i387_tag} and the full-tag reconstruction in {@code i387_supply_fxsave}
 * ({@code gdb/i387-tdep.c}), which is also what the CPU does on {@code FXRSTOR}: a non-empty register's tag is
 * recomputed from its contents, so only "empty or not" survives a trip through the abridged form.
 * Physical register {@code r} is stack slot {@code (r - TOP) mod 8}, TOP being FSW bits 13:11.
 */
public final class X87Tags {
    /** Tag 00: valid. */
    public static final int VALID = 0;
    /** Tag 01: zero. */
    public static final int ZERO = 1;
    /** Tag 10: special (NaN, infinity, denormal, unnormal). */
    public static final int SPECIAL = 2;
    /** Tag 11: empty. */
    public static final int EMPTY = 3;

    private X87Tags() {
    }

    /**
     * The tag the x87 gives an 80-bit value ({@code i387_tag}).
     *
     * @param st an 80-bit register value; non-null
     * @return {@link #VALID}, {@link #ZERO} or {@link #SPECIAL}
     */
    public static int tagOf(BitVector st) {
        Objects.requireNonNull(st, "st");
        Checks.width("st", 80, st.width());
        long significand = st.word(0);
        int exponent = (int) (st.word(1) & 0x7FFF);
        boolean integer = significand < 0; // bit 63: the explicit integer bit
        if (exponent == 0x7FFF) {
            return SPECIAL;
        }
        if (exponent == 0) {
            return significand == 0 ? ZERO : SPECIAL;
        }
        return integer ? VALID : SPECIAL;
    }

    /**
     * Builds the full tag word from the abridged byte.
     *
     * @param abridged the FXSAVE tag byte, bit r = physical register r is not empty; 0 to 255
     * @param fsw      the status word (for TOP)
     * @param stack    st0-st7 in stack order, 80 bits each
     * @return the 16-bit tag word
     */
    public static int fullTag(int abridged, int fsw, BitVector[] stack) {
        Checks.range("abridged x87 tag byte", abridged, 0, 255);
        Objects.requireNonNull(stack, "stack");
        if (stack.length != 8) {
            throw new IllegalArgumentException("The x87 stack has 8 registers; got " + stack.length);
        }
        int top = (fsw >>> 11) & 7;
        int tag = 0;
        for (int r = 0; r < 8; r++) {
            int t = (abridged & (1 << r)) == 0 ? EMPTY : tagOf(stack[(r - top + 8) & 7]);
            tag |= t << (2 * r);
        }
        return tag;
    }

    /**
     * The abridged form of a full tag word: bit r set unless register r is tagged empty.
     *
     * @param fullTag the 16-bit tag word
     * @return the abridged byte
     */
    public static int abridged(int fullTag) {
        Checks.range("x87 tag word", fullTag, 0, 0xFFFF);
        int a = 0;
        for (int r = 0; r < 8; r++) {
            if (((fullTag >>> (2 * r)) & 3) != EMPTY) {
                a |= 1 << r;
            }
        }
        return a;
    }
}

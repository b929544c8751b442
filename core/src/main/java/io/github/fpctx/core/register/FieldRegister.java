package io.github.fpctx.core.register;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A value of a field register (MSR, FPSCR, VSCR, MXCSR, FCW/FSW, thread flags): a {@link FieldLayout} and
 * an image of up to 64 bits, read and written by field.
 *
 * <pre>{@code
 * FieldRegister msr = PowerPc.MSR.of(0).set(PowerPc.MSR_FP).with(PowerPc.MSR_FE_MODE, 3);
 * msr.isSet(PowerPc.MSR_FE0);          // true
 * msr.toString();                      // "MSR[FP FE0 FE1]"
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class FieldRegister {
    private final FieldLayout layout;
    private final long bits;

    private FieldRegister(FieldLayout layout, long bits) {
        this.layout = layout;
        this.bits = bits;
    }

    /**
     * A value.
     *
     * @param layout the register's definition
     * @param bits   the image; no reserved bits, nothing above the width
     * @return the value
     * @throws IllegalArgumentException if reserved bits are set
     */
    public static FieldRegister of(FieldLayout layout, long bits) {
        Objects.requireNonNull(layout, "layout");
        checkBits(layout, bits);
        return new FieldRegister(layout, bits);
    }

    private static void checkBits(FieldLayout layout, long bits) {
        long bad = bits & (layout.reservedMask() | ~layout.widthMask());
        if (bad != 0) {
            throw new IllegalArgumentException("Invalid value for " + layout.name() + " (reserved bits "
                    + hex(layout.reservedMask(), layout.width()) + " and bits above bit " + (layout.width() - 1)
                    + " must be zero): " + hex(bits, layout.width()));
        }
    }

    static String hex(long v, int width) {
        int w = Math.max(width, 64 - Long.numberOfLeadingZeros(v));
        w = Math.max(4, (w + 3) / 4 * 4);
        return BitVector.of(64, v).slice(0, w).toString();
    }

    /** @return the definition */
    public FieldLayout layout() {
        return layout;
    }

    /** @return the image */
    public long bits() {
        return bits;
    }

    /** @return the image as a bit vector of the register's width */
    public BitVector toBitVector() {
        return BitVector.of(layout.width(), bits);
    }

    /**
     * Reads a field.
     *
     * @param field a field of this register
     * @return its value
     */
    public long field(BitField field) {
        return own(field).extract(bits);
    }

    /**
     * Reads a field by name.
     *
     * @param field the field's name
     * @return its value
     */
    public long field(String field) {
        return layout.field(field).extract(bits);
    }

    /**
     * Tests whether any bit of a field is set.
     *
     * @param field a field of this register
     * @return whether it is non-zero
     */
    public boolean isSet(BitField field) {
        return (bits & own(field).mask()) != 0;
    }

    /**
     * Writes a field.
     *
     * @param field a field of this register
     * @param value the value, 0 to the field's maximum
     * @return the new value; this instance if unchanged
     * @throws IllegalArgumentException in the form {@code Invalid value for MSR.FE_MODE (valid values 0 - 3): 5}
     */
    public FieldRegister with(BitField field, long value) {
        own(field);
        if (field.width() < 64) {
            Checks.range(layout.name() + "." + field.name(), value, 0, field.maxValue());
        }
        long nb = (bits & ~field.mask()) | field.pack(value);
        return nb == bits ? this : new FieldRegister(layout, nb);
    }

    /**
     * Writes a field by name.
     *
     * @param field the field's name
     * @param value the value
     * @return the new value
     */
    public FieldRegister with(String field, long value) {
        return with(layout.field(field), value);
    }

    /**
     * Sets every bit of a field.
     *
     * @param field a field of this register
     * @return the new value
     */
    public FieldRegister set(BitField field) {
        long nb = bits | own(field).mask();
        return nb == bits ? this : new FieldRegister(layout, nb);
    }

    /**
     * Clears every bit of a field.
     *
     * @param field a field of this register
     * @return the new value
     */
    public FieldRegister clear(BitField field) {
        long nb = bits & ~own(field).mask();
        return nb == bits ? this : new FieldRegister(layout, nb);
    }

    /**
     * Raises a sticky flag: sets it; only clearing by software resets it.
     *
     * @param flag a {@link BitField.Kind#STICKY} field of this register
     * @return the new value
     * @throws IllegalArgumentException if the field is not sticky
     */
    public FieldRegister raise(BitField flag) {
        if (own(flag).kind() != BitField.Kind.STICKY) {
            throw new IllegalArgumentException("Field " + layout.name() + "." + flag.name() + " is a " + flag.kind()
                    + " field; only STICKY flags are raised");
        }
        return set(flag);
    }

    /**
     * Replaces the whole image.
     *
     * @param newBits the image; no reserved bits set
     * @return the new value
     * @throws IllegalArgumentException if reserved bits are set
     */
    public FieldRegister withBits(long newBits) {
        checkBits(layout, newBits);
        return newBits == bits ? this : new FieldRegister(layout, newBits);
    }

    /**
     * Writes the image as software does where the hardware ignores reserved bits: only writable bits change.
     *
     * @param newBits the image software wrote
     * @return the new value
     */
    public FieldRegister withWritableBits(long newBits) {
        long w = layout.writableMask();
        long nb = (bits & ~w) | (newBits & w);
        return nb == bits ? this : new FieldRegister(layout, nb);
    }

    private BitField own(BitField f) {
        Objects.requireNonNull(f, "field");
        if (layout.findField(f.name()).filter(f::equals).isEmpty()) {
            throw new IllegalArgumentException("Field " + f.name() + " is not a field of " + layout.name());
        }
        return f;
    }

    /**
     * Names the set single-bit fields and the non-zero multi-bit ones, e.g. {@code MSR[FP FE0 VSX]} or
     * {@code FPSCR[FX XX FPRF=0x4]}; views are left out.
     *
     * @return the rendering
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        long named = 0;
        for (BitField f : layout.fields()) {
            named |= f.mask();
            if (f.isView()) {
                continue;
            }
            long v = f.extract(bits);
            if (v == 0) {
                continue;
            }
            if (f.width() == 1) {
                parts.add(f.name());
            } else {
                parts.add(f.name() + "=" + f.nameOf(v).orElse("0x" + Long.toHexString(v)));
            }
        }
        long rest = bits & ~named;
        if (rest != 0) {
            parts.add("0x" + Long.toHexString(rest));
        }
        return layout.name() + "[" + String.join(" ", parts) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldRegister r && r.bits == bits && r.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits) * 31 + layout.name().hashCode();
    }
}

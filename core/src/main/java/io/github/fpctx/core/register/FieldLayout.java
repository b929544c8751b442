package io.github.fpctx.core.register;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The definition of a field register such as MSR, FPSCR, VSCR, MXCSR, the x87 control/status words or a
 * task's thread flags: its width, named fields, reserved bits and reset value. Values are
 * {@link FieldRegister}s.
 *
 * <pre>{@code
 * FieldLayout mxcsr = FieldLayout.builder("MXCSR", 32)
 *         .sticky("IE", 0, 1)                   // one row per field: name, LSB-0 bit, width
 *         .control("IM", 7, 1)
 *         .control("RC", 13, 2, Map.of(0L, "nearest", 1L, "down", 2L, "up", 3L, "zero"))
 *         .reserved(0xFFFF_0000L)
 *         .reset(0x1F80)
 *         .build();
 * FieldRegister r = mxcsr.reset();      // MXCSR[IM]
 * BitField rc = mxcsr.field("RC");      // a field by name
 * }</pre>
 *
 * <p>The row methods {@link Builder#control}, {@link Builder#status} and {@link Builder#sticky} cover contiguous
 * fields; {@link Builder#field(BitField)} takes any field, e.g. a {@link BitField#gather gathered} view.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class FieldLayout {
    private final String name;
    private final int width;
    private final List<BitField> fields;
    private final Map<String, BitField> byName;
    private final long reservedMask;
    private final long resetValue;

    private FieldLayout(Builder b) {
        this.name = b.name;
        this.width = b.width;
        this.fields = List.copyOf(b.fields.values());
        this.byName = Map.copyOf(b.fields);
        this.reservedMask = b.reserved;
        this.resetValue = b.reset;
    }

    /**
     * Starts a definition.
     *
     * @param name  the register's name, e.g. {@code MSR}
     * @param width its width in bits, 1 to 64
     * @return a builder
     */
    public static Builder builder(String name, int width) {
        Checks.name(name, "Field register name");
        Checks.range("width of " + name, width, 1, 64);
        return new Builder(name, width);
    }

    /** @return the register's name */
    public String name() {
        return name;
    }

    /** @return its width in bits */
    public int width() {
        return width;
    }

    /** @return its fields in declaration order (the rendering order) */
    public List<BitField> fields() {
        return fields;
    }

    /**
     * Looks a field up.
     *
     * @param field the field's name
     * @return the field
     * @throws IllegalArgumentException naming the fields if there is none of that name
     */
    public BitField field(String field) {
        BitField f = field == null ? null : byName.get(field);
        if (f == null) {
            List<String> names = new ArrayList<>();
            fields.forEach(x -> names.add(x.name()));
            throw new IllegalArgumentException("Unknown field '" + field + "' in " + name + "; valid: " + String.join(", ", names));
        }
        return f;
    }

    /**
     * Looks a field up without failing.
     *
     * @param field the field's name
     * @return the field, if declared
     */
    public Optional<BitField> findField(String field) {
        return Optional.ofNullable(field == null ? null : byName.get(field));
    }

    /** @return the bits that must always be zero */
    public long reservedMask() {
        return reservedMask;
    }

    /** @return the bits software may write: every bit of the width that is not reserved */
    public long writableMask() {
        return widthMask() & ~reservedMask;
    }

    /** @return the mask of all sticky fields */
    public long stickyMask() {
        long m = 0;
        for (BitField f : fields) {
            if (f.kind() == BitField.Kind.STICKY) {
                m |= f.mask();
            }
        }
        return m;
    }

    /** @return the mask of all control fields */
    public long controlMask() {
        long m = 0;
        for (BitField f : fields) {
            if (f.kind() == BitField.Kind.CONTROL && !f.isView()) {
                m |= f.mask();
            }
        }
        return m;
    }

    long widthMask() {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** @return the register at its reset value */
    public FieldRegister reset() {
        return FieldRegister.of(this, resetValue);
    }

    /**
     * A value of this register.
     *
     * @param bits the image; no reserved bits set, nothing above the width
     * @return the value
     */
    public FieldRegister of(long bits) {
        return FieldRegister.of(this, bits);
    }

    /** @return the reset value's image */
    public long resetValue() {
        return resetValue;
    }

    @Override
    public String toString() {
        return "FieldLayout[" + name + ", " + width + " bits, " + fields.size() + " fields]";
    }

    /** Builds a {@link FieldLayout}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final int width;
        private final Map<String, BitField> fields = new LinkedHashMap<>();
        private long reserved;
        private long reset;

        private Builder(String name, int width) {
            this.name = name;
            this.width = width;
        }

        /**
         * Adds a field.
         *
         * @param field the field; its bits must lie within the width, its name be new
         * @return this builder
         */
        public Builder field(BitField field) {
            Objects.requireNonNull(field, "field");
            if (fields.containsKey(field.name())) {
                throw new IllegalArgumentException("Field " + field.name() + " is already declared in " + name);
            }
            for (int p : field.positions()) {
                if (p >= width) {
                    throw new IllegalArgumentException("Field " + field.name() + " uses bit " + p + " but " + name
                            + " has bits 0 - " + (width - 1));
                }
            }
            fields.put(field.name(), field);
            return this;
        }

        /**
         * Adds a contiguous {@link BitField.Kind#CONTROL control} field: one row of a layout's field table, the
         * same as {@code field(BitField.of(name, lsb, width))}.
         *
         * @param name  the field's name, new in this layout
         * @param lsb   LSB-0 number of its lowest bit
         * @param width its width in bits; the field must lie within the register's width
         * @return this builder
         */
        public Builder control(String name, int lsb, int width) {
            return field(BitField.of(name, lsb, width));
        }

        /**
         * Adds a contiguous control field whose values have names (a rounding or precision mode): the same as
         * {@code field(BitField.of(name, lsb, width).withValueNames(valueNames))}.
         *
         * @param name       the field's name, new in this layout
         * @param lsb        LSB-0 number of its lowest bit
         * @param width      its width in bits; the field must lie within the register's width
         * @param valueNames value to name; each value must fit the field
         * @return this builder
         */
        public Builder control(String name, int lsb, int width, Map<Long, String> valueNames) {
            return field(BitField.of(name, lsb, width).withValueNames(valueNames));
        }

        /**
         * Adds a contiguous {@link BitField.Kind#STATUS status} field (hardware-updated, not sticky): the same as
         * {@code field(BitField.of(name, lsb, width).status())}.
         *
         * @param name  the field's name, new in this layout
         * @param lsb   LSB-0 number of its lowest bit
         * @param width its width in bits; the field must lie within the register's width
         * @return this builder
         */
        public Builder status(String name, int lsb, int width) {
            return field(BitField.of(name, lsb, width).status());
        }

        /**
         * Adds a contiguous {@link BitField.Kind#STICKY sticky} status field (raised by the hardware, cleared only
         * by software): the same as {@code field(BitField.of(name, lsb, width).sticky())}.
         *
         * @param name  the field's name, new in this layout
         * @param lsb   LSB-0 number of its lowest bit
         * @param width its width in bits; the field must lie within the register's width
         * @return this builder
         */
        public Builder sticky(String name, int lsb, int width) {
            return field(BitField.of(name, lsb, width).sticky());
        }

        /**
         * Declares bits that must be zero (writes setting them are rejected).
         *
         * @param mask the reserved bits
         * @return this builder
         */
        public Builder reserved(long mask) {
            this.reserved = mask;
            return this;
        }

        /**
         * Sets the reset value.
         *
         * @param value the image after reset
         * @return this builder
         */
        public Builder reset(long value) {
            this.reset = value;
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return the definition
         * @throws IllegalStateException if a field overlaps the reserved bits or the reset value sets reserved bits
         */
        public FieldLayout build() {
            long wm = width == 64 ? -1L : (1L << width) - 1;
            if ((reserved & ~wm) != 0) {
                throw new IllegalStateException("Reserved mask of " + name + " has bits above bit " + (width - 1));
            }
            for (BitField f : fields.values()) {
                if ((f.mask() & reserved) != 0) {
                    throw new IllegalStateException("Field " + f.name() + " of " + name + " overlaps the reserved bits");
                }
            }
            if ((reset & (reserved | ~wm)) != 0) {
                throw new IllegalStateException("Reset value of " + name + " sets reserved bits");
            }
            return new FieldLayout(this);
        }
    }
}

package io.github.fpctx.core.register;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named field of a {@link FieldLayout}: one bit ({@code MSR.FP}), a contiguous range ({@code FPSCR.RN}),
 * or bits gathered from several positions ({@code MSR.FE_MODE}, made of FE0 and FE1, which are not
 * adjacent: {@code __pack_fe01}/{@code __unpack_fe01} in {@code arch/powerpc/include/asm/processor.h}).
 *
 * <p>Bit positions are LSB-0 (the kernel's {@code MSR_x_LG} numbers); PowerPC manuals count MSB-0, so
 * {@code MSR_FP} is LSB-0 bit 13 = MSB-0 bit 50 of a 64-bit MSR.
 *
 * <pre>{@code
 * BitField fp = BitField.of("FP", 13, 1);
 * BitField feMode = BitField.gather("FE_MODE", 11, 8)          // value bit 1 <- FE0 (11), bit 0 <- FE1 (8)
 *         .withValueNames(Map.of(0L, "disabled", 1L, "nonrecoverable", 2L, "async", 3L, "precise"));
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class BitField {
    /** What kind of bits a field holds. */
    public enum Kind {
        /** Control bits software sets (masks, rounding mode, enables). */
        CONTROL,
        /** Status bits the hardware updates and software may read (e.g. the FPRF result class). */
        STATUS,
        /** Sticky status flags: once raised they stay set until software clears them (MXCSR IE..PE, FPSCR OX..). */
        STICKY
    }

    private final String name;
    private final int[] positionsMsbFirst;
    private final Kind kind;
    private final Map<Long, String> valueNames;
    private final boolean summary;

    private BitField(String name, int[] positionsMsbFirst, Kind kind, Map<Long, String> valueNames, boolean summary) {
        this.name = name;
        this.positionsMsbFirst = positionsMsbFirst;
        this.kind = kind;
        this.valueNames = valueNames;
        this.summary = summary;
    }

    /**
     * A contiguous control field.
     *
     * @param name  the field's name, e.g. {@code FE0}
     * @param lsb   LSB-0 number of its lowest bit, 0 to 63
     * @param width its width in bits, 1 to 64
     * @return the field
     */
    public static BitField of(String name, int lsb, int width) {
        Checks.name(name, "Field name");
        Checks.range("lsb of field " + name, lsb, 0, 63);
        Checks.range("width of field " + name, width, 1, 64 - lsb);
        int[] pos = new int[width];
        for (int i = 0; i < width; i++) {
            pos[i] = lsb + width - 1 - i;
        }
        return new BitField(name, pos, Kind.CONTROL, Map.of(), false);
    }

    /**
     * A field gathered from scattered bits.
     *
     * @param name         the field's name
     * @param lsb0Positions LSB-0 bit positions, the field value's most significant bit first; distinct, 0 to 63
     * @return the field
     */
    public static BitField gather(String name, int... lsb0Positions) {
        Checks.name(name, "Field name");
        Objects.requireNonNull(lsb0Positions, "positions");
        if (lsb0Positions.length == 0 || lsb0Positions.length > 64) {
            throw new IllegalArgumentException("Field " + name + " needs 1 to 64 bit positions; got " + lsb0Positions.length);
        }
        long seen = 0;
        for (int p : lsb0Positions) {
            Checks.range("bit position of field " + name, p, 0, 63);
            if ((seen & (1L << p)) != 0) {
                throw new IllegalArgumentException("Field " + name + " names bit " + p + " twice");
            }
            seen |= 1L << p;
        }
        return new BitField(name, lsb0Positions.clone(), Kind.CONTROL, Map.of(), false);
    }

    /**
     * This field with another kind.
     *
     * @param kind the kind
     * @return the field
     */
    public BitField withKind(Kind kind) {
        return new BitField(name, positionsMsbFirst, Objects.requireNonNull(kind, "kind"), valueNames, summary);
    }

    /** @return this field as a sticky status flag */
    public BitField sticky() {
        return withKind(Kind.STICKY);
    }

    /** @return this field as a (non-sticky) status field */
    public BitField status() {
        return withKind(Kind.STATUS);
    }

    /**
     * Marks this field as a summary or derived view of bits other fields already name (e.g. {@code FE_MODE} over
     * {@code FE0} and {@code FE1}); such a field is left out of {@link FieldRegister#toString()}.
     *
     * @return the field
     */
    public BitField asView() {
        return new BitField(name, positionsMsbFirst, kind, valueNames, true);
    }

    /**
     * This field with names for its values.
     *
     * @param names value to name; each value must fit the field
     * @return the field
     */
    public BitField withValueNames(Map<Long, String> names) {
        Objects.requireNonNull(names, "names");
        Map<Long, String> m = new LinkedHashMap<>();
        names.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Checks.range(name + " value", e.getKey(), 0, maxValue());
            m.put(e.getKey(), Checks.name(e.getValue(), "Value name"));
        });
        return new BitField(name, positionsMsbFirst, kind, Map.copyOf(m), summary);
    }

    /** @return the field's name */
    public String name() {
        return name;
    }

    /** @return its width in bits */
    public int width() {
        return positionsMsbFirst.length;
    }

    /** @return its kind */
    public Kind kind() {
        return kind;
    }

    /** @return whether it is left out of renderings because other fields name its bits */
    public boolean isView() {
        return summary;
    }

    /** @return the mask of its bits in the register */
    public long mask() {
        long m = 0;
        for (int p : positionsMsbFirst) {
            m |= 1L << p;
        }
        return m;
    }

    /** @return the LSB-0 positions of its bits, the value's most significant bit first (a copy) */
    public int[] positions() {
        return positionsMsbFirst.clone();
    }

    /** @return the largest value the field holds */
    public long maxValue() {
        int w = width();
        return w == 64 ? -1L : (1L << w) - 1;
    }

    /** @return the names of its values, if it has any */
    public Map<Long, String> valueNames() {
        return valueNames;
    }

    /**
     * The name of one value.
     *
     * @param value a value of this field
     * @return its name, if declared
     */
    public Optional<String> nameOf(long value) {
        return Optional.ofNullable(valueNames.get(value));
    }

    /**
     * The value named so.
     *
     * @param valueName a declared value name
     * @return the value
     * @throws IllegalArgumentException naming the declared names if there is none of that name
     */
    public long valueOf(String valueName) {
        for (Map.Entry<Long, String> e : valueNames.entrySet()) {
            if (e.getValue().equals(valueName)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("Unknown value '" + valueName + "' for field " + name + "; valid: " + valueNames.values());
    }

    /**
     * Extracts this field's value from a register image (the {@code __unpack_fe01} direction).
     *
     * @param bits the register image
     * @return the field's value
     */
    public long extract(long bits) {
        long v = 0;
        for (int p : positionsMsbFirst) {
            v = (v << 1) | ((bits >>> p) & 1);
        }
        return v;
    }

    /**
     * Places a value into this field's bits (the {@code __pack_fe01} direction); other bits are zero.
     *
     * @param value the value; 0 to {@link #maxValue()}
     * @return the bits
     */
    public long pack(long value) {
        int w = width();
        long v = value;
        long out = 0;
        for (int i = w - 1; i >= 0; i--) {
            out |= (v & 1) << positionsMsbFirst[i];
            v >>>= 1;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitField f && f.name.equals(name) && Arrays.equals(f.positionsMsbFirst, positionsMsbFirst)
                && f.kind == kind && f.valueNames.equals(valueNames) && f.summary == summary;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(positionsMsbFirst);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(positionsMsbFirst) + " " + kind;
    }
}

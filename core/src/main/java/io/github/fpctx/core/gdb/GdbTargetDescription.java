package io.github.fpctx.core.gdb;

import java.util.Objects;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GDB target description (the XML GDB reads with {@code set tdesc filename} and gdbstubs send for
 * {@code target.xml}; format in GDB's manual, "Target Descriptions") for the registers of a
 * {@link RegisterLayout}, with field registers as {@code <flags>} types.
 *
 * <pre>{@code
 * String xml = GdbTargetDescription.builder(layout)
 *         .architecture("i386:x86-64")
 *         .feature("org.gnu.gdb.i386.sse")
 *         .register("xmm0", "vec128", "vector")
 *         .flagsRegister("mxcsr", mxcsrFields, "vector")
 *         .build()
 *         .toXml();
 * }</pre>
 *
 * <p>Registers are named as given (a backing register, a view or an alias of the layout), so GDB's names can be
 * used where the layout has them as aliases. Types GDB predefines ({@code uint32}, {@code ieee_double},
 * {@code i387_ext}, ...) are used as given; {@link #defaultType(int)} picks one by width. Flags fields are
 * written for contiguous fields; a field gathered from scattered bits (e.g. MSR.FE_MODE) and summary views are
 * left out, because GDB flags fields are bit ranges. This describes FP/vector state only: a GDB session also
 * needs the architecture's general-register feature (e.g. {@code org.gnu.gdb.i386.core} with rip), which
 * gdbstubs merge in.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class GdbTargetDescription {
    /** One register entry. */
    private record Reg(String name, int bits, String type, String group) {
    }

    private final String architecture;
    private final Map<String, List<Reg>> features;
    private final Map<String, FieldLayout> flags;

    private GdbTargetDescription(String architecture, Map<String, List<Reg>> features, Map<String, FieldLayout> flags) {
        this.architecture = architecture;
        this.features = features;
        this.flags = flags;
    }

    /**
     * Starts a description.
     *
     * @param layout the layout whose registers are described; non-null
     * @return a builder
     */
    public static Builder builder(RegisterLayout layout) {
        return new Builder(Objects.requireNonNull(layout, "layout"));
    }

    /**
     * A one-feature description of every backing register of a layout, with default types.
     *
     * @param layout the layout
     * @param fields field layouts by register name, described as flags (may be empty)
     * @return the description, feature {@code io.github.fpctx.<layout name>}
     */
    public static GdbTargetDescription of(RegisterLayout layout, Map<String, FieldLayout> fields) {
        Objects.requireNonNull(fields, "fields");
        Builder b = builder(layout).feature("io.github.fpctx." + layout.name());
        for (Register r : layout.registers()) {
            FieldLayout fl = fields.get(r.name());
            if (fl != null) {
                b.flagsRegister(r.name(), fl, null);
            } else {
                b.register(r.name(), defaultType(r.width()), null);
            }
        }
        return b.build();
    }

    /**
     * The GDB type this class uses for a width when none is given: {@code uintN} for 8 to 128 bits in powers of
     * two, {@code i387_ext} for 80 bits, otherwise a vector of {@code uint128} (multiples of 128), {@code uint64}
     * or {@code uint8}.
     *
     * @param bits the width
     * @return the type id
     */
    public static String defaultType(int bits) {
        if (bits == 8 || bits == 16 || bits == 32 || bits == 64 || bits == 128) {
            return "uint" + bits;
        }
        if (bits == 80) {
            return "i387_ext";
        }
        if (bits % 128 == 0) {
            return "v" + bits / 128 + "u128";
        }
        if (bits % 64 == 0) {
            return "v" + bits / 64 + "u64";
        }
        return "v" + (bits + 7) / 8 + "u8";
    }

    /** @return the XML document */
    public String toXml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        if (architecture != null) {
            sb.append("  <architecture>").append(esc(architecture)).append("</architecture>\n");
        }
        for (Map.Entry<String, List<Reg>> f : features.entrySet()) {
            sb.append("  <feature name=\"").append(esc(f.getKey())).append("\">\n");
            Set<String> vectors = new LinkedHashSet<>();
            for (Reg r : f.getValue()) {
                if (r.type().matches("v\\d+u(8|64|128)") && vectors.add(r.type())) {
                    String elem = r.type().substring(r.type().indexOf('u'));
                    String count = r.type().substring(1, r.type().indexOf('u'));
                    sb.append("    <vector id=\"").append(r.type()).append("\" type=\"uint").append(elem.substring(1))
                            .append("\" count=\"").append(count).append("\"/>\n");
                }
                FieldLayout fl = flags.get(r.name());
                if (fl != null && r.type().equals(flagsId(r.name()))) {
                    sb.append("    <flags id=\"").append(esc(r.type())).append("\" size=\"").append((r.bits() + 7) / 8).append("\">\n");
                    for (BitField bf : fl.fields()) {
                        int[] p = bf.positions(); // most significant first
                        boolean contiguous = true;
                        for (int i = 1; i < p.length; i++) {
                            contiguous &= p[i] == p[i - 1] - 1;
                        }
                        if (!contiguous || bf.isView() || p[0] >= r.bits()) {
                            continue;
                        }
                        sb.append("      <field name=\"").append(esc(bf.name())).append("\" start=\"").append(p[p.length - 1])
                                .append("\" end=\"").append(p[0]).append("\"/>\n");
                    }
                    sb.append("    </flags>\n");
                }
            }
            for (Reg r : f.getValue()) {
                sb.append("    <reg name=\"").append(esc(r.name())).append("\" bitsize=\"").append(r.bits())
                        .append("\" type=\"").append(esc(r.type())).append('"');
                if (r.group() != null) {
                    sb.append(" group=\"").append(esc(r.group())).append('"');
                }
                sb.append("/>\n");
            }
            sb.append("  </feature>\n");
        }
        return sb.append("</target>\n").toString();
    }

    private static String flagsId(String register) {
        return register + "_flags";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "GdbTargetDescription[" + architecture + ", features " + features.keySet() + "]";
    }

    /** Builds a {@link GdbTargetDescription}; not thread-safe. */
    public static final class Builder {
        private final RegisterLayout layout;
        private String architecture;
        private final Map<String, List<Reg>> features = new LinkedHashMap<>();
        private final Map<String, FieldLayout> flags = new LinkedHashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        private List<Reg> current;

        private Builder(RegisterLayout layout) {
            this.layout = layout;
        }

        /**
         * Sets the {@code <architecture>} element.
         *
         * @param bfdName GDB's BFD architecture name, e.g. {@code i386:x86-64} or {@code powerpc:common64}
         * @return this builder
         */
        public Builder architecture(String bfdName) {
            this.architecture = Checks.name(bfdName, "Architecture name");
            return this;
        }

        /**
         * Starts a feature; the following registers belong to it.
         *
         * @param name e.g. {@code org.gnu.gdb.power.fpu}; not used before
         * @return this builder
         */
        public Builder feature(String name) {
            Checks.name(name, "Feature name");
            if (features.containsKey(name)) {
                throw new IllegalArgumentException("Feature '" + name + "' is already declared");
            }
            current = new ArrayList<>();
            features.put(name, current);
            return this;
        }

        /**
         * Adds a register to the current feature.
         *
         * @param name  a name the layout knows (register, view or alias), written as given; not used before
         * @param type  a GDB type id, or null for {@link #defaultType(int)}
         * @param group the register group (e.g. {@code float}, {@code vector}), or null for none
         * @return this builder
         */
        public Builder register(String name, String type, String group) {
            if (current == null) {
                throw new IllegalStateException("Declare a feature before register '" + name + "'");
            }
            Register r = layout.register(name);
            if (!names.add(name)) {
                throw new IllegalArgumentException("Register '" + name + "' is already described");
            }
            current.add(new Reg(name, r.width(), type == null ? defaultType(r.width()) : type, group));
            return this;
        }

        /**
         * Adds a register whose type is a {@code <flags>} built from a field layout.
         *
         * @param name   a name the layout knows, written as given
         * @param fields its fields; the field layout's width must not exceed the register's
         * @param group  the register group, or null
         * @return this builder
         */
        public Builder flagsRegister(String name, FieldLayout fields, String group) {
            Objects.requireNonNull(fields, "fields");
            Register r = layout.register(name);
            if (fields.width() > r.width()) {
                throw new IllegalArgumentException("Field register " + fields.name() + " is " + fields.width()
                        + " bits wide; register " + name + " has " + r.width());
            }
            register(name, flagsId(name), group);
            flags.put(name, fields);
            return this;
        }

        /** @return the description */
        public GdbTargetDescription build() {
            Map<String, List<Reg>> f = new LinkedHashMap<>();
            features.forEach((k, v) -> f.put(k, List.copyOf(v)));
            return new GdbTargetDescription(architecture, java.util.Collections.unmodifiableMap(f), Map.copyOf(flags));
        }
    }
}

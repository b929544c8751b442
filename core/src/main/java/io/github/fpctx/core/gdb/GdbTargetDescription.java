package io.github.fpctx.core.gdb;

import java.util.Objects;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.util.Checks;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * left out, because GDB flags fields are bit ranges. GDB accepts a description only with its architecture's
 * core feature ({@code org.gnu.gdb.i386.core} with {@code rax}..{@code gs}, {@code org.gnu.gdb.power.core} with
 * {@code r0}..{@code xer}): registers the layout does not hold are declared with {@link Builder#unheld} and
 * served as unavailable. {@link #registers()} gives the remote-protocol numbering (document order).
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class GdbTargetDescription {
    /** One register entry. */
    private record Reg(String name, int bits, String type, String group, boolean held) {
    }

    /**
     * A register as the remote protocol numbers it: its number is its position in the description (the
     * {@code g} packet carries the registers in this order, each {@code bitsize / 8} bytes in target byte order).
     *
     * @param regnum  the remote register number (0-based, in document order)
     * @param name    the GDB name
     * @param bitsize the width GDB uses (may exceed the layout's, e.g. {@code fctrl}: 32 in GDB, 16 in fpctx;
     *                values are zero-extended)
     * @param feature the feature it belongs to
     * @param held    whether the layout holds it; the others are declared for GDB and always unavailable
     */
    public record GdbRegister(int regnum, String name, int bitsize, String feature, boolean held) {
    }

    private final String architecture;
    private final String osabi;
    private final Map<String, List<Reg>> features;
    private final Map<String, List<String>> typeXml;
    private final Map<String, FieldLayout> flags;
    private final RegisterLayout layout;
    private final String programCounter;
    private final ByteOrder byteOrder;
    private final List<GdbRegister> registers;

    private GdbTargetDescription(Builder b) {
        this.architecture = b.architecture;
        this.osabi = b.osabi;
        Map<String, List<Reg>> f = new LinkedHashMap<>();
        b.features.forEach((k, v) -> f.put(k, List.copyOf(v)));
        this.features = java.util.Collections.unmodifiableMap(f);
        Map<String, List<String>> t = new LinkedHashMap<>();
        b.typeXml.forEach((k, v) -> t.put(k, List.copyOf(v)));
        this.typeXml = java.util.Collections.unmodifiableMap(t);
        this.flags = Map.copyOf(b.flags);
        this.layout = b.layout;
        this.programCounter = b.programCounter;
        this.byteOrder = b.byteOrder;
        List<GdbRegister> regs = new ArrayList<>();
        for (Map.Entry<String, List<Reg>> e : features.entrySet()) {
            for (Reg r : e.getValue()) {
                regs.add(new GdbRegister(regs.size(), r.name(), r.bits(), e.getKey(), r.held()));
            }
        }
        this.registers = List.copyOf(regs);
    }

    /** @return the layout the held registers come from */
    public RegisterLayout layout() {
        return layout;
    }

    /** @return the {@code <architecture>} value, if set */
    public Optional<String> architecture() {
        return Optional.ofNullable(architecture);
    }

    /** @return every register in remote-protocol order */
    public List<GdbRegister> registers() {
        return registers;
    }

    /** @return the names of the features, in document order */
    public List<String> features() {
        return List.copyOf(features.keySet());
    }

    /**
     * The register a server fills with its position (GDB cannot stop a thread without a program counter); see
     * {@link GdbServer}.
     *
     * @return its name, if declared
     */
    public Optional<String> programCounter() {
        return Optional.ofNullable(programCounter);
    }

    /** @return the byte order a server uses by default for this target's register values */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /**
     * This description with another default byte order (for bi-endian targets such as ppc64).
     *
     * @param order the byte order; non-null
     * @return the description
     */
    public GdbTargetDescription withByteOrder(ByteOrder order) {
        Objects.requireNonNull(order, "byte order");
        GdbTargetDescription d = this;
        if (order == byteOrder) {
            return d;
        }
        Builder b = new Builder(layout);
        b.architecture = architecture;
        b.osabi = osabi;
        features.forEach((k, v) -> b.features.put(k, new ArrayList<>(v)));
        typeXml.forEach((k, v) -> b.typeXml.put(k, new ArrayList<>(v)));
        b.flags.putAll(flags);
        b.programCounter = programCounter;
        b.byteOrder = order;
        return new GdbTargetDescription(b);
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
        if (osabi != null) {
            sb.append("  <osabi>").append(esc(osabi)).append("</osabi>\n");
        }
        for (Map.Entry<String, List<Reg>> f : features.entrySet()) {
            sb.append("  <feature name=\"").append(esc(f.getKey())).append("\">\n");
            for (String line : typeXml.getOrDefault(f.getKey(), List.of())) {
                sb.append("    ").append(line).append('\n');
            }
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
        private String osabi;
        private String programCounter;
        private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
        private final Map<String, List<Reg>> features = new LinkedHashMap<>();
        private final Map<String, List<String>> typeXml = new LinkedHashMap<>();
        private final Map<String, FieldLayout> flags = new LinkedHashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        private List<Reg> current;
        private String currentFeature;

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
            currentFeature = name;
            features.put(name, current);
            return this;
        }

        /**
         * Sets the {@code <osabi>} element.
         *
         * @param name GDB's OS ABI name, e.g. {@code GNU/Linux}
         * @return this builder
         */
        public Builder osabi(String name) {
            this.osabi = Checks.name(name, "OS ABI name");
            return this;
        }

        /**
         * Sets the byte order a server uses by default for the register values (default little-endian). The XML
         * carries none: GDB takes it from the executable or {@code set endian}.
         *
         * @param order the byte order
         * @return this builder
         */
        public Builder byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "byte order");
            return this;
        }

        /**
         * Adds type definitions ({@code <vector>}, {@code <union>}, ...) to the current feature, written before
         * its registers as given.
         *
         * @param xml one or more complete elements
         * @return this builder
         */
        public Builder types(String xml) {
            Objects.requireNonNull(xml, "xml");
            if (current == null) {
                throw new IllegalStateException("Declare a feature before its types");
            }
            typeXml.computeIfAbsent(currentFeature, k -> new ArrayList<>()).addAll(xml.strip().lines().map(String::strip).toList());
            return this;
        }

        /**
         * Adds a register with a GDB width wider than the layout's (GDB's x87 control registers are 32 bits;
         * fpctx keeps them at 16): served zero-extended.
         *
         * @param name    a name the layout knows
         * @param bitsize GDB's width, at least the layout's
         * @param type    a GDB type id, or null for {@link #defaultType(int)} of {@code bitsize}
         * @param group   the register group, or null
         * @return this builder
         */
        public Builder register(String name, int bitsize, String type, String group) {
            if (current == null) {
                throw new IllegalStateException("Declare a feature before register '" + name + "'");
            }
            Register r = layout.register(name);
            if (bitsize < r.width() || bitsize % 8 != 0) {
                throw new IllegalArgumentException("Invalid bitsize for register " + name + " (a multiple of 8, at least its "
                        + r.width() + " bits): " + bitsize);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("Register '" + name + "' is already described");
            }
            current.add(new Reg(name, bitsize, type == null ? defaultType(bitsize) : type, group, true));
            return this;
        }

        /**
         * Declares a register the layout does not hold (e.g. the general registers GDB requires in an
         * architecture's core feature); a server reports it as unavailable.
         *
         * @param name    the GDB name; not a name of the layout, not used before
         * @param bitsize its width, a positive multiple of 8
         * @param type    a GDB type id, or null for {@link #defaultType(int)}
         * @param group   the register group, or null
         * @return this builder
         */
        public Builder unheld(String name, int bitsize, String type, String group) {
            Checks.name(name, "Register name");
            if (current == null) {
                throw new IllegalStateException("Declare a feature before register '" + name + "'");
            }
            if (layout.has(name)) {
                throw new IllegalArgumentException("Register '" + name + "' is held by layout " + layout.name()
                        + "; use register(...) for it");
            }
            if (bitsize <= 0 || bitsize % 8 != 0) {
                throw new IllegalArgumentException("Invalid bitsize for register " + name + " (a positive multiple of 8): " + bitsize);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("Register '" + name + "' is already described");
            }
            current.add(new Reg(name, bitsize, type == null ? defaultType(bitsize) : type, group, false));
            return this;
        }

        /**
         * Names the unheld register a server fills with its position in a trace (GDB needs a program counter to
         * stop a thread).
         *
         * @param name a register declared with {@link #unheld}
         * @return this builder
         */
        public Builder programCounter(String name) {
            this.programCounter = Checks.name(name, "Register name");
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
            current.add(new Reg(name, r.width(), type == null ? defaultType(r.width()) : type, group, true));
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

        /**
         * Builds the description.
         *
         * @return the description
         * @throws IllegalStateException if the program counter is not an unheld register of the description
         */
        public GdbTargetDescription build() {
            if (programCounter != null && features.values().stream().flatMap(List::stream)
                    .noneMatch(r -> r.name().equals(programCounter) && !r.held())) {
                throw new IllegalStateException("Program counter '" + programCounter
                        + "' is not declared as an unheld register; declare it with unheld(...)");
            }
            return new GdbTargetDescription(this);
        }
    }
}

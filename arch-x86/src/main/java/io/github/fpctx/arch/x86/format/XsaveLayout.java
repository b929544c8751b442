package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.util.Checks;

import java.util.Objects;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the extended components of a standard-format (non-compacted) XSAVE image sit: the CPU's
 * CPUID.(EAX=0Dh, ECX=i) EAX (size) and EBX (offset) for each component i &ge; 2.
 *
 * <p>These offsets are <em>not</em> architectural constants: AMD CPUs without MPX pack AVX-512 and PKRU 256 bytes
 * lower than Intel's. Take them, in this order of preference, from the core's {@code NT_X86_XSAVE_LAYOUT} note
 * ({@link #fromNote}), from the CPUID leaf 0xD of the machine that wrote the image ({@link #of}), or from a
 * guess by XCR0 and image size as GDB's {@code i387_guess_xsave_layout} makes ({@link #guess}).
 *
 * <pre>{@code
 * XsaveLayout amd = XsaveLayout.of(List.of(                  // CPUID 0xD of an AMD Zen 4 (from cpuid -l 0xd)
 *         new XsaveLayout.Component(2, 256, 576), new XsaveLayout.Component(5, 64, 832),
 *         new XsaveLayout.Component(6, 512, 896), new XsaveLayout.Component(7, 1024, 1408)));
 * amd.size(0xe7);                                             // 2432
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class XsaveLayout {
    /** Size of the legacy region plus the XSAVE header: where extended components may start. */
    public static final int EXTENDED_START = 576;

    /** Architectural sizes of the components fpctx decodes ({@code xstate_sizes} / CPUID EAX). */
    private static final Map<Integer, Integer> SIZES = Map.of(2, 256, 5, 64, 6, 512, 7, 1024, 9, 8, 17, 64, 18, 8192);

    /** Intel's standard-format offsets (Skylake-SP and later; MPX included; AMX per Sapphire Rapids). */
    public static final XsaveLayout INTEL = of(List.of(
            new Component(2, 256, 576), new Component(3, 64, 960), new Component(4, 64, 1024),
            new Component(5, 64, 1088), new Component(6, 512, 1152), new Component(7, 1024, 1664),
            new Component(9, 8, 2688), new Component(17, 64, 2752), new Component(18, 8192, 2816)));

    /** AMD Zen 4's standard-format offsets (no MPX; observed via CPUID and the kernel's layout note). */
    public static final XsaveLayout AMD_ZEN4 = of(List.of(
            new Component(2, 256, 576), new Component(5, 64, 832), new Component(6, 512, 896),
            new Component(7, 1024, 1408), new Component(9, 8, 2432)));

    /** Only AVX at 576: the same on every CPU, enough for images with XCR0 &sube; 0x7. */
    static final XsaveLayout AVX_ONLY = of(List.of(new Component(2, 256, 576)));

    /**
     * One extended component: the fields of {@code struct x86_xfeat_component} minus flags, or CPUID.(0Dh, i).
     *
     * @param feature the component number ({@code enum xfeature}), 2 to 63
     * @param size    its size in bytes (CPUID EAX), at least 1
     * @param offset  its standard-format offset (CPUID EBX), at least {@value #EXTENDED_START}
     */
    public record Component(int feature, int size, int offset) {
        /**
         * Validates the ranges.
         *
         * @param feature 2 to 63
         * @param size    1 to 2^24
         * @param offset  576 to 2^24
         */
        public Component {
            Checks.range("XSAVE component number", feature, 2, 63);
            Checks.range("size of XSAVE component " + feature, size, 1, 1 << 24);
            Checks.range("offset of XSAVE component " + feature, offset, EXTENDED_START, 1 << 24);
        }

        /** @return the first byte after the component */
        public int end() {
            return offset + size;
        }
    }

    private final Map<Integer, Component> components;

    private XsaveLayout(Map<Integer, Component> components) {
        this.components = components;
    }

    /**
     * A layout from a component table, e.g. CPUID leaf 0xD.
     *
     * @param components one per component; no feature twice, no two overlapping, the components fpctx decodes
     *                   (2, 5, 6, 7, 9, 17, 18) with their architectural sizes
     * @return the layout
     * @throws IllegalArgumentException naming the offending component
     */
    public static XsaveLayout of(List<Component> components) {
        Objects.requireNonNull(components, "components");
        Map<Integer, Component> m = new TreeMap<>();
        for (Component c : components) {
            Objects.requireNonNull(c, "component");
            String problem = problem(m, c);
            if (problem != null) {
                throw new IllegalArgumentException("XSAVE component " + c.feature() + " (offset " + c.offset()
                        + ", size " + c.size() + ") " + problem);
            }
            m.put(c.feature(), c);
        }
        return new XsaveLayout(Map.copyOf(m));
    }

    private static String problem(Map<Integer, Component> m, Component c) {
        if (m.containsKey(c.feature())) {
            return "is listed twice; expected one entry per component";
        }
        Integer arch = SIZES.get(c.feature());
        if (arch != null && arch != c.size()) {
            return "has the wrong size; expected " + arch + " bytes";
        }
        for (Component o : m.values()) {
            if (c.offset() < o.end() && o.offset() < c.end()) {
                return "overlaps component " + o.feature() + " (bytes " + o.offset() + ".." + (o.end() - 1)
                        + "); expected disjoint components";
            }
        }
        return null;
    }

    /**
     * Reads an {@code NT_X86_XSAVE_LAYOUT} note: {@code struct x86_xfeat_component { u32 type, size, offset,
     * flags; }} per component ({@code arch/x86/include/uapi/asm/elf.h}); flags are ignored.
     *
     * @param note the note
     * @return the layout
     * @throws MalformedStateException naming the entry's offset for a size that is not a multiple of 16, a
     *                                 component number out of range, a wrong size, an entry that overlaps the
     *                                 legacy area, the header or another entry
     */
    public static XsaveLayout fromNote(ElfNote note) {
        Objects.requireNonNull(note, "note");
        String what = note.typeName();
        byte[] b = note.toBytes();
        if (b.length == 0 || b.length % 16 != 0) {
            throw new MalformedStateException(what, note.descOffset(), "note is " + b.length
                    + " bytes; expected a non-zero multiple of 16 (struct x86_xfeat_component entries)");
        }
        Map<Integer, Component> m = new TreeMap<>();
        for (int i = 0; i < b.length; i += 16) {
            long feature = Le.get(b, i, 4);
            long size = Le.get(b, i + 4, 4);
            long offset = Le.get(b, i + 8, 4);
            long at = note.descOffset() + i;
            String entry = "entry " + (i / 16) + " {type " + feature + ", size " + size + ", offset " + offset + "}";
            if (feature < 2 || feature > 63) {
                throw new MalformedStateException(what, at, entry + " names component " + feature
                        + "; expected an extended component 2 - 63");
            }
            if (size < 1 || size > (1 << 24) || offset < EXTENDED_START || offset > (1 << 24)) {
                throw new MalformedStateException(what, at, entry + " is outside the image; expected size 1 - 16777216 at offset "
                        + EXTENDED_START + " (after the legacy area and XSAVE header) - 16777216");
            }
            Component c = new Component((int) feature, (int) size, (int) offset);
            String problem = problem(m, c);
            if (problem != null) {
                throw new MalformedStateException(what, at, entry + " " + problem);
            }
            m.put(c.feature(), c);
        }
        return new XsaveLayout(Map.copyOf(m));
    }

    /**
     * Guesses the layout of an image that came without one, as GDB's {@code i387_guess_xsave_layout} does, plus
     * AMD Zen 4 without PKRU (2432 bytes), which GDB 13 does not know.
     *
     * @param xcr0 the enabled features (the XCR0 word at offset 464, or XSTATE_BV if that is zero)
     * @param size the image size
     * @return the layout, if (xcr0, size) matches a known CPU
     */
    public static Optional<XsaveLayout> guess(long xcr0, int size) {
        if ((xcr0 & ~0x7L) == 0) {
            return Optional.of(AVX_ONLY);
        }
        for (XsaveLayout l : List.of(INTEL, AMD_ZEN4)) {
            if (l.covers(xcr0) && l.size(xcr0) == size) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes this layout as an {@code NT_X86_XSAVE_LAYOUT} note, as Linux 6.x does for the user features.
     *
     * @param xcr0 the enabled features; one entry per extended feature set in it that this layout places
     * @return the note (owner {@code LINUX}), entries in feature order, flags 0
     */
    public ElfNote toNote(long xcr0) {
        List<Component> cs = new ArrayList<>();
        for (Component c : components.values()) {
            if ((xcr0 & (1L << c.feature())) != 0) {
                cs.add(c);
            }
        }
        cs.sort(Comparator.comparingInt(Component::feature));
        byte[] b = new byte[16 * cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            Le.put(b, 16 * i, cs.get(i).feature(), 4);
            Le.put(b, 16 * i + 4, cs.get(i).size(), 4);
            Le.put(b, 16 * i + 8, cs.get(i).offset(), 4);
        }
        return ElfNote.of("LINUX", Elf.NT_X86_XSAVE_LAYOUT, b);
    }

    /**
     * The component's place.
     *
     * @param feature the component number
     * @return its entry, if this layout places it
     */
    public Optional<Component> component(int feature) {
        return Optional.ofNullable(components.get(feature));
    }

    /** @return the components, in feature order */
    public List<Component> components() {
        return List.copyOf(new TreeMap<>(components).values());
    }

    /**
     * Whether every extended feature of a mask has a place here.
     *
     * @param xcr0 a feature mask
     * @return whether all its bits from 2 up are placed
     */
    public boolean covers(long xcr0) {
        for (int f = 2; f < 64; f++) {
            if ((xcr0 & (1L << f)) != 0 && !components.containsKey(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The standard-format image size for a feature mask: CPUID.(0Dh,0).EBX when XCR0 = {@code xcr0}.
     *
     * @param xcr0 the enabled features
     * @return the end of the last enabled component, at least {@value #EXTENDED_START}
     */
    public int size(long xcr0) {
        int size = EXTENDED_START;
        for (Component c : components.values()) {
            if ((xcr0 & (1L << c.feature())) != 0) {
                size = Math.max(size, c.end());
            }
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XsaveLayout l && l.components.equals(components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return "XsaveLayout" + components();
    }
}

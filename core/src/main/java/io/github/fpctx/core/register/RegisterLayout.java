package io.github.fpctx.core.register;

import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a register file: named backing registers with their widths, and alias views declared as a
 * bit range of a backing register.
 *
 * <pre>{@code
 * RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
 * for (int i = 0; i < 64; i++) b.register("vs" + i, 128);
 * for (int i = 0; i < 32; i++) b.view("fr" + i, "vs" + i, 64, 64);   // doubleword 0 = bits 64..127
 * for (int i = 0; i < 32; i++) b.view("vr" + i, "vs" + (32 + i), 0, 128);
 * RegisterLayout layout = b.build();
 * }</pre>
 *
 * <p>Bit ranges are LSB-0. A view of a view is declared against the backing register. Alias names (e.g.
 * GDB's {@code f0} for {@code fr0}) resolve to the same {@link Register}.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class RegisterLayout {
    private final String name;
    private final List<Register> registers;
    private final List<Register> views;
    private final Map<String, Register> byName;
    private final List<String> canonicalNames;
    private final int[] wordOffset;
    private final int totalWords;
    private final RegisterFile zero;

    private RegisterLayout(Builder b) {
        this.name = b.name;
        List<Register> regs = new ArrayList<>();
        List<Register> all = new ArrayList<>();
        Map<String, Register> map = new LinkedHashMap<>();
        int[] offs = new int[b.backing.size()];
        int words = 0;
        for (int i = 0; i < b.backing.size(); i++) {
            Builder.Decl d = b.backing.get(i);
            offs[i] = words;
            Register r = new Register(d.name, d.width, d.name, i, 0, words * 64, d.effect, d.description);
            words += BitVector.wordsFor(d.width);
            regs.add(r);
        }
        for (Builder.Decl d : b.order) {
            Register r;
            if (d.backing == null) {
                r = regs.get(b.backingIndex.get(d.name));
            } else {
                int bi = b.backingIndex.get(d.backing);
                r = new Register(d.name, d.width, d.backing, bi, d.lsb, offs[bi] * 64 + d.lsb, d.effect, d.description);
            }
            all.add(r);
            map.put(d.name, r);
        }
        for (Map.Entry<String, String> a : b.aliases.entrySet()) {
            map.put(a.getKey(), map.get(a.getValue()));
        }
        for (Register r : all) {
            r.bindOwner(this);
        }
        this.registers = List.copyOf(regs);
        this.views = List.copyOf(all);
        this.byName = Collections.unmodifiableMap(map);
        List<String> names = new ArrayList<>();
        for (Register r : all) {
            names.add(r.name());
        }
        this.canonicalNames = List.copyOf(names);
        this.wordOffset = offs;
        this.totalWords = words;
        this.zero = RegisterFile.zeroOf(this);
    }

    /**
     * Starts a layout.
     *
     * @param name the layout's name, usually the architecture id (e.g. {@code ppc64}); non-blank
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name, "Layout name"));
    }

    /** @return the layout's name */
    public String name() {
        return name;
    }

    /** @return the backing registers, in declaration order */
    public List<Register> registers() {
        return registers;
    }

    /** @return every register and view (not the alias names), in declaration order */
    public List<Register> allRegisters() {
        return views;
    }

    /** @return every name this layout knows, aliases included */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Looks a register up by name (a backing register, a view or an alias).
     *
     * @param name the name
     * @return the register
     * @throws IllegalArgumentException naming the valid registers if there is none of that name
     */
    public Register register(String name) {
        Register r = name == null ? null : byName.get(name);
        if (r == null) {
            throw new IllegalArgumentException("Unknown register '" + name + "' in " + this.name + "; valid: "
                    + Checks.summarize(canonicalNames));
        }
        return r;
    }

    /**
     * Looks a register up without failing.
     *
     * @param name the name
     * @return the register, if the layout has one of that name
     */
    public Optional<Register> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /**
     * @param name a name
     * @return whether the layout knows it
     */
    public boolean has(String name) {
        return name != null && byName.containsKey(name);
    }

    /** @return a file of this layout with every register zero */
    public RegisterFile zeroFile() {
        return zero;
    }

    /** @return the storage size in 64-bit words */
    public int storageWords() {
        return totalWords;
    }

    /** @return the storage size in bytes */
    public int storageBytes() {
        return totalWords * 8;
    }

    int wordOffset(int backingIndex) {
        return wordOffset[backingIndex];
    }

    @Override
    public String toString() {
        return "RegisterLayout[" + name + ": " + Checks.summarize(canonicalNames) + "]";
    }

    /** Builds a {@link RegisterLayout}; not thread-safe. */
    public static final class Builder {
        private record Decl(String name, int width, String backing, int lsb, WriteEffect effect, String description) {
        }

        private final String name;
        private final List<Decl> backing = new ArrayList<>();
        private final Map<String, Integer> backingIndex = new LinkedHashMap<>();
        private final List<Decl> order = new ArrayList<>();
        private final Map<String, Decl> byName = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        private void checkNew(String n) {
            Checks.name(n, "Register name");
            if (byName.containsKey(n) || aliases.containsKey(n)) {
                throw new IllegalArgumentException("Register '" + n + "' is already declared in layout " + name);
            }
        }

        /**
         * Declares a backing register.
         *
         * @param register its name; unique in the layout
         * @param width    its width in bits, 1 to {@value BitVector#MAX_WIDTH}
         * @return this builder
         */
        public Builder register(String register, int width) {
            return register(register, width, null);
        }

        /**
         * Declares a backing register whose writes have a side effect.
         *
         * @param register its name; unique in the layout
         * @param width    its width in bits, 1 to {@value BitVector#MAX_WIDTH}
         * @param effect   the effect of a write, or null for none
         * @return this builder
         */
        public Builder register(String register, int width, WriteEffect effect) {
            checkNew(register);
            Checks.range("width of register " + register, width, 1, BitVector.MAX_WIDTH);
            Decl d = new Decl(register, width, null, 0, effect, width + "-bit register");
            backingIndex.put(register, backing.size());
            backing.add(d);
            order.add(d);
            byName.put(register, d);
            return this;
        }

        /**
         * Declares an alias view of a bit range of a backing register.
         *
         * @param view    the view's name; unique in the layout
         * @param backing the backing register's name, declared before
         * @param lsb     the LSB-0 number of the view's bit 0 in the backing register
         * @param width   the view's width; {@code lsb + width} at most the backing register's width
         * @return this builder
         */
        public Builder view(String view, String backing, int lsb, int width) {
            return view(view, backing, lsb, width, null);
        }

        /**
         * Declares an alias view whose writes have a side effect.
         *
         * @param view    the view's name; unique in the layout
         * @param backing the backing register's name, declared before
         * @param lsb     the LSB-0 number of the view's bit 0 in the backing register
         * @param width   the view's width; {@code lsb + width} at most the backing register's width
         * @param effect  the effect of a write through the view, or null for none
         * @return this builder
         */
        public Builder view(String view, String backing, int lsb, int width, WriteEffect effect) {
            checkNew(view);
            Integer bi = backing == null ? null : backingIndex.get(backing);
            if (bi == null) {
                throw new IllegalArgumentException("View '" + view + "' names unknown backing register '" + backing
                        + "' in layout " + name + "; valid: " + Checks.summarize(backingIndex.keySet()));
            }
            int bw = this.backing.get(bi).width;
            if (lsb < 0 || width < 1 || lsb > bw - width) {
                throw new IllegalArgumentException("View '" + view + "' covers bits " + lsb + ".." + (lsb + (long) width - 1)
                        + " but " + backing + " has bits 0 - " + (bw - 1));
            }
            String desc = (lsb == 0 && width == bw) ? "all of " + backing
                    : "bits " + lsb + ".." + (lsb + width - 1) + " of " + backing;
            Decl d = new Decl(view, width, backing, lsb, effect, desc);
            order.add(d);
            byName.put(view, d);
            return this;
        }

        /**
         * Declares another name for a register or view, e.g. GDB's {@code f0} for {@code fr0}.
         *
         * @param alias  the new name; unique in the layout
         * @param target an already declared register or view
         * @return this builder
         */
        public Builder alias(String alias, String target) {
            checkNew(alias);
            String t = aliases.getOrDefault(target, target);
            if (!byName.containsKey(t)) {
                throw new IllegalArgumentException("Alias '" + alias + "' names unknown register '" + target + "' in layout " + name);
            }
            aliases.put(alias, t);
            return this;
        }

        /**
         * Builds the layout.
         *
         * @return the layout
         * @throws IllegalStateException if no register was declared
         */
        public RegisterLayout build() {
            if (backing.isEmpty()) {
                throw new IllegalStateException("Layout " + name + " declares no registers");
            }
            return new RegisterLayout(this);
        }
    }
}

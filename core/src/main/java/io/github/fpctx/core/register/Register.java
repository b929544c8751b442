package io.github.fpctx.core.register;

import java.util.Optional;

/**
 * One named register of a {@link RegisterLayout}: either a backing register (its own storage) or an alias
 * view of a bit range of one ("fr0 is doubleword 0 of vs0", "v0 is vs32", "xmm0 is bits 0..127 of zmm0").
 *
 * <p>Handles are what hot paths use: look one up once with {@link RegisterLayout#register(String)} and pass
 * it to {@link RegisterFile#get(Register)} / {@link RegisterFile#with(Register, BitVector)}.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class Register {
    private final String name;
    private final int width;
    private final String backingName;
    private final int backingIndex;
    private final int lsb;
    private final int bitOffset; // absolute bit offset of this register's bit 0 in the file's storage
    private final WriteEffect effect;
    private final String description;
    // The layout that created this handle; set once by RegisterLayout's constructor (before the layout is
    // published through its final fields), so RegisterFile can check ownership by identity.
    private RegisterLayout owner;

    Register(String name, int width, String backingName, int backingIndex, int lsb, int bitOffset,
             WriteEffect effect, String description) {
        this.name = name;
        this.width = width;
        this.backingName = backingName;
        this.backingIndex = backingIndex;
        this.lsb = lsb;
        this.bitOffset = bitOffset;
        this.effect = effect;
        this.description = description;
    }

    /**
     * Checks that a value fits this register, with the message of {@link io.github.fpctx.core.util.Checks#width}.
     *
     * @param value a value to write
     * @return the value
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException {@code Register vs0 is 128 bits wide; got a 64-bit value} if its width differs
     */
    public BitVector check(BitVector value) {
        java.util.Objects.requireNonNull(value, "value");
        io.github.fpctx.core.util.Checks.width(name, width, value.width());
        return value;
    }

    /** @return the register's name, e.g. {@code fr0} */
    public String name() {
        return name;
    }

    /** @return its width in bits */
    public int width() {
        return width;
    }

    /** @return the name of the backing register (its own name for a backing register) */
    public String backing() {
        return backingName;
    }

    /** @return the position of the backing register in {@link RegisterLayout#registers()} */
    public int backingIndex() {
        return backingIndex;
    }

    /** @return the LSB-0 number of this view's bit 0 within its backing register (0 for a backing register) */
    public int lsb() {
        return lsb;
    }

    int bitOffset() {
        return bitOffset;
    }

    /** @return whether this is a backing register rather than an alias view */
    public boolean isBacking() {
        return name.equals(backingName);
    }

    /** @return the side effect of a write through this register, if the layout declares one */
    public Optional<WriteEffect> effect() {
        return Optional.ofNullable(effect);
    }

    WriteEffect effectOrNull() {
        return effect;
    }

    RegisterLayout owner() {
        return owner;
    }

    void bindOwner(RegisterLayout layout) {
        if (owner != null && owner != layout) {
            throw new IllegalStateException("Register " + name + " already belongs to layout " + owner.name());
        }
        owner = layout;
    }

    /** @return a one-line description, e.g. {@code "doubleword 0 of vs0"} */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + " (" + width + " bits, " + description + ")";
    }
}

package io.github.fpctx.core.spi;

import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.Objects;
import java.util.Optional;

/**
 * How a plugin's state codecs find the registers of an architecture's naming contract in a layout (any layout that
 * follows the contract works, not only the plugin's own): a name present with the wrong width is refused with one
 * message, {@code Register xmm0 of layout mine is 64 bits wide; the x86-64 state codecs expect 128}; an absent name
 * is the caller's to judge (a required register, or an optional feature).
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class LayoutContract {
    private final RegisterLayout layout;
    private final String user;

    private LayoutContract(RegisterLayout layout, String user) {
        this.layout = layout;
        this.user = user;
    }

    /**
     * A contract reader.
     *
     * @param layout a layout
     * @param user   who reads it, for messages, e.g. {@code the x86-64 state codecs}
     * @return the reader
     */
    public static LayoutContract of(RegisterLayout layout, String user) {
        return new LayoutContract(Objects.requireNonNull(layout, "layout"), Objects.requireNonNull(user, "user"));
    }

    /** @return the layout read */
    public RegisterLayout layout() {
        return layout;
    }

    /**
     * A register of the contract, if the layout has it.
     *
     * @param name  its contract name
     * @param width its contract width
     * @return the register, or empty if the layout lacks the name
     * @throws IllegalArgumentException if the layout has the name with another width
     */
    public Optional<Register> find(String name, int width) {
        Optional<Register> r = layout.find(name);
        if (r.isPresent() && r.get().width() != width) {
            throw new IllegalArgumentException("Register " + name + " of layout " + layout.name() + " is "
                    + r.get().width() + " bits wide; " + user + " expect " + width);
        }
        return r;
    }

    /**
     * A numbered group of the contract ({@code xmm0}-{@code xmm15}), if the layout has all of it.
     *
     * @param pattern the names' {@link String#format} pattern, e.g. {@code xmm%d}
     * @param first   the first number
     * @param count   how many
     * @param width   their contract width
     * @return the registers in order, or empty if one is missing
     * @throws IllegalArgumentException if one is present with another width
     */
    public Optional<Register[]> group(String pattern, int first, int count, int width) {
        Register[] out = new Register[count];
        for (int i = 0; i < count; i++) {
            Optional<Register> r = find(String.format(pattern, first + i), width);
            if (r.isEmpty()) {
                return Optional.empty();
            }
            out[i] = r.get();
        }
        return Optional.of(out);
    }
}

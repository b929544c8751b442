package io.github.fpctx.core.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The argument checks every fpctx module (and every plugin) uses, so that each error message has one form: the
 * subject, the rejected value and what is allowed — {@code Invalid value for MSR.FE_MODE (valid values 0 - 3): 5}.
 * A register's width is checked by {@link io.github.fpctx.core.register.Register#check}.
 *
 * <p>Null policy (see {@code io.github.fpctx.core.util}'s package documentation): a {@code null} argument is refused
 * with {@link java.util.Objects#requireNonNull(Object, String)} naming the parameter, i.e. a
 * {@link NullPointerException}, as java.time does; every other bad value gets an {@link IllegalArgumentException}
 * (or {@link IllegalStateException} for an impossible state) from these helpers.
 *
 * @implSpec This class is stateless and thread-safe.
 */
public final class Checks {
    private static final Pattern NUMBERED = Pattern.compile("^(.*?)(\\d+)$");

    private Checks() {
    }

    /**
     * Checks an integer range in the java.time form {@code Invalid value for X (valid values 0 - 3): 5}.
     *
     * @param subject what the value is
     * @param value   the value
     * @param min     the smallest allowed value
     * @param max     the largest allowed value
     * @return the value
     */
    public static long range(String subject, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Invalid value for " + subject + " (valid values " + min + " - " + max + "): " + value);
        }
        return value;
    }

    /**
     * Checks a value's width against a register's, in the one form every module uses:
     * {@code Register vs0 is 128 bits wide; got a 64-bit value}. {@link io.github.fpctx.core.register.Register#check}
     * uses it; call it directly for registers that are views or positions rather than layout registers
     * ({@code mm3}, an x87 {@code st} slot).
     *
     * @param register   the register's name
     * @param width      its width in bits
     * @param valueWidth the value's width in bits
     * @throws IllegalArgumentException if the widths differ
     */
    public static void width(String register, int width, int valueWidth) {
        if (valueWidth != width) {
            throw new IllegalArgumentException("Register " + register + " is " + width + " bits wide; got a " + valueWidth + "-bit value");
        }
    }

    /**
     * Rejects a blank name.
     *
     * @param name the name
     * @param what what it names
     * @return the name
     */
    public static String name(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank name; got " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /**
     * Summarises a list of names, folding runs of numbered names into ranges:
     * {@code [fr0, fr1, ..., fr31, fpscr]} becomes {@code fr0-fr31, fpscr}.
     *
     * @param names names in their declaration order
     * @return a comma-separated summary
     */
    public static String summarize(Collection<String> names) {
        List<String> out = new ArrayList<>();
        String prefix = null;
        long first = -1;
        long last = -1;
        String firstName = null;
        String lastName = null;
        for (String n : names) {
            Matcher m = NUMBERED.matcher(n);
            if (m.matches() && m.group(2).length() < 10) {
                long num = Long.parseLong(m.group(2));
                if (Objects.equals(prefix, m.group(1)) && num == last + 1) {
                    last = num;
                    lastName = n;
                    continue;
                }
                flush(out, firstName, lastName, first, last);
                prefix = m.group(1);
                first = num;
                last = num;
                firstName = n;
                lastName = n;
            } else {
                flush(out, firstName, lastName, first, last);
                prefix = null;
                firstName = null;
                out.add(n);
            }
        }
        flush(out, firstName, lastName, first, last);
        return String.join(", ", out);
    }

    private static void flush(List<String> out, String firstName, String lastName, long first, long last) {
        if (firstName == null) {
            return;
        }
        out.add(first == last ? firstName : firstName + "-" + lastName);
    }
}

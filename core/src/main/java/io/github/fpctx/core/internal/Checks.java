package io.github.fpctx.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checking helpers shared by the core, so that every error message has the same form: the subject, the
 * rejected value and what is allowed (see STYLE.md, "Errors").
 *
 * <p>Internal: not exported from the module.
 */
public final class Checks {
    private static final Pattern NUMBERED = Pattern.compile("^(.*?)(\\d+)$");

    private Checks() {
    }

    /**
     * Rejects {@code null} with an {@link IllegalArgumentException} naming the parameter.
     *
     * @param value the value
     * @param what  the parameter's name, used in the message
     * @param <T>   its type
     * @return the value
     */
    public static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
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

package io.github.fpctx.arch.x86.format;

/** Argument checks with the project's message forms (core's helper is internal to core). */
final class Args {
    private Args() {
    }

    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    static long range(String subject, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Invalid value for " + subject + " (valid values " + min + " - " + max + "): " + value);
        }
        return value;
    }
}

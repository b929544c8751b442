package io.github.fpctx.core;

/**
 * Two providers claim the same architecture id or alias; the message names both provider classes and where
 * they were loaded from.
 */
public final class DuplicateArchitectureException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param id     the contested id or alias
     * @param first  the first provider's class
     * @param second the second provider's class
     */
    public DuplicateArchitectureException(String id, Class<?> first, Class<?> second) {
        super("Architecture id '" + id + "' is provided twice: by " + describe(first) + " and by " + describe(second));
    }

    private static String describe(Class<?> c) {
        var src = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        return c.getName() + " (" + (src == null || src.getLocation() == null ? "unknown location" : src.getLocation()) + ")";
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.Architectures;

/**
 * The architectures the testkit finds on the class or module path, loaded once on first use (the registry is
 * immutable, so sharing it is safe).
 */
public final class Registry {
    private Registry() {
    }

    private static final class Holder {
        static final Architectures INSTANCE = Architectures.load();
    }

    /** @return the registry of the architectures found through {@link java.util.ServiceLoader} */
    public static Architectures architectures() {
        return Holder.INSTANCE;
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.Architectures;

/**
 * The architectures the testkit finds on the class or module path, loaded on first use and then shared (the
 * registry is immutable). A failed load is not remembered, so every caller sees the loader's own exception.
 */
public final class Registry {
    private static volatile Architectures instance;

    private Registry() {
    }

    /**
     * @return the registry of the architectures found through {@link java.util.ServiceLoader}
     * @throws io.github.fpctx.core.ArchitectureLoadException       if providers were found but none loaded
     * @throws io.github.fpctx.core.DuplicateArchitectureException if two providers claim one id
     */
    public static Architectures architectures() {
        Architectures a = instance;
        if (a == null) {
            synchronized (Registry.class) {
                a = instance;
                if (a == null) {
                    a = Architectures.load();
                    instance = a;
                }
            }
        }
        return a;
    }
}

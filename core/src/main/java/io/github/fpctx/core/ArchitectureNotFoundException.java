package io.github.fpctx.core;

import java.util.Collection;
import java.util.TreeSet;

/**
 * No architecture of the requested id or alias was found on the class or module path.
 * Message: {@code No architecture 'arm64'; available: [ppc32, ppc64, x86_64]. Add its jar to the class or module path.}
 */
public final class ArchitectureNotFoundException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param id        the id asked for
     * @param available the ids found
     */
    public ArchitectureNotFoundException(String id, Collection<String> available) {
        super("No architecture '" + id + "'; available: " + new TreeSet<>(available)
                + ". Add its jar to the class or module path.");
    }
}

package io.github.fpctx.core;

import java.util.List;

/**
 * Architecture discovery found no usable provider because every one it found failed; the message lists each
 * failing provider and why, and the failures are attached as suppressed exceptions.
 */
public final class ArchitectureLoadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param failures one line per failing provider
     * @param causes   the exceptions, attached as suppressed
     */
    public ArchitectureLoadException(List<String> failures, List<Throwable> causes) {
        super("No usable architecture provider; " + failures.size() + " failed: " + String.join("; ", failures));
        causes.forEach(this::addSuppressed);
    }
}

package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

/**
 * A named kernel lock, e.g. {@code sighand->siglock} (a {@code spinlock_t}).
 *
 * @param name the lock's name as the kernel source writes it
 * @param kind its kind
 * @implSpec This class is immutable and thread-safe.
 */
public record Lock(String name, LockKind kind) {
    /**
     * Validates the parts.
     *
     * @param name the lock's name
     * @param kind its kind
     */
    public Lock {
        Checks.name(name, "Lock name");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return name + " (" + kind + ")";
    }
}

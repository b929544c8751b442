package io.github.fpctx.core.register;

/**
 * One register that differs between two {@link RegisterFile}s.
 *
 * @param register the backing register's name
 * @param before   its value in the file {@code diff} was called on
 * @param after    its value in the other file
 * @implSpec This class is immutable and thread-safe.
 */
public record RegisterDiff(String register, BitVector before, BitVector after) {
    @Override
    public String toString() {
        return register + ": " + before + " -> " + after;
    }
}

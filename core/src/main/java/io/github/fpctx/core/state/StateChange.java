package io.github.fpctx.core.state;

/**
 * One thing that differs between two machine states, as text: {@code cpu0.live.vs0},
 * {@code task mariadbd.ext.msr}, {@code cpu1.ext.owner}.
 *
 * @param path   where the change is
 * @param before the rendering before
 * @param after  the rendering after
 * @implSpec This class is immutable and thread-safe.
 */
public record StateChange(String path, String before, String after) {
    @Override
    public String toString() {
        return path + ": " + before + " -> " + after;
    }
}

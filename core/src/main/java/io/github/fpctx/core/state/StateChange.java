package io.github.fpctx.core.state;

import java.util.Objects;

/**
 * One thing that differs between two machine states, as text: {@code cpu0.live.vs0},
 * {@code task mariadbd.ext.msr}, {@code cpu1.ext.owner}; in a traced step also where the new value came from and
 * when, among the step's changes, it was made.
 *
 * @param path   where the change is: {@code cpuN.live.<register>}, {@code task T.saved.<register>},
 *               {@code task T.oracle.<register>}, {@code task T} for a task created or gone, or a component path
 *               such as {@code task T.ext.msr}
 * @param before the rendering before
 * @param after  the rendering after
 * @param source where the new value came from, as the kernel path said
 *               ({@link io.github.fpctx.core.KernelContext#update(MachineState, Source)});
 *               {@link Source#UNATTRIBUTED} if it did not, and for every change {@link MachineState#diff} lists
 * @param order  the change's position among all changes of its step, 0-based, in execution order (0 for a change
 *               {@link MachineState#diff} lists)
 * @implSpec This class is immutable and thread-safe.
 */
public record StateChange(String path, String before, String after, Source source, int order) {
    /**
     * Checks the parts.
     *
     * @param path   path
     * @param before before
     * @param after  after
     * @param source source
     * @param order  order
     */
    public StateChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A change without a source (what {@link MachineState#diff} lists).
     *
     * @param path   where the change is
     * @param before the rendering before
     * @param after  the rendering after
     */
    public StateChange(String path, String before, String after) {
        this(path, before, after, Source.UNATTRIBUTED, 0);
    }

    /**
     * The same change with a source and a position in its step.
     *
     * @param s the source
     * @param n the position
     * @return the change
     */
    public StateChange attributed(Source s, int n) {
        return new StateChange(path, before, after, s, n);
    }

    /**
     * Whether the change is one register of a CPU's live registers, a task's save area or its oracle, or a task
     * created (whose registers are copied): the changes every kernel path must say the source of.
     *
     * @return whether it is a register write
     */
    public boolean isRegisterWrite() {
        if (path.startsWith("cpu")) {
            int dot = path.indexOf('.');
            return dot > 0 && path.startsWith(".live.", dot);
        }
        if (path.startsWith("task ")) {
            return after.startsWith("created") || path.contains(".saved.") || path.contains(".oracle.");
        }
        return false;
    }

    /** @return {@code path: before -> after}, then {@code   <- source} if a kernel path named it */
    @Override
    public String toString() {
        String s = path + ": " + before + " -> " + after;
        return source.isAttributed() ? s + "   <- " + source.describe() : s;
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.state.StateChange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One kernel function's changes and callees in the order they happened, for the text and HTML timelines. A
 * {@link CallNode} keeps a function's own changes apart from its callees; a function that calls a helper and then
 * writes (PowerPC's {@code giveup_fpu} after {@code save_fpu}, x86's {@code fpu_clone} after
 * {@code fpu_inherit_perms}) must not print its write before the helper's. Each change carries its position in the
 * step ({@link StateChange#order()}), which is what this sorts by.
 */
public final class Chronology {
    /** A part of a function's rendering: a run of its own changes, or one callee's subtree. */
    public sealed interface Part {
    }

    /**
     * Consecutive changes the function made itself.
     *
     * @param changes     the changes, in order
     * @param afterCallee whether a callee ran before them (the renderer names the function again)
     */
    public record Own(List<StateChange> changes, boolean afterCallee) implements Part {
        /**
         * Copies the list.
         *
         * @param changes     changes
         * @param afterCallee after a callee
         */
        public Own {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A callee, rendered in full at this point.
     *
     * @param node the callee
     */
    public record Callee(CallNode node) implements Part {
    }

    private Chronology() {
    }

    /**
     * The function's own changes and its callees, merged in execution order. The first part is always an
     * {@link Own} (possibly empty), so the function's line and notes come before its callees'.
     *
     * @param node a function of a step's call tree
     * @return the parts, in order
     */
    public static List<Part> of(CallNode node) {
        Objects.requireNonNull(node, "node");
        List<StateChange> own = new ArrayList<>(node.changes());
        own.sort(Comparator.comparingInt(StateChange::order));
        List<CallNode> children = node.children();
        // a callee that changed nothing has no time of its own: it goes where the next callee that changed something
        // goes (kernel_fpu_begin: preempt_disable, then __save_init_fpu finding nothing to save, then the callee that
        // clears the owner); with no later change at all, it keeps its place before the remaining own changes
        int[] first = new int[children.size()];
        int min = Integer.MAX_VALUE;
        for (int i = children.size() - 1; i >= 0; i--) {
            min = Math.min(min, firstOrder(children.get(i)));
            first[i] = min;
        }
        List<Part> out = new ArrayList<>();
        int next = 0;
        boolean afterCallee = false;
        List<StateChange> run = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            while (first[i] != Integer.MAX_VALUE && next < own.size() && own.get(next).order() < first[i]) {
                run.add(own.get(next++));
            }
            if (!run.isEmpty() || out.isEmpty()) {
                out.add(new Own(run, afterCallee));
                run = new ArrayList<>();
            }
            out.add(new Callee(children.get(i)));
            afterCallee = true;
        }
        while (next < own.size()) {
            run.add(own.get(next++));
        }
        if (!run.isEmpty() || out.isEmpty()) {
            out.add(new Own(run, afterCallee));
        }
        return out;
    }

    /** The order of the first change in a subtree, or {@link Integer#MAX_VALUE} if it made none. */
    private static int firstOrder(CallNode n) {
        int min = Integer.MAX_VALUE;
        for (StateChange c : n.changes()) {
            min = Math.min(min, c.order());
        }
        for (CallNode c : n.children()) {
            min = Math.min(min, firstOrder(c));
        }
        return min;
    }
}

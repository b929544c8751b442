package io.github.fpctx.core;

import io.github.fpctx.core.state.StateChange;
import java.util.ArrayList;
import java.util.List;

/**
 * One kernel function in a step's call tree, with the state changes it made itself (not those of its
 * callees), each with the {@link io.github.fpctx.core.state.Source source} of the value it wrote, and its notes
 * ({@code "fr0 <- FPSCR image; MSR_FP stays set"}).
 *
 * @param function the kernel function's name, e.g. {@code save_fpu}
 * @param cpu      the CPU it ran on, or -1 for a step that is not tied to one
 * @param changes  the changes it made directly
 * @param notes    remarks the model attached
 * @param children the functions it called, in order
 * @implSpec This class is immutable and thread-safe.
 */
public record CallNode(String function, int cpu, List<StateChange> changes, List<String> notes, List<CallNode> children) {
    /**
     * Copies the lists.
     *
     * @param function name
     * @param cpu      CPU
     * @param changes  changes
     * @param notes    notes
     * @param children callees
     */
    public CallNode {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        children = List.copyOf(children);
    }

    /**
     * Whether this function or any callee is named so.
     *
     * @param name a kernel function name
     * @return whether the tree passes through it
     */
    public boolean passesThrough(String name) {
        if (function.equals(name)) {
            return true;
        }
        for (CallNode c : children) {
            if (c.passesThrough(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The call path from this node to the first node named so, depth first.
     *
     * @param name a kernel function name
     * @return the path, empty if the tree does not pass through it
     */
    public List<String> pathTo(String name) {
        List<String> out = new ArrayList<>();
        return find(name, out) ? out : List.of();
    }

    private boolean find(String name, List<String> out) {
        out.add(function);
        if (function.equals(name)) {
            return true;
        }
        for (CallNode c : children) {
            if (c.find(name, out)) {
                return true;
            }
        }
        out.remove(out.size() - 1);
        return false;
    }

    /** @return every root-to-leaf path, each as a list of function names */
    public List<List<String>> paths() {
        List<List<String>> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<String> prefix, List<List<String>> out) {
        prefix.add(function);
        if (children.isEmpty()) {
            out.add(List.copyOf(prefix));
        } else {
            for (CallNode c : children) {
                c.collect(prefix, out);
            }
        }
        prefix.remove(prefix.size() - 1);
    }

    /** @return all changes in the tree, in execution order ({@link StateChange#order()}) */
    public List<StateChange> allChanges() {
        List<StateChange> out = new ArrayList<>();
        addAll(out);
        out.sort(java.util.Comparator.comparingInt(StateChange::order));
        return out;
    }

    /**
     * The kernel function that made a change of this tree, with its call path.
     *
     * @param change one of this tree's changes (compared by identity)
     * @return the call path from this node (included) to the function that made it, empty if it is not in the tree
     */
    public List<String> pathToChange(StateChange change) {
        List<String> out = new ArrayList<>();
        return findChange(change, out) ? out : List.of();
    }

    private boolean findChange(StateChange change, List<String> out) {
        out.add(function);
        for (StateChange c : changes) {
            if (c == change) {
                return true;
            }
        }
        for (CallNode c : children) {
            if (c.findChange(change, out)) {
                return true;
            }
        }
        out.remove(out.size() - 1);
        return false;
    }

    private void addAll(List<StateChange> out) {
        for (CallNode c : children) {
            c.addAll(out);
        }
        out.addAll(changes);
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run: the initial state, every step with its call tree, and every violation found.
 *
 * @param initial    the state before the first step
 * @param steps      the steps, in order
 * @param violations the violations, in step order
 * @implSpec This class is immutable and thread-safe.
 */
public record Trace(MachineState initial, List<Step> steps, List<Violation> violations) {
    /**
     * Copies the lists.
     *
     * @param initial    initial state
     * @param steps      steps
     * @param violations violations
     */
    public Trace {
        steps = List.copyOf(steps);
        violations = List.copyOf(violations);
    }

    /** @return the state after the last step */
    public MachineState finalState() {
        return steps.isEmpty() ? initial : steps.get(steps.size() - 1).after();
    }

    /** @return every state: the initial one, then one per step */
    public List<MachineState> states() {
        List<MachineState> out = new ArrayList<>(steps.size() + 1);
        out.add(initial);
        steps.forEach(s -> out.add(s.after()));
        return out;
    }

    /** @return the step labels, in order */
    public List<String> labels() {
        return steps.stream().map(Step::label).toList();
    }

    /** @return whether no invariant was violated */
    public boolean isClean() {
        return violations.isEmpty();
    }

    /**
     * @param function a kernel function
     * @return whether any step passed through it
     */
    public boolean passesThrough(String function) {
        return steps.stream().anyMatch(s -> s.passesThrough(function));
    }

    /**
     * Renders the timeline: per step, its CPU and label, each call path with the model's notes, and what
     * changed; steps with a violation are marked {@code >}.
     *
     * @return the text
     */
    public String render() {
        Set<Integer> bad = new TreeSet<>();
        violations.forEach(v -> bad.add(v.step()));
        StringBuilder sb = new StringBuilder("Steps:\n");
        for (Step s : steps) {
            sb.append(bad.contains(s.index()) ? "  > " : "    ").append(s.index()).append(". ");
            if (s.cpu() >= 0) {
                sb.append("[cpu").append(s.cpu()).append("] ");
            }
            sb.append(s.label()).append('\n');
            renderNode(sb, s.calls(), new ArrayList<>(), true);
            for (KernelEvent e : s.events()) {
                if (e.isError()) {
                    e.message().lines().forEach(l -> sb.append("         | ").append(l).append('\n'));
                }
            }
        }
        for (Violation v : violations) {
            sb.append("  violation: ").append(v).append('\n');
        }
        return sb.toString();
    }

    private static void renderNode(StringBuilder sb, CallNode n, List<String> path, boolean root) {
        if (!root) {
            path.add(n.function());
        }
        if (!n.notes().isEmpty() || !n.changes().isEmpty() || (n.children().isEmpty() && !root)) {
            if (!path.isEmpty()) {
                sb.append("       ").append(String.join(" > ", path));
                if (!n.notes().isEmpty()) {
                    sb.append("   [").append(String.join("; ", n.notes())).append(']');
                }
                sb.append('\n');
            } else if (!n.notes().isEmpty()) {
                sb.append("       [").append(String.join("; ", n.notes())).append("]\n");
            } else if (!n.changes().isEmpty()) {
                sb.append("       (user space)\n"); // changes the step made outside any kernel function
            }
            for (StateChange c : n.changes()) {
                sb.append("           ").append(c).append('\n');
            }
        }
        for (CallNode c : n.children()) {
            renderNode(sb, c, path, false);
        }
        if (!root) {
            path.remove(path.size() - 1);
        }
    }
}

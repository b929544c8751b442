package io.github.fpctx.testkit;

import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a run as a timeline a kernel developer reads like the call paths in a bug thread: per step its number
 * (marked {@code >} where an invariant failed), the CPU it ran on and its label; under it each kernel call path
 * that did something, with the model's notes in brackets and the state changes that function made; the kernel's
 * splats; the violations found after the step; and what every CPU runs afterwards.
 *
 * <pre>{@code
 * Steps:
 *     1. [cpu0] a: preempted
 *        smp_apic_timer_interrupt > schedule > __switch_to > switch_fpu_prepare > __save_init_fpu
 *            task a.saved.q2: 0x0000_... -> 0x0000_...
 *        cpus: cpu0 idle | cpu1 b (user)
 *   > 2. ...
 *        ! [user-registers-intact] Task 'a' runs in user mode on CPU 0 with q2 changed (expected ..., was ...)
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class Timeline {
    private static final String INDENT = "       ";

    private Timeline() {
    }

    /**
     * Renders a scenario result.
     *
     * @param result the result
     * @return the text, starting with {@code Steps:}
     */
    public static String render(ScenarioResult result) {
        return render(result.trace());
    }

    /**
     * Renders a trace.
     *
     * @param trace the trace
     * @return the text, starting with {@code Steps:}
     */
    public static String render(Trace trace) {
        StringBuilder sb = new StringBuilder("Steps:\n");
        sb.append(INDENT).append("initially: ").append(cpus(trace.initial())).append('\n');
        for (Step s : trace.steps()) {
            List<Violation> vs = trace.violations().stream().filter(v -> v.step() == s.index()).toList();
            sb.append(vs.isEmpty() ? "    " : "  > ").append(String.format("%2d. ", s.index()));
            if (s.cpu() >= 0) {
                sb.append("[cpu").append(s.cpu()).append("] ");
            }
            sb.append(s.label()).append('\n');
            node(sb, s.calls(), new ArrayList<>(), true);
            for (KernelEvent e : s.events()) {
                if (e.isError()) {
                    e.message().lines().forEach(l -> sb.append(INDENT).append("| ").append(l).append('\n'));
                }
            }
            for (Violation v : vs) {
                sb.append(INDENT).append("! ").append(violation(v)).append('\n');
            }
            sb.append(INDENT).append("cpus: ").append(cpus(s.after())).append('\n');
        }
        List<Violation> initial = trace.violations().stream().filter(v -> v.step() == 0).toList();
        for (Violation v : initial) {
            sb.append(INDENT).append("! initially: ").append(violation(v)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Renders one violation on one line.
     *
     * @param v the violation
     * @return {@code [invariant] message (expected X, was Y) in a > b > c}
     */
    public static String violation(Violation v) {
        StringBuilder sb = new StringBuilder("[").append(v.invariant()).append("] ").append(v.message().lines().findFirst().orElse(""));
        if (v.expected().isPresent() || v.actual().isPresent()) {
            sb.append(" (expected ").append(v.expected().orElse("?")).append(", was ").append(v.actual().orElse("?")).append(')');
        }
        if (!v.callPath().isEmpty()) {
            sb.append(" in ").append(String.join(" > ", v.callPath()));
        }
        return sb.toString();
    }

    /**
     * What each CPU runs: {@code cpu0 a (user) | cpu1 idle}.
     *
     * @param s a state
     * @return the text
     */
    public static String cpus(MachineState s) {
        List<String> parts = new ArrayList<>();
        for (CpuState c : s.cpus()) {
            if (c.current().isEmpty()) {
                parts.add("cpu" + c.id() + " idle");
            } else {
                TaskState t = s.task(c.current().get());
                parts.add("cpu" + c.id() + " " + t.name() + " (" + (t.isUser() ? t.mode().name().toLowerCase(java.util.Locale.ROOT) : "kthread")
                        + (c.exec().isClean() ? "" : ", " + c.exec()) + ")");
            }
        }
        return String.join(" | ", parts);
    }

    private static void node(StringBuilder sb, CallNode n, List<String> path, boolean root) {
        if (!root) {
            path.add(n.function());
        }
        boolean leaf = n.children().isEmpty() && !root;
        if (!n.notes().isEmpty() || !n.changes().isEmpty() || leaf) {
            sb.append(INDENT);
            if (!path.isEmpty()) {
                sb.append(String.join(" > ", path));
            } else if (n.notes().isEmpty()) {
                sb.append("(user space)"); // changes the step made outside any kernel function
            }
            if (!n.notes().isEmpty()) {
                sb.append(path.isEmpty() ? "[" : "   [").append(String.join("; ", n.notes())).append(']');
            }
            sb.append('\n');
            for (StateChange c : n.changes()) {
                sb.append(INDENT).append("    ").append(c).append('\n');
            }
        }
        for (CallNode c : n.children()) {
            node(sb, c, path, false);
        }
        if (!root) {
            path.remove(path.size() - 1);
        }
    }
}

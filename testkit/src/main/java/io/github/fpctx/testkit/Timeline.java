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
import io.github.fpctx.testkit.internal.Chronology;
import io.github.fpctx.testkit.internal.ShownChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a run as a timeline a kernel developer reads like the call paths in a bug thread: per step its number
 * (marked {@code >} where an invariant failed), the CPU it ran on and its label; under it each kernel call path
 * that did something, with the model's notes in brackets and the state changes that function made, in the order
 * they happened (a function's write after a callee prints after the callee's, under its name again, marked
 * {@code (continued)}); the kernel's
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
 * <p>Tidied for reading ({@link Options#DEFAULT}): a register change shows the slice that was written (the
 * narrowest view of the register covering every changed bit: {@code xmm0} for a 64-bit write to the low half of
 * {@code zmm0}, not 128 hex digits of {@code zmm0}), and so does a register violation's expected and actual value;
 * execution-context bookkeeping (changes of a CPU's {@code exec}: preempt count, softirq count, IRQ flag, held locks,
 * preempt-disable sites) is folded, since its net effect shows in the {@code cpus:} line, except in a step where the
 * kernel printed a splat, whose story it is. {@link Options#ALL} shows everything at full width. The HTML report
 * ({@link io.github.fpctx.testkit.report.HtmlReport}) shows the same, with the full values on hover.
 *
 * <p>Stateless; thread-safe.
 */
public final class Timeline {
    private static final String INDENT = "       ";

    /**
     * What the text timeline shows.
     *
     * @param bookkeeping    show execution-context bookkeeping changes (preempt count and the like) in every step
     * @param fullWidthValues show register changes and violations at the backing register's full width
     * @implSpec This class is immutable and thread-safe.
     */
    public record Options(boolean bookkeeping, boolean fullWidthValues) {
        /** Tidied: bookkeeping folded, values at the width that was written. */
        public static final Options DEFAULT = new Options(false, false);
        /** Everything: bookkeeping shown, full-width values. */
        public static final Options ALL = new Options(true, true);

        /** @return these options with bookkeeping shown */
        public Options withBookkeeping() {
            return new Options(true, fullWidthValues);
        }

        /** @return these options with full-width values */
        public Options withFullWidthValues() {
            return new Options(bookkeeping, true);
        }
    }

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
     * Renders a scenario result with options.
     *
     * @param result  the result
     * @param options what to show
     * @return the text, starting with {@code Steps:}
     */
    public static String render(ScenarioResult result, Options options) {
        return render(java.util.Objects.requireNonNull(result, "result").trace(), options);
    }

    /**
     * Renders a trace, tidied ({@link Options#DEFAULT}).
     *
     * @param trace the trace
     * @return the text, starting with {@code Steps:}
     */
    public static String render(Trace trace) {
        return render(trace, Options.DEFAULT);
    }

    /**
     * Renders a trace with options.
     *
     * @param trace   the trace
     * @param options what to show
     * @return the text, starting with {@code Steps:}
     */
    public static String render(Trace trace, Options options) {
        java.util.Objects.requireNonNull(trace, "trace");
        java.util.Objects.requireNonNull(options, "options");
        StringBuilder sb = new StringBuilder("Steps:\n");
        sb.append(INDENT).append("initially: ").append(cpus(trace.initial())).append('\n');
        for (Step s : trace.steps()) {
            List<Violation> vs = trace.violations().stream().filter(v -> v.step() == s.index()).toList();
            sb.append(vs.isEmpty() ? "    " : "  > ").append(String.format("%2d. ", s.index()));
            if (s.cpu() >= 0) {
                sb.append("[cpu").append(s.cpu()).append("] ");
            }
            sb.append(s.label()).append('\n');
            boolean bookkeeping = options.bookkeeping() || s.events().stream().anyMatch(KernelEvent::isError);
            node(sb, s, s.calls(), new ArrayList<>(), true, new Options(bookkeeping, options.fullWidthValues()));
            for (KernelEvent e : s.events()) {
                if (e.isError()) {
                    e.message().lines().forEach(l -> sb.append(INDENT).append("| ").append(l).append('\n'));
                }
            }
            for (Violation v : vs) {
                sb.append(INDENT).append("! ").append(options.fullWidthValues() ? violation(v) : violation(v, s.after())).append('\n');
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

    /** A violation with a register's values narrowed to the slice that differs. */
    private static String violation(Violation v, MachineState after) {
        Optional<ShownChange> n = ShownChange.ofViolation(v, after);
        if (n.isEmpty() || n.get().register().equals(v.subject())) {
            return violation(v);
        }
        Violation narrowed = new Violation(v.invariant(), v.step(), v.callPath(), v.task(), v.cpu(), v.subject(),
                Optional.of(n.get().register().get() + " = " + n.get().before()), Optional.of(n.get().after()), v.message());
        return violation(narrowed);
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

    private static void node(StringBuilder sb, Step s, CallNode n, List<String> path, boolean root, Options options) {
        if (!root) {
            path.add(n.function());
        }
        boolean leaf = n.children().isEmpty() && !root;
        // own changes and callees in the order they happened: a write after a callee prints after the callee's
        for (Chronology.Part part : Chronology.of(n)) {
            if (part instanceof Chronology.Callee c) {
                node(sb, s, c.node(), path, false, options);
                continue;
            }
            Chronology.Own own = (Chronology.Own) part;
            List<String> changes = new ArrayList<>();
            for (StateChange c : own.changes()) {
                ShownChange shown = ShownChange.of(c, s.after(), s.before());
                if (shown.kind() == ShownChange.Kind.BOOKKEEPING && !options.bookkeeping()) {
                    continue;
                }
                changes.add(options.fullWidthValues() ? c.toString()
                        : c.source().isAttributed() ? shown + "   <- " + c.source().describe() : shown.toString());
            }
            if (own.afterCallee()) {
                if (!changes.isEmpty()) {
                    sb.append(INDENT).append(path.isEmpty() ? "(user space)" : String.join(" > ", path))
                            .append("   (continued)\n");
                }
            } else if (!n.notes().isEmpty() || !changes.isEmpty() || leaf) {
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
            }
            for (String c : changes) {
                sb.append(INDENT).append("    ").append(c).append('\n');
            }
        }
        if (!root) {
            path.remove(path.size() - 1);
        }
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskState;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link StateChange} as the timelines show it: a register change narrowed to the slice that was written, and a
 * classification that lets the timelines fold execution-context bookkeeping.
 *
 * <p>Width: a state change of a backing register ({@code task T.saved.zmm0}) carries the whole register, 512 bits
 * for {@code zmm0}, although the program wrote 64 bits of {@code xmm0}. The change is shown through the narrowest
 * view of the layout (or the backing register itself) that covers every bit that differs between the two values, so
 * a write of {@code xmm0} shows as {@code xmm0} and a write of only the upper 128 bits of {@code ymm0} as
 * {@code ymm0h}; the full values stay in {@link #fullBefore()}/{@link #fullAfter()}. This is the slice that changed,
 * which is the slice that was written as far as the before/after values tell (a write of the value already held is
 * not a change at all).
 *
 * <p>Bookkeeping: changes under a CPU's {@code exec} (the model's {@code preempt_count()}, softirq count, IRQ flag,
 * held locks and the preempt-disable sites of {@link io.github.fpctx.core.state.ExecContext}) are bookkeeping: the
 * net effect shows in what every CPU runs after the step, and the timelines fold them unless asked.
 *
 * @param path       the path as shown, with the register narrowed ({@code task T.saved.xmm0})
 * @param before     the value before, at the shown width
 * @param after      the value after, at the shown width
 * @param fullPath   the change's own path ({@code task T.saved.zmm0})
 * @param fullBefore the whole value before
 * @param fullAfter  the whole value after
 * @param register   the register or view shown, if the change is a register's ({@code xmm0})
 * @param width      the shown register's width in bits, or 0 when the change is not a register's
 * @param kind       register, bookkeeping or other
 * @implSpec This class is immutable and thread-safe.
 */
public record ShownChange(String path, String before, String after, String fullPath, String fullBefore, String fullAfter,
                          Optional<String> register, int width, Kind kind) {
    private static final Pattern CPU_FILE = Pattern.compile("cpu(\\d+)\\.live\\.([^.]+)");
    private static final Pattern BOOKKEEPING = Pattern.compile("cpu\\d+\\.exec(\\..*)?");

    /** What a change is about. */
    public enum Kind {
        /** A register of a live, saved or oracle register file. */
        REGISTER,
        /** Execution-context churn: preempt count, softirq count, IRQ flag, locks. */
        BOOKKEEPING,
        /** Anything else: which task runs, modes, extension fields. */
        OTHER
    }

    /** @return the change as one line, {@code path: before -> after} */
    @Override
    public String toString() {
        return path + ": " + before + " -> " + after;
    }

    /**
     * Classifies and narrows a change.
     *
     * @param change  the change
     * @param context a state in which the change's register files exist (the step's state after it, or before it
     *                for a task that is gone)
     * @return the change as shown
     */
    public static ShownChange of(StateChange change, MachineState... context) {
        Objects.requireNonNull(change, "change");
        String p = change.path();
        if (BOOKKEEPING.matcher(p).matches()) {
            return new ShownChange(p, change.before(), change.after(), p, change.before(), change.after(), Optional.empty(), 0,
                    Kind.BOOKKEEPING);
        }
        for (MachineState s : context) {
            Optional<ShownChange> r = register(change, s);
            if (r.isPresent()) {
                return r.get();
            }
        }
        return new ShownChange(p, change.before(), change.after(), p, change.before(), change.after(), Optional.empty(), 0,
                Kind.OTHER);
    }

    /**
     * A register violation's expected and actual values narrowed like a change ({@code zmm0} whose values differ
     * only in the low 64 bits shows as {@code xmm0}).
     *
     * @param v     the violation
     * @param state the state after the violating step
     * @return the narrowed subject ({@link #register()}), expected ({@link #before()}) and actual ({@link #after()});
     *         empty if the violation is not about one register of a task with both values given
     */
    public static Optional<ShownChange> ofViolation(io.github.fpctx.core.Violation v, MachineState state) {
        Objects.requireNonNull(v, "v");
        if (v.task().isEmpty() || v.subject().isEmpty() || v.expected().isEmpty() || v.actual().isEmpty() || state == null) {
            return Optional.empty();
        }
        return register(new StateChange("task " + v.task().get() + ".saved." + v.subject().get(), v.expected().get(),
                v.actual().get()), state);
    }

    private static Optional<ShownChange> register(StateChange c, MachineState s) {
        if (s == null) {
            return Optional.empty();
        }
        String p = c.path();
        RegisterLayout layout = null;
        String reg = null;
        String prefix = null;
        Matcher m = CPU_FILE.matcher(p);
        if (m.matches()) {
            int id = Integer.parseInt(m.group(1));
            if (id < s.cpus().size()) {
                CpuState cpu = s.cpus().get(id);
                layout = cpu.live().layout();
                reg = m.group(2);
                prefix = p.substring(0, p.length() - reg.length());
            }
        } else if (p.startsWith("task ")) {
            // the longest task name the path starts with (a name may contain dots)
            TaskState best = null;
            for (TaskState t : s.tasks()) {
                if (p.startsWith("task " + t.name() + ".") && (best == null || t.name().length() > best.name().length())) {
                    best = t;
                }
            }
            if (best != null) {
                String rest = p.substring(("task " + best.name() + ".").length());
                for (String file : new String[] {"saved.", "oracle."}) {
                    if (rest.startsWith(file) && rest.indexOf('.', file.length()) < 0) {
                        layout = (file.equals("saved.") ? best.saved() : best.oracle()).layout();
                        reg = rest.substring(file.length());
                        prefix = p.substring(0, p.length() - reg.length());
                    }
                }
            }
        }
        if (layout == null || !layout.has(reg)) {
            return Optional.empty();
        }
        Register r = layout.register(reg);
        BitVector x;
        BitVector y;
        try {
            x = BitVector.parse(c.before(), r.width());
            y = BitVector.parse(c.after(), r.width());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a register value rendering (e.g. a whole file that changed layout)
        }
        Register shown = narrowest(layout, r, x.xor(y));
        BitVector sb = x.slice(shown.lsb() - r.lsb(), shown.width());
        BitVector sa = y.slice(shown.lsb() - r.lsb(), shown.width());
        return Optional.of(new ShownChange(prefix + shown.name(), sb.toString(), sa.toString(), p, c.before(), c.after(),
                Optional.of(shown.name()), shown.width(), Kind.REGISTER));
    }

    /**
     * The narrowest register of the layout over the same backing register as {@code r} that covers every set bit of
     * {@code changed} (bit 0 = {@code r}'s least significant bit); {@code r} itself if none is narrower.
     */
    static Register narrowest(RegisterLayout layout, Register r, BitVector changed) {
        if (changed.isZero()) {
            return r;
        }
        int lo = -1;
        int hi = -1;
        for (int i = 0; i < changed.width(); i++) {
            if (changed.bit(i)) {
                if (lo < 0) {
                    lo = i;
                }
                hi = i;
            }
        }
        int from = r.lsb() + lo;
        int to = r.lsb() + hi;
        Register best = r;
        for (Register v : layout.allRegisters()) {
            if (v.backing().equals(r.backing()) && v.lsb() <= from && v.lsb() + v.width() - 1 >= to
                    && v.lsb() >= r.lsb() && v.lsb() + v.width() <= r.lsb() + r.width() && v.width() < best.width()) {
                best = v;
            }
        }
        return best;
    }
}

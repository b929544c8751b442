package io.github.fpctx.core.internal;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskState;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes {@link MachineState#diff(MachineState)}: per CPU and task, per register, and per component of
 * the architecture's extension records (read reflectively, so plugins need write no diff code).
 */
public final class StateDiff {
    private StateDiff() {
    }

    /**
     * Diffs two states.
     *
     * @param a the state before
     * @param b the state after
     * @return the changes
     */
    public static List<StateChange> diff(MachineState a, MachineState b) {
        List<StateChange> out = new ArrayList<>();
        if (a.equals(b)) {
            return out;
        }
        value("config", a.config(), b.config(), out);
        value("errata", a.errata(), b.errata(), out);
        int n = Math.max(a.cpus().size(), b.cpus().size());
        for (int i = 0; i < n; i++) {
            CpuState x = i < a.cpus().size() ? a.cpus().get(i) : null;
            CpuState y = i < b.cpus().size() ? b.cpus().get(i) : null;
            String p = "cpu" + i;
            if (x == null || y == null) {
                out.add(new StateChange(p, x == null ? "(absent)" : "present", y == null ? "(absent)" : "present"));
                continue;
            }
            if (x.equals(y)) {
                continue;
            }
            value(p + ".current", x.current().orElse("(idle)"), y.current().orElse("(idle)"), out);
            value(p + ".exec", x.exec(), y.exec(), out);
            files(p + ".live", x.live(), y.live(), out);
            value(p + ".ext", x.ext(), y.ext(), out);
        }
        for (TaskState t : a.tasks()) {
            Optional<TaskState> u = b.findTask(t.name());
            String p = "task " + t.name();
            if (u.isEmpty()) {
                out.add(new StateChange(p, "present", "(gone)"));
                continue;
            }
            TaskState v = u.get();
            if (t.equals(v)) {
                continue;
            }
            value(p + ".mode", t.mode(), v.mode(), out);
            value(p + ".cpu", t.cpu(), v.cpu(), out);
            files(p + ".saved", t.saved(), v.saved(), out);
            files(p + ".oracle", t.oracle(), v.oracle(), out);
            value(p + ".ext", t.ext(), v.ext(), out);
        }
        for (TaskState v : b.tasks()) {
            if (a.findTask(v.name()).isEmpty()) {
                out.add(new StateChange("task " + v.name(), "(absent)", "created, " + v.kind() + " on cpu" + v.cpu()));
            }
        }
        value("ext", a.ext(), b.ext(), out);
        return out;
    }

    private static void files(String path, RegisterFile x, RegisterFile y, List<StateChange> out) {
        if (x.equals(y)) {
            return;
        }
        if (!x.layout().equals(y.layout())) {
            out.add(new StateChange(path, x.toString(), y.toString()));
            return;
        }
        for (RegisterDiff d : x.diff(y)) {
            out.add(new StateChange(path + "." + d.register(), d.before().toString(), d.after().toString()));
        }
    }

    private static void value(String path, Object x, Object y, List<StateChange> out) {
        if (Objects.equals(x, y)) {
            return;
        }
        if (x instanceof RegisterFile fx && y instanceof RegisterFile fy) {
            files(path, fx, fy, out);
            return;
        }
        if (x != null && y != null && x.getClass() == y.getClass() && x.getClass().isRecord()) {
            try {
                for (RecordComponent rc : x.getClass().getRecordComponents()) {
                    value(path + "." + rc.getName(), rc.getAccessor().invoke(x), rc.getAccessor().invoke(y), out);
                }
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an inaccessible record (not exported to core): fall back to its toString
            }
        }
        out.add(new StateChange(path, render(x), render(y)));
    }

    /**
     * Renders a value for a change list: bit vectors as hex, optionals unwrapped.
     *
     * @param v the value
     * @return the rendering
     */
    public static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Optional<?> o) {
            return o.map(StateDiff::render).orElse("(none)");
        }
        if (v instanceof BitVector b) {
            return b.toString();
        }
        return v.toString();
    }
}

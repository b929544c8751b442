package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says where a wrong register value came from, from the engine's own record: every register write of a traced
 * step is a {@link StateChange} that names the kernel function that made it and its {@link Source}. Starting from
 * the registers the task sees (its CPU's live registers, or its save area), the explanation follows the writes
 * back: a restore to the save area it read, a save to the live registers it stored, until a value that was born
 * there (user space, the init state, an {@code mffs}/{@code mfvscr} image, a kernel value) or the initial state.
 * It knows no kernel function names: it reads what the architecture's paths recorded.
 */
public final class Provenance {
    /** At most this many copies are followed back (a save and a restore per context switch). */
    private static final int MAX_HOPS = 32;

    private Provenance() {
    }

    /** One write on the way back: where it went, which step and function made it, and from what. */
    private record Hop(String location, Step step, String function, Source source, String value) {
    }

    /** A change found in a trace, with the step it belongs to. */
    private record Found(int stepIndex, StateChange change) {
    }

    /**
     * Explains a value.
     *
     * @param arch     the architecture
     * @param trace    the run, up to the state the task's view was taken in
     * @param task     the task that sees the wrong value
     * @param register the register (name, view or alias) it is wrong in
     * @param actual   the wrong value
     * @param expected the right value
     * @return the explanation (a headline, then one line per write followed back), if the trace records one
     */
    public static Optional<String> explain(Architecture arch, Trace trace, String task, String register, BitVector actual,
                                           BitVector expected) {
        if (actual.equals(expected)) {
            return Optional.empty();
        }
        Register reg = arch.layout().register(register);
        String backing = reg.backing();
        MachineState last = trace.states().get(trace.states().size() - 1);
        Optional<TaskState> ot = last.findTask(task);
        if (ot.isEmpty() || !ot.get().isUser()) {
            return Optional.empty();
        }
        Optional<String> seen = viewLocation(arch, last, ot.get(), reg);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        List<Hop> hops = new ArrayList<>();
        String location = seen.get();
        int stepIndex = trace.steps().size() - 1;
        int order = Integer.MAX_VALUE;
        while (hops.size() < MAX_HOPS) {
            Optional<Found> f = lastWrite(trace, location, backing, stepIndex, order);
            if (f.isEmpty()) {
                break;
            }
            Step st = trace.steps().get(f.get().stepIndex());
            StateChange c = f.get().change();
            hops.add(new Hop(location, st, function(st, c), c.source(), c.after()));
            Optional<String> from = c.source().location();
            if (from.isEmpty()) {
                break;
            }
            location = from.get();
            stepIndex = f.get().stepIndex();
            order = c.order();
        }
        String name = reg.isBacking() ? reg.name() : reg.name() + " (" + backing + ")";
        StringBuilder sb = new StringBuilder(name).append(' ')
                .append(headline(arch, trace, task, backing, hops, location));
        boolean fromStart = hops.isEmpty() || hops.get(hops.size() - 1).source().location().isPresent();
        for (Hop h : hops) {
            sb.append("\n    <- step ").append(h.step().index()).append(" (").append(h.step().label()).append("), ")
                    .append(h.function()).append(": ").append(where(h.location(), backing)).append(" <- ")
                    .append(h.source().describe());
        }
        if (fromStart) {
            sb.append("\n    <- ").append(where(location, backing)).append(", unchanged since the scenario started");
        }
        return Optional.of(sb.toString());
    }

    /** Where the task's view of a register comes from: its CPU's live registers or its save area. */
    private static Optional<String> viewLocation(Architecture arch, MachineState s, TaskState t, Register reg) {
        BitVector seen = arch.engine().userView(s, t).get(reg);
        // a running task sees its CPU's registers where they hold the value (the restore that put it there is the
        // more telling link); otherwise its save area
        if (s.isRunning(t.name()) && s.cpu(t.cpu()).live().get(reg).equals(seen)) {
            return Optional.of("cpu" + t.cpu() + ".live");
        }
        if (t.saved().get(reg).equals(seen)) {
            return Optional.of("task " + t.name() + ".saved");
        }
        return Optional.empty();
    }

    /** The last write to a register at a location, at or before a step and before a change position in it. */
    private static Optional<Found> lastWrite(Trace trace, String location, String backing, int fromStep, int beforeOrder) {
        String path = location + "." + backing;
        for (int i = fromStep; i >= 0; i--) {
            StateChange best = null;
            for (StateChange c : trace.steps().get(i).calls().allChanges()) {
                if (i == fromStep && c.order() >= beforeOrder) {
                    break;
                }
                boolean created = location.startsWith("task ") && location.endsWith(".saved")
                        && c.path().equals(location.substring(0, location.length() - ".saved".length()))
                        && c.after().startsWith("created");
                if (c.path().equals(path) || created) {
                    best = c;
                }
            }
            if (best != null) {
                return Optional.of(new Found(i, best));
            }
        }
        return Optional.empty();
    }

    private static String function(Step st, StateChange c) {
        List<String> p = st.calls().pathToChange(c);
        return p.size() > 1 ? p.get(p.size() - 1) : "the step";
    }

    private static String in(Step st, StateChange c) {
        List<String> p = st.calls().pathToChange(c);
        return p.size() > 1 ? " in " + p.get(p.size() - 1) : "";
    }

    private static String where(String location, String backing) {
        if (location.startsWith("cpu") && location.endsWith(".live")) {
            return "CPU " + location.substring(3, location.length() - ".live".length()) + "'s live " + backing;
        }
        if (location.startsWith("task ") && location.endsWith(".saved")) {
            return "task '" + location.substring(5, location.length() - ".saved".length()) + "''s saved " + backing;
        }
        return location + "." + backing;
    }

    /** What the origin means for the task: its own value, another task's, a stale or pre-exec one, an image. */
    private static String headline(Architecture arch, Trace trace, String task, String backing, List<Hop> hops, String origin) {
        Hop first = hops.isEmpty() ? null : hops.get(hops.size() - 1);
        if (first != null && first.source().location().isEmpty()) {
            Source src = first.source();
            String at = "step " + first.step().index() + " (" + first.step().label() + ")";
            if (src instanceof Source.UserSpace u) {
                return userValue(trace, task, backing, u.task(), "what task '" + u.task() + "' wrote at " + at,
                        first.step().index());
            }
            if (src instanceof Source.Unattributed) {
                return "was last written by " + first.function() + " at " + at + ", which did not say where the value came from";
            }
            return "holds " + src.describe() + ", written by " + first.function() + " at " + at;
        }
        // the value was there when the scenario started: whose was it?
        MachineState initial = trace.initial();
        BitVector value = registers(initial, origin).map(f -> f.get(backing)).orElse(null);
        Optional<String> owner = Optional.empty();
        if (origin.startsWith("cpu") && origin.endsWith(".live")) {
            owner = initial.cpu(Integer.parseInt(origin.substring(3, origin.length() - ".live".length()))).current();
        } else if (origin.startsWith("task ") && origin.endsWith(".saved")) {
            owner = Optional.of(origin.substring(5, origin.length() - ".saved".length()));
        }
        Optional<TaskState> ownerTask = owner.flatMap(initial::findTask).filter(TaskState::isUser);
        if (value != null && ownerTask.isPresent() && ownerTask.get().oracle().get(backing).equals(value)) {
            return userValue(trace, task, backing, ownerTask.get().name(),
                    "what task '" + ownerTask.get().name() + "' had when the scenario started", 0);
        }
        if (value != null && arch.machines().initRegisters(initial.config()).get(backing).equals(value)) {
            return "holds the init state, which " + where(origin, backing) + " held when the scenario started";
        }
        return "holds what " + where(origin, backing) + " held when the scenario started";
    }

    private static Optional<io.github.fpctx.core.register.RegisterFile> registers(MachineState s, String location) {
        if (location.startsWith("cpu") && location.endsWith(".live")) {
            int cpu = Integer.parseInt(location.substring(3, location.length() - ".live".length()));
            return cpu < s.cpus().size() ? Optional.of(s.cpu(cpu).live()) : Optional.empty();
        }
        if (location.startsWith("task ") && location.endsWith(".saved")) {
            return s.findTask(location.substring(5, location.length() - ".saved".length())).map(TaskState::saved);
        }
        return Optional.empty();
    }

    /** A value some task's user space wrote at step {@code at} (0: the scenario's setup). */
    private static String userValue(Trace trace, String task, String backing, String writer, String what, int at) {
        if (!writer.equals(task)) {
            return "is another task's register: " + what;
        }
        // what did the task's own record of its registers (the oracle) do since?
        String oracle = "task " + task + ".oracle." + backing;
        for (int i = at; i < trace.steps().size(); i++) {
            Step st = trace.steps().get(i);
            for (StateChange c : st.calls().allChanges()) {
                if (!c.path().equals(oracle)) {
                    continue;
                }
                if (c.source() instanceof Source.InitState) {
                    return "is the pre-exec program's value: " + what + ", before step " + st.index() + " (" + st.label()
                            + ") gave the task " + c.source().describe() + in(st, c) + "; nothing reloaded it since";
                }
                if (c.source() instanceof Source.UserSpace) {
                    return "is a stale value: " + what + ", before it wrote " + c.after() + " at step " + st.index()
                            + " (" + st.label() + ")";
                }
            }
        }
        return "is " + what;
    }
}

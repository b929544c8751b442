package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The thin tracks of the HTML timeline: per CPU and per task, one track per component of the architecture's
 * extension record ({@link CpuState#ext()}, {@link TaskState#ext()}) whose value changes somewhere in the run, e.g.
 * x86's {@code X86Cpu.fpregsOwner} ({@code fpu_fpregs_owner_ctx}), {@code FpuState.lastCpu} and
 * {@code needFpuLoad} ({@code TIF_NEED_FPU_LOAD}), PowerPC's {@code PowerPcCpu.kernelMsr} and
 * {@code PowerPcThread.msr} facility bits. The components are read by record reflection, exactly as the core's
 * state diff reads them, so the testkit names no plugin class and a new architecture's records get tracks for free.
 * Nested records are flattened ({@code a.b}); an extension that is not a record (or is not accessible) is one track
 * of its {@code toString()}.
 */
public final class Tracks {
    private Tracks() {
    }

    /**
     * One track: the value of one component after each state of the run.
     *
     * @param owner     {@code cpu0} or a task's name
     * @param component the component's path in the record, e.g. {@code fpregsOwner}
     * @param values    per state (initial first), the rendered value; empty where the owner does not exist
     * @param varies    whether the value changes over the run
     * @param drawn     whether the timeline draws it: the component changes for some owner, or refers to another task
     *                  (an owner pointer such as {@code fpu_fpregs_owner_ctx}) or to a CPU (an int component whose name
     *                  says {@code cpu}, such as {@code fpu->last_cpu}) for some owner; the same for every owner, so
     *                  that CPUs and tasks line up
     */
    public record Track(String owner, String component, List<String> values, boolean varies, boolean drawn) {
        /**
         * Copies the values.
         *
         * @param owner     owner
         * @param component component
         * @param values    values
         * @param varies    whether it changes
         * @param drawn     whether it is drawn
         */
        public Track {
            values = List.copyOf(values);
        }
    }

    /**
     * The tracks of every CPU, in CPU order and then component order.
     *
     * @param states the run's states, initial first
     * @return the tracks
     */
    public static List<Track> cpuTracks(List<MachineState> states) {
        int cpus = states.stream().mapToInt(s -> s.cpus().size()).max().orElse(0);
        List<Track> out = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            List<Map<String, String>> per = new ArrayList<>();
            for (MachineState s : states) {
                per.add(c < s.cpus().size() ? components(s.cpus().get(c).ext()) : Map.of());
            }
            out.addAll(tracks("cpu" + c, per));
        }
        return drawn(out, states);
    }

    /**
     * The tracks of every task that exists in some state, in order of first appearance, then component order.
     *
     * @param states the run's states, initial first
     * @return the tracks
     */
    public static List<Track> taskTracks(List<MachineState> states) {
        List<Track> out = new ArrayList<>();
        for (String name : taskNames(states)) {
            List<Map<String, String>> per = new ArrayList<>();
            for (MachineState s : states) {
                per.add(s.findTask(name).map(t -> components(t.ext())).orElse(Map.of()));
            }
            out.addAll(tracks(name, per));
        }
        return drawn(out, states);
    }

    private static List<Track> drawn(List<Track> tracks, List<MachineState> states) {
        List<String> tasks = taskNames(states);
        int cpus = states.stream().mapToInt(s -> s.cpus().size()).max().orElse(0);
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Track t : tracks) {
            boolean refersToTask = t.values().stream().anyMatch(v -> !v.equals(t.owner()) && tasks.contains(v));
            boolean refersToCpu = t.component().toLowerCase(java.util.Locale.ROOT).contains("cpu")
                    && t.values().stream().allMatch(v -> v.isEmpty() || v.matches("-?\\d{1,6}") && Integer.parseInt(v) < cpus);
            if (t.varies() || refersToTask || refersToCpu) {
                shown.add(t.component());
            }
        }
        return tracks.stream().map(t -> new Track(t.owner(), t.component(), t.values(), t.varies(), shown.contains(t.component())))
                .toList();
    }

    /**
     * Every task's name, in order of first appearance over the run.
     *
     * @param states the states
     * @return the names
     */
    public static List<String> taskNames(List<MachineState> states) {
        List<String> names = new ArrayList<>();
        for (MachineState s : states) {
            for (TaskState t : s.tasks()) {
                if (!names.contains(t.name())) {
                    names.add(t.name());
                }
            }
        }
        return names;
    }

    private static List<Track> tracks(String owner, List<Map<String, String>> per) {
        Map<String, List<String>> byComponent = new LinkedHashMap<>();
        for (Map<String, String> m : per) {
            m.keySet().forEach(k -> byComponent.putIfAbsent(k, new ArrayList<>()));
        }
        List<Track> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byComponent.entrySet()) {
            List<String> values = new ArrayList<>();
            for (Map<String, String> m : per) {
                values.add(m.getOrDefault(e.getKey(), ""));
            }
            boolean varies = values.stream().filter(v -> !v.isEmpty()).distinct().count() > 1;
            out.add(new Track(owner, e.getKey(), values, varies, varies));
        }
        return out;
    }

    /** The record's components, flattened, in declaration order; a non-record is one component named {@code ext}. */
    static Map<String, String> components(Object ext) {
        Map<String, String> out = new LinkedHashMap<>();
        if (ext == null) {
            return out;
        }
        flatten("", ext, out, 0);
        return out;
    }

    private static void flatten(String prefix, Object v, Map<String, String> out, int depth) {
        if (v != null && v.getClass().isRecord() && depth < 4) {
            RecordComponent[] rcs = v.getClass().getRecordComponents();
            if (rcs.length == 0) {
                return; // a marker such as "no extension state"
            }
            try {
                Map<String, String> mine = new LinkedHashMap<>();
                for (RecordComponent rc : rcs) {
                    flatten(prefix + rc.getName() + ".", rc.getAccessor().invoke(v), mine, depth + 1);
                }
                out.putAll(mine);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not accessible to the testkit: fall through to its rendering
            }
        }
        if (v != null && v.getClass().isEnum() && v.getClass().getEnumConstants().length == 1 && prefix.isEmpty()) {
            return; // a singleton "no extension state" enum
        }
        String name = prefix.isEmpty() ? "ext" : prefix.substring(0, prefix.length() - 1);
        out.put(name, render(v));
    }

    /**
     * Renders a component value: optionals unwrapped ({@code (none)} when empty), bit vectors as hex, the rest by
     * {@code toString()}.
     *
     * @param v a value
     * @return the text
     */
    public static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Optional<?> o) {
            return o.map(Tracks::render).orElse("(none)");
        }
        if (v instanceof BitVector b) {
            return b.toString();
        }
        return Objects.toString(v);
    }
}

package io.github.fpctx.testkit;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of a {@link Scenario} run or of an exploration's counterexample: the architecture, the trace with
 * every step and state, and every invariant violation. Render it with {@link #render()}; assert on it with
 * {@link FpAssertions#assertThat(ScenarioResult)}.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class ScenarioResult {
    private static final Pattern READ = Pattern.compile("^(.+): user reads (\\S+)$");

    private final Architecture architecture;
    private final Trace trace;

    /**
     * A result of a trace.
     *
     * @param architecture the architecture it ran on; not null
     * @param trace        the trace; not null
     */
    public ScenarioResult(Architecture architecture, Trace trace) {
        if (architecture == null || trace == null) {
            throw new IllegalArgumentException("architecture and trace must not be null");
        }
        if (!trace.initial().architecture().equals(architecture.id())) {
            throw new IllegalArgumentException("Trace of architecture '" + trace.initial().architecture()
                    + "' cannot be a result of " + architecture.id());
        }
        this.architecture = architecture;
        this.trace = trace;
    }

    /** @return the architecture */
    public Architecture architecture() {
        return architecture;
    }

    /** @return the trace */
    public Trace trace() {
        return trace;
    }

    /** @return the steps, in order */
    public List<Step> steps() {
        return trace.steps();
    }

    /** @return the step labels, in order */
    public List<String> labels() {
        return trace.labels();
    }

    /** @return every state: the initial one, then one after each step */
    public List<MachineState> states() {
        return trace.states();
    }

    /** @return the state before the first step */
    public MachineState initialState() {
        return trace.initial();
    }

    /** @return the state after the last step */
    public MachineState finalState() {
        return trace.finalState();
    }

    /**
     * The state after a step.
     *
     * @param step 0 (the initial state) to the number of steps
     * @return the state
     */
    public MachineState stateAfter(int step) {
        if (step < 0 || step > trace.steps().size()) {
            throw new IllegalArgumentException("Invalid value for step (valid values 0 - " + trace.steps().size() + "): " + step);
        }
        return step == 0 ? trace.initial() : trace.steps().get(step - 1).after();
    }

    /** @return every violation, in step order */
    public List<Violation> violations() {
        return trace.violations();
    }

    /**
     * @param invariant an invariant id, e.g. {@code user-registers-intact}
     * @return the violations of it
     */
    public List<Violation> violations(String invariant) {
        return trace.violations().stream().filter(v -> v.invariant().equals(invariant)).toList();
    }

    /** @return whether no invariant was violated */
    public boolean isClean() {
        return trace.isClean();
    }

    /** @return what every syscall of the run returned, in order ({@link io.github.fpctx.core.Step#syscalls()}) */
    public List<io.github.fpctx.core.SyscallResult> syscallResults() {
        return trace.steps().stream().flatMap(s -> s.syscalls().stream()).toList();
    }

    /**
     * @param function a kernel function name
     * @return whether any step passed through it
     */
    public boolean passesThrough(String function) {
        return trace.passesThrough(function);
    }

    /**
     * What a user task would observe of its registers at the end.
     *
     * @param task a user task of the final state
     * @return its registers
     */
    public RegisterFile userView(String task) {
        return userView(task, trace.steps().size());
    }

    /**
     * What a user task would observe of its registers after a step.
     *
     * @param task a user task existing then
     * @param step 0 (the initial state) to the number of steps
     * @return its registers
     * @throws IllegalArgumentException for an unknown task or a kernel thread
     */
    public RegisterFile userView(String task, int step) {
        MachineState s = stateAfter(step);
        TaskState t = s.task(task);
        if (!t.isUser()) {
            throw new IllegalArgumentException("Task '" + task + "' is a kernel thread; it has no user registers");
        }
        return architecture.engine().userView(s, t);
    }

    /** @return the register values the scenario's {@code userReads} steps saw, in step order */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        for (Step s : trace.steps()) {
            Matcher m = READ.matcher(s.label());
            if (m.matches() && s.before().findTask(m.group(1)).isPresent()) {
                TaskState t = s.before().task(m.group(1));
                out.add(new Observation(s.index(), t.name(), m.group(2), architecture.engine().userView(s.before(), t).get(m.group(2))));
            }
        }
        return out;
    }

    /** @return the rendered timeline (see {@link Timeline}) */
    public String render() {
        return Timeline.render(this);
    }

    @Override
    public String toString() {
        return "ScenarioResult[" + architecture.id() + ", " + trace.steps().size() + " steps, "
                + (isClean() ? "clean" : trace.violations().size() + " violations") + "]";
    }

    /**
     * A GDB server over this run's trace (each task a thread, each step a stop; see
     * {@link io.github.fpctx.core.gdb.GdbServer}), not yet started:
     * {@code try (GdbServer s = run.gdbServer().start()) { ... }}, then {@code gdb-multiarch -ex 'target remote :PORT'}.
     *
     * @return the server builder for this run's architecture and trace
     */
    public io.github.fpctx.core.gdb.GdbServer.Builder gdbServer() {
        return io.github.fpctx.core.gdb.GdbServer.builder(architecture(), trace());
    }
}

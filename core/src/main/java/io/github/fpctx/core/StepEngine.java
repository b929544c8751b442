package io.github.fpctx.core;

import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs actions on machine states of one architecture: the one place that decides whether a step is enabled, runs
 * its kernel path with a {@link KernelContext}, and checks the invariants after it. Scenarios, the explorer and the
 * conformance kit all step through it. Reached through {@link Architecture#engine()}.
 *
 * <pre>{@code
 * StepEngine engine = Architectures.load().require("ppc64").engine();
 * Operations ops = arch.operations();
 * Trace trace = engine.run(s, List.of(ops.userWrite("t", "vs0", BitVector.ones(128)), ops.fork("t", "child")));
 * System.out.println(trace.render());
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe if its architecture's provider is; each step runs in a
 * {@link KernelContext} of its own.
 */
public final class StepEngine {
    private final Architecture architecture;
    private final ArchitectureProvider provider;

    StepEngine(Architecture architecture, ArchitectureProvider provider) {
        this.architecture = architecture;
        this.provider = provider;
    }

    /**
     * Whether an action can run in a state.
     *
     * @param state  a state
     * @param action an action
     * @return whether it is enabled
     */
    public boolean isEnabled(MachineState state, Action action) {
        return Objects.requireNonNull(action, "action").isEnabled(Objects.requireNonNull(state, "state"));
    }

    /**
     * Why an action cannot run in a state.
     *
     * @param state  a state
     * @param action an action
     * @return the reason, or empty if it is enabled
     */
    public Optional<String> whyDisabled(MachineState state, Action action) {
        return isEnabled(state, action) ? Optional.empty() : Optional.of(action.whyDisabled(state));
    }

    /**
     * Runs one action with tracing (every change attributed to the kernel function that made it).
     *
     * @param state  the state before
     * @param action the action
     * @param index  the step's 1-based index
     * @return the step
     * @throws IllegalStateException if the action is not enabled in the state, or never set its CPU with
     *                               {@link KernelContext#onCpu(int)}
     */
    public Step step(MachineState state, Action action, int index) {
        return tryStep(state, action, index, true).orElseThrow(() -> new IllegalStateException(
                "Step " + index + " (" + action.label() + ") cannot run: " + action.whyDisabled(state)));
    }

    /**
     * Runs one action if it is enabled, evaluating its guard once (the explorer's hot path).
     *
     * @param state   the state before
     * @param action  the action
     * @param index   the step's 1-based index
     * @param tracing whether to record changes and notes (off: only the new state, the call stack and events)
     * @return the step, or empty if the action is not enabled
     * @throws IllegalStateException if the action never set its CPU with {@link KernelContext#onCpu(int)}
     */
    public Optional<Step> tryStep(MachineState state, Action action, int index, boolean tracing) {
        if (!isEnabled(state, action)) {
            return Optional.empty();
        }
        KernelContext ctx = new KernelContext(architecture, state, action.label(), tracing);
        action.apply(ctx);
        Step step = ctx.finish(index, state);
        if (step.cpu() < 0) {
            // every step happens on some CPU; without it the timeline cannot place the step and the per-CPU checks
            // cannot attribute it
            throw new IllegalStateException("Action '" + action.label() + "' of " + architecture.id()
                    + " ran without naming its CPU; call ctx.onCpu(cpu) in the action before its first kernel function"
                    + " (the CPU the task runs on, or the one the kernel path starts on)");
        }
        return Optional.of(step);
    }

    /**
     * Checks every invariant of the architecture after a step.
     *
     * @param step the step
     * @return the violations, each tagged with the step's index
     */
    public List<Violation> check(Step step) {
        Objects.requireNonNull(step, "step");
        List<Violation> out = new ArrayList<>();
        for (Invariant i : architecture.invariants()) {
            for (Violation v : i.check(step, architecture)) {
                out.add(v.atStep(step.index()));
            }
        }
        return out;
    }

    /**
     * Runs actions in order with tracing, checking every invariant after every step.
     *
     * @param initial the initial state
     * @param actions the actions
     * @return the trace
     * @throws IllegalStateException if an action is not enabled when its turn comes
     */
    public Trace run(MachineState initial, List<Action> actions) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(actions, "actions");
        List<Step> steps = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        MachineState s = initial;
        int i = 1;
        for (Action a : actions) {
            Step st = step(s, a, i++);
            steps.add(st);
            violations.addAll(check(st));
            s = st.after();
        }
        return new Trace(initial, steps, violations);
    }

    /**
     * What a user task would observe of its registers now: the live registers where its state is live on its CPU,
     * otherwise what the kernel would load before user space could read them.
     *
     * @param state the machine
     * @param task  a user task of it
     * @return a file of the architecture's layout
     */
    public RegisterFile userView(MachineState state, TaskState task) {
        return provider.userView(Objects.requireNonNull(state, "state"), Objects.requireNonNull(task, "task"));
    }

    /**
     * A field register the kernel keeps per task outside the register layout (PowerPC's user MSR), as the task
     * has it now.
     *
     * @param state         the machine
     * @param task          a task of it
     * @param fieldRegister one of the architecture's field layouts
     * @return its value, or empty if the architecture keeps no per-task copy of it
     */
    public Optional<FieldRegister> taskFieldRegister(MachineState state, TaskState task, FieldLayout fieldRegister) {
        return provider.taskFieldRegister(Objects.requireNonNull(state, "state"), Objects.requireNonNull(task, "task"),
                Objects.requireNonNull(fieldRegister, "fieldRegister"));
    }

    /**
     * The exploration alphabet for a world: every action the explorer may try from any state of it.
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public List<Action> alphabet(MachineState world) {
        return List.copyOf(provider.actions(Objects.requireNonNull(world, "world")));
    }

    /**
     * The symmetry of an exploration world and alphabet, if the architecture offers one.
     *
     * @param world    the initial state
     * @param alphabet the alphabet
     * @return the symmetry, or empty
     */
    public Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(alphabet, "alphabet");
        return Objects.requireNonNull(provider.symmetry(world, alphabet), "symmetry of " + architecture.id());
    }

    /**
     * Coverage points of a state: the ownership combinations it reaches.
     *
     * @param state a state
     * @return the points
     */
    public Set<String> coverage(MachineState state) {
        return provider.coverage(Objects.requireNonNull(state, "state"));
    }

    @Override
    public String toString() {
        return "StepEngine[" + architecture.id() + "]";
    }
}

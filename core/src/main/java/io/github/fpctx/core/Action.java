package io.github.fpctx.core;

import java.util.List;
import java.util.Objects;

import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.util.Checks;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One step a scenario or the explorer can take: a user-space action, an interrupt, a context switch, a
 * syscall, or any named kernel path. Architectures create actions through {@link Operations} and their own
 * typed helpers; the explorer draws them from {@link StepEngine#alphabet(MachineState)}.
 *
 * <pre>{@code
 * Action a = Action.of("t: user writes f0", s -> s.isRunning("t"), ctx -> ctx.call("...", () -> ...));
 * }</pre>
 *
 * <p>{@link #apply} must be deterministic: the same state gives the same result.
 */
public interface Action {
    /** @return a label for traces, e.g. {@code mariadbd: interrupt, io_uring worker created at exit} */
    String label();

    /**
     * Whether the action can happen in a state (the explorer only tries enabled actions; a scenario that runs a
     * disabled action fails with {@link IllegalStateException}).
     *
     * @param state the state
     * @return whether it is enabled
     */
    default boolean isEnabled(MachineState state) {
        return true;
    }

    /**
     * Why the action is not enabled in a state, for error messages.
     *
     * @param state a state in which {@link #isEnabled} is false
     * @return the reason
     */
    default String whyDisabled(MachineState state) {
        return "'" + label() + "' is not possible in this state";
    }

    /**
     * Performs the action.
     *
     * @param ctx the step's context
     */
    void apply(KernelContext ctx);

    /**
     * An action from parts.
     *
     * @param label   its label
     * @param enabled when it is enabled
     * @param body    what it does
     * @return the action
     */
    static Action of(String label, Predicate<MachineState> enabled, Consumer<KernelContext> body) {
        return of(label, enabled, s -> "'" + label + "' is not possible in this state", body);
    }

    /**
     * An action from parts, with its own explanation of why it is disabled.
     *
     * @param label       its label
     * @param enabled     when it is enabled
     * @param whyDisabled the reason it is not, for a state where {@code enabled} is false
     * @param body        what it does
     * @return the action
     */
    static Action of(String label, Predicate<MachineState> enabled, Function<MachineState, String> whyDisabled,
                     Consumer<KernelContext> body) {
        Checks.name(label, "Action label");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(whyDisabled, "whyDisabled");
        Objects.requireNonNull(body, "body");
        return new Action() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public boolean isEnabled(MachineState state) {
                return enabled.test(state);
            }

            @Override
            public String whyDisabled(MachineState state) {
                return whyDisabled.apply(state);
            }

            @Override
            public void apply(KernelContext ctx) {
                body.accept(ctx);
            }

            @Override
            public String toString() {
                return label;
            }
        };
    }

    /**
     * An action of a user task that must be running in user mode (a user-space write, a syscall, an interrupt
     * taken in user mode); its body runs with {@link KernelContext#onCpu(int)} set to the task's CPU.
     *
     * @param label its label
     * @param task  the task's name
     * @param body  what it does
     * @return the action
     */
    static Action forUserTask(String label, String task, Consumer<KernelContext> body) {
        Checks.name(task, "Task name");
        return of(label, s -> s.isInUserMode(task), s -> s.whyNotInUserMode(task), ctx -> {
            ctx.onCpu(ctx.state().task(task).cpu());
            body.accept(ctx);
        });
    }

    /**
     * Whether two alphabets have the same labels in the same order: how an architecture recognises the alphabet it
     * built for a world (e.g. before declaring the world's symmetry, which holds for that alphabet only).
     *
     * @param a an alphabet
     * @param b another
     * @return whether their labels are equal, position by position
     */
    static boolean sameLabels(List<? extends Action> a, List<? extends Action> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).label().equals(b.get(i).label())) {
                return false;
            }
        }
        return true;
    }
}

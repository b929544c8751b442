package io.github.fpctx.core;

import io.github.fpctx.core.internal.Checks;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One step a scenario or the explorer can take: a user-space action, an interrupt, a context switch, a
 * syscall, or any named kernel path. Architectures create actions through {@link Operations} and their own
 * typed helpers; the explorer draws them from {@link Architecture#actions(MachineState)}.
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
        Checks.name(label, "Action label");
        Checks.notNull(enabled, "enabled");
        Checks.notNull(body, "body");
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
            public void apply(KernelContext ctx) {
                body.accept(ctx);
            }

            @Override
            public String toString() {
                return label;
            }
        };
    }
}

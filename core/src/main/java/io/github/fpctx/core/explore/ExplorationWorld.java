package io.github.fpctx.core.explore;

import java.util.Objects;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.util.Checks;

import java.util.List;

/**
 * A named exploration world an architecture offers: an initial state and the alphabet to explore it with, e.g.
 * the world of a model-checking anchor ("3 user tasks x 3 CPUs, exec/schedule/kernel-FPU steps") so that fpctx
 * can be measured side by side with SPIN and TLC on comparable state spaces.
 *
 * @param name        the world's name, e.g. {@code anchor-exec-3x3}
 * @param description what it contains and how it differs from the model it mirrors
 * @param initial     the initial state
 * @param alphabet    the actions, in a fixed order
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationWorld(String name, String description, MachineState initial, List<Action> alphabet) {
    /**
     * Validates and copies.
     */
    public ExplorationWorld {
        Checks.name(name, "Exploration world name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(initial, "initial state");
        alphabet = List.copyOf(Objects.requireNonNull(alphabet, "alphabet"));
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("Exploration world '" + name + "' needs at least one action");
        }
    }

    /**
     * @param architecture the architecture the world belongs to
     * @return an explorer over this world with its alphabet
     */
    public Explorer explorer(Architecture architecture) {
        return Explorer.on(architecture, initial).actions(alphabet);
    }
}

package io.github.fpctx.core.spi;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.MachineState;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An architecture's named exploration worlds and the symmetry of its alphabets: what
 * {@link AbstractArchitectureProvider} answers {@link ArchitectureProvider#explorationWorlds()},
 * {@link ArchitectureProvider#explorationWorld} and {@link ArchitectureProvider#symmetry} with.
 */
public interface ExplorationCatalog {
    /** @return the world names, in a fixed order */
    List<String> names();

    /**
     * Builds a world.
     *
     * @param provider the architecture that runs it
     * @param name     one of {@link #names()} (the provider refuses other names first)
     * @param errata   errata to turn on, already validated
     * @return the world
     */
    ExplorationWorld world(ArchitectureProvider provider, String name, Set<String> errata);

    /**
     * The symmetry of an exploration (see {@link ArchitectureProvider#symmetry}).
     *
     * @param world    the initial state
     * @param alphabet the actions explored
     * @return the symmetry, or empty (no reduction)
     */
    Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet);
}

package io.github.fpctx.core.spi;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.util.Checks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The part of an {@link ArchitectureProvider} that is data: the id, aliases, description, layout, errata and
 * invariants given to the constructor, and the exploration worlds of an {@link ExplorationCatalog}. A plugin extends
 * it and implements the kernel model (initial states, user view, operations).
 *
 * <pre>{@code
 * public final class Arm64Provider extends AbstractArchitectureProvider {
 *     public Arm64Provider() {
 *         super("arm64", Set.of("aarch64"), "arm64 FPSIMD", Arm64Layout.LAYOUT,
 *                 Arm64Errata.all(), Arm64Invariants.all(), Arm64Worlds.CATALOG);
 *     }
 *     ...
 * }
 * }</pre>
 */
public abstract class AbstractArchitectureProvider implements ArchitectureProvider {
    private final String id;
    private final Set<String> aliases;
    private final String description;
    private final RegisterLayout layout;
    private final List<Erratum> errata;
    private final List<Invariant> invariants;
    private final ExplorationCatalog worlds;

    /**
     * A provider from its data.
     *
     * @param id          the architecture id, e.g. {@code ppc64}
     * @param aliases     other names it answers to
     * @param description one line for listings
     * @param layout      its register layout
     * @param errata      the bugs it can switch on
     * @param invariants  what must hold in every state and step of it
     * @param worlds      its exploration worlds and symmetries
     */
    protected AbstractArchitectureProvider(String id, Set<String> aliases, String description, RegisterLayout layout,
                                           List<Erratum> errata, List<Invariant> invariants, ExplorationCatalog worlds) {
        this.id = Checks.name(id, "Architecture id");
        this.aliases = Set.copyOf(aliases);
        this.description = Objects.requireNonNull(description, "description");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.errata = List.copyOf(errata);
        this.invariants = List.copyOf(invariants);
        this.worlds = Objects.requireNonNull(worlds, "worlds");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Set<String> aliases() {
        return aliases;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final RegisterLayout layout() {
        return layout;
    }

    @Override
    public final List<Erratum> errata() {
        return errata;
    }

    @Override
    public final List<Invariant> invariants() {
        return invariants;
    }

    @Override
    public final Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        return worlds.symmetry(world, alphabet);
    }

    @Override
    public final List<String> explorationWorlds() {
        return worlds.names();
    }

    @Override
    public final ExplorationWorld explorationWorld(String name, Set<String> errata) {
        if (!worlds.names().contains(name)) {
            return ArchitectureProvider.super.explorationWorld(name, errata); // refuses, naming the known worlds
        }
        return worlds.world(this, name, errata);
    }
}

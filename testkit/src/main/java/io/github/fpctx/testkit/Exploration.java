package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fluent front of the core {@link Explorer}: breadth-first search over action sequences from a small world,
 * up to a bound, checking every invariant after every step and de-duplicating equal states; the shortest
 * counterexample comes back as a {@link ScenarioResult}.
 *
 * <pre>{@code
 * ExplorationReport r = Scenario.on("x86_64").withErratum("exec-fpu-drop").cpus(2)
 *     .task("A", t -> t.onCpu(0)).task("B", t -> t.onCpu(1))
 *     .explore()
 *     .bound(6)
 *     .withCoverage()
 *     .run();
 * FpAssertions.assertThat(r).foundViolation().withinSteps(6);
 * }</pre>
 *
 * <p>Deterministic: the same world, alphabet and bound give the same counterexample and the same counts (only
 * the elapsed time varies). Not thread-safe while being configured.
 */
public final class Exploration {
    private final Architecture architecture;
    private final MachineState world;
    private List<Action> actions;
    private Predicate<? super Action> filter;
    private List<Invariant> invariants;
    private int bound = 8;
    private boolean coverage;

    private Exploration(Architecture architecture, MachineState world) {
        if (architecture == null || world == null) {
            throw new IllegalArgumentException("architecture and world must not be null");
        }
        if (!world.architecture().equals(architecture.id())) {
            throw new IllegalArgumentException("World of architecture '" + world.architecture() + "' cannot be explored with "
                    + architecture.id());
        }
        this.architecture = architecture;
        this.world = world;
    }

    /**
     * An exploration from a machine state.
     *
     * @param architecture the architecture
     * @param world        the initial state (its errata and configuration are the model's)
     * @return the exploration: the architecture's alphabet and invariants, bound 8
     */
    public static Exploration of(Architecture architecture, MachineState world) {
        return new Exploration(architecture, world);
    }

    /**
     * An exploration from a machine spec.
     *
     * @param architecture the architecture
     * @param world        the initial machine
     * @return the exploration
     */
    public static Exploration of(Architecture architecture, MachineSpec world) {
        if (architecture == null || world == null) {
            throw new IllegalArgumentException("architecture and world must not be null");
        }
        return new Exploration(architecture, architecture.machines().newMachine(world));
    }

    /**
     * @param maxSteps the longest action sequence to try, 1 to 1000
     * @return this exploration
     */
    public Exploration bound(int maxSteps) {
        if (maxSteps < 1 || maxSteps > 1000) {
            throw new IllegalArgumentException("Invalid value for exploration bound (valid values 1 - 1000): " + maxSteps);
        }
        this.bound = maxSteps;
        return this;
    }

    /**
     * Explores with a chosen alphabet instead of the architecture's.
     *
     * @param alphabet the actions, in the order to try them
     * @return this exploration
     */
    public Exploration actions(List<Action> alphabet) {
        if (alphabet == null || alphabet.isEmpty()) {
            throw new IllegalArgumentException("An exploration alphabet needs at least one action");
        }
        this.actions = List.copyOf(alphabet);
        return this;
    }

    /**
     * Keeps only the actions of the alphabet that a predicate accepts, e.g. {@code a -> !a.label().contains("exec")}.
     *
     * @param keep the predicate
     * @return this exploration
     */
    public Exploration onlyActions(Predicate<? super Action> keep) {
        if (keep == null) {
            throw new IllegalArgumentException("keep must not be null");
        }
        this.filter = keep;
        return this;
    }

    /**
     * @param checked the invariants to check (default: all of the architecture's)
     * @return this exploration
     */
    public Exploration invariants(List<Invariant> checked) {
        if (checked == null || checked.isEmpty()) {
            throw new IllegalArgumentException("An exploration needs at least one invariant to check");
        }
        this.invariants = List.copyOf(checked);
        return this;
    }

    /** @return this exploration, also collecting the coverage of every distinct state */
    public Exploration withCoverage() {
        this.coverage = true;
        return this;
    }

    /** @return the initial state */
    public MachineState world() {
        return world;
    }

    /** @return the actions the search will try, in order */
    public List<Action> alphabet() {
        List<Action> a = actions != null ? actions : architecture.engine().alphabet(world);
        if (filter != null) {
            a = a.stream().filter(filter::test).toList();
            if (a.isEmpty()) {
                throw new IllegalStateException("The action filter of this exploration keeps none of the "
                        + architecture.id() + " alphabet's actions");
            }
        }
        return a;
    }

    /**
     * Runs the search.
     *
     * @return the shortest counterexample or none up to the bound, with statistics and (if asked) coverage
     */
    public ExplorationReport run() {
        Explorer e = Explorer.on(architecture, world).bound(bound).actions(alphabet());
        if (invariants != null) {
            e = e.invariants(invariants);
        }
        List<MachineState> seen = new ArrayList<>();
        if (coverage) {
            e = e.onDistinctState(seen::add);
        }
        ExplorationResult r = e.run();
        Optional<ScenarioResult> cx = r.counterexample().map(t -> new ScenarioResult(architecture, t));
        Optional<CoverageReport> cov = coverage ? Optional.of(CoverageReport.of(architecture, seen)) : Optional.empty();
        return new ExplorationReport(cx, r.statistics(), r.bound(), cov);
    }

    @Override
    public String toString() {
        return "Exploration[" + architecture.id() + ", bound " + bound + "]";
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.internal.Checks;
import io.github.fpctx.core.spi.ArchitectureProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One architecture model, as found by {@link Architectures}: its register layout, field registers, errata,
 * invariants, kernel paths and exploration alphabet, and the means to build machines and run actions.
 *
 * <pre>{@code
 * Architecture ppc = Architectures.load().require("ppc64");
 * MachineState s = ppc.newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
 * Trace trace = ppc.run(s, List.of(ppc.operations().userWrite("t", "vs0", BitVector.ones(128)),
 *                                  ppc.operations().fork("t", "child")));
 * System.out.println(trace.render());
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe if its provider is.
 */
public final class Architecture {
    private final ArchitectureProvider provider;
    private final String id;
    private final Set<String> aliases;
    private final RegisterLayout layout;
    private final Map<String, Erratum> errata;
    private final Map<String, FieldLayout> fieldLayouts;
    private final List<Invariant> invariants;
    private final Map<KernelConfig, List<String>> volatileCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Operations operations;

    /**
     * Wraps a provider, validating what it declares.
     *
     * @param provider the provider
     * @throws IllegalArgumentException if the provider declares something inconsistent (blank id, duplicate
     *                                  erratum ids, a fix amending an unknown bug)
     */
    public Architecture(ArchitectureProvider provider) {
        this.provider = Checks.notNull(provider, "provider");
        this.id = Checks.name(provider.id(), "Architecture id of " + provider.getClass().getName());
        this.aliases = Set.copyOf(Checks.notNull(provider.aliases(), "aliases"));
        this.layout = Checks.notNull(provider.layout(), "layout of " + id);
        Map<String, Erratum> e = new LinkedHashMap<>();
        for (Erratum x : Checks.notNull(provider.errata(), "errata of " + id)) {
            if (e.put(x.id(), x) != null) {
                throw new IllegalArgumentException("Erratum id '" + x.id() + "' is declared twice by " + id);
            }
        }
        for (Erratum x : e.values()) {
            x.amends().ifPresent(a -> {
                if (!e.containsKey(a)) {
                    throw new IllegalArgumentException("Variant " + x.id() + " of " + id + " amends unknown erratum '" + a + "'");
                }
            });
        }
        this.errata = java.util.Collections.unmodifiableMap(e);
        Map<String, FieldLayout> f = new LinkedHashMap<>();
        for (FieldLayout x : Checks.notNull(provider.fieldLayouts(), "field layouts of " + id)) {
            f.put(x.name(), x);
        }
        this.fieldLayouts = java.util.Collections.unmodifiableMap(f);
        List<Invariant> inv = new ArrayList<>(CoreInvariants.all());
        inv.addAll(Checks.notNull(provider.invariants(), "invariants of " + id));
        this.invariants = List.copyOf(inv);
        this.operations = Checks.notNull(provider.operations(), "operations of " + id);
    }

    /** @return the id, e.g. {@code ppc64} */
    public String id() {
        return id;
    }

    /** @return the aliases */
    public Set<String> aliases() {
        return aliases;
    }

    /** @return the description */
    public String description() {
        return provider.description();
    }

    /** @return the provider (for its own typed extras) */
    public ArchitectureProvider provider() {
        return provider;
    }

    /** @return the register layout */
    public RegisterLayout layout() {
        return layout;
    }

    /** @return the field registers */
    public List<FieldLayout> fieldLayouts() {
        return List.copyOf(fieldLayouts.values());
    }

    /**
     * @param name a field register's name, e.g. {@code MSR}
     * @return its definition
     * @throws IllegalArgumentException naming the defined ones if there is none of that name
     */
    public FieldLayout fieldLayout(String name) {
        FieldLayout f = fieldLayouts.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown field register '" + name + "' in " + id + "; valid: " + fieldLayouts.keySet());
        }
        return f;
    }

    /** @return the default configuration */
    public KernelConfig defaultConfig() {
        return provider.defaultConfig();
    }

    /** @return the errata and fix variants */
    public List<Erratum> errata() {
        return List.copyOf(errata.values());
    }

    /**
     * @param erratumId an erratum id
     * @return the erratum
     * @throws IllegalArgumentException naming the valid ids if there is none of that id
     */
    public Erratum erratum(String erratumId) {
        Erratum e = errata.get(erratumId);
        if (e == null) {
            throw new IllegalArgumentException("Unknown erratum '" + erratumId + "' for " + id + "; valid: " + errata.keySet());
        }
        return e;
    }

    /** @return the core invariants followed by the architecture's own */
    public List<Invariant> invariants() {
        return invariants;
    }

    /** @return the generic operations */
    public Operations operations() {
        return operations;
    }

    /** @return the architecture's named kernel paths */
    public List<KernelPath> paths() {
        return List.copyOf(provider.paths());
    }

    /**
     * @param name a kernel path name
     * @return the path
     */
    public KernelPath path(String name) {
        for (KernelPath p : provider.paths()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown kernel path '" + name + "' in " + id + "; valid: "
                + provider.paths().stream().map(KernelPath::name).toList());
    }

    /** @return the registers the function-call ABI makes volatile, under the default configuration */
    public List<String> abiVolatileRegisters() {
        return abiVolatileRegisters(defaultConfig());
    }

    /**
     * @param config a configuration
     * @return the registers the function-call ABI makes volatile under it
     */
    public List<String> abiVolatileRegisters(KernelConfig config) {
        return volatileCache.computeIfAbsent(config, c -> {
            List<String> v = List.copyOf(provider.abiVolatileRegisters(c));
            v.forEach(layout::register);
            return v;
        });
    }

    /**
     * @param config a configuration
     * @return the registers after {@code execve}
     */
    public RegisterFile initRegisters(KernelConfig config) {
        return provider.initRegisters(config);
    }

    /**
     * What a user task would observe of its registers now.
     *
     * @param state the machine
     * @param task  a user task
     * @return the registers
     */
    public RegisterFile userView(MachineState state, TaskState task) {
        return provider.userView(state, task);
    }

    /**
     * Builds a machine.
     *
     * @param spec what it should look like
     * @return the initial state
     * @throws IllegalArgumentException for an unknown erratum or register, or a spec the architecture cannot model
     */
    public MachineState newMachine(MachineSpec spec) {
        Checks.notNull(spec, "spec");
        spec.errata().forEach(this::erratum);
        for (TaskSpec t : spec.tasks()) {
            for (Map.Entry<String, BitVector> r : t.registers().entrySet()) {
                Register reg = layout.register(r.getKey());
                if (r.getValue().width() != reg.width()) {
                    throw new IllegalArgumentException("Register " + reg.name() + " is " + reg.width() + " bits wide; got a "
                            + r.getValue().width() + "-bit value");
                }
            }
        }
        return provider.initialState(spec, spec.config().orElse(defaultConfig()));
    }

    /**
     * The exploration alphabet for a world.
     *
     * @param world the initial state
     * @return the actions
     */
    public List<Action> actions(MachineState world) {
        return List.copyOf(provider.actions(world));
    }

    /**
     * The symmetry of an exploration world and alphabet, if the architecture offers one (see
     * {@link ArchitectureProvider#symmetry}).
     *
     * @param world    the initial state
     * @param alphabet the alphabet
     * @return the symmetry, or empty
     */
    public java.util.Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        Checks.notNull(world, "world");
        Checks.notNull(alphabet, "alphabet");
        return Checks.notNull(provider.symmetry(world, alphabet), "symmetry of " + id());
    }

    /** @return the names of the architecture's exploration worlds */
    public List<String> explorationWorlds() {
        return List.copyOf(provider.explorationWorlds());
    }

    /**
     * Builds a named exploration world.
     *
     * @param name   one of {@link #explorationWorlds()}
     * @param errata errata ids to turn on (none: the fixed kernel)
     * @return the world
     * @throws IllegalArgumentException for an unknown world or erratum
     */
    public ExplorationWorld explorationWorld(String name, String... errata) {
        Checks.notNull(name, "world name");
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String e : Checks.notNull(errata, "errata")) {
            erratum(e);
            ids.add(e);
        }
        if (!provider.explorationWorlds().contains(name)) {
            throw new IllegalArgumentException("Unknown exploration world '" + name + "' of " + id() + "; known worlds: "
                    + provider.explorationWorlds());
        }
        return provider.explorationWorld(name, java.util.Set.copyOf(ids));
    }

    /**
     * Coverage points of a state.
     *
     * @param state a state
     * @return the points
     */
    public Set<String> coverage(MachineState state) {
        return provider.coverage(state);
    }

    /**
     * Runs one action with tracing.
     *
     * @param state  the state before
     * @param action the action
     * @param index  the step's 1-based index
     * @return the step
     * @throws IllegalStateException if the action is not enabled in the state
     */
    public Step step(MachineState state, Action action, int index) {
        return step(state, action, index, true);
    }

    /**
     * Runs one action.
     *
     * @param state   the state before
     * @param action  the action
     * @param index   the step's 1-based index
     * @param tracing whether to record changes and notes (off: the explorer's fast mode)
     * @return the step
     */
    public Step step(MachineState state, Action action, int index, boolean tracing) {
        Checks.notNull(state, "state");
        Checks.notNull(action, "action");
        if (!action.isEnabled(state)) {
            throw new IllegalStateException("Step " + index + " (" + action.label() + ") cannot run: " + action.whyDisabled(state));
        }
        return stepEnabled(state, action, index, tracing);
    }

    /**
     * {@link #step(MachineState, Action, int, boolean)} for an action the caller has just found enabled (the
     * explorer's hot path: the guard is not evaluated twice).
     *
     * @param state   the state before, in which {@code action} is enabled
     * @param action  the action
     * @param index   the step's 1-based index
     * @param tracing whether to record changes and notes
     * @return the step
     */
    public Step stepEnabled(MachineState state, Action action, int index, boolean tracing) {
        KernelContext ctx = new KernelContext(this, state, action.label(), tracing);
        action.apply(ctx);
        return ctx.finish(index, state);
    }

    /**
     * Checks every invariant after a step.
     *
     * @param step the step
     * @return the violations
     */
    public List<Violation> check(Step step) {
        List<Violation> out = new ArrayList<>();
        for (Invariant i : invariants) {
            for (Violation v : i.check(step, this)) {
                out.add(v.atStep(step.index()));
            }
        }
        return out;
    }

    /**
     * Runs actions in order, checking every invariant after every step.
     *
     * @param initial the initial state
     * @param actions the actions
     * @return the trace
     * @throws IllegalStateException if an action is not enabled when its turn comes
     */
    public Trace run(MachineState initial, List<Action> actions) {
        Checks.notNull(actions, "actions");
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
     * Looks up an erratum that may be absent.
     *
     * @param erratumId an id
     * @return the erratum, if declared
     */
    public Optional<Erratum> findErratum(String erratumId) {
        return Optional.ofNullable(errata.get(erratumId));
    }

    @Override
    public String toString() {
        return "Architecture[" + id + "]";
    }
}

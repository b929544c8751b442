package io.github.fpctx.core;

import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.state.ExtensionTypes;
import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One architecture model, as found by {@link Architectures}: what it declares (register layout, field registers,
 * errata, invariants, kernel paths, exploration worlds) and its two working parts, the {@link MachineFactory} that
 * builds machines and the {@link StepEngine} that runs actions on them.
 *
 * <pre>{@code
 * Architecture ppc = Architectures.load().require("ppc64");
 * MachineState s = ppc.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
 * Trace trace = ppc.engine().run(s, List.of(ppc.operations().userWrite("t", "vs0", BitVector.ones(128)),
 *                                           ppc.operations().fork("t", "child")));
 * System.out.println(trace.render());
 * }</pre>
 *
 * <p>Instances are made only by {@link Architectures} (from {@link Architectures#load()} or, for tests,
 * {@link Architectures#of(ArchitectureProvider...)}), which validates what the provider declares.
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
    private final Operations operations;
    private final MachineFactory machines;
    private final StepEngine engine;

    /**
     * Wraps a provider, validating what it declares.
     *
     * @throws IllegalArgumentException if the provider declares something inconsistent (blank id, duplicate
     *                                  erratum ids, a fix amending an unknown bug)
     */
    Architecture(ArchitectureProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.id = Checks.name(provider.id(), "Architecture id of " + provider.getClass().getName());
        this.aliases = Set.copyOf(Objects.requireNonNull(provider.aliases(), "aliases of " + id));
        this.layout = Objects.requireNonNull(provider.layout(), "layout of " + id);
        Map<String, Erratum> e = new LinkedHashMap<>();
        for (Erratum x : Objects.requireNonNull(provider.errata(), "errata of " + id)) {
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
        this.errata = Collections.unmodifiableMap(e);
        Map<String, FieldLayout> f = new LinkedHashMap<>();
        for (FieldLayout x : Objects.requireNonNull(provider.fieldLayouts(), "field layouts of " + id)) {
            f.put(x.name(), x);
        }
        this.fieldLayouts = Collections.unmodifiableMap(f);
        List<Invariant> inv = new ArrayList<>(CoreInvariants.all());
        inv.addAll(Objects.requireNonNull(provider.invariants(), "invariants of " + id));
        this.invariants = List.copyOf(inv);
        this.operations = Objects.requireNonNull(provider.operations(), "operations of " + id);
        ExtensionTypes types = Objects.requireNonNull(provider.extensionTypes(), "extension types of " + id);
        this.machines = new MachineFactory(this, provider, types);
        this.engine = new StepEngine(this, provider);
    }

    /** @return the id, e.g. {@code ppc64} */
    public String id() {
        return id;
    }

    /** @return other names {@link Architectures#require} accepts, e.g. {@code powerpc64} */
    public Set<String> aliases() {
        return aliases;
    }

    /** @return a one-line description */
    public String description() {
        return provider.description();
    }

    /** @return the user-visible FP/vector register layout */
    public RegisterLayout layout() {
        return layout;
    }

    /** @return the field registers (MSR, FPSCR, MXCSR, ...) */
    public List<FieldLayout> fieldLayouts() {
        return List.copyOf(fieldLayouts.values());
    }

    /**
     * @param name a field register's name, e.g. {@code MSR}
     * @return its definition
     * @throws IllegalArgumentException naming the defined ones if there is none of that name
     */
    public FieldLayout fieldLayout(String name) {
        FieldLayout f = fieldLayouts.get(Objects.requireNonNull(name, "name"));
        if (f == null) {
            throw new IllegalArgumentException("Unknown field register '" + name + "' in " + id + "; valid: " + fieldLayouts.keySet());
        }
        return f;
    }

    /** @return the errata and fix variants, all off by default */
    public List<Erratum> errata() {
        return List.copyOf(errata.values());
    }

    /**
     * @param erratumId an erratum id
     * @return the erratum
     * @throws IllegalArgumentException naming the valid ids if there is none of that id
     */
    public Erratum erratum(String erratumId) {
        Erratum e = errata.get(Objects.requireNonNull(erratumId, "erratumId"));
        if (e == null) {
            throw new IllegalArgumentException("Unknown erratum '" + erratumId + "' for " + id + "; valid: " + errata.keySet());
        }
        return e;
    }

    /**
     * @param erratumId an id
     * @return the erratum, if declared
     */
    public Optional<Erratum> findErratum(String erratumId) {
        return Optional.ofNullable(errata.get(Objects.requireNonNull(erratumId, "erratumId")));
    }

    /** @return the core invariants followed by the architecture's own */
    public List<Invariant> invariants() {
        return invariants;
    }

    /** @return the generic event vocabulary, implemented with this architecture's kernel paths */
    public Operations operations() {
        return operations;
    }

    /** @return the architecture's own named kernel paths */
    public List<KernelPath> paths() {
        return List.copyOf(provider.paths());
    }

    /**
     * @param name a kernel path name
     * @return the path
     * @throws IllegalArgumentException naming the known paths if there is none of that name
     */
    public KernelPath path(String name) {
        Objects.requireNonNull(name, "name");
        for (KernelPath p : provider.paths()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown kernel path '" + name + "' in " + id + "; valid: "
                + provider.paths().stream().map(KernelPath::name).toList());
    }

    /** @return the machine factory: builds machines, init registers and ABI facts per configuration */
    public MachineFactory machines() {
        return machines;
    }

    /** @return the step engine: runs actions, checks invariants, answers what user space sees */
    public StepEngine engine() {
        return engine;
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
        Objects.requireNonNull(name, "name");
        Set<String> ids = new LinkedHashSet<>();
        for (String e : Objects.requireNonNull(errata, "errata")) {
            erratum(e);
            ids.add(e);
        }
        if (!provider.explorationWorlds().contains(name)) {
            throw new IllegalArgumentException("Unknown exploration world '" + name + "' of " + id + "; known worlds: "
                    + provider.explorationWorlds());
        }
        ExplorationWorld w = provider.explorationWorld(name, Set.copyOf(ids));
        machines.checked(w.initial());
        return w;
    }

    @Override
    public String toString() {
        return "Architecture[" + id + "]";
    }

    /**
     * The note codecs of this architecture (its provider's {@link ArchitectureProvider#noteCodecs()}), e.g. for
     * {@code ElfCore.read(path).registers(architecture)}.
     *
     * @return the codecs; empty if the architecture reads no core notes
     */
    public List<io.github.fpctx.core.spi.NoteCodec> noteCodecs() {
        return List.copyOf(provider.noteCodecs());
    }

    /**
     * The GDB target description of this architecture (its provider's {@link ArchitectureProvider#gdbTarget()}),
     * as {@link io.github.fpctx.core.gdb.GdbServer} serves it.
     *
     * @return the description, or empty if the architecture has none
     */
    public Optional<io.github.fpctx.core.gdb.GdbTargetDescription> gdbTarget() {
        return provider.gdbTarget();
    }
}

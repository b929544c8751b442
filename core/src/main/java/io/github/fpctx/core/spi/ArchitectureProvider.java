package io.github.fpctx.core.spi;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelPath;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.state.ExtensionTypes;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an architecture module implements to plug into fpctx. Found through {@link java.util.ServiceLoader}:
 * declare it with {@code provides io.github.fpctx.core.spi.ArchitectureProvider with ...} in
 * {@code module-info.java} and in {@code META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider}.
 * It needs a public no-argument constructor (or a public static {@code provider()} method on the module path).
 *
 * <p>Users never call a provider directly: {@link io.github.fpctx.core.Architectures} wraps each in an
 * {@link io.github.fpctx.core.Architecture}. A provider is asked for its layout and errata once; the results
 * are cached.
 *
 * <p>A plugin must answer six things: {@link #id()}, {@link #layout()}, {@link #initialState},
 * {@link #initRegisters}, {@link #userView} and {@link #operations()}. Everything else has a default: no aliases,
 * the id as description, {@link KernelConfig#DEFAULT}, no ABI-volatile registers (every syscall strict), no field
 * registers, errata, invariants, named paths, exploration alphabet, coverage points, symmetry or worlds, and no
 * architecture state ({@link ExtensionTypes#NONE}).
 *
 * <p>Architecture state: declare the record types of your per-CPU, per-task and machine-wide state in
 * {@link #extensionTypes()} (records implementing {@link io.github.fpctx.core.state.CpuExtension},
 * {@link io.github.fpctx.core.state.TaskExtension}, {@link io.github.fpctx.core.state.MachineExtension}, in an
 * exported package so traces diff them field by field) and read them back with
 * {@code task.ext(MyTask.class)}; the engine checks every machine you build against the declaration.
 */
public interface ArchitectureProvider {
    /** @return the architecture id, e.g. {@code ppc64}; unique among providers */
    String id();

    /** @return other names accepted by {@code Architectures.require}, e.g. {@code powerpc64} */
    default Set<String> aliases() {
        return Set.of();
    }

    /** @return a one-line description (default: the id) */
    default String description() {
        return id();
    }

    /** @return the user-visible FP/vector register layout, control registers (FPSCR, MXCSR, ...) included */
    RegisterLayout layout();

    /** @return the field registers this architecture defines (MSR, FPSCR, MXCSR, ...) */
    default List<FieldLayout> fieldLayouts() {
        return List.of();
    }

    /**
     * A field register the kernel keeps per task outside the register layout, e.g. PowerPC's user MSR
     * ({@code thread.regs->msr}: FP, VEC, VSX, FE0, FE1), as the task has it now. Lets assertions such as the
     * testkit's {@code seesField("MSR", "FE0", 1)} reach it.
     *
     * @param state         the machine
     * @param task          a task of it
     * @param fieldRegister one of {@link #fieldLayouts()}
     * @return its value, or empty if the architecture keeps no per-task copy of that field register
     */
    default Optional<FieldRegister> taskFieldRegister(MachineState state, TaskState task, FieldLayout fieldRegister) {
        return Optional.empty();
    }


    /** @return the default kernel configuration and CPU features (default: {@link KernelConfig#DEFAULT}) */
    default KernelConfig defaultConfig() {
        return KernelConfig.DEFAULT;
    }

    /**
     * The record types of the architecture's per-CPU, per-task and machine-wide state.
     *
     * @return the declaration (default: {@link ExtensionTypes#NONE}, no architecture state)
     */
    default ExtensionTypes extensionTypes() {
        return ExtensionTypes.NONE;
    }

    /** @return the errata and fix variants, all off by default */
    default List<Erratum> errata() {
        return List.of();
    }

    /** @return the architecture's own invariants (the core's generic ones are always checked too) */
    default List<Invariant> invariants() {
        return List.of();
    }

    /**
     * The registers (or views) the function-call ABI lets change across a call, and so across a syscall made
     * through a libc wrapper unless {@link KernelConfig#STRICT_SYSCALL_ABI} is on.
     *
     * @param config the configuration
     * @return register or view names of {@link #layout()} (default: none, i.e. every syscall preserves every
     *         register, as under the strict syscall ABI)
     */
    default List<String> abiVolatileRegisters(KernelConfig config) {
        return List.of();
    }

    /**
     * The registers {@link KernelConfig#STRICT_SYSCALL_ABI} leaves out: those the real kernel is known not to carry
     * across a syscall return (a documented kernel behaviour, not a bug the model should report), e.g. PowerPC's
     * VRSAVE in a fork child. Strict mode checks every other register; the default ABI leaves these out as well as
     * the {@link #abiVolatileRegisters ABI-volatile} ones.
     *
     * @param config the configuration
     * @return register or view names of {@link #layout()}; empty by default
     */
    default List<String> strictSyscallAbiExceptions(KernelConfig config) {
        return List.of();
    }

    /**
     * The registers a new program sees after {@code execve}.
     *
     * @param config the configuration
     * @return a file of {@link #layout()}
     */
    RegisterFile initRegisters(KernelConfig config);

    /**
     * Builds a machine.
     *
     * @param spec   the CPUs, tasks and errata (already checked against {@link #errata()})
     * @param config the configuration to use
     * @return the initial state
     * @throws IllegalArgumentException for a spec the architecture cannot model (say what and why)
     */
    MachineState initialState(MachineSpec spec, KernelConfig config);

    /**
     * What a user task would observe if it read its registers now: the live registers where its state is live
     * on its CPU, otherwise what the kernel would load before it could read them.
     *
     * @param state the machine
     * @param task  a user task of it
     * @return a file of {@link #layout()}
     */
    RegisterFile userView(MachineState state, TaskState task);

    /** @return the generic event vocabulary, implemented with this architecture's kernel paths */
    Operations operations();

    /** @return the architecture's own named kernel paths */
    default List<KernelPath> paths() {
        return List.of();
    }

    /**
     * The exploration alphabet for a world: every action the explorer may try from any state of it (actions
     * decide themselves whether they are enabled). Register contents should be drawn from a few distinct
     * tokens, as model checkers do.
     *
     * @param world the initial state of the exploration
     * @return the actions, in a fixed order (default: none, so the explorer cannot explore this architecture)
     */
    default List<Action> actions(MachineState world) {
        return List.of();
    }

    /**
     * Coverage points a state reaches: one string per combination of ownership state worth reporting, e.g.
     * {@code "T: owner[0]=T last_cpu=0 TIF=0"} on x86 or {@code "T: MSR[FP VEC VSX] live"} on PowerPC.
     *
     * @param state a state
     * @return its coverage points
     */
    default Set<String> coverage(MachineState state) {
        return Set.of();
    }

    /**
     * The symmetry of an exploration world and alphabet, for symmetry reduction: a map from a state to a
     * representative of its orbit under permutations of interchangeable CPUs and same-role tasks. The provider must
     * return one only when the alphabet is closed under the permutations (see {@link Symmetry} for the conditions),
     * e.g. by checking that {@code alphabet} is its own exploration alphabet for {@code world}.
     *
     * @param world    the initial state of the exploration
     * @param alphabet the actions it explores with
     * @return the symmetry, or empty (the default: no reduction)
     */
    default Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        return Optional.empty();
    }

    /** @return the names of the exploration worlds {@link #explorationWorld} builds (default: none) */
    default List<String> explorationWorlds() {
        return List.of();
    }

    /**
     * Builds a named exploration world.
     *
     * @param name   one of {@link #explorationWorlds()}
     * @param errata errata of {@link #errata()} to turn on (none: the fixed kernel)
     * @return the world
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    default ExplorationWorld explorationWorld(String name, Set<String> errata) {
        throw new IllegalArgumentException("Unknown exploration world '" + name + "' of " + id() + "; known worlds: "
                + explorationWorlds());
    }

    /**
     * The codecs that read and write this architecture's FP/vector core-file notes and ptrace regsets, for
     * {@link io.github.fpctx.core.elf.ElfCore#registers(io.github.fpctx.core.Architecture)}; each decodes into
     * {@link #layout()}.
     *
     * @return the codecs (default: none)
     */
    default List<NoteCodec> noteCodecs() {
        return List.of();
    }

    /**
     * The GDB target description of {@link #layout()} that GDB accepts for this architecture: the general
     * registers' core feature (declared; served as unavailable where the model does not hold them) and the
     * FP/vector features, with GDB's feature and register names.
     *
     * @return the description, or empty (the default) if the architecture has none
     */
    default Optional<io.github.fpctx.core.gdb.GdbTargetDescription> gdbTarget() {
        return Optional.empty();
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.state.ExtensionTypes;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds machines of one architecture and answers what a configuration implies: the registers a new program starts
 * with after {@code execve} and the registers the function-call ABI lets a syscall change. Reached through
 * {@link Architecture#machines()}.
 *
 * <pre>{@code
 * MachineFactory m = Architectures.load().require("ppc64").machines();
 * MachineState s = m.newMachine(MachineSpec.builder().cpus(2).userTask("t", 0).build());
 * RegisterFile afterExec = m.initRegisters(s.config());
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe if its architecture's provider is.
 */
public final class MachineFactory {
    private final Architecture architecture;
    private final ArchitectureProvider provider;
    private final ExtensionTypes types;
    private final Map<KernelConfig, List<String>> volatileCache = new ConcurrentHashMap<>();
    private final Map<KernelConfig, List<String>> uncheckedCache = new ConcurrentHashMap<>();

    MachineFactory(Architecture architecture, ArchitectureProvider provider, ExtensionTypes types) {
        this.architecture = architecture;
        this.provider = provider;
        this.types = types;
    }

    /** @return the configuration a machine gets when its spec names none */
    public KernelConfig defaultConfig() {
        return provider.defaultConfig();
    }

    /**
     * Builds a machine.
     *
     * @param spec what it should look like
     * @return the initial state
     * @throws IllegalArgumentException for an unknown erratum or register, a value of the wrong width, or a spec the
     *                                  architecture cannot model
     * @throws IllegalStateException    if the plugin builds a state whose extension records are not of the types it
     *                                  declares
     */
    public MachineState newMachine(MachineSpec spec) {
        Objects.requireNonNull(spec, "spec");
        spec.errata().forEach(architecture::erratum);
        for (TaskSpec t : spec.tasks()) {
            for (Map.Entry<String, io.github.fpctx.core.register.BitVector> r : t.registers().entrySet()) {
                architecture.layout().register(r.getKey()).check(r.getValue());
            }
        }
        return checked(provider.initialState(spec, spec.config().orElse(defaultConfig())));
    }

    /** Checks a state the plugin built against its declared extension types. */
    MachineState checked(MachineState s) {
        Objects.requireNonNull(s, "initial state of " + architecture.id());
        types.check(s, architecture.id());
        return s;
    }

    /**
     * The registers a new program sees after {@code execve}.
     *
     * @param config a configuration
     * @return a file of the architecture's layout
     */
    public RegisterFile initRegisters(KernelConfig config) {
        return provider.initRegisters(Objects.requireNonNull(config, "config"));
    }

    /**
     * The registers (or views) the function-call ABI lets change across a call, and so across a syscall made through
     * a libc wrapper unless {@link KernelConfig#STRICT_SYSCALL_ABI} is on.
     *
     * @param config a configuration (a machine's own: {@code state.config()})
     * @return register or view names of the layout
     */
    public List<String> abiVolatileRegisters(KernelConfig config) {
        Objects.requireNonNull(config, "config");
        return volatileCache.computeIfAbsent(config, c -> {
            List<String> v = List.copyOf(provider.abiVolatileRegisters(c));
            v.forEach(architecture.layout()::register);
            return v;
        });
    }

    /**
     * The registers a syscall return does not check under the machine's configuration: under
     * {@link KernelConfig#STRICT_SYSCALL_ABI} the {@link #strictSyscallAbiExceptions strict-mode exceptions} only,
     * otherwise the {@link #abiVolatileRegisters ABI-volatile registers} and those exceptions (a register the real
     * kernel does not carry across a syscall is not carried under the looser default ABI either). Computed once per
     * configuration.
     *
     * @param config a configuration (a machine's own: {@code state.config()})
     * @return register or view names of the layout, without repeats
     */
    public List<String> syscallUncheckedRegisters(KernelConfig config) {
        Objects.requireNonNull(config, "config");
        return uncheckedCache.computeIfAbsent(config, c -> {
            List<String> exceptions = strictSyscallAbiExceptions(c);
            if (c.has(KernelConfig.STRICT_SYSCALL_ABI)) {
                return exceptions;
            }
            Set<String> union = new LinkedHashSet<>(abiVolatileRegisters(c));
            union.addAll(exceptions);
            return List.copyOf(union);
        });
    }

    /**
     * The registers the strict syscall ABI ({@link KernelConfig#STRICT_SYSCALL_ABI}) does not check, because the
     * real kernel is known not to preserve them (the architecture documents why, e.g. PowerPC's VRSAVE in a fork
     * child).
     *
     * @param config a configuration (a machine's own: {@code state.config()})
     * @return register or view names of the layout
     */
    public List<String> strictSyscallAbiExceptions(KernelConfig config) {
        List<String> v = List.copyOf(provider.strictSyscallAbiExceptions(Objects.requireNonNull(config, "config")));
        v.forEach(architecture.layout()::register);
        return v;
    }

    /** @return the extension record types the architecture declares */
    public ExtensionTypes extensionTypes() {
        return types;
    }

    @Override
    public String toString() {
        return "MachineFactory[" + architecture.id() + "]";
    }
}

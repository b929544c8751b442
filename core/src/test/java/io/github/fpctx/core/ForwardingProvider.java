package io.github.fpctx.core;

import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;

import java.util.List;
import java.util.Set;

/** Delegates every SPI method to another provider (lets tests make a second provider class). */
public class ForwardingProvider implements ArchitectureProvider {
    private final ArchitectureProvider d;

    public ForwardingProvider(ArchitectureProvider d) {
        this.d = d;
    }

    @Override
    public String id() {
        return d.id();
    }

    @Override
    public Set<String> aliases() {
        return d.aliases();
    }

    @Override
    public String description() {
        return d.description();
    }

    @Override
    public io.github.fpctx.core.state.ExtensionTypes extensionTypes() {
        return d.extensionTypes();
    }

    @Override
    public RegisterLayout layout() {
        return d.layout();
    }

    @Override
    public KernelConfig defaultConfig() {
        return d.defaultConfig();
    }

    @Override
    public List<Erratum> errata() {
        return d.errata();
    }

    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        return d.abiVolatileRegisters(config);
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        return d.initRegisters(config);
    }

    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        return d.initialState(spec, config);
    }

    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        return d.userView(state, task);
    }

    @Override
    public Operations operations() {
        return d.operations();
    }

    @Override
    public List<Action> actions(MachineState world) {
        return d.actions(world);
    }
}

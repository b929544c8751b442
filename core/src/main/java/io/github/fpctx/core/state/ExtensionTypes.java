package io.github.fpctx.core.state;

import java.util.Objects;

/**
 * The extension types an architecture declares for its machine states: the record class of its per-CPU, per-task and
 * machine-wide state (or {@link NoExtension} for "none"). The engine checks every machine a plugin builds against
 * them, so a plugin that reads {@code task.ext(PowerPcThread.class)} is guaranteed the type it declared.
 *
 * <pre>{@code
 * public ExtensionTypes extensionTypes() {
 *     return ExtensionTypes.of(Arm64Cpu.class, Arm64Task.class, NoExtension.class);
 * }
 * }</pre>
 *
 * @param cpu     the per-CPU record type
 * @param task    the per-task record type
 * @param machine the machine-wide record type
 * @implSpec This class is immutable and thread-safe.
 */
public record ExtensionTypes(Class<? extends CpuExtension> cpu, Class<? extends TaskExtension> task,
                             Class<? extends MachineExtension> machine) {
    /** No architecture state at all: {@link NoExtension} everywhere. */
    public static final ExtensionTypes NONE = new ExtensionTypes(NoExtension.class, NoExtension.class, NoExtension.class);

    /**
     * Validates the parts.
     *
     * @param cpu     not null
     * @param task    not null
     * @param machine not null
     */
    public ExtensionTypes {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(machine, "machine");
    }

    /**
     * The declared types.
     *
     * @param cpu     the per-CPU record type
     * @param task    the per-task record type
     * @param machine the machine-wide record type
     * @return the declaration
     */
    public static ExtensionTypes of(Class<? extends CpuExtension> cpu, Class<? extends TaskExtension> task,
                                    Class<? extends MachineExtension> machine) {
        return new ExtensionTypes(cpu, task, machine);
    }

    /**
     * Checks that a machine holds exactly the declared types.
     *
     * @param state        a machine built by the architecture
     * @param architecture the architecture's id, for the message
     * @throws IllegalStateException naming the CPU or task and both types if one does not
     */
    public void check(MachineState state, String architecture) {
        for (CpuState c : state.cpus()) {
            if (!cpu.isInstance(c.ext())) {
                throw new IllegalStateException(architecture + " built CPU " + c.id() + " with per-CPU state of type "
                        + c.ext().getClass().getName() + "; it declares " + cpu.getName());
            }
        }
        for (TaskState t : state.tasks()) {
            if (!task.isInstance(t.ext())) {
                throw new IllegalStateException(architecture + " built task '" + t.name() + "' with per-task state of type "
                        + t.ext().getClass().getName() + "; it declares " + task.getName());
            }
        }
        if (!machine.isInstance(state.ext())) {
            throw new IllegalStateException(architecture + " built a machine with machine-wide state of type "
                    + state.ext().getClass().getName() + "; it declares " + machine.getName());
        }
    }
}

package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.util.Checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a new machine should look like: configuration, enabled errata, CPU count and tasks. Turned into a
 * {@link MachineState} by {@link io.github.fpctx.core.MachineFactory#newMachine(MachineSpec)}.
 *
 * <pre>{@code
 * MachineSpec spec = MachineSpec.builder()
 *         .cpus(2)
 *         .erratum("exec-fpu-drop")
 *         .task(TaskSpec.running("T", 0).withRegister("xmm0", BitVector.of(128, 0x55)))
 *         .kernelThread("K", 1)
 *         .build();
 * }</pre>
 *
 * @param config the configuration; empty for the architecture's default
 * @param errata the enabled errata ids
 * @param cpus   the number of CPUs, 1 to 64
 * @param tasks  the tasks
 * @implSpec This class is immutable and thread-safe.
 */
public record MachineSpec(Optional<KernelConfig> config, Set<String> errata, int cpus, List<TaskSpec> tasks) {
    /**
     * Validates and copies.
     *
     * @param config config
     * @param errata errata
     * @param cpus   CPUs
     * @param tasks  tasks
     */
    public MachineSpec {
        Objects.requireNonNull(config, "config");
        errata = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(errata, "errata")));
        Checks.range("number of CPUs", cpus, 1, 64);
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
        Set<String> names = new LinkedHashSet<>();
        String[] running = new String[cpus];
        for (TaskSpec t : tasks) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("Task name '" + t.name() + "' is used twice");
            }
            if (t.cpu() >= cpus) {
                throw new IllegalArgumentException("Invalid value for CPU of task '" + t.name() + "' (valid values 0 - "
                        + (cpus - 1) + "): " + t.cpu());
            }
            if (t.running()) {
                if (running[t.cpu()] != null) {
                    throw new IllegalStateException("CPU " + t.cpu() + " is already running task '" + running[t.cpu()]
                            + "'; cannot also run '" + t.name() + "'");
                }
                running[t.cpu()] = t.name();
            }
        }
    }

    /** @return a builder with one CPU, no tasks, no errata and the default configuration */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MachineSpec}; not thread-safe. */
    public static final class Builder {
        private KernelConfig config;
        private final Set<String> errata = new LinkedHashSet<>();
        private int cpus = 1;
        private final List<TaskSpec> tasks = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param c the configuration (replaces the architecture's default)
         * @return this builder
         */
        public Builder config(KernelConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /**
         * @param id an erratum to enable
         * @return this builder
         */
        public Builder erratum(String id) {
            errata.add(Checks.name(id, "Erratum id"));
            return this;
        }

        /**
         * @param n the number of CPUs
         * @return this builder
         */
        public Builder cpus(int n) {
            this.cpus = n;
            return this;
        }

        /**
         * @param t a task
         * @return this builder
         */
        public Builder task(TaskSpec t) {
            tasks.add(Objects.requireNonNull(t, "task"));
            return this;
        }

        /**
         * A user task running in user mode.
         *
         * @param name its name
         * @param cpu  its CPU
         * @return this builder
         */
        public Builder userTask(String name, int cpu) {
            return task(TaskSpec.running(name, cpu));
        }

        /**
         * A kernel thread, not running.
         *
         * @param name its name
         * @param cpu  its CPU
         * @return this builder
         */
        public Builder kernelThread(String name, int cpu) {
            return task(new TaskSpec(name, TaskKind.KERNEL_THREAD, cpu, false, Map.of()));
        }

        /** @return the spec */
        public MachineSpec build() {
            return new MachineSpec(Optional.ofNullable(config), errata, cpus, tasks);
        }
    }
}

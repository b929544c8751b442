package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.util.Checks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A task to put into a new machine: its name, kind, CPU, whether it is running there in user mode, and the
 * register values user space has written before the model starts.
 *
 * @param name      the task's name
 * @param kind      user task or kernel thread
 * @param cpu       its CPU ({@code task_cpu})
 * @param running   whether it is the CPU's current task (user tasks then run in user mode)
 * @param registers register name to value, applied in order through the layout's views; must be empty for a
 *                  kernel thread
 * @implSpec This class is immutable and thread-safe.
 */
public record TaskSpec(String name, TaskKind kind, int cpu, boolean running, Map<String, BitVector> registers) {
    /**
     * Validates and copies.
     *
     * @param name      name
     * @param kind      kind
     * @param cpu       CPU
     * @param running   running
     * @param registers initial registers
     */
    public TaskSpec {
        Checks.name(name, "Task name");
        Objects.requireNonNull(kind, "kind");
        if (cpu < 0) {
            throw new IllegalArgumentException("Invalid value for CPU of task '" + name + "' (valid values 0 or more): " + cpu);
        }
        registers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(registers, "registers")));
        if (kind == TaskKind.KERNEL_THREAD && !registers.isEmpty()) {
            throw new IllegalArgumentException("Kernel thread '" + name + "' has no user registers to set");
        }
    }

    /**
     * A user task running in user mode on a CPU with all registers zero.
     *
     * @param name the name
     * @param cpu  the CPU
     * @return the spec
     */
    public static TaskSpec running(String name, int cpu) {
        return new TaskSpec(name, TaskKind.USER, cpu, true, Map.of());
    }

    /**
     * @param register a register name
     * @param value    its value
     * @return this spec with one more initial register value
     */
    public TaskSpec withRegister(String register, BitVector value) {
        Map<String, BitVector> m = new LinkedHashMap<>(registers);
        m.put(register, value);
        return new TaskSpec(name, kind, cpu, running, m);
    }

    /** @return the CPU it runs on, if running */
    public OptionalInt runningOn() {
        return running ? OptionalInt.of(cpu) : OptionalInt.empty();
    }
}

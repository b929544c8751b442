package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.util.Checks;

/**
 * One task in a {@link MachineState}: its saved FP/vector area, arch-specific fields, mode, CPU, and the
 * oracle: the registers user space last wrote, which is what it must see whenever it runs in user mode.
 *
 * <p>{@code cpu} is {@code task_cpu(t)}: the CPU the task last ran on or is queued on; whether it is
 * <em>running</em> there is recorded by that CPU's {@link CpuState#current()}. {@code ext} is the
 * architecture's per-task state (e.g. PowerPC's {@code regs->msr}, {@code fpexc_mode}; x86's {@code last_cpu},
 * {@code TIF_NEED_FPU_LOAD}); it is a {@link TaskExtension} record, or {@link NoExtension#INSTANCE}.
 *
 * @param name   the task's name (its {@code comm}); unique in a machine
 * @param pid    its pid
 * @param kind   user task or kernel thread
 * @param mode   where it executes
 * @param cpu    {@code task_cpu}: 0 or more
 * @param saved  its saved FP/vector area (e.g. {@code thread.fp_state}/{@code vr_state}, {@code fpu->fpstate})
 * @param oracle what user space last wrote (for a kernel thread: unused, zero)
 * @param ext    the architecture's per-task state
 * @implSpec This class is immutable and thread-safe if {@code ext} is.
 */
public record TaskState(String name, int pid, TaskKind kind, TaskMode mode, int cpu, RegisterFile saved,
                        RegisterFile oracle, TaskExtension ext) {
    /**
     * Validates the parts.
     *
     * @param name   name
     * @param pid    pid
     * @param kind   kind
     * @param mode   mode
     * @param cpu    CPU
     * @param saved  saved area
     * @param oracle oracle
     * @param ext    arch state
     */
    public TaskState {
        Checks.name(name, "Task name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(oracle, "oracle");
        Objects.requireNonNull(ext, "ext");
        if (cpu < 0) {
            throw new IllegalArgumentException("Invalid value for CPU of task '" + name + "' (valid values 0 or more): " + cpu);
        }
        if (kind == TaskKind.KERNEL_THREAD && mode == TaskMode.USER) {
            throw new IllegalArgumentException("Kernel thread '" + name + "' cannot run in user mode");
        }
    }

    /**
     * The architecture's per-task state, typed.
     *
     * @param type the record class the architecture uses
     * @param <T>  that type
     * @return the state
     * @throws IllegalStateException if the state is of another type
     */
    public <T extends TaskExtension> T ext(Class<T> type) {
        if (!type.isInstance(ext)) {
            throw new IllegalStateException("Task '" + name + "' has arch state of type " + ext.getClass().getName()
                    + ", not " + type.getName());
        }
        return type.cast(ext);
    }

    /** @return whether this is a user task */
    public boolean isUser() {
        return kind == TaskKind.USER;
    }

    /**
     * @param m the new mode
     * @return the new task state
     */
    public TaskState withMode(TaskMode m) {
        return m == mode ? this : new TaskState(name, pid, kind, m, cpu, saved, oracle, ext);
    }

    /**
     * @param c the new {@code task_cpu}
     * @return the new task state
     */
    public TaskState withCpu(int c) {
        return c == cpu ? this : new TaskState(name, pid, kind, mode, c, saved, oracle, ext);
    }

    /**
     * @param s the new saved area
     * @return the new task state
     */
    public TaskState withSaved(RegisterFile s) {
        return s.equals(saved) ? this : new TaskState(name, pid, kind, mode, cpu, s, oracle, ext);
    }

    /**
     * @param o the new oracle
     * @return the new task state
     */
    public TaskState withOracle(RegisterFile o) {
        return o.equals(oracle) ? this : new TaskState(name, pid, kind, mode, cpu, saved, o, ext);
    }

    /**
     * @param e the new arch state
     * @return the new task state
     */
    public TaskState withExt(TaskExtension e) {
        return e.equals(ext) ? this : new TaskState(name, pid, kind, mode, cpu, saved, oracle, e);
    }

    /**
     * @param newName the new name (a fork's child)
     * @param newPid  its pid
     * @return a copy under another name
     */
    public TaskState renamed(String newName, int newPid) {
        return new TaskState(newName, newPid, kind, mode, cpu, saved, oracle, ext);
    }
}

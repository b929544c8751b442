package io.github.fpctx.core.state;

import java.util.Objects;

import io.github.fpctx.core.register.RegisterFile;

import java.util.Optional;

/**
 * One CPU in a {@link MachineState}: its live FP/vector registers, the task it runs, its execution context
 * and the architecture's per-CPU variables ({@code ext}: e.g. x86's {@code fpu_fpregs_owner_ctx} and
 * {@code in_kernel_fpu}, PowerPC's kernel MSR); {@code ext} is a {@link CpuExtension} record, or {@link NoExtension#INSTANCE}.
 *
 * @param id      the CPU number
 * @param live    the hardware registers
 * @param current the task running, or empty when idle
 * @param exec    the execution context
 * @param ext     the architecture's per-CPU state
 * @implSpec This class is immutable and thread-safe if {@code ext} is.
 */
public record CpuState(int id, RegisterFile live, Optional<String> current, ExecContext exec, CpuExtension ext) {
    /**
     * Validates the parts.
     *
     * @param id      id
     * @param live    live registers
     * @param current running task
     * @param exec    execution context
     * @param ext     arch state
     */
    public CpuState {
        if (id < 0) {
            throw new IllegalArgumentException("Invalid value for CPU id (valid values 0 or more): " + id);
        }
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(ext, "ext");
    }

    /**
     * The architecture's per-CPU state, typed.
     *
     * @param type the record class the architecture uses
     * @param <T>  that type
     * @return the state
     */
    public <T extends CpuExtension> T ext(Class<T> type) {
        if (!type.isInstance(ext)) {
            throw new IllegalStateException("CPU " + id + " has arch state of type " + ext.getClass().getName()
                    + ", not " + type.getName());
        }
        return type.cast(ext);
    }

    /** @return whether a task runs here */
    public boolean isBusy() {
        return current.isPresent();
    }

    /**
     * @param r the new live registers
     * @return the new CPU state
     */
    public CpuState withLive(RegisterFile r) {
        return r.equals(live) ? this : new CpuState(id, r, current, exec, ext);
    }

    /**
     * @param task the task now running, or empty
     * @return the new CPU state
     */
    public CpuState withCurrent(Optional<String> task) {
        return task.equals(current) ? this : new CpuState(id, live, task, exec, ext);
    }

    /**
     * @param e the new execution context
     * @return the new CPU state
     */
    public CpuState withExec(ExecContext e) {
        return e.equals(exec) ? this : new CpuState(id, live, current, e, ext);
    }

    /**
     * @param e the new arch state
     * @return the new CPU state
     */
    public CpuState withExt(CpuExtension e) {
        return e.equals(ext) ? this : new CpuState(id, live, current, exec, e);
    }
}

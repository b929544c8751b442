package io.github.fpctx.core.spi;

import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.CpuExtension;
import io.github.fpctx.core.state.MachineExtension;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.TaskExtension;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.Objects;

/**
 * The shape of an architecture's kernel model: one instance serves one step, holds the {@link KernelContext} the
 * step writes through, and offers the state accessors every kernel path needs, typed by the architecture's
 * extension records (its {@link io.github.fpctx.core.state.ExtensionTypes}). A plugin's kernel extends it and
 * writes each kernel function as an instance method that calls {@code ctx.call("kernel_function", ...)}, so the
 * model reads like the C it mirrors:
 *
 * <pre>{@code
 * final class Kernel extends KernelModel<Arm64Cpu, Arm64Task, NoExtension> {
 *     Kernel(KernelContext ctx) {
 *         super(ctx, Arm64Cpu.class, Arm64Task.class, NoExtension.class);
 *     }
 *
 *     void fpsimdFlushTaskState(String task) {      // arch/arm64/kernel/fpsimd.c
 *         ctx.call("fpsimd_flush_task_state", () -> setTaskExt(task, taskExt(task).flushed()));
 *     }
 * }
 * }</pre>
 *
 * <p>Writes go through {@link KernelContext#update(MachineState, Source)}, so each change is attributed to the
 * innermost kernel function; register writes say their {@link Source}. The accessors read the context's current
 * state every time: they never cache one.
 *
 * @param <C> the per-CPU record type
 * @param <T> the per-task record type
 * @param <M> the machine-wide record type
 * @implSpec Instances are not thread-safe: a step runs on one thread, with a context of its own.
 */
public abstract class KernelModel<C extends CpuExtension, T extends TaskExtension, M extends MachineExtension> {
    /** The step's context: the state being built, the call tree, the configuration. */
    protected final KernelContext ctx;
    private final Class<C> cpuType;
    private final Class<T> taskType;
    private final Class<M> machineType;

    /**
     * A kernel model for one step.
     *
     * @param ctx         the step's context
     * @param cpuType     the architecture's per-CPU record type
     * @param taskType    its per-task record type
     * @param machineType its machine-wide record type
     */
    protected KernelModel(KernelContext ctx, Class<C> cpuType, Class<T> taskType, Class<M> machineType) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.cpuType = Objects.requireNonNull(cpuType, "cpuType");
        this.taskType = Objects.requireNonNull(taskType, "taskType");
        this.machineType = Objects.requireNonNull(machineType, "machineType");
    }

    /** @return the step's context */
    public final KernelContext context() {
        return ctx;
    }

    /** @return the state as the step has built it so far */
    public final MachineState state() {
        return ctx.state();
    }

    /**
     * @param task a task name
     * @return the task, which must exist
     */
    public final TaskState task(String task) {
        return ctx.state().task(task);
    }

    /**
     * @param task a task name
     * @return its architecture state ({@code tsk->thread} on PowerPC, {@code struct fpu} on x86)
     */
    public final T taskExt(String task) {
        return task(task).ext(taskType);
    }

    /**
     * Replaces a task's architecture state.
     *
     * @param task a task name
     * @param ext  its new architecture state
     */
    public final void setTaskExt(String task, T ext) {
        MachineState s = ctx.state();
        ctx.update(s.withTask(s.task(task).withExt(ext)));
    }

    /**
     * @param cpu a CPU
     * @return its per-CPU variables
     */
    public final C cpuExt(int cpu) {
        return ctx.state().cpu(cpu).ext(cpuType);
    }

    /**
     * Replaces a CPU's per-CPU variables.
     *
     * @param cpu a CPU
     * @param ext its new per-CPU variables
     */
    public final void setCpuExt(int cpu, C ext) {
        MachineState s = ctx.state();
        ctx.update(s.withCpu(s.cpu(cpu).withExt(ext)));
    }

    /** @return the machine-wide architecture state */
    public final M machineExt() {
        return ctx.state().ext(machineType);
    }

    /**
     * @param cpu a CPU
     * @return its live registers
     */
    public final RegisterFile live(int cpu) {
        return ctx.state().cpu(cpu).live();
    }

    /**
     * Replaces a CPU's live registers.
     *
     * @param cpu  a CPU
     * @param live its new registers
     * @param from where the values written came from
     */
    public final void setLive(int cpu, RegisterFile live, Source from) {
        MachineState s = ctx.state();
        ctx.update(s.withCpu(s.cpu(cpu).withLive(live)), from);
    }

    /**
     * @param task a task name
     * @return its save area (the kernel's copy of its registers)
     */
    public final RegisterFile saved(String task) {
        return task(task).saved();
    }

    /**
     * Replaces a task's save area.
     *
     * @param task  a task name
     * @param saved its new save area
     * @param from  where the values written came from
     */
    public final void setSaved(String task, RegisterFile saved, Source from) {
        MachineState s = ctx.state();
        ctx.update(s.withTask(s.task(task).withSaved(saved)), from);
    }

    /**
     * Sets whether a task runs in user or kernel mode.
     *
     * @param task a task name
     * @param mode its new mode
     */
    public final void setMode(String task, TaskMode mode) {
        MachineState s = ctx.state();
        ctx.update(s.withTask(s.task(task).withMode(mode)));
    }

    /**
     * @param task a task name
     * @return whether it is a user task (not {@code PF_KTHREAD | PF_USER_WORKER}): only those own user FP state
     */
    public final boolean isUser(String task) {
        return task(task).kind() == TaskKind.USER;
    }

    /**
     * @param task a task name
     * @return the CPU it runs on, or last ran on
     */
    public final int cpuOf(String task) {
        return task(task).cpu();
    }

    /**
     * @param cpu a CPU
     * @return the name of the task running there ({@code current})
     * @throws IllegalStateException if the CPU is idle
     */
    public final String current(int cpu) {
        return ctx.state().cpu(cpu).current().orElseThrow(() -> new IllegalStateException("CPU " + cpu + " is idle"));
    }

    /** @return the pid {@code copy_process} gives a new task: one above the largest in use */
    public final int nextPid() {
        int max = 0;
        for (TaskState t : ctx.state().tasks()) {
            max = Math.max(max, t.pid());
        }
        return max + 1;
    }
}

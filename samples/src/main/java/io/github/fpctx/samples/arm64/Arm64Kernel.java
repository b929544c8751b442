package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.spi.KernelModel;
import io.github.fpctx.core.state.NoExtension;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.Optional;

/**
 * The kernel primitives of {@code arch/arm64/kernel/fpsimd.c} the sample models, in the plugin kernel shape
 * ({@link KernelModel}): one instance serves one step.
 */
final class Arm64Kernel extends KernelModel<Arm64Cpu, Arm64Task, NoExtension> {
    Arm64Kernel(KernelContext ctx) {
        super(ctx, Arm64Cpu.class, Arm64Task.class, NoExtension.class);
    }

    /** {@code fpsimd_save_user_state}: the live registers into the task's state unless they are not its own. */
    void fpsimdSaveUserState(String task) {
        ctx.call("fpsimd_save_user_state", () -> {
            TaskState t = task(task);
            if (!taskExt(task).foreignFpstate() && state().isRunning(task)) {
                setSaved(task, live(t.cpu()), Source.live(t.cpu()));
            } else {
                ctx.note("TIF_FOREIGN_FPSTATE set: nothing to save");
            }
        });
    }

    /** {@code fpsimd_flush_task_state}: the task's state is bound to no CPU. */
    void fpsimdFlushTaskState(String task) {
        ctx.call("fpsimd_flush_task_state", () -> setTaskExt(task, Arm64Task.FLUSHED));
    }

    /** {@code fpsimd_flush_cpu_state}: the CPU holds no task's state; current's becomes foreign. */
    void fpsimdFlushCpuState(int cpu) {
        ctx.call("fpsimd_flush_cpu_state", () -> {
            setCpuExt(cpu, Arm64Cpu.UNBOUND);
            state().running(cpu).filter(TaskState::isUser).ifPresent(t ->
                    setTaskExt(t.name(), new Arm64Task(taskExt(t.name()).fpsimdCpu(), true)));
        });
    }

    /** {@code do_notify_resume} on the way to user space: load and bind if the state is foreign. */
    void returnToUser(String task) {
        int cpu = cpuOf(task);
        if (taskExt(task).foreignFpstate()) {
            ctx.call("do_notify_resume", () -> ctx.call("fpsimd_restore_current_state", () -> {
                RegisterFile saved = saved(task);
                ctx.call("fpsimd_load_state", () -> setLive(cpu, saved, ctx.saveArea(task)));
                ctx.call("fpsimd_bind_task_to_cpu", () -> {
                    setCpuExt(cpu, new Arm64Cpu(Optional.of(task)));
                    setTaskExt(task, new Arm64Task(cpu, false));
                });
            }));
        }
        setMode(task, TaskMode.USER);
    }
}

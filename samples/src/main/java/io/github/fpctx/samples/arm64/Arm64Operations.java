package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.state.Source;

import java.util.Optional;

/**
 * The generic vocabulary for the arm64 FPSIMD model, each event as the kernel functions of
 * {@code arch/arm64/kernel/fpsimd.c} and {@code process.c} it runs.
 */
final class Arm64Operations implements Operations {
    private final Arm64FpsimdProvider arch;

    Arm64Operations(Arm64FpsimdProvider arch) {
        this.arch = arch;
    }

    private static boolean inUser(MachineState s, String task) {
        return s.isInUserMode(task);
    }

    private static Action userAction(String label, String task, java.util.function.Consumer<io.github.fpctx.core.KernelContext> body) {
        return Action.forUserTask(label, task, body);
    }

    /** What {@code restore_fpsimd_context} reloads: the frame {@code preserve_fpsimd_context} filled. */
    static final Source SIGNAL_FRAME = Source.kernelValue("the signal frame (the save area at delivery)");
    /** What kernel NEON code leaves in v0 and v1. */
    static final Source KERNEL_NEON = Source.kernelValue("kernel NEON code's own value");

    @Override
    public Action userWrite(String task, String register, BitVector value) {
        return userAction(task + ": user writes " + register + " = " + value, task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with(register, value)))
                    .withTask(s.task(task).withOracle(s.task(task).oracle().with(register, value))), ctx.userSpace(task));
        });
    }

    @Override
    public Action preempt(String task) {
        return userAction(task + ": preempted (timer interrupt, schedule)", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.call("el0_interrupt", () -> ctx.call("schedule", () -> ctx.call("__switch_to", () ->
                    ctx.call("fpsimd_thread_switch", () -> {
                        new Arm64Kernel(ctx).fpsimdSaveUserState(task);
                        ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.KERNEL)).withIdle(cpu));
                    }))));
        });
    }

    @Override
    public Action resume(String task, int cpu) {
        return new Action() {
            @Override
            public String label() {
                return task + ": scheduled on cpu" + cpu;
            }

            @Override
            public boolean isEnabled(MachineState s) {
                return s.findTask(task).isPresent() && !s.isRunning(task) && cpu >= 0 && cpu < s.cpus().size() && !s.cpu(cpu).isBusy();
            }

            @Override
            public String whyDisabled(MachineState s) {
                return "task '" + task + "' must exist and not be running, and CPU " + cpu + " must exist and be idle";
            }

            @Override
            public void apply(io.github.fpctx.core.KernelContext ctx) {
                ctx.onCpu(cpu);
                ctx.call("__switch_to", () -> ctx.call("fpsimd_thread_switch", () -> {
                    ctx.update(s -> s.withRunning(cpu, task));
                    TaskState t = ctx.state().task(task);
                    if (t.isUser()) {
                        // wrong_task || wrong_cpu
                        boolean foreign = !Arm64FpsimdProvider.bound(ctx.state(), t, cpu);
                        ctx.update(s -> s.withTask(t.withExt(new Arm64Task(t.ext(Arm64Task.class).fpsimdCpu(), foreign))));
                        ctx.note(() -> "TIF_FOREIGN_FPSTATE=" + (foreign ? 1 : 0));
                    }
                }));
                if (ctx.state().task(task).isUser()) {
                    new Arm64Kernel(ctx).returnToUser(task);
                }
            }
        };
    }

    @Override
    public Action syscall(String task) {
        return userAction(task + ": syscall (getppid)", task, ctx -> ctx.call("el0_svc", () -> {
            ctx.call("__arm64_sys_getppid", () -> { });
            ctx.syscallBoundary(task);
            new Arm64Kernel(ctx).returnToUser(task);
        }));
    }

    @Override
    public Action interrupt(String task) {
        return userAction(task + ": interrupt", task, ctx -> ctx.call("el0_interrupt", () ->
                new Arm64Kernel(ctx).returnToUser(task)));
    }

    @Override
    public Action signal(String task) {
        return userAction(task + ": signal delivered, handler, rt_sigreturn", task, ctx -> {
            Arm64Kernel k = new Arm64Kernel(ctx);
            int cpu = ctx.state().task(task).cpu();
            RegisterFile[] frame = new RegisterFile[1];
            ctx.call("do_notify_resume", () -> ctx.call("setup_rt_frame", () -> ctx.call("preserve_fpsimd_context", () -> {
                ctx.call("fpsimd_signal_preserve_current_state", () -> k.fpsimdSaveUserState(task));
                frame[0] = ctx.state().task(task).saved();
            })));
            // the handler clobbers a caller-saved register
            ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with("v0", BitVector.ones(128)))), ctx.userSpace(task));
            ctx.note("handler clobbers v0");
            ctx.call("__arm64_sys_rt_sigreturn", () -> ctx.call("restore_fpsimd_context", () ->
                    ctx.call("fpsimd_update_current_state", () -> {
                        ctx.update(s -> s.withTask(s.task(task).withSaved(frame[0])), SIGNAL_FRAME);
                        k.fpsimdFlushTaskState(task);
                    })));
            k.returnToUser(task);
        });
    }

    @Override
    public Action fork(String task, String child) {
        return new Action() {
            @Override
            public String label() {
                return task + ": fork -> " + child;
            }

            @Override
            public boolean isEnabled(MachineState s) {
                return inUser(s, task) && s.findTask(child).isEmpty();
            }

            @Override
            public void apply(io.github.fpctx.core.KernelContext ctx) {
                Arm64Kernel k = new Arm64Kernel(ctx);
                int cpu = ctx.state().task(task).cpu();
                ctx.onCpu(cpu);
                ctx.call("el0_svc", () -> {
                    ctx.call("kernel_clone", () -> ctx.call("copy_process", () -> {
                        ctx.call("arch_dup_task_struct", () -> {
                            ctx.call("fpsimd_preserve_current_state", () -> k.fpsimdSaveUserState(task));
                            TaskState p = ctx.state().task(task);
                            ctx.update(s -> s.withNewTask(new TaskState(child, s.tasks().size() + 1, p.kind(), TaskMode.KERNEL, cpu,
                                    p.saved(), arch.userView(s, p), Arm64Task.FLUSHED)), ctx.saveArea(task));
                        });
                        ctx.call("copy_thread", () -> k.fpsimdFlushTaskState(child));
                    }));
                    ctx.syscallBoundary(task);
                    k.returnToUser(task);
                });
            }
        };
    }

    @Override
    public Action exec(String task) {
        return userAction(task + ": execve", task, ctx -> ctx.call("el0_svc", () -> {
            Arm64Kernel k = new Arm64Kernel(ctx);
            ctx.call("begin_new_exec", () -> ctx.call("flush_thread", () -> ctx.call("fpsimd_flush_thread", () -> {
                RegisterFile init = arch.initRegisters(ctx.config());
                ctx.update(s -> s.withTask(s.task(task).withSaved(init).withOracle(init)), Source.INIT_STATE);
                if (ctx.erratum(Arm64FpsimdProvider.EXEC_KEEPS_BINDING)) {
                    ctx.note("erratum: fpsimd_flush_task_state() not called; the old binding stays valid");
                } else {
                    k.fpsimdFlushTaskState(task);
                }
            })));
            k.returnToUser(task);
        }));
    }

    @Override
    public Action kernelFpUse(int cpu) {
        return Action.of("cpu" + cpu + ": kernel_neon_begin ... kernel_neon_end", s -> cpu >= 0 && cpu < s.cpus().size(), ctx -> {
            Arm64Kernel k = new Arm64Kernel(ctx);
            ctx.onCpu(cpu);
            Optional<TaskState> cur = ctx.state().running(cpu).filter(TaskState::isUser);
            ctx.call("kernel_neon_begin", () -> {
                ctx.preemptDisable(cpu); // get_cpu_fpsimd_context
                cur.ifPresent(t -> k.fpsimdSaveUserState(t.name()));
                k.fpsimdFlushCpuState(cpu);
            });
            ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with("v0", BitVector.ones(128)).with("v1", BitVector.ones(128)))),
                    KERNEL_NEON);
            ctx.note("kernel NEON code clobbers v0, v1");
            ctx.call("kernel_neon_end", () -> ctx.preemptEnable(cpu));
            cur.ifPresent(t -> k.returnToUser(t.name()));
        });
    }
}

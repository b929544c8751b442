package io.github.fpctx.core.toy;

import io.github.fpctx.core.state.ExtensionTypes;

import io.github.fpctx.core.state.CpuExtension;

import io.github.fpctx.core.state.NoExtension;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small lazy-FPU architecture for the core's own tests: one 128-bit register {@code v0} with a 64-bit view
 * {@code f0}, a per-CPU owner, and one erratum ({@code toy-lost-save}: the switch-out forgets to save).
 */
public final class ToyArchitecture implements ArchitectureProvider {
    /** Per-CPU state: which task's registers are live here. */
    public record ToyCpu(Optional<String> owner) implements CpuExtension {
    }

    /** Erratum id. */
    public static final String LOST_SAVE = "toy-lost-save";
    /** Erratum id of a lock bug: a sleeping lock under preempt_disable. */
    public static final String SLEEP_UNDER_PREEMPT = "toy-sleep-under-preempt";

    static final RegisterLayout LAYOUT = RegisterLayout.builder("toy")
            .register("v0", 128).view("f0", "v0", 64, 64).register("ctl", 32).build();

    private final String id;

    /** The provider ServiceLoader instantiates. */
    public ToyArchitecture() {
        this("toy");
    }

    /**
     * @param id the id to claim (tests use other ids to make duplicates)
     */
    public ToyArchitecture(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<String> aliases() {
        return id.equals("toy") ? Set.of("toy-arch") : Set.of();
    }

    @Override
    public String description() {
        return "toy lazy FPU";
    }

    @Override
    public RegisterLayout layout() {
        return LAYOUT;
    }

    @Override
    public ExtensionTypes extensionTypes() {
        return ExtensionTypes.of(ToyCpu.class, NoExtension.class, NoExtension.class);
    }

    @Override
    public KernelConfig defaultConfig() {
        return KernelConfig.DEFAULT;
    }

    @Override
    public List<Erratum> errata() {
        return List.of(Erratum.bug(LOST_SAVE, "switch-out forgets to save", "", "", List.of(), "stale registers", 3),
                Erratum.bug(SLEEP_UNDER_PREEMPT, "mutex under preempt_disable", "", "", List.of(), "splat", 1));
    }

    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        return List.of("f0");
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        return LAYOUT.zeroFile().with("ctl", BitVector.of(32, 0x37F));
    }

    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        List<CpuState> cpus = new ArrayList<>();
        for (int i = 0; i < spec.cpus(); i++) {
            cpus.add(new CpuState(i, LAYOUT.zeroFile(), Optional.empty(), ExecContext.IDLE, new ToyCpu(Optional.empty())));
        }
        List<TaskState> tasks = new ArrayList<>();
        int pid = 1;
        for (TaskSpec t : spec.tasks()) {
            RegisterFile regs = initRegisters(config).withAll(t.registers());
            tasks.add(new TaskState(t.name(), pid++, t.kind(), t.running() && t.kind() == io.github.fpctx.core.state.TaskKind.USER
                    ? TaskMode.USER : TaskMode.KERNEL, t.cpu(), regs, regs, NoExtension.INSTANCE));
            if (t.running()) {
                cpus.set(t.cpu(), cpus.get(t.cpu()).withCurrent(Optional.of(t.name())));
            }
        }
        return MachineState.of(id, config, spec.errata(), cpus, tasks, NoExtension.INSTANCE);
    }

    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        CpuState c = state.cpu(task.cpu());
        boolean live = state.isRunning(task.name()) && c.ext(ToyCpu.class).owner().filter(task.name()::equals).isPresent();
        return live ? c.live() : task.saved();
    }

    static void saveOwner(KernelContext ctx, int cpu) {
        CpuState c = ctx.state().cpu(cpu);
        Optional<String> owner = c.ext(ToyCpu.class).owner();
        if (owner.isPresent()) {
            ctx.call("save_fpu", () -> {
                TaskState t = ctx.state().task(owner.get());
                ctx.update(ctx.state().withTask(t.withSaved(c.live())));
            });
        }
        ctx.update(ctx.state().withCpu(ctx.state().cpu(cpu).withExt(new ToyCpu(Optional.empty()))));
    }

    @Override
    public Operations operations() {
        return new Operations() {
            @Override
            public Action userWrite(String task, String register, BitVector value) {
                return Action.of(task + ": user writes " + register + " = " + value,
                        s -> s.findTask(task).filter(t -> t.mode() == TaskMode.USER).isPresent() && s.isRunning(task),
                        ctx -> {
                            TaskState t = ctx.state().task(task);
                            int cpu = t.cpu();
                            ctx.onCpu(cpu);
                            CpuState c = ctx.state().cpu(cpu);
                            if (c.ext(ToyCpu.class).owner().filter(task::equals).isEmpty()) {
                                ctx.call("fpu_unavailable", () -> {
                                    saveOwner(ctx, cpu);
                                    ctx.call("load_fpu", () -> ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.task(task).saved())
                                            .withExt(new ToyCpu(Optional.of(task))))));
                                });
                            }
                            ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with(register, value))));
                            ctx.update(s -> s.withTask(s.task(task).withOracle(s.task(task).oracle().with(register, value))));
                        });
            }

            @Override
            public Action preempt(String task) {
                return Action.of(task + ": preempted",
                        s -> s.findTask(task).filter(t -> t.mode() == TaskMode.USER).isPresent() && s.isRunning(task),
                        ctx -> {
                            int cpu = ctx.state().task(task).cpu();
                            ctx.onCpu(cpu);
                            ctx.call("schedule", () -> ctx.call("__switch_to", () -> {
                                if (!ctx.erratum(LOST_SAVE)) {
                                    saveOwner(ctx, cpu);
                                } else {
                                    ctx.update(s -> s.withCpu(s.cpu(cpu).withExt(new ToyCpu(Optional.empty()))));
                                    ctx.note("owner dropped without saving");
                                }
                                ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.KERNEL)).withIdle(cpu));
                            }));
                        });
            }

            @Override
            public Action resume(String task, int cpu) {
                return Action.of(task + ": resumes on cpu" + cpu,
                        s -> s.findTask(task).isPresent() && !s.isRunning(task) && cpu < s.cpus().size() && !s.cpu(cpu).isBusy(),
                        ctx -> {
                            ctx.onCpu(cpu);
                            ctx.call("__switch_to", () -> ctx.update(s -> s.withRunning(cpu, task)));
                            if (ctx.state().task(task).isUser()) {
                                ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.USER)));
                            }
                        });
            }

            @Override
            public Action syscall(String task) {
                return Action.of(task + ": syscall", s -> s.isRunning(task), ctx -> {
                    ctx.onCpu(ctx.state().task(task).cpu());
                    ctx.call("syscall_exit_to_user_mode", () -> ctx.syscallBoundary(task));
                });
            }

            @Override
            public Action interrupt(String task) {
                return Action.of(task + ": interrupt", s -> s.isRunning(task), ctx -> ctx.call("irq_exit", () -> {
                }));
            }

            @Override
            public Action signal(String task) {
                return Action.of(task + ": signal", s -> s.isRunning(task), ctx -> ctx.call("handle_signal", () -> {
                }));
            }

            @Override
            public Action fork(String task, String child) {
                return Action.of(task + ": fork " + child, s -> s.isRunning(task) && s.findTask(child).isEmpty(), ctx -> {
                    int cpu = ctx.state().task(task).cpu();
                    ctx.onCpu(cpu);
                    ctx.call("copy_process", () -> {
                        if (ctx.erratum(SLEEP_UNDER_PREEMPT)) {
                            ctx.preemptDisable(cpu);
                            ctx.lock(cpu, new Lock("toy_mutex", LockKind.MUTEX));
                            ctx.unlock(cpu, new Lock("toy_mutex", LockKind.MUTEX));
                            ctx.preemptEnable(cpu);
                        }
                        TaskState t = ctx.state().task(task);
                        RegisterFile regs = userView(ctx.state(), t);
                        ctx.update(s -> s.withNewTask(new TaskState(child, s.tasks().size() + 1, t.kind(), TaskMode.KERNEL,
                                cpu, regs, regs, NoExtension.INSTANCE)));
                    });
                });
            }

            @Override
            public Action exec(String task) {
                return Action.of(task + ": exec", s -> s.isRunning(task), ctx -> {
                    int cpu = ctx.state().task(task).cpu();
                    ctx.onCpu(cpu);
                    ctx.call("flush_thread", () -> {
                        RegisterFile init = initRegisters(ctx.config());
                        ctx.update(s -> s.withTask(s.task(task).withSaved(init).withOracle(init))
                                .withCpu(s.cpu(cpu).withExt(new ToyCpu(Optional.empty()))));
                    });
                });
            }

            @Override
            public Action kernelFpUse(int cpu) {
                return Action.of("cpu" + cpu + ": kernel FP use", s -> cpu < s.cpus().size(), ctx -> {
                    ctx.onCpu(cpu);
                    ctx.call("kernel_fpu_begin", () -> {
                        saveOwner(ctx, cpu);
                        ctx.update(s -> s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with("v0", BitVector.ones(128)))));
                    });
                });
            }
        };
    }

    @Override
    public List<Action> actions(MachineState world) {
        List<Action> out = new ArrayList<>();
        Operations ops = operations();
        for (TaskState t : world.tasks()) {
            out.add(ops.userWrite(t.name(), "f0", BitVector.of(64, 1)));
            out.add(ops.preempt(t.name()));
            for (int c = 0; c < world.cpus().size(); c++) {
                out.add(ops.resume(t.name(), c));
            }
            out.add(ops.fork(t.name(), t.name() + "-child"));
        }
        for (int c = 0; c < world.cpus().size(); c++) {
            out.add(ops.kernelFpUse(c));
        }
        return out;
    }

    /**
     * @return a spec with one CPU and one task running with v0 = 0x..05
     */
    public static MachineSpec oneTask() {
        return MachineSpec.builder().cpus(1).task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 5))).build();
    }

    static Map<String, BitVector> none() {
        return Map.of();
    }
}

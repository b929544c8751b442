package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.core.util.Checks;
import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.SyscallResult;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The x86 actions: the fine-grained kernel paths (execve entry, {@code flush_thread}, exit to user, a context
 * switch on one CPU, kernel FPU use, clone, signals, {@code arch_prctl}), the core {@link Operations} built from
 * them, and the exploration alphabet.
 */
public final class X86Actions implements Operations {
    /** The phases from which a task may return to user space. */
    static final Set<KernelPhase> RETURNING = EnumSet.of(KernelPhase.INTERRUPTED, KernelPhase.EXECVE_FLUSHED, KernelPhase.NEW_CHILD,
            KernelPhase.SYSCALL);

    /** What a signal handler leaves in xmm0 before {@code sigreturn}. */
    static final BitVector HANDLER_TOKEN = BitVector.of(128, 0x5349_4748_4e4cL); // "SIGHNL"
    /** What {@code xrstor_from_user_sigframe} reloads: the frame {@code copy_fpregs_to_sigframe} filled. */
    static final Source SIGNAL_FRAME = Source.kernelValue("the signal frame (the live registers at delivery)");

    /** The shared instance. */
    public static final X86Actions INSTANCE = new X86Actions();

    private X86Actions() {
    }

    /**
     * An action whose guard explains itself (core's {@link Action#of}, with the explanation doubling as the guard).
     *
     * @param label  the label
     * @param whyNot why the action is disabled in a state, or {@code null} when it is enabled
     * @param body   what it does
     * @return the action
     */
    static Action action(String label, Function<MachineState, String> whyNot, Consumer<KernelContext> body) {
        return action(label, s -> whyNot.apply(s) == null, whyNot, body);
    }

    /**
     * An action with a cheap guard (the explorer asks every action of the alphabet in every state, so guards build
     * no message) and, separately, the explanation of why it is disabled.
     *
     * @param label   the label
     * @param enabled whether the action is enabled; must agree with {@code whyNot}
     * @param whyNot  why the action is disabled in a state, or {@code null} when it is enabled
     * @param body    what it does
     * @return the action
     */
    static Action action(String label, Predicate<MachineState> enabled, Function<MachineState, String> whyNot, Consumer<KernelContext> body) {
        return Action.of(label, enabled, s -> Objects.requireNonNullElse(whyNot.apply(s), "'" + label + "' is enabled"), body);
    }

    /**
     * An action of a running user task in user mode (core's {@link Action#forUserTask}); its body runs with
     * {@link KernelContext#onCpu} already set to the task's CPU.
     */
    static Action inUserMode(String label, String task, Consumer<KernelContext> body) {
        return Action.forUserTask(label, task, body);
    }

    /** An action of a running task in one of the given kernel phases. */
    static Action inPhase(String label, String task, Set<KernelPhase> phases, Consumer<KernelContext> body) {
        return action(label, s -> isRunningInPhase(s, task, phases), s -> runningInPhase(s, task, phases), body);
    }

    static boolean isRunningInPhase(MachineState s, String task, Set<KernelPhase> phases) {
        Optional<TaskState> t = s.findTask(task);
        return t.isPresent() && t.get().mode() == TaskMode.KERNEL && phases.contains(t.get().ext(FpuState.class).phase())
                && s.isRunning(task);
    }

    // ---- enabledness helpers -------------------------------------------------------------------------------

    private static String noTask(MachineState s, String task) {
        return s.findTask(task).isPresent() ? null : "there is no task '" + task + "'; tasks: " + s.taskNames();
    }

    static String runningInPhase(MachineState s, String task, Set<KernelPhase> phases) {
        String w = noTask(s, task);
        if (w != null) {
            return w;
        }
        if (!s.isRunning(task)) {
            return "task '" + task + "' is not running";
        }
        KernelPhase p = s.task(task).ext(FpuState.class).phase();
        if (!phases.contains(p) || s.task(task).mode() != TaskMode.KERNEL) {
            return "task '" + task + "' is in phase " + p + "; needs one of " + phases;
        }
        return null;
    }

    static String checkCpu(MachineState s, int cpu) {
        return cpu >= 0 && cpu < s.cpus().size() ? null
                : "Invalid value for CPU (valid values 0 - " + (s.cpus().size() - 1) + "): " + cpu;
    }

    // ---- user space -----------------------------------------------------------------------------------------

    /**
     * User space writes a register (an instruction with that destination); the oracle records it. A first AMX
     * use with XFD armed takes #NM first. An MXCSR value with bits outside the CPU's MXCSR_MASK is the fault
     * LDMXCSR raises: #GP, {@code exc_general_protection} sends SIGSEGV (SI_KERNEL, a {@link KernelEvent.Kind#SIGNAL}
     * event) and no register changes.
     *
     * @param task     a running user task in user mode
     * @param register a register or view of {@code x86_64}
     * @param value    a value of its width
     * @return the action
     */
    public static Action writeRegister(String task, String register, BitVector value) {
        Objects.requireNonNull(value, "value");
        X86Layout.LAYOUT.register(register); // fail fast on unknown names
        return inUserMode(task + ": user writes " + register + " = " + value, task, ctx -> {
            MachineState s = ctx.state();
            Set<String> need = X86.requiredFeatures(register);
            if (!s.config().cpuFeatures().containsAll(need)) {
                throw new IllegalArgumentException("Register " + register + " needs CPU features " + need
                        + "; this machine has " + s.config().cpuFeatures());
            }
            if (register.equals("mxcsr_mask")) {
                throw new IllegalArgumentException("Register mxcsr_mask is read-only (the CPU's MXCSR_MASK); "
                        + "FXRSTOR/XRSTOR ignore it");
            }
            TaskState t = s.task(task);
            int cpu = t.cpu();
            if (register.equals("mxcsr") && (value.toLong() & ~mxcsrMask(s.cpu(cpu).live())) != 0) {
                // LDMXCSR with a reserved bit raises #GP (Intel SDM Vol. 1, 11.6.6); nothing changes
                long bad = value.toLong() & ~mxcsrMask(s.cpu(cpu).live());
                ctx.call("exc_general_protection", () -> ctx.call("gp_user_force_sig_segv", () ->
                        ctx.report(KernelEvent.Kind.SIGNAL, cpu, "SIGSEGV (SI_KERNEL) to '" + task
                                + "': #GP in LDMXCSR, reserved MXCSR bits " + BitVector.of(32, bad))));
                return;
            }
            // compute both files first: a rejected value (MXCSR reserved bits, ...) changes nothing
            RegisterFile oracle = t.oracle().with(register, value);
            s.cpu(cpu).live().with(register, value);
            Kernel k = new Kernel(ctx);
            if (register.startsWith("tile") && (t.ext(FpuState.class).xfd() & X86.XFEATURE_MASK_XTILE_DATA) != 0) {
                if (!k.handleXfdEvent(cpu, task)) {
                    return;
                }
            }
            k.setLive(cpu, k.live(cpu).with(register, value), ctx.userSpace(task));
            ctx.update(ctx.state().withTask(ctx.state().task(task).withOracle(oracle)), ctx.userSpace(task));
            ctx.note(() -> task + " writes " + register + " in user mode");
        });
    }

    // ---- exec ---------------------------------------------------------------------------------------------

    /**
     * {@code execve()} entered from user mode: {@code __x64_sys_execve} -> {@code do_execveat_common} ->
     * {@code bprm_execve}, up to the point of no return (the task may be preempted and migrated here).
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action execveEnter(String task) {
        return inUserMode(task + ": execve() entered", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.call("__x64_sys_execve", () ->
                    ctx.call("do_execveat_common", () -> ctx.call("bprm_execve", () ->
                            ctx.note("opening and reading the new binary (preemptible)"))))));
            new Kernel(ctx).setPhase(task, KernelPhase.EXECVE, TaskMode.KERNEL);
        });
    }

    /**
     * The exec's point of no return: {@code exec_binprm} -> {@code load_elf_binary} -> {@code begin_new_exec}
     * -> {@code flush_thread} -> {@code fpu_flush_thread}; the oracle becomes the init state (the new program).
     *
     * @param task a running task inside {@code execve()} (phase {@link KernelPhase#EXECVE})
     * @return the action
     */
    public static Action flushThread(String task) {
        return inPhase(task + ": execve() flush_thread", task, EnumSet.of(KernelPhase.EXECVE), ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.onCpu(cpu);
            Kernel k = new Kernel(ctx);
            ctx.call("exec_binprm", () -> ctx.call("load_elf_binary", () -> ctx.call("begin_new_exec", () ->
                    k.flushThread(cpu, task))));
            MachineState s = ctx.state();
            ctx.update(s.withTask(s.task(task).withOracle(X86.initRegisters(s.config()))), Source.INIT_STATE);
            k.setPhase(task, KernelPhase.EXECVE_FLUSHED, TaskMode.KERNEL);
        });
    }

    /**
     * The task, running in the kernel, returns to user space: {@code irqentry_exit_to_user_mode} after an
     * interrupt, {@code syscall_exit_to_user_mode} at the end of {@code execve()}, {@code ret_from_fork} for a new
     * child; each reaches {@code switch_fpu_return} if {@code TIF_NEED_FPU_LOAD} is set.
     *
     * @param task a running user task in phase INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD or SYSCALL
     * @return the action
     */
    public static Action exitToUser(String task) {
        return inPhase(task + ": return to user", task, RETURNING, ctx -> {
            TaskState t = ctx.state().task(task);
            int cpu = t.cpu();
            ctx.onCpu(cpu);
            KernelPhase p = t.ext(FpuState.class).phase();
            exitFrom(ctx, cpu, task, p, null);
        });
    }

    /**
     * The return to user space from a kernel phase; {@code loopWork} is what {@code exit_to_user_mode_loop} does
     * first ({@code null}: nothing pending).
     */
    private static void exitFrom(KernelContext ctx, int cpu, String task, KernelPhase p, Runnable loopWork) {
        Kernel k = new Kernel(ctx);
        switch (p) {
            case INTERRUPTED -> k.exitToUserMode(cpu, task, "irqentry_exit_to_user_mode", loopWork);
            case EXECVE_FLUSHED, SYSCALL -> k.exitToUserMode(cpu, task, "syscall_exit_to_user_mode", loopWork);
            case NEW_CHILD -> ctx.call("ret_from_fork", () -> k.exitToUserMode(cpu, task, "syscall_exit_to_user_mode", loopWork));
            default -> throw new IllegalStateException("task '" + task + "' cannot return to user from phase " + p);
        }
    }

    // ---- scheduling ---------------------------------------------------------------------------------------

    /**
     * The scheduler on a CPU switches to a task (migrating it if its {@code task_cpu} differs) or to idle:
     * {@code __schedule} -> {@code __switch_to}. The task switched in stays in the kernel.
     *
     * @param cpu  the CPU
     * @param next the task to run, empty for the idle task
     * @return the action
     */
    public static Action schedule(int cpu, Optional<String> next) {
        String label = "cpu" + cpu + ": switch to " + next.orElse("idle");
        return action(label, s -> {
            String w = checkCpu(s, cpu);
            if (w != null) {
                return w;
            }
            if (next.isEmpty()) {
                return s.cpu(cpu).isBusy() ? null : "CPU " + cpu + " is already idle";
            }
            w = noTask(s, next.get());
            if (w != null) {
                return w;
            }
            return s.isRunning(next.get()) ? "task '" + next.get() + "' is already running on CPU " + s.task(next.get()).cpu() : null;
        }, ctx -> new Kernel(ctx).schedule(cpu, next));
    }

    /**
     * The scheduler moves a running task to another CPU in one step: its CPU switches to idle, then the target
     * CPU switches from whatever it runs (a kernel thread, idle) to the task; the task stays in the kernel.
     *
     * @param task a running task
     * @param cpu  the target CPU, not the task's current one
     * @return the action
     */
    public static Action migrate(String task, int cpu) {
        return action(task + ": rescheduled onto cpu" + cpu, s -> {
            String w = checkCpu(s, cpu);
            if (w == null) {
                w = noTask(s, task);
            }
            if (w != null) {
                return w;
            }
            if (!s.isRunning(task)) {
                return "task '" + task + "' is not running";
            }
            return s.task(task).cpu() == cpu ? "task '" + task + "' already runs on CPU " + cpu : null;
        }, ctx -> {
            Kernel k = new Kernel(ctx);
            k.schedule(ctx.state().task(task).cpu(), Optional.empty());
            k.schedule(cpu, Optional.of(task));
        });
    }

    /**
     * Kernel code on a CPU uses the FPU ({@code kernel_fpu_begin} ... {@code kernel_fpu_end}), in the context of
     * whatever runs there; if that is a user task in user mode, this is an interrupt, which then returns to
     * user space.
     *
     * @param cpu the CPU
     * @return the action
     */
    public static Action kernelFpu(int cpu) {
        return kernelFpu(cpu, false);
    }

    /**
     * Kernel FPU use; in the exploration alphabet it is offered only while the CPU's registers hold some task's
     * state ({@code fpu_fpregs_owner_ctx} set): otherwise it changes only registers no task can observe (every
     * task's {@code fpregs_state_valid} is already false there), and offering it would only multiply states.
     */
    static Action kernelFpu(int cpu, boolean onlyWhenOwned) {
        return action("cpu" + cpu + ": kernel_fpu_begin/end", s -> {
            String w = checkCpu(s, cpu);
            if (w != null || !onlyWhenOwned) {
                return w;
            }
            return s.cpu(cpu).ext(X86Cpu.class).fpregsOwner().isPresent() ? null
                    : "no task's state is in CPU " + cpu + "'s registers (exploration alphabet)";
        }, ctx -> {
            ctx.onCpu(cpu);
            MachineState s = ctx.state();
            Optional<TaskState> cur = s.running(cpu);
            boolean fromUser = cur.isPresent() && cur.get().mode() == TaskMode.USER;
            Kernel k = new Kernel(ctx);
            if (fromUser) {
                ctx.call("sysvec_call_function", () -> k.kernelFpu(cpu));
                k.exitToUserMode(cpu, cur.get().name(), "irqentry_exit_to_user_mode");
            } else {
                k.kernelFpu(cpu);
            }
        });
    }

    // ---- clone ---------------------------------------------------------------------------------------------

    /**
     * {@code fork()}/{@code clone()} from user mode: {@code __do_sys_clone} -> {@code kernel_clone} ->
     * {@code copy_process} -> {@code copy_thread} -> {@code fpu_clone}; the parent returns to user mode, the child
     * is left runnable on the parent's CPU.
     */
    static Action clone(String parent, String child, Kernel.CloneKind kind) {
        Objects.requireNonNull(child, "child");
        Checks.name(child, "Child task name");
        String what = switch (kind) {
            case PROCESS -> "fork()";
            case THREAD -> "clone(CLONE_THREAD)";
            case IO_WORKER -> "create_io_thread()";
        };
        return action(parent + ": " + what + " -> " + child, s -> {
            String w = (s.isInUserMode(parent) ? null : s.whyNotInUserMode(parent));
            if (w != null) {
                return w;
            }
            return s.findTask(child).isPresent() ? "task '" + child + "' already exists" : null;
        }, ctx -> {
            int cpu = ctx.state().task(parent).cpu();
            ctx.onCpu(cpu);
            Kernel k = new Kernel(ctx);
            Runnable copy = () -> ctx.call("copy_process", () -> ctx.call("copy_thread", () ->
                    k.fpuClone(cpu, parent, child, kind)));
            ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> {
                if (kind == Kernel.CloneKind.IO_WORKER) {
                    ctx.call("__x64_sys_io_uring_setup", () -> ctx.call("create_io_worker", () ->
                            ctx.call("create_io_thread", copy)));
                } else {
                    ctx.call("__do_sys_clone", () -> ctx.call("kernel_clone", copy));
                }
            }));
            ctx.syscallBoundary(parent);
            k.exitToUserMode(cpu, parent, "syscall_exit_to_user_mode");
        });
    }

    /**
     * {@code fork()}.
     *
     * @param parent a running user task in user mode
     * @param child  the child's name, new
     * @return the action
     */
    public static Action forkProcess(String parent, String child) {
        return clone(parent, child, Kernel.CloneKind.PROCESS);
    }

    /**
     * {@code clone(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD ...)} as {@code pthread_create} does.
     *
     * @param parent a running user task in user mode
     * @param child  the thread's name, new
     * @return the action
     */
    public static Action threadClone(String parent, String child) {
        return clone(parent, child, Kernel.CloneKind.THREAD);
    }

    /**
     * An io_uring worker created from the task's syscall: {@code create_io_thread}, a minimal clone.
     *
     * @param parent a running user task in user mode
     * @param child  the worker's name, new
     * @return the action
     */
    public static Action createIoWorker(String parent, String child) {
        return clone(parent, child, Kernel.CloneKind.IO_WORKER);
    }

    // ---- other syscalls and events ---------------------------------------------------------------------------

    /**
     * {@code arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)}.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action archPrctlReqXcompPerm(String task) {
        return inUserMode(task + ": arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            int ret = ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.call("__x64_sys_arch_prctl", () ->
                    ctx.call("do_arch_prctl_64", () -> new Kernel(ctx).xstateRequestPerm(cpu, task)))));
            ctx.syscallReturns(ret == 0 ? SyscallResult.success(task, "arch_prctl(ARCH_REQ_XCOMP_PERM)", 0)
                    : SyscallResult.failure(task, "arch_prctl(ARCH_REQ_XCOMP_PERM)", "EOPNOTSUPP", -ret));
            ctx.syscallBoundary(task);
            new Kernel(ctx).exitToUserMode(cpu, task, "syscall_exit_to_user_mode");
        });
    }

    /**
     * A signal, delivered, handled and returned from, in one step: {@link #signalDelivery}, a handler that clobbers
     * xmm0, {@link #sigreturn} of the unchanged frame.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action deliverSignal(String task) {
        return inUserMode(task + ": signal delivered, handler, sigreturn", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            deliver(ctx, cpu, task);
            ctx.call("signal handler (user mode)", () -> {
                new Kernel(ctx).setLive(cpu, ctx.state().cpu(cpu).live().with("xmm0", HANDLER_TOKEN), ctx.userSpace(task));
                ctx.note("the handler clobbers xmm0");
            });
            returnFromSignal(ctx, cpu, task);
        });
    }

    /**
     * A signal is delivered on the way out of an interrupt: {@code handle_signal} -> {@code setup_rt_frame} writes
     * the FPU state into the signal frame ({@code copy_fpstate_to_sigframe}), then {@code fpu__clear_user_states}
     * gives the handler the init state of every user feature (AMX tiles included). The task is in its handler, in
     * user mode; what the handler observes is the init state, so that is the task's oracle until it returns.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    @Override
    public Action signalDelivery(String task) {
        return inUserMode(task + ": signal delivered", task, ctx -> deliver(ctx, ctx.state().task(task).cpu(), task));
    }

    /**
     * A signal delivered as a task running in the kernel returns to user space: {@code exit_to_user_mode_loop} ->
     * {@code arch_do_signal_or_restart} runs before {@code arch_exit_to_user_mode_prepare}'s
     * {@code switch_fpu_return}, so when the task was switched out and back (or kernel FPU use saved its registers)
     * {@code TIF_NEED_FPU_LOAD} is still set and {@code copy_fpstate_to_sigframe} must reload the registers before
     * it copies them into the frame. Otherwise as {@link #signalDelivery}: the task ends in its handler, in user
     * mode, with the init state.
     *
     * <p>Not in the exploration alphabet (it would add states to every world, and signal frames nest without
     * bound).
     *
     * @param task a running user task in phase INTERRUPTED, EXECVE_FLUSHED, NEW_CHILD or SYSCALL
     * @return the action
     */
    public static Action signalOnReturn(String task) {
        return inPhase(task + ": signal delivered on the return to user", task, RETURNING, ctx -> {
            TaskState t = ctx.state().task(task);
            int cpu = t.cpu();
            ctx.onCpu(cpu);
            exitFrom(ctx, cpu, task, t.ext(FpuState.class).phase(), () -> handleSignal(ctx, cpu, task));
            handlerOracle(ctx, cpu, task);
        });
    }

    /** A signal delivered on the way out of an interrupt taken in user mode. */
    private static void deliver(KernelContext ctx, int cpu, String task) {
        new Kernel(ctx).exitToUserMode(cpu, task, "irqentry_exit_to_user_mode", () -> handleSignal(ctx, cpu, task));
        handlerOracle(ctx, cpu, task);
    }

    /** What the handler observes is the init state {@code fpu__clear_user_states} loaded: the task's oracle. */
    private static void handlerOracle(KernelContext ctx, int cpu, String task) {
        MachineState s = ctx.state();
        ctx.update(s.withTask(s.task(task).withOracle(s.cpu(cpu).live())), Source.live(cpu));
    }

    /**
     * {@code arch_do_signal_or_restart} -> {@code handle_signal}: {@code setup_rt_frame} ->
     * {@code copy_fpstate_to_sigframe} (under {@code fpregs_lock}: {@code fpregs_restore_userregs} if
     * {@code TIF_NEED_FPU_LOAD} is set, then {@code copy_fpregs_to_sigframe}), then {@code fpu__clear_user_states}.
     */
    private static void handleSignal(KernelContext ctx, int cpu, String task) {
        Kernel k = new Kernel(ctx);
        ctx.call("arch_do_signal_or_restart", () -> ctx.call("handle_signal", () -> {
            ctx.call("setup_rt_frame", () -> ctx.call("get_sigframe", () -> ctx.call("copy_fpstate_to_sigframe", () -> {
                k.fpregsLock(cpu, "copy_fpstate_to_sigframe");
                if (k.fpu(task).needFpuLoad()) {
                    k.fpregsRestoreUserregs(cpu, task);
                }
                ctx.call("copy_fpregs_to_sigframe", () -> {
                    RegisterFile frame = ctx.state().cpu(cpu).live();
                    k.setFpu(task, k.fpu(task).pushSigframe(frame));
                    ctx.note(() -> "xsave_to_user_sigframe: cpu" + cpu + " registers -> " + task + "'s signal frame");
                });
                k.fpregsUnlock(cpu);
            })));
            clearUserStates(ctx, cpu, task);
        }));
    }

    /** {@code fpu__clear_user_states}: XRSTOR of {@code init_fpstate} for every user feature, then mark active. */
    private static void clearUserStates(KernelContext ctx, int cpu, String task) {
        Kernel k = new Kernel(ctx);
        ctx.call("fpu__clear_user_states", () -> {
            k.fpregsLock(cpu, "fpu__clear_user_states");
            // restore_fpregs_from_init_fpstate(XFEATURE_MASK_USER_RESTORE): AMX tile data included; MXCSR_MASK is
            // the CPU's and does not change
            RegisterFile live = ctx.state().cpu(cpu).live();
            ctx.call("restore_fpregs_from_init_fpstate", () -> k.setLive(cpu,
                    X86Layout.INIT.withoutEffects(MXCSR_MASK, live.get(MXCSR_MASK)), Source.INIT_STATE));
            k.fpregsMarkActivate(cpu, task);
            k.fpregsUnlock(cpu);
        });
    }

    private static final Register MXCSR_MASK = X86Layout.LAYOUT.register("mxcsr_mask");

    /** @return the MXCSR bits LDMXCSR/XRSTOR accept on the CPU of {@code f}: its MXCSR_MASK, 0xFFBF when that is 0 */
    static long mxcsrMask(RegisterFile f) {
        long mask = f.get(MXCSR_MASK).toLong();
        return mask == 0 ? 0xFFBF : mask;
    }

    private static String noSigframe(MachineState s, String task) {
        String w = s.isInUserMode(task) ? null : s.whyNotInUserMode(task);
        if (w != null) {
            return w;
        }
        return s.task(task).ext(FpuState.class).sigframes().isEmpty()
                ? "task '" + task + "' has no signal frame; deliver a signal first" : null;
    }

    /**
     * The signal handler writes a register's slot in the FP image of its innermost signal frame
     * ({@code uc->uc_mcontext.fpregs}); nothing is checked here: a reserved MXCSR bit is only refused when
     * {@code rt_sigreturn} restores the image.
     *
     * @param task     a running user task in user mode, inside a handler
     * @param register a register or view of {@code x86_64}
     * @param value    a value of its width
     * @return the action
     */
    @Override
    public Action signalFrameWrite(String task, String register, BitVector value) {
        Objects.requireNonNull(value, "value");
        Register r = X86Layout.LAYOUT.register(register);
        r.check(value);
        return action(task + ": handler writes " + register + " = " + value + " into its signal frame",
                s -> noSigframe(s, task), ctx -> {
                    ctx.onCpu(ctx.state().task(task).cpu());
                    Kernel k = new Kernel(ctx);
                    FpuState f = k.fpu(task);
                    RegisterFile frame = f.sigframes().get(f.sigframes().size() - 1).withoutEffects(r, value);
                    k.setFpu(task, f.withInnermostSigframe(frame));
                    ctx.note(() -> task + " writes " + register + " in uc_mcontext.fpregs");
                });
    }

    /**
     * {@code rt_sigreturn}: {@code restore_sigcontext} -> {@code fpu__restore_sig} -> {@code __fpu_restore_sig} ->
     * {@code restore_fpregs_from_user} restores the innermost frame's image with XRSTOR. If that faults (a reserved
     * MXCSR bit in the image: #GP), {@code fpu__restore_sig} resets the task's FPU to the init state
     * ({@code fpu__clear_user_states}) and {@code rt_sigreturn}'s {@code badframe} path sends SIGSEGV
     * ({@code signal_fault} -> {@code force_sig(SIGSEGV)}, {@code si_code} SI_KERNEL), reported as a
     * {@link KernelEvent.Kind#SIGNAL} event; the task resumes with the init state and a pending SIGSEGV.
     *
     * <p>Simplified: the frame's XSTATE_BV, {@code _fpx_sw_bytes} (the {@code fx_only} path) and page faults on
     * the frame are not modelled; the 64-bit frame only.
     *
     * @param task a running user task in user mode with a signal frame
     * @return the action
     */
    @Override
    public Action sigreturn(String task) {
        return action(task + ": rt_sigreturn", s -> noSigframe(s, task),
                ctx -> returnFromSignal(ctx, ctx.state().task(task).cpu(), task));
    }

    private static void returnFromSignal(KernelContext ctx, int cpu, String task) {
        Kernel k = new Kernel(ctx);
        ctx.onCpu(cpu);
        FpuState f0 = k.fpu(task);
        RegisterFile frame = f0.sigframes().get(f0.sigframes().size() - 1);
        k.setFpu(task, f0.popSigframe());
        boolean[] ok = new boolean[1];
        ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.call("__x64_sys_rt_sigreturn", () -> {
            ctx.call("restore_sigcontext", () -> ctx.call("fpu__restore_sig", () -> {
                ok[0] = ctx.call("__fpu_restore_sig", () -> ctx.call("restore_fpregs_from_user", () -> {
                    k.fpregsLock(cpu, "restore_fpregs_from_user");
                    k.xfdUpdateState(cpu, task);
                    RegisterFile live = ctx.state().cpu(cpu).live();
                    long mask = mxcsrMask(live);
                    BitVector mxcsr = frame.get("mxcsr");
                    if ((mxcsr.toLong() & ~mask) != 0) {
                        ctx.call("xrstor_from_user_sigframe", () -> ctx.note(() -> "#GP: MXCSR " + mxcsr
                                + " in the frame has bits outside MXCSR_MASK " + BitVector.of(32, mask)));
                        if (k.fpu(task).needFpuLoad()) {
                            k.cpuInvalidateFpregsState(cpu);
                        }
                        k.fpregsUnlock(cpu);
                        return false;
                    }
                    ctx.call("xrstor_from_user_sigframe", () ->
                            k.setLive(cpu, frame.withoutEffects(MXCSR_MASK, live.get(MXCSR_MASK)), SIGNAL_FRAME));
                    k.fpregsMarkActivate(cpu, task);
                    k.fpregsUnlock(cpu);
                    return true;
                }));
                if (!ok[0]) {
                    clearUserStates(ctx, cpu, task);
                }
            }));
            if (!ok[0]) {
                ctx.call("signal_fault", () -> ctx.call("force_sig", () -> ctx.report(KernelEvent.Kind.SIGNAL, cpu,
                        "SIGSEGV (SI_KERNEL) to '" + task + "': rt_sigreturn: bad frame (XRSTOR #GP, reserved MXCSR bits "
                                + BitVector.of(32, frame.get("mxcsr").toLong() & ~mxcsrMask(ctx.state().cpu(cpu).live())) + ")")));
            }
        })));
        MachineState s = ctx.state();
        ctx.update(s.withTask(s.task(task).withOracle(s.cpu(cpu).live())), Source.live(cpu));
        k.exitToUserMode(cpu, task, "syscall_exit_to_user_mode");
    }

    // ---- Operations ----------------------------------------------------------------------------------------

    @Override
    public Action userWrite(String task, String register, BitVector value) {
        return writeRegister(task, register, value);
    }

    @Override
    public Action preempt(String task) {
        return inUserMode(task + ": preempted (timer interrupt, switch to idle)", task,
                ctx -> new Kernel(ctx).schedule(ctx.state().task(task).cpu(), Optional.empty()));
    }

    @Override
    public Action resume(String task, int cpu) {
        return action(task + ": resumes on cpu" + cpu, s -> {
            String w = checkCpu(s, cpu);
            if (w == null) {
                w = noTask(s, task);
            }
            if (w != null) {
                return w;
            }
            if (s.isRunning(task)) {
                return "task '" + task + "' is already running on CPU " + s.task(task).cpu();
            }
            return s.cpu(cpu).isBusy() ? "CPU " + cpu + " is running '" + s.cpu(cpu).current().get() + "', not idle" : null;
        }, ctx -> {
            new Kernel(ctx).schedule(cpu, Optional.of(task));
            TaskState t = ctx.state().task(task);
            KernelPhase p = t.ext(FpuState.class).phase();
            if (t.kind() == TaskKind.USER && RETURNING.contains(p)) {
                exitFrom(ctx, cpu, task, p, null);
            }
        });
    }

    @Override
    public Action syscall(String task) {
        return inUserMode(task + ": getppid()", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.call("__x64_sys_getppid", () -> {
            })));
            ctx.syscallBoundary(task);
            new Kernel(ctx).exitToUserMode(cpu, task, "syscall_exit_to_user_mode");
        });
    }

    @Override
    public Action interrupt(String task) {
        return inUserMode(task + ": interrupt", task, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.call("sysvec_apic_timer_interrupt", () -> ctx.note("no reschedule"));
            new Kernel(ctx).exitToUserMode(cpu, task, "irqentry_exit_to_user_mode");
        });
    }

    @Override
    public Action signal(String task) {
        return deliverSignal(task);
    }

    @Override
    public Action fork(String task, String child) {
        return forkProcess(task, child);
    }

    @Override
    public Action cloneThread(String task, String child) {
        return clone(task, child, Kernel.CloneKind.THREAD);
    }

    @Override
    public Action exec(String task) {
        Action enter = execveEnter(task);
        return inUserMode(task + ": execve()", task, ctx -> {
            enter.apply(ctx);
            flushThread(task).apply(ctx);
            exitToUser(task).apply(ctx);
        });
    }

    @Override
    public Action kernelFpUse(int cpu) {
        return kernelFpu(cpu);
    }

    // ---- alphabet ------------------------------------------------------------------------------------------

    /**
     * The token a task writes to xmm0 in the exploration alphabet.
     *
     * @param index the task's index in the alphabet
     * @return a 128-bit value distinct from the init state and from other tasks' tokens
     */
    public static BitVector token(int index) {
        return BitVector.of(128, 0x5553_4552_0000L + index); // "USER" + index
    }

    /** @return the name of the child the alphabet lets {@code parent} fork */
    static String childOf(String parent) {
        return parent + "-child";
    }

    /**
     * The exploration alphabet (see {@code X86Paths.alphabet}).
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public static List<Action> alphabet(MachineState world) {
        List<String> users = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (TaskState t : world.tasks()) {
            all.add(t.name());
            if (t.isUser()) {
                users.add(t.name());
            }
        }
        List<String> children = new ArrayList<>();
        for (String u : users) {
            String c = childOf(u);
            if (world.findTask(c).isEmpty()) {
                children.add(c);
                all.add(c);
            }
        }
        List<Action> out = new ArrayList<>();
        int tok = 0;
        for (String u : users) {
            out.add(writeRegister(u, "xmm0", token(tok++)));
            out.add(execveEnter(u));
            out.add(flushThread(u));
            out.add(exitToUser(u));
            if (world.findTask(childOf(u)).isEmpty()) {
                out.add(forkProcess(u, childOf(u)));
            }
        }
        for (String c : children) {
            out.add(writeRegister(c, "xmm0", token(tok++)));
            out.add(exitToUser(c));
        }
        for (int cpu = 0; cpu < world.cpus().size(); cpu++) {
            for (String t : all) {
                out.add(schedule(cpu, Optional.of(t)));
            }
            out.add(schedule(cpu, Optional.empty()));
            out.add(kernelFpu(cpu, true));
        }
        return out;
    }

    /**
     * Coverage points: per user task, its ownership state.
     *
     * @param s a state
     * @return the points
     */
    public static Set<String> coverage(MachineState s) {
        Set<String> out = new TreeSet<>();
        for (TaskState t : s.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            FpuState f = t.ext(FpuState.class);
            boolean owner = s.cpu(t.cpu()).ext(X86Cpu.class).isOwner(t.name());
            out.add(t.name() + ": owner[" + t.cpu() + "]=" + (owner ? t.name() : "other") + " last_cpu="
                    + (f.lastCpu() == t.cpu() ? "cpu" : f.lastCpu() < 0 ? "-1" : "other") + " TIF=" + (f.needFpuLoad() ? 1 : 0)
                    + (s.isRunning(t.name()) ? " running" : "") + " " + f.phase());
        }
        return out;
    }
}

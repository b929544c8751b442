package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.explore.StructuralSymmetry;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.spi.ExplorationCatalog;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The x86 exploration worlds that mirror the SPIN/TLA+ anchors of seed 002 ({@code docs/anchors/spin/x86_exec.pml},
 * {@code tla/x86_exec.tla}) step for step, and their symmetry.
 *
 * <p>World {@code anchor-exec-NxM}: N user tasks {@code u0..} on M idle CPUs, every task runnable inside a system
 * call ({@link KernelPhase#SYSCALL}, {@code TIF_NEED_FPU_LOAD} set, {@code fpu->last_cpu = -1}, fpstate and user
 * expectation the init state), as the anchors start. The alphabet has one action per event of the Promela model, in
 * its order, each running the real kernel path:
 * <ul>
 *   <li>per task: scheduled in on each idle CPU ({@code __schedule -> __switch_to -> switch_fpu_finish}); user code
 *       writes xmm0 with its own token ({@code VAL(t)}); syscall entry ({@code user[t] = 0}); return to user
 *       ({@code syscall_exit_to_user_mode -> switch_fpu_return -> fpregs_restore_userregs}); {@code execve()}'s
 *       {@code flush_thread -> fpu_flush_thread -> fpu_reset_fpregs}; {@code kernel_fpu_begin/end} in its syscall;
 *       scheduled out to idle ({@code switch_fpu_prepare});</li>
 *   <li>per CPU: a kernel thread on the idle CPU uses the FPU ({@code worker_thread -> kernel_fpu_begin}).</li>
 * </ul>
 * The value abstraction is the anchors': a register file is the init state with xmm0 holding the init value, a
 * task's token or the kernel's scratch token ({@code INIT}, {@code VAL(t)}, {@code GARB}); scenarios elsewhere keep
 * real bit patterns. fpctx's state has more fields than the anchors' (pids, {@code perm}/{@code xfd}, per-CPU
 * {@code IA32_XFD}, the preempt/bh counts) but in these worlds they are functions of the anchor state, except a
 * runnable task's {@code task_cpu}, which no action or invariant reads before scheduling in overwrites it; the
 * symmetry treats it as dead (as SPIN drops dead variables). So the unreduced graph is the anchors' graph: the tests
 * check that the state counts equal SPIN's and TLC's.
 *
 * <p>Simplifications the anchors make and these worlds keep (documented, not hidden): the kernel mode is one
 * undifferentiated syscall, so {@code flush_thread} may run more than once in it and {@code kernel_fpu_begin} may
 * come before or after it; the scheduler only switches idle CPUs to tasks, and a task is only scheduled out from the
 * kernel; a kernel thread using the FPU is not a task of its own.
 */
public final class X86Worlds implements ExplorationCatalog {
    /** The catalog a provider answers with. */
    public static final X86Worlds CATALOG = new X86Worlds();

    private X86Worlds() {
    }

    /** The world names. */
    public static final List<String> NAMES = List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3", "anchor-exec-3x3",
            "anchor-exec-4x3", "anchor-exec-4x4");

    private static final Set<KernelPhase> IN_SYSCALL = EnumSet.of(KernelPhase.SYSCALL);

    @Override
    public List<String> names() {
        return NAMES;
    }

    /**
     * Builds a named world.
     *
     * @param provider the x86-64 provider
     * @param name     one of {@link #NAMES}
     * @param errata   errata to turn on (already validated)
     * @return the world
     */
    @Override
    public ExplorationWorld world(ArchitectureProvider provider, String name, Set<String> errata) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("Unknown exploration world '" + name + "' of x86_64; known worlds: " + NAMES);
        }
        String[] nm = name.substring("anchor-exec-".length()).split("x");
        int tasks = Integer.parseInt(nm[0]);
        int cpus = Integer.parseInt(nm[1]);
        MachineSpec.Builder b = MachineSpec.builder().cpus(cpus);
        for (int i = 0; i < tasks; i++) {
            b.task(new TaskSpec("u" + i, TaskKind.USER, 0, false, Map.of()));
        }
        for (String e : errata) {
            b.erratum(e);
        }
        MachineState s = provider.initialState(b.build(), provider.defaultConfig());
        for (TaskState t : s.tasks()) {
            s = s.withTask(t.withExt(t.ext(FpuState.class).withPhase(KernelPhase.SYSCALL)));
        }
        return new ExplorationWorld(name, tasks + " user tasks x " + cpus + " CPUs, all runnable inside a syscall, CPUs idle; "
                + "the events of x86_exec.pml one for one (seed 002)", s, alphabet(s));
    }

    // ---- the anchor events ------------------------------------------------------------------------------------

    /**
     * {@code sched_in(t, c)}: the scheduler switches an idle CPU to a runnable task ({@code __schedule ->
     * __switch_to}, {@code switch_fpu_finish} sets {@code TIF_NEED_FPU_LOAD}).
     */
    static Action scheduleIn(String task, int cpu) {
        return X86Actions.action("cpu" + cpu + ": switch from idle to " + task, s -> cpu >= 0 && cpu < s.cpus().size()
                && s.findTask(task).isPresent() && !s.cpu(cpu).isBusy() && !s.isRunning(task), s -> {
            String w = X86Actions.checkCpu(s, cpu);
            if (w != null) {
                return w;
            }
            if (s.findTask(task).isEmpty()) {
                return "there is no task '" + task + "'; tasks: " + s.taskNames();
            }
            if (s.isRunning(task)) {
                return "task '" + task + "' is already running on CPU " + s.task(task).cpu();
            }
            return s.cpu(cpu).isBusy() ? "CPU " + cpu + " runs '" + s.cpu(cpu).current().get()
                    + "'; this world schedules only onto an idle CPU" : null;
        }, ctx -> new Kernel(ctx).schedule(cpu, Optional.of(task)));
    }

    /** User code enters the kernel through a system call ({@code entry_SYSCALL_64}); the FPU is untouched. */
    static Action syscallEntry(String task) {
        return X86Actions.inUserMode(task + ": syscall entry", task, ctx -> {
            ctx.onCpu(ctx.state().task(task).cpu());
            ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.note(() -> task + " enters the kernel")));
            new Kernel(ctx).setPhase(task, KernelPhase.SYSCALL, TaskMode.KERNEL);
        });
    }

    /**
     * The syscall is {@code execve()} and reaches its point of no return: {@code begin_new_exec -> flush_thread ->
     * fpu_flush_thread}; user space is entitled to the init state afterwards. The task stays in the syscall.
     */
    static Action execFlush(String task) {
        return X86Actions.inPhase(task + ": execve() flush_thread", task, IN_SYSCALL, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.onCpu(cpu);
            ctx.call("__x64_sys_execve", () -> ctx.call("do_execveat_common", () -> ctx.call("bprm_execve", () ->
                    ctx.call("exec_binprm", () -> ctx.call("load_elf_binary", () -> ctx.call("begin_new_exec", () ->
                            new Kernel(ctx).flushThread(cpu, task)))))));
            MachineState s = ctx.state();
            ctx.update(s.withTask(s.task(task).withOracle(X86.initRegisters(s.config()))), Source.INIT_STATE);
        });
    }

    /** The syscall uses the FPU in the kernel ({@code kernel_fpu_begin} ... {@code kernel_fpu_end}). */
    static Action kernelFpuInSyscall(String task) {
        return X86Actions.inPhase(task + ": kernel_fpu_begin/end in its syscall", task, IN_SYSCALL, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.onCpu(cpu);
            new Kernel(ctx).kernelFpu(cpu);
        });
    }

    /** The task, in its syscall, sleeps or is preempted: its CPU switches to idle ({@code switch_fpu_prepare}). */
    static Action scheduleOut(String task) {
        return X86Actions.inPhase(task + ": scheduled out (its CPU switches to idle)", task, IN_SYSCALL,
                ctx -> new Kernel(ctx).schedule(ctx.state().task(task).cpu(), Optional.empty()));
    }

    /** A kernel thread (a kworker's crypto work, say) runs on the idle CPU and uses the FPU. */
    static Action kthreadFpu(int cpu) {
        return X86Actions.action("cpu" + cpu + ": kernel thread uses the FPU", s -> cpu >= 0 && cpu < s.cpus().size() && !s.cpu(cpu).isBusy(), s -> {
            String w = X86Actions.checkCpu(s, cpu);
            if (w != null) {
                return w;
            }
            return s.cpu(cpu).isBusy() ? "CPU " + cpu + " runs '" + s.cpu(cpu).current().get() + "', not a kernel thread" : null;
        }, ctx -> {
            ctx.onCpu(cpu);
            ctx.call("worker_thread", () -> ctx.call("process_one_work", () -> new Kernel(ctx).kernelFpu(cpu)));
        });
    }

    /**
     * The anchor alphabet of a world of user tasks, in {@code x86_exec.pml}'s order: per task its seven events
     * (scheduled in on each CPU, user write, syscall entry, return to user, exec, kernel FPU, scheduled out), then
     * per CPU the kernel thread's FPU use.
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public static List<Action> alphabet(MachineState world) {
        List<Action> out = new ArrayList<>();
        List<TaskState> ts = world.tasks();
        for (int i = 0; i < ts.size(); i++) {
            String u = ts.get(i).name();
            for (int c = 0; c < world.cpus().size(); c++) {
                out.add(scheduleIn(u, c));
            }
            out.add(X86Actions.writeRegister(u, "xmm0", X86Actions.token(i)));
            out.add(syscallEntry(u));
            out.add(X86Actions.exitToUser(u));
            out.add(execFlush(u));
            out.add(kernelFpuInSyscall(u));
            out.add(scheduleOut(u));
        }
        for (int c = 0; c < world.cpus().size(); c++) {
            out.add(kthreadFpu(c));
        }
        return out;
    }

    /**
     * The symmetry of an anchor world: any permutation of the user tasks (each carrying its token) combined with
     * any permutation of the CPUs. Offered only for a world of runnable user tasks inside a syscall that agree in
     * everything but name and pid, on CPUs that agree in everything but id, explored with exactly
     * {@link #alphabet} of the world (closed under those permutations: every task has the same seven actions with
     * its own token, every CPU the same kernel-thread action).
     *
     * @param world    the initial state
     * @param alphabet the alphabet
     * @return the symmetry, or empty
     */
    @Override
    public Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        List<TaskState> ts = world.tasks();
        if (ts.isEmpty()) {
            return Optional.empty();
        }
        TaskState t0 = ts.get(0);
        FpuState f0 = t0.ext(FpuState.class);
        for (TaskState t : ts) {
            FpuState f = t.ext(FpuState.class);
            if (!t.isUser() || world.isRunning(t.name()) || t.mode() != TaskMode.KERNEL || f.phase() != KernelPhase.SYSCALL
                    || !t.saved().equals(t0.saved()) || !t.oracle().equals(t0.oracle()) || f.lastCpu() != -1
                    || !f.groupLeader().equals(t.name()) || !f.equals(new FpuState(-1, f0.needFpuLoad(), f0.perm(), f0.xfd(), t.name(),
                    f0.phase()))) {
                return Optional.empty();
            }
        }
        CpuState c0 = world.cpus().get(0);
        for (CpuState c : world.cpus()) {
            if (!c.live().equals(c0.live()) || !c.ext().equals(c0.ext()) || !c.exec().equals(c0.exec())) {
                return Optional.empty();
            }
        }
        if (!Action.sameLabels(alphabet(world), alphabet)) {
            return Optional.empty();
        }
        Map<String, BitVector> tokens = new LinkedHashMap<>();
        for (int i = 0; i < ts.size(); i++) {
            tokens.put(ts.get(i).name(), X86Actions.token(i));
        }
        // The core's structural symmetry, declared: the user tasks are one role and carry their xmm0 tokens, the
        // CPUs are interchangeable, FpuState names a task (group_leader) and a CPU (last_cpu), X86Cpu names a task
        // (fpu_fpregs_owner_ctx); a runnable task's task_cpu is dead (only __schedule onto an idle CPU reads a task
        // that is not running, and it sets task_cpu first).
        return Optional.of(StructuralSymmetry.builder(world)
                .interchangeableTasks(world.taskNames())
                .interchangeableCpus()
                .taskExtensionTaskRefs("groupLeader")
                .taskExtensionCpuRefs("lastCpu")
                .cpuExtensionTaskRefs("fpregsOwner")
                .token(XMM0, tokens)
                .deadTaskCpuUnlessRunning()
                .build());
    }

    private static final Register XMM0 = X86Layout.LAYOUT.register("xmm0");
}

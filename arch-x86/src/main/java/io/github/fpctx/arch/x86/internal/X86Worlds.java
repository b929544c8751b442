package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.BitVector;
import io.github.fpctx.core.CpuState;
import io.github.fpctx.core.ExplorationWorld;
import io.github.fpctx.core.MachineSpec;
import io.github.fpctx.core.MachineState;
import io.github.fpctx.core.Register;
import io.github.fpctx.core.RegisterFile;
import io.github.fpctx.core.Symmetry;
import io.github.fpctx.core.TaskKind;
import io.github.fpctx.core.TaskMode;
import io.github.fpctx.core.TaskSpec;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.TaskState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The x86 exploration worlds that mirror the SPIN/TLA+ anchors of seed 002 ({@code shared/anchors/spin/x86_exec.pml},
 * {@code tla/x86_exec.tla}), and their symmetry.
 *
 * <p>World {@code anchor-exec-NxM}: N user tasks {@code u0..} on M CPUs, every CPU idle, every task runnable in the
 * kernel (preempted: {@code TIF_NEED_FPU_LOAD} set, {@code fpu->last_cpu = -1}), all register files the init state,
 * as the anchors start. The alphabet mirrors the anchors' events one for one where fpctx has them: the scheduler
 * switching a CPU to a task ({@code sched_in}) or to idle ({@code schedule away}), the user writing xmm0 with its
 * own token ({@code VAL(t)}), an interrupt entry ({@code user[t] = 0}), {@code execve()} entry and its
 * {@code flush_thread} ({@code exec()}), return to user ({@code switch_fpu_return}) and kernel FPU use on a CPU
 * whose registers some task owns ({@code kernel_fpu_begin}, the anchors' per-task and kthread variants).
 *
 * <p>Where fpctx differs (it models more kernel detail): a step runs the real call path and keeps whole register
 * files (the value abstraction is a token in xmm0, the rest of each file is the init state), the kernel-FPU step
 * also resets MXCSR, {@code execve()} is two steps (entry, then the point of no return) where the anchors have one,
 * a task inside {@code execve()} cannot return to user before {@code flush_thread}, the scheduler may switch a
 * busy CPU directly to another task (the anchors only schedule onto idle CPUs), and kernel FPU use is offered only
 * while some task's state is in the CPU's registers (elsewhere it changes nothing any task can observe). The state
 * counts therefore differ from SPIN's and TLC's; the figures compare the work of checking the same property of the
 * same kernel code on the same world size, not identical graphs.
 */
public final class X86Worlds {
    private X86Worlds() {
    }

    /** The world names. */
    public static final List<String> NAMES = List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3", "anchor-exec-3x3");

    /**
     * Builds a named world.
     *
     * @param provider the x86-64 provider
     * @param name     one of {@link #NAMES}
     * @param errata   errata to turn on (already validated)
     * @return the world
     */
    public static ExplorationWorld world(ArchitectureProvider provider, String name, Set<String> errata) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("Unknown exploration world '" + name + "' of x86_64; known worlds: " + NAMES);
        }
        String[] nm = name.substring("anchor-exec-".length()).split("x");
        int tasks = Integer.parseInt(nm[0]);
        int cpus = Integer.parseInt(nm[1]);
        MachineSpec.Builder b = MachineSpec.builder().cpus(cpus);
        for (int i = 0; i < tasks; i++) {
            b.task(new TaskSpec("u" + i, TaskKind.USER, i % cpus, false, Map.of()));
        }
        for (String e : errata) {
            b.erratum(e);
        }
        MachineState s = provider.initialState(b.build(), provider.defaultConfig());
        return new ExplorationWorld(name, tasks + " user tasks x " + cpus + " CPUs, all runnable in the kernel, CPUs idle; "
                + "anchor alphabet (seed 002, x86_exec.pml)", s, alphabet(s));
    }

    /**
     * An interrupt entry from user mode ({@code irqentry_enter}): the task is in the kernel, its FPU state untouched.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    static Action interruptEntry(String task) {
        return Action.of(task + ": interrupt entry", s -> s.findTask(task).map(t -> t.isUser() && t.mode() == TaskMode.USER
                && s.isRunning(task)).orElse(false), ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.onCpu(cpu);
            ctx.call("asm_sysvec_apic_timer_interrupt", () -> ctx.call("irqentry_enter", () -> ctx.note(task + " enters the kernel")));
            Kernel.setPhase(ctx, task, KernelPhase.INTERRUPTED, TaskMode.KERNEL);
        });
    }

    /**
     * The anchor alphabet of a world of user tasks.
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public static List<Action> alphabet(MachineState world) {
        List<Action> out = new ArrayList<>();
        List<String> users = users(world);
        for (int i = 0; i < users.size(); i++) {
            String u = users.get(i);
            out.add(X86Actions.writeRegister(u, "xmm0", X86Actions.token(i)));
            out.add(interruptEntry(u));
            out.add(X86Actions.execveEnter(u));
            out.add(X86Actions.flushThread(u));
            out.add(X86Actions.exitToUser(u));
        }
        for (int c = 0; c < world.cpus().size(); c++) {
            for (String u : users) {
                out.add(X86Actions.schedule(c, Optional.of(u)));
            }
            out.add(X86Actions.schedule(c, Optional.empty()));
            out.add(X86Actions.kernelFpu(c, true));
        }
        return out;
    }

    private static List<String> users(MachineState world) {
        List<String> users = new ArrayList<>();
        for (TaskState t : world.tasks()) {
            users.add(t.name());
        }
        return users;
    }

    /**
     * The symmetry of an anchor world: any permutation of the user tasks (each carrying its token) combined with
     * any permutation of the CPUs. Offered only when the world holds user tasks alone, all in the same initial
     * state apart from name, pid and CPU, and the alphabet is exactly {@link #alphabet} of the world (which is
     * closed under those permutations: every task has the same five actions with its own token, every CPU the
     * same scheduler and kernel-FPU actions).
     *
     * @param world    the initial state
     * @param alphabet the alphabet
     * @return the symmetry, or empty
     */
    public static Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        for (TaskState t : world.tasks()) {
            if (!t.isUser() || world.isRunning(t.name())) {
                return Optional.empty();
            }
        }
        List<TaskState> ts = world.tasks();
        for (TaskState t : ts) {
            TaskState t0 = ts.get(0);
            FpuState f = t.ext(FpuState.class);
            FpuState f0 = t0.ext(FpuState.class);
            if (!t.saved().equals(t0.saved()) || !t.oracle().equals(t0.oracle()) || t.mode() != t0.mode()
                    || f.lastCpu() != -1 || !f.groupLeader().equals(t.name()) || !f.withLastCpu(-1).equals(
                    new FpuState(-1, f0.needFpuLoad(), f0.perm(), f0.xfd(), t.name(), f0.phase()))) {
                return Optional.empty();
            }
        }
        for (CpuState c : world.cpus()) {
            CpuState c0 = world.cpus().get(0);
            if (!c.live().equals(c0.live()) || !c.ext().equals(c0.ext()) || !c.exec().equals(c0.exec())) {
                return Optional.empty();
            }
        }
        List<Action> mine = alphabet(world);
        if (mine.size() != alphabet.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).label().equals(alphabet.get(i).label())) {
                return Optional.empty();
            }
        }
        return Optional.of(new TaskCpuSymmetry(ts.size(), world.cpus().size()));
    }

    /**
     * Canonical form by sorting: tasks ordered by a signature that does not mention names or CPU ids (ties kept in
     * their current order), CPUs by what they hold in terms of the sorted tasks. The result is the state's image
     * under that permutation, so it is always in the orbit (sound); orbits whose members sort differently are
     * merely reduced less.
     */
    static final class TaskCpuSymmetry implements Symmetry {
        private final int n;
        private final int m;
        private final Register xmm0 = X86Layout.LAYOUT.register("xmm0");
        private final BitVector[] tokens;

        TaskCpuSymmetry(int tasks, int cpus) {
            this.n = tasks;
            this.m = cpus;
            tokens = new BitVector[tasks];
            for (int i = 0; i < tasks; i++) {
                tokens[i] = X86Actions.token(i);
            }
        }

        @Override
        public String description() {
            return n + " user tasks (with their xmm0 tokens) x " + m + " CPUs: " + groupOrder() + " permutations";
        }

        @Override
        public long groupOrder() {
            return factorial(n) * factorial(m);
        }

        private static long factorial(int k) {
            long f = 1;
            for (int i = 2; i <= k; i++) {
                f *= i;
            }
            return f;
        }

        /** Which token a file holds in xmm0: task index, or -1 (init or anything else). */
        private int tokenOf(RegisterFile f) {
            BitVector v = f.get(xmm0);
            for (int i = 0; i < n; i++) {
                if (v.equals(tokens[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public MachineState canonical(MachineState s) {
            List<TaskState> ts = s.tasks();
            int[] tok = new int[n];
            long[] sig = new long[n];
            for (int i = 0; i < n; i++) {
                TaskState t = ts.get(i);
                FpuState f = t.ext(FpuState.class);
                boolean running = s.isRunning(t.name());
                X86Cpu pc = s.cpu(t.cpu()).ext(X86Cpu.class);
                boolean owner = pc.fpregsOwner().filter(t.name()::equals).isPresent();
                int own = ownership(tokenOf(t.oracle()), i) * 16 + ownership(tokenOf(t.saved()), i) * 4
                        + (running ? ownership(tokenOf(s.cpu(t.cpu()).live()), i) : 3);
                long k = f.phase().ordinal();
                k = k * 2 + t.mode().ordinal();
                k = k * 2 + (running ? 1 : 0);
                k = k * 2 + (f.needFpuLoad() ? 1 : 0);
                k = k * 3 + (f.lastCpu() < 0 ? 0 : f.lastCpu() == t.cpu() ? 1 : 2);
                k = k * 2 + (owner ? 1 : 0);
                k = k * 64 + own;
                sig[i] = k;
                tok[i] = i;
            }
            // order[j] = old index of the task that becomes task j (stable sort by signature)
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(sig[a], sig[b]));
            int[] taskTo = new int[n];
            for (int j = 0; j < n; j++) {
                taskTo[order[j]] = j;
            }
            // CPUs: keyed by the new index of the task running there, owning it, or last run there; then contents
            long[] cpuKey = new long[m];
            for (int c = 0; c < m; c++) {
                CpuState cs = s.cpu(c);
                long run = cs.current().map(x -> (long) taskTo[indexOf(ts, x)]).orElse((long) n);
                long own = cs.ext(X86Cpu.class).fpregsOwner().map(x -> (long) taskTo[indexOf(ts, x)]).orElse((long) n);
                long last = n;
                for (int i = 0; i < n; i++) {
                    if (ts.get(i).ext(FpuState.class).lastCpu() == c && taskTo[i] < last) {
                        last = taskTo[i];
                    }
                }
                int lt = tokenOf(cs.live());
                long live = lt < 0 ? n : taskTo[lt];
                cpuKey[c] = (((run * 16 + own) * 16 + last) * 16 + live) * 2 + (cs.ext(X86Cpu.class).inKernelFpu() ? 1 : 0);
            }
            Integer[] corder = new Integer[m];
            for (int c = 0; c < m; c++) {
                corder[c] = c;
            }
            Arrays.sort(corder, (a, b) -> Long.compare(cpuKey[a], cpuKey[b]));
            int[] cpuTo = new int[m];
            boolean identity = true;
            for (int c = 0; c < m; c++) {
                cpuTo[corder[c]] = c;
                identity &= corder[c] == c;
            }
            for (int j = 0; j < n; j++) {
                identity &= order[j] == j;
            }
            if (identity) {
                return s;
            }
            return permute(s, taskTo, cpuTo);
        }

        /** 0: own token, 1: no token (init or other contents), 2: another task's token. */
        private static int ownership(int token, int self) {
            return token == self ? 0 : token < 0 ? 1 : 2;
        }

        private static int indexOf(List<TaskState> ts, String name) {
            for (int i = 0; i < ts.size(); i++) {
                if (ts.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalStateException("State names task '" + name + "' that it does not hold");
        }

        private RegisterFile mapFile(RegisterFile f, int[] taskTo) {
            int t = tokenOf(f);
            return t < 0 || taskTo[t] == t ? f : f.withoutEffects(xmm0, tokens[taskTo[t]]);
        }

        private MachineState permute(MachineState s, int[] taskTo, int[] cpuTo) {
            List<TaskState> ts = s.tasks();
            String[] names = new String[n];
            int[] pids = new int[n];
            for (int i = 0; i < n; i++) {
                names[i] = ts.get(i).name();
                pids[i] = ts.get(i).pid();
            }
            TaskState[] nt = new TaskState[n];
            for (int i = 0; i < n; i++) {
                TaskState t = ts.get(i);
                int j = taskTo[i];
                FpuState f = t.ext(FpuState.class);
                FpuState nf = new FpuState(f.lastCpu() < 0 ? f.lastCpu() : cpuTo[f.lastCpu()], f.needFpuLoad(), f.perm(), f.xfd(),
                        names[taskTo[indexOf(ts, f.groupLeader())]], f.phase());
                nt[j] = new TaskState(names[j], pids[j], t.kind(), t.mode(), cpuTo[t.cpu()], mapFile(t.saved(), taskTo),
                        mapFile(t.oracle(), taskTo), nf);
            }
            CpuState[] nc = new CpuState[m];
            for (int c = 0; c < m; c++) {
                CpuState cs = s.cpu(c);
                X86Cpu pc = cs.ext(X86Cpu.class);
                Optional<String> cur = cs.current().map(x -> names[taskTo[indexOf(ts, x)]]);
                Optional<String> own = pc.fpregsOwner().map(x -> names[taskTo[indexOf(ts, x)]]);
                int d = cpuTo[c];
                nc[d] = new CpuState(d, mapFile(cs.live(), taskTo), cur, cs.exec(), new X86Cpu(own, pc.inKernelFpu(), pc.xfd()));
            }
            return MachineState.of(s.architecture(), s.config(), s.errata(), List.of(nc), List.of(nt), s.ext());
        }
    }
}

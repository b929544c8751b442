package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
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
public final class X86Worlds {
    private X86Worlds() {
    }

    /** The world names. */
    public static final List<String> NAMES = List.of("anchor-exec-1x2", "anchor-exec-2x2", "anchor-exec-2x3", "anchor-exec-3x3");

    private static final Set<KernelPhase> IN_SYSCALL = EnumSet.of(KernelPhase.SYSCALL);

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
        }, ctx -> Kernel.schedule(ctx, cpu, Optional.of(task)));
    }

    /** User code enters the kernel through a system call ({@code entry_SYSCALL_64}); the FPU is untouched. */
    static Action syscallEntry(String task) {
        return X86Actions.inUserMode(task + ": syscall entry", task, ctx -> {
            ctx.onCpu(ctx.state().task(task).cpu());
            ctx.call("entry_SYSCALL_64", () -> ctx.call("do_syscall_64", () -> ctx.note(task + " enters the kernel")));
            Kernel.setPhase(ctx, task, KernelPhase.SYSCALL, TaskMode.KERNEL);
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
                            Kernel.flushThread(ctx, cpu, task)))))));
            MachineState s = ctx.state();
            ctx.update(s.withTask(s.task(task).withOracle(X86.initRegisters(s.config()))), Source.INIT_STATE);
        });
    }

    /** The syscall uses the FPU in the kernel ({@code kernel_fpu_begin} ... {@code kernel_fpu_end}). */
    static Action kernelFpuInSyscall(String task) {
        return X86Actions.inPhase(task + ": kernel_fpu_begin/end in its syscall", task, IN_SYSCALL, ctx -> {
            int cpu = ctx.state().task(task).cpu();
            ctx.onCpu(cpu);
            Kernel.kernelFpu(ctx, cpu);
        });
    }

    /** The task, in its syscall, sleeps or is preempted: its CPU switches to idle ({@code switch_fpu_prepare}). */
    static Action scheduleOut(String task) {
        return X86Actions.inPhase(task + ": scheduled out (its CPU switches to idle)", task, IN_SYSCALL,
                ctx -> Kernel.schedule(ctx, ctx.state().task(task).cpu(), Optional.empty()));
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
            ctx.call("worker_thread", () -> ctx.call("process_one_work", () -> Kernel.kernelFpu(ctx, cpu)));
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
    public static Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        List<TaskState> ts = world.tasks();
        if (ts.isEmpty() || !AnchorSymmetry.packs(ts.size(), world.cpus().size())) {
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
        List<Action> mine = alphabet(world);
        if (mine.size() != alphabet.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).label().equals(alphabet.get(i).label())) {
                return Optional.empty();
            }
        }
        return Optional.of(new AnchorSymmetry(world));
    }

    /**
     * A perfect canonical form for the anchor worlds. A state is read as the anchors' variables: per task whether
     * and where it runs, its mode, {@code TIF_NEED_FPU_LOAD}, {@code last_cpu} and the value class of its fpstate
     * and user expectation; per CPU its owner and the value class of its registers (init, kernel scratch, task j's
     * token). For each task permutation the CPUs are sorted by everything they hold in terms of the permuted tasks
     * (running task, owner, registers, which tasks have it as {@code last_cpu}), which fixes the CPU permutation up
     * to CPUs that are identical; the state's image is then packed injectively into one {@code long} (mixed radix,
     * tasks first). The smallest packed image over all task permutations is the same for every member of an orbit
     * and differs between orbits, so it is the fingerprint (after a bijective mix) and {@link #canonical} builds the
     * state it describes. The stabiliser's order is the number of minimising task permutations times the
     * factorials of the runs of identical CPUs, which gives each orbit's size.
     *
     * <p>Only task permutations that sort the tasks by a signature no permutation changes (running, mode, TIF,
     * {@code last_cpu} relative to its CPU, value classes relative to the task, CPUs owned) are tried; usually there
     * is one. Every other component of the state is checked to be the world's constant (a state outside the
     * abstraction, which cannot arise from the world's alphabet, is refused with an {@link IllegalStateException}
     * rather than conflated with another). For {@link #fingerprint} and {@link #orbitSize} a register file is
     * classified by its 64-bit fingerprint (the risk fingerprint storage takes anyway); {@link #canonical} compares
     * files in full.
     */
    static final class AnchorSymmetry implements Symmetry {
        private static final Register XMM0 = X86Layout.LAYOUT.register("xmm0");
        private static final Register MXCSR = X86Layout.LAYOUT.register("mxcsr");

        private final int n;
        private final int m;
        private final int[][] perms;
        private final int[][] inverses;
        /** Value classes: 0 init, 1 kernel scratch, 2 + j task j's token. */
        private final RegisterFile[] known;
        private final long[] knownFp;
        private final long perm;
        private final long xfd;
        private final X86Cpu idleCpu;
        private final long group;
        private final int cls;
        private final long taskRadix;
        private final long cpuRadix;

        AnchorSymmetry(MachineState world) {
            n = world.tasks().size();
            m = world.cpus().size();
            perms = permutations(n);
            inverses = new int[perms.length][n];
            for (int q = 0; q < perms.length; q++) {
                for (int i = 0; i < n; i++) {
                    inverses[q][perms[q][i]] = i;
                }
            }
            known = new RegisterFile[n + 2];
            RegisterFile init = X86Layout.INIT;
            known[0] = init;
            known[1] = init.withLong(MXCSR, X86.MXCSR_DEFAULT).withoutEffects(XMM0, Kernel.KERNEL_TOKEN);
            for (int j = 0; j < n; j++) {
                known[2 + j] = init.with("xmm0", X86Actions.token(j));
            }
            knownFp = new long[known.length];
            for (int k = 0; k < known.length; k++) {
                knownFp[k] = known[k].fingerprint();
            }
            FpuState f0 = world.tasks().get(0).ext(FpuState.class);
            perm = f0.perm();
            xfd = f0.xfd();
            idleCpu = world.cpus().get(0).ext(X86Cpu.class);
            group = factorial(n) * factorial(m);
            cls = n + 2;
            // per task: running, cpu, user, TIF, last_cpu (or none), fpstate class, expectation class
            taskRadix = 2L * m * 2 * 2 * (m + 1) * cls * cls;
            // per CPU: owner (or none), register class
            cpuRadix = (long) (n + 1) * cls;
        }

        @Override
        public String description() {
            return n + " user tasks (with their xmm0 tokens) x " + m + " CPUs: " + group + " permutations";
        }

        @Override
        public long groupOrder() {
            return group;
        }

        /** Whether a world of n tasks and m CPUs packs into 63 bits (all the named worlds do; 4 x 4 would not). */
        static boolean packs(int n, int m) {
            double bits = n * log2(2.0 * m * 2 * 2 * (m + 1) * (n + 2) * (n + 2)) + m * log2((n + 1.0) * (n + 2));
            return n <= 5 && m <= 8 && bits < 62.5;
        }

        private static double log2(double x) {
            return Math.log(x) / Math.log(2);
        }

        private static long factorial(int k) {
            long f = 1;
            for (int i = 2; i <= k; i++) {
                f *= i;
            }
            return f;
        }

        private static int[][] permutations(int k) {
            List<int[]> out = new ArrayList<>();
            permute(new int[k], new boolean[k], 0, out);
            return out.toArray(new int[0][]);
        }

        private static void permute(int[] p, boolean[] used, int at, List<int[]> out) {
            if (at == p.length) {
                out.add(p.clone());
                return;
            }
            for (int v = 0; v < p.length; v++) {
                if (!used[v]) {
                    used[v] = true;
                    p[at] = v;
                    permute(p, used, at + 1, out);
                    used[v] = false;
                }
            }
        }

        /** The anchor variables of one state. */
        private final class View {
            final boolean[] running = new boolean[n];
            final int[] cpu = new int[n];
            final boolean[] user = new boolean[n];
            final boolean[] tif = new boolean[n];
            final int[] last = new int[n];
            final int[] saved = new int[n];
            final int[] expect = new int[n];
            final int[] cur = new int[m];
            final int[] owner = new int[m];
            final int[] live = new int[m];
            final long[] invariant = new long[n];
            // scratch of minimise()
            private final long[] sig = new long[m];
            private final int[] order = new int[m];
            private final int[] cpuTo = new int[m];
            // the best image found
            long best;
            int minimisers;
            int[] bestTaskTo;
            final int[] bestCpuTo = new int[m];
            long ties;
            /** The state read last (the per-thread cache's key), and whether its files were compared in full. */
            MachineState state;
            boolean verify;

            /** Reads a state into this (per-thread, reused) view. */
            void load(MachineState s, boolean verifyFiles) {
                this.state = null; // invalid until fully read
                this.verify = verifyFiles;
                Arrays.fill(running, false);
                List<TaskState> ts = s.tasks();
                if (ts.size() != n || s.cpus().size() != m) {
                    throw outside(s, "it has " + ts.size() + " tasks and " + s.cpus().size() + " CPUs");
                }
                for (int c = 0; c < m; c++) {
                    CpuState cs = s.cpu(c);
                    X86Cpu pc = cs.ext(X86Cpu.class);
                    if (pc.inKernelFpu() || pc.xfd() != idleCpu.xfd() || (cs.exec() != ExecContext.IDLE && !cs.exec().equals(ExecContext.IDLE))) {
                        throw outside(s, "CPU " + c + " is in the middle of something (" + pc + ", " + cs.exec() + ")");
                    }
                    cur[c] = indexOf(ts, cs.current());
                    owner[c] = indexOf(ts, pc.fpregsOwner());
                    live[c] = classOf(s, cs.live());
                    if (cur[c] >= 0) {
                        running[cur[c]] = true;
                    }
                }
                for (int i = 0; i < n; i++) {
                    TaskState t = ts.get(i);
                    FpuState f = t.ext(FpuState.class);
                    KernelPhase want = t.mode() == TaskMode.USER ? KernelPhase.USER : KernelPhase.SYSCALL;
                    if (f.phase() != want || f.perm() != perm || f.xfd() != xfd || !f.groupLeader().equals(t.name())) {
                        throw outside(s, "task '" + t.name() + "' has " + f);
                    }
                    cpu[i] = t.cpu();
                    user[i] = t.mode() == TaskMode.USER;
                    tif[i] = f.needFpuLoad();
                    last[i] = f.lastCpu();
                    saved[i] = classOf(s, t.saved());
                    expect[i] = classOf(s, t.oracle());
                }
                for (int i = 0; i < n; i++) {
                    invariant[i] = invariantSignature(i);
                }
                minimise();
                this.state = s;
            }

            /** What task i is, in terms no permutation changes (tasks and CPUs named only relative to i). */
            private long invariantSignature(int i) {
                long k = running[i] ? 1 : 0;
                k = k * 2 + (user[i] ? 1 : 0);
                k = k * 2 + (tif[i] ? 1 : 0);
                k = k * 3 + (last[i] < 0 ? 0 : running[i] && last[i] == cpu[i] ? 1 : 2);
                k = k * 4 + relative(saved[i], i);
                k = k * 4 + relative(expect[i], i);
                k = k * 5 + (running[i] ? relative(live[cpu[i]], i) : 4);
                long owns = 0;
                boolean ownsOwn = false;
                for (int c = 0; c < m; c++) {
                    if (owner[c] == i) {
                        owns++;
                        ownsOwn |= running[i] && cpu[i] == c;
                    }
                }
                k = k * (m + 1) + owns;
                return k * 2 + (ownsOwn ? 1 : 0);
            }

            /** A value class relative to task i: init, kernel scratch, i's own token, another task's token. */
            private int relative(int k, int i) {
                return k < 2 ? k : k - 2 == i ? 2 : 3;
            }

            /** Whether the permutation with inverse {@code inv} puts the tasks in non-decreasing order of their invariant signatures. */
            private boolean sorts(int[] inv) {
                for (int j = 1; j < n; j++) {
                    if (invariant[inv[j - 1]] > invariant[inv[j]]) {
                        return false;
                    }
                }
                return true;
            }

            private int classOf(MachineState s, RegisterFile f) {
                long fp = f.fingerprint();
                for (int k = 0; k < known.length; k++) {
                    if (knownFp[k] == fp && (!verify || f.equals(known[k]))) {
                        return k;
                    }
                }
                throw outside(s, "a register file is none of init, kernel scratch or a task's xmm0 token: " + f);
            }

            /**
             * Finds the smallest packed image over the task permutations that sort the tasks by their invariant
             * signatures (every image of the orbit sorts that way, so the minimum is still the orbit's, and so is the
             * count of minimisers).
             */
            private void minimise() {
                best = Long.MAX_VALUE;
                minimisers = 0;
                for (int q = 0; q < perms.length; q++) {
                    int[] p = perms[q];
                    int[] inv = inverses[q];
                    if (!sorts(inv)) {
                        continue;
                    }
                    for (int c = 0; c < m; c++) {
                        long mask = 0;
                        for (int i = 0; i < n; i++) {
                            if (last[i] == c) {
                                mask |= 1L << p[i];
                            }
                        }
                        long k = cur[c] < 0 ? n : p[cur[c]];
                        k = k * (n + 1) + (owner[c] < 0 ? n : p[owner[c]]);
                        k = k * cls + mapClass(live[c], p);
                        sig[c] = (k << n) | mask;
                        order[c] = c;
                    }
                    // insertion sort of the CPUs by signature (m <= 4)
                    for (int a = 1; a < m; a++) {
                        int x = order[a];
                        int b = a - 1;
                        while (b >= 0 && sig[order[b]] > sig[x]) {
                            order[b + 1] = order[b];
                            b--;
                        }
                        order[b + 1] = x;
                    }
                    for (int k = 0; k < m; k++) {
                        cpuTo[order[k]] = k;
                    }
                    long packed = pack(p, inv, cpuTo, order);
                    if (packed < best) {
                        best = packed;
                        minimisers = 1;
                        bestTaskTo = p;
                        System.arraycopy(cpuTo, 0, bestCpuTo, 0, m);
                        long t = 1;
                        int run = 1;
                        for (int k = 1; k < m; k++) {
                            run = sig[order[k]] == sig[order[k - 1]] ? run + 1 : 1;
                            t *= run;
                        }
                        ties = t;
                    } else if (packed == best) {
                        minimisers++;
                    }
                }
            }

            /** The image under (p, cpuTo), packed in mixed radix: tasks in new order, then CPUs in new order. */
            private long pack(int[] p, int[] inv, int[] cpuTo, int[] order) {
                long acc = 0;
                for (int j = 0; j < n; j++) {
                    int i = inv[j];
                    long k = running[i] ? 1 : 0;
                    k = k * m + (running[i] ? cpuTo[cpu[i]] : 0); // a runnable task's task_cpu is dead
                    k = k * 2 + (user[i] ? 1 : 0);
                    k = k * 2 + (tif[i] ? 1 : 0);
                    k = k * (m + 1) + (last[i] < 0 ? m : cpuTo[last[i]]);
                    k = k * cls + mapClass(saved[i], p);
                    k = k * cls + mapClass(expect[i], p);
                    acc = acc * taskRadix + k;
                }
                for (int d = 0; d < m; d++) {
                    int c = order[d];
                    long k = owner[c] < 0 ? n : p[owner[c]];
                    k = k * cls + mapClass(live[c], p);
                    acc = acc * cpuRadix + k;
                }
                return acc;
            }
        }

        private static int mapClass(int k, int[] p) {
            return k < 2 ? k : 2 + p[k - 2];
        }

        private static int indexOf(List<TaskState> ts, Optional<String> name) {
            if (name.isEmpty()) {
                return -1;
            }
            String x = name.get();
            for (int i = 0; i < ts.size(); i++) {
                String y = ts.get(i).name();
                if (y == x || y.equals(x)) {
                    return i;
                }
            }
            throw new IllegalStateException("State names task '" + name.get() + "' that it does not hold");
        }

        private IllegalStateException outside(MachineState s, String why) {
            return new IllegalStateException("The x86 anchor symmetry (" + description() + ") met a state outside its world: " + why);
        }

        /**
         * @param verify whether to compare each register file with the abstraction's file in full, not only by
         *               fingerprint (needed when building the canonical state, not for its fingerprint)
         */
        private View minimised(MachineState s, boolean verify) {
            View v = last.get();
            if (v.state != s || (verify && !v.verify)) {
                v.load(s, verify);
            }
            return v;
        }

        /** The last state read on this thread: the explorer asks for its fingerprint, then its orbit size. */
        private final ThreadLocal<View> last = ThreadLocal.withInitial(View::new);

        @Override
        public long fingerprint(MachineState state) {
            // splitmix64's finaliser: a bijection, so distinct canonical images never collide
            long z = minimised(state, false).best + 0x9E37_79B9_7F4A_7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            return z ^ (z >>> 31);
        }

        @Override
        public long orbitSize(MachineState state) {
            View v = minimised(state, false);
            long stab = v.minimisers * v.ties;
            if (group % stab != 0) {
                throw new IllegalStateException("Stabiliser of order " + stab + " does not divide the group order " + group);
            }
            return group / stab;
        }

        @Override
        public MachineState canonical(MachineState s) {
            View v = minimised(s, true);
            int[] taskTo = v.bestTaskTo;
            int[] cpuTo = v.bestCpuTo;
            List<TaskState> ts = s.tasks();
            TaskState[] nt = new TaskState[n];
            for (int i = 0; i < n; i++) {
                TaskState t = ts.get(i);
                int j = taskTo[i];
                TaskState slot = ts.get(j);
                FpuState f = t.ext(FpuState.class);
                FpuState nf = new FpuState(f.lastCpu() < 0 ? -1 : cpuTo[f.lastCpu()], f.needFpuLoad(), f.perm(), f.xfd(),
                        slot.name(), f.phase(), f.sigframes());
                nt[j] = new TaskState(slot.name(), slot.pid(), t.kind(), t.mode(), v.running[i] ? cpuTo[t.cpu()] : 0,
                        known[mapClass(v.saved[i], taskTo)], known[mapClass(v.expect[i], taskTo)], nf);
            }
            CpuState[] nc = new CpuState[m];
            for (int c = 0; c < m; c++) {
                CpuState cs = s.cpu(c);
                X86Cpu pc = cs.ext(X86Cpu.class);
                int d = cpuTo[c];
                Optional<String> cur = v.cur[c] < 0 ? Optional.empty() : Optional.of(ts.get(taskTo[v.cur[c]]).name());
                Optional<String> own = v.owner[c] < 0 ? Optional.empty() : Optional.of(ts.get(taskTo[v.owner[c]]).name());
                nc[d] = new CpuState(d, known[mapClass(v.live[c], taskTo)], cur, cs.exec(), new X86Cpu(own, pc.inKernelFpu(), pc.xfd()));
            }
            return MachineState.of(s.architecture(), s.config(), s.errata(), List.of(nc), List.of(nt), s.ext());
        }
    }
}

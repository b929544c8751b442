package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.core.state.NoExtension;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.explore.StructuralSymmetry;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.spi.ExplorationCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PowerPC exploration worlds that mirror the SPIN/TLA+ anchors of seed 000 ({@code docs/anchors/spin/ppc_fr0.pml},
 * {@code tla/ppc_fr0.tla}), and their symmetry.
 *
 * <p>World {@code anchor-fr0-NxM} (1x1, 2x1, 3x1 as the anchors; 2x2 and 4x2 beyond them, where the anchors have
 * one CPU): N user tasks {@code u0..} on M CPUs, all of them on CPU 0 at first; {@code u0} runs in user mode, the others
 * wait in the kernel (runnable, switched out), all register files the init state, as the anchors start (their task 0
 * is "in the kernel, about to return"). The alphabet mirrors the anchors' events with fpctx's kernel paths: per task,
 * the user writes fr0 with one of two values shared by all tasks (the anchors' {@code fr0 = 1}, {@code fr0 = 2}), the
 * user writes FPSCR (rounding mode RN = 0b01 or 0: the anchors' {@code fpscr = 1 - fpscr}), an asynchronous
 * interrupt with no exit work, a syscall ({@code getppid}: fr0 is volatile across it), an interrupt whose exit runs
 * io_uring's task_work {@code create_worker_cb -> copy_process -> arch_dup_task_struct -> flush_all_to_thread ->
 * save_all} (the anchors' {@code KIRQ} save_all), a {@code clone()} syscall doing the same ({@code KSYS} save_all),
 * a timer interrupt that preempts the task ({@code __switch_to -> giveup_all -> __giveup_fpu}, CPU idle) and the
 * scheduler switching a waiting task in ({@code curr = t}) and returning it to user.
 *
 * <p>Where fpctx differs: each step is a whole kernel entry/exit (an interrupt's entry, its exit work and its return
 * are one step, where the anchors have separate entry, {@code save_all} and return events), so the scheduler cannot
 * switch a task out between a {@code save_all} and the return to user; the worker and the child that
 * {@code copy_process} creates are not added to the world (the anchors do not model them either); whole register
 * files are kept (the value abstraction is which of the two values fr0 holds, the rest of each file is the init
 * state). On ppc64 the return to user runs {@code restore_math}, whose eager reload is decided by the u8
 * {@code thread.load_fp} counter (the anchors choose nondeterministically); on ppc32 it is always lazy (an
 * FP-unavailable fault on the next FP instruction). On ppc64 the worlds run under
 * {@link PowerPc#OPTION_ABSTRACT_LOAD_COUNTERS}: the counters are lazy (0) or eager (1), and a per-task step
 * {@link #loadCounterWraps} makes the wrap of the 256th eager reload, so the ppc64 worlds are finite like the
 * anchors' nondeterministic eager/lazy choice. The state counts differ from SPIN's and TLC's.
 */
public final class PpcWorlds implements ExplorationCatalog {
    /** The catalog a provider answers with. */
    public static final PpcWorlds CATALOG = new PpcWorlds();

    private PpcWorlds() {
    }

    /** The world names: {@code anchor-fr0-NxM}, N user tasks on M CPUs. */
    public static final List<String> NAMES = List.of("anchor-fr0-1x1", "anchor-fr0-2x1", "anchor-fr0-3x1",
            "anchor-fr0-2x2", "anchor-fr0-4x2");

    /** The first fr0 value user code writes (the anchors' value 1). */
    static final BitVector VALUE_A = BitVector.parse("0x5555_5555_5555_5555");
    /** The second fr0 value user code writes (the anchors' value 2). */
    static final BitVector VALUE_B = BitVector.parse("0x3333_3333_3333_3333");
    /** FPSCR with RN = 0b01 (round toward zero): an FPSCR image that is not 0 and enables no exception. */
    static final BitVector FPSCR_RN = BitVector.of(64, 1);

    @Override
    public List<String> names() {
        return NAMES;
    }

    /**
     * Builds a named world.
     *
     * @param provider the PowerPC provider
     * @param name     one of {@link #NAMES}
     * @param errata   errata to turn on (already validated)
     * @return the world
     */
    @Override
    public ExplorationWorld world(ArchitectureProvider provider, String name, Set<String> errata) {
        int tasks = Integer.parseInt(name.substring("anchor-fr0-".length(), name.indexOf('x')));
        int cpus = Integer.parseInt(name.substring(name.indexOf('x') + 1));
        MachineSpec.Builder b = MachineSpec.builder().cpus(cpus);
        for (int i = 0; i < tasks; i++) {
            b.task(new TaskSpec("u" + i, TaskKind.USER, 0, i == 0, Map.of()));
        }
        for (String e : errata) {
            b.erratum(e);
        }
        KernelConfig config = provider.defaultConfig();
        boolean restoreMath = config.hasFeature(PowerPc.FEATURE_VSX);
        if (restoreMath) {
            // Book3S-64: restore_math's u8 load_fp counter, abstracted to lazy / eager (PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS)
            config = config.with(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS);
        }
        MachineState s = provider.initialState(b.build(), config);
        return new ExplorationWorld(name, tasks + " user tasks x " + cpus + (cpus == 1 ? " CPU" : " CPUs")
                + ", u0 in user mode, the others waiting in the kernel; anchor alphabet (seed 000, ppc_fr0.pml)"
                + (restoreMath ? "; load_fp/load_vec abstracted to lazy/eager" : ""), s, alphabet(s));
    }

    /**
     * An interrupt whose exit work creates an io_uring worker: {@code create_worker_cb} runs from
     * {@code task_work_run} in {@code get_signal} and {@code copy_process} saves the owner's registers with
     * {@code save_all}, leaving {@code MSR_FP} set. The worker is not added to the world.
     *
     * @param t a user task
     * @return the action
     */
    static Action saveAllAtInterruptExit(String t) {
        return Action.forUserTask(t + ": interrupt, task_work copy_process (io_uring worker) at interrupt exit", t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            ctx.onCpu(cpu);
            k.enterKernel(t);
            ctx.call("smp_ipi_demux", () -> ctx.note("reschedule IPI (kick_process for TWA_SIGNAL task_work)"));
            ctx.call("interrupt_return_srr_user", () -> ctx.call("interrupt_exit_user_prepare",
                    () -> ctx.call("interrupt_exit_user_prepare_main", () -> {
                        ctx.call("do_notify_resume", () -> ctx.call("get_signal", () -> ctx.call("task_work_run",
                                () -> ctx.call("create_worker_cb", () -> ctx.call("create_io_worker",
                                        () -> ctx.call("create_io_thread", () -> dupTaskStruct(k, t, cpu)))))));
                        k.exitTail(t, cpu);
                    })));
            k.toUser(t);
        });
    }

    /**
     * A {@code clone()} syscall: {@code copy_process} saves the caller's registers with {@code save_all}. The child
     * is not added to the world.
     *
     * @param t a user task
     * @return the action
     */
    static Action saveAllInClone(String t) {
        return Action.forUserTask(t + ": clone() (copy_process saves the registers; child not modelled)", t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            PpcActions.syscall(k, t, "sys_clone", () -> ctx.call("kernel_clone", () -> dupTaskStruct(k, t, cpu)), true);
        });
    }

    private static void dupTaskStruct(Kernel k, String t, int cpu) {
        k.context().call("copy_process", () -> k.context().call("dup_task_struct", () -> k.context().call("arch_dup_task_struct", () -> {
            k.flushAllToThread(t, cpu);
            k.context().note("*dst = *src: the new task's copy is not part of this world");
        })));
    }

    /**
     * The anchor alphabet of a world of user tasks on one CPU.
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public static List<Action> alphabet(MachineState world) {
        List<Action> out = new ArrayList<>();
        for (TaskState t : world.tasks()) {
            String u = t.name();
            out.add(PpcActions.userWrite(u, "fr0", VALUE_A));
            out.add(PpcActions.userWrite(u, "fr0", VALUE_B));
            out.add(PpcActions.userWrite(u, "fpscr", FPSCR_RN));
            out.add(PpcActions.userWrite(u, "fpscr", BitVector.of(64, 0)));
            out.add(PpcActions.interrupt(u));
            out.add(PpcActions.nullSyscall(u));
            out.add(saveAllAtInterruptExit(u));
            out.add(saveAllInClone(u));
            out.add(PpcActions.preempt(u));
            for (int c = 0; c < world.cpus().size(); c++) {
                out.add(PpcActions.resume(u, c));
            }
            if (world.config().has(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS)) {
                out.add(loadCounterWraps(u, false));
                if (world.config().hasFeature(PowerPc.FEATURE_ALTIVEC)) {
                    out.add(loadCounterWraps(u, true));
                }
            }
        }
        return out;
    }

    /**
     * Under {@link PowerPc#OPTION_ABSTRACT_LOAD_COUNTERS}: the eager reload that {@code restore_math} made on the
     * task's last return to user was the 256th, so {@code should_restore_fp}'s u8 {@code load_fp++} (or
     * {@code should_restore_altivec}'s {@code load_vec++}) wrapped to 0 and the next return leaves the facility to the
     * unavailable fault. Enabled while the task is in user mode with the facility live in its MSR and the abstract
     * counter at 1; it changes the counter only.
     *
     * @param t   a user task
     * @param vec {@code load_vec} instead of {@code load_fp}
     * @return the action
     */
    public static Action loadCounterWraps(String t, boolean vec) {
        String counter = vec ? "load_vec" : "load_fp";
        String function = vec ? "should_restore_altivec" : "should_restore_fp";
        long facility = vec ? Kernel.VEC : Kernel.FP;
        return Action.of(t + ": restore_math's " + counter + "++ wrapped to 0 (the 256th eager reload)",
                s -> whyNoWrap(s, t, vec, facility) == null, s -> whyNoWrap(s, t, vec, facility), ctx -> {
                    int cpu = ctx.state().task(t).cpu();
                    ctx.onCpu(cpu);
                    Kernel k = new Kernel(ctx);
                    ctx.call(function, () -> {
                        PowerPcThread th = k.th(t);
                        k.putTh(t, vec ? th.withLoadCounters(th.loadFp(), 0) : th.withLoadCounters(0, th.loadVec()));
                        ctx.note("current->thread." + counter + "++ wrapped to 0: the next restore_math leaves "
                                + (vec ? "VMX" : "FP") + " to the unavailable fault");
                    });
                });
    }

    private static String whyNoWrap(MachineState s, String t, boolean vec, long facility) {
        if (!s.config().has(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS)) {
            return "the load counters are concrete (u8, wrapping by themselves); the wrap step needs "
                    + PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS;
        }
        if (!s.isInUserMode(t)) {
            return s.whyNotInUserMode(t);
        }
        PowerPcThread th = s.task(t).ext(PowerPcThread.class);
        if ((vec ? th.loadVec() : th.loadFp()) == 0) {
            return "task '" + t + "' has " + (vec ? "load_vec" : "load_fp") + " = 0 (lazy): nothing to wrap";
        }
        if ((th.msr().bits() & facility) == 0) {
            return "task '" + t + "' has " + (vec ? "MSR_VEC" : "MSR_FP")
                    + " clear: the wrap happens at an eager reload, which leaves the facility live";
        }
        return null;
    }

    /**
     * The symmetry of an anchor world: any permutation of the user tasks. Offered only when the world holds user
     * tasks alone, with equal saved and oracle files and equal thread state, no machine-wide extension state, and the
     * alphabet is exactly {@link #alphabet} of the world (closed under task permutations: every task has the same
     * actions, and the values written are shared by all tasks, so nothing but the tasks is permuted).
     *
     * @param world    the initial state
     * @param alphabet the alphabet
     * @return the symmetry, or empty
     */
    @Override
    public Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
        List<TaskState> ts = world.tasks();
        if (ts.isEmpty() || !(world.ext() instanceof NoExtension)) {
            return Optional.empty();
        }
        TaskState t0 = ts.get(0);
        for (TaskState t : ts) {
            if (!t.isUser() || !t.saved().equals(t0.saved()) || !t.oracle().equals(t0.oracle())
                    || !t.ext().equals(t0.ext())) {
                return Optional.empty();
            }
        }
        if (!Action.sameLabels(alphabet(world), alphabet)) {
            return Optional.empty();
        }
        // core's structural symmetry: the tasks are one role; the values written are shared by all tasks, so no
        // register value moves with a task, and the thread and CPU records name no task or CPU. A waiting task's
        // task_cpu is never read: its state is all in the thread struct (giveup_all saved it). The CPUs are not
        // declared interchangeable: u0 starts on CPU 0 with the other CPU never used, and no reachable state is the
        // CPU-swapped image of another (tried at 2 x 2: every orbit would be half unreachable, no reduction).
        return Optional.of(StructuralSymmetry.builder(world).interchangeableTasks(world.taskNames())
                .deadTaskCpuUnlessRunning().build());
    }
}

package io.github.fpctx.samples;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.arch.powerpc.PowerPcSteps;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Steps;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The five seed threads as stories the tour prints and {@code TourTest} checks: for each, the thread's scenario on
 * the buggy and on the fixed model, and the explorer on both from the plugin's alphabet alone, to the bound the
 * erratum declares. Each method returns a {@link StoryResult} whose {@link StoryResult#problems()} lists every way
 * the models did not behave as the thread documents (bug not reproduced, fix not clean, explorer not finding it).
 *
 * <pre>{@code
 * for (StoryResult s : SeedStories.all()) {
 *     System.out.println(s.render());
 * }
 * }</pre>
 *
 * <p>The seed tests in {@code samples/src/test/java/io/github/fpctx/samples/seeds} cover each thread in more detail
 * (negative controls, wrong and alternative fixes, variants); these stories are the one scenario per thread a
 * newcomer should see first. Everything is deterministic except the search times in the statistics.
 */
public final class SeedStories {
    /** Seed 001's FPSCR, and the vs0 value Timothy Pearson observed after the IPI. */
    static final long MARIADB_FPSCR = 0x8200_4000L;
    static final BitVector OBSERVED_VS0 = BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000");
    /** Seed 000's user values of vs0 and v0 (any pattern other than the FPSCR/VSCR images). */
    static final BitVector USER_VS0 = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    static final BitVector USER_V0 = BitVector.parse("0xaaaa_bbbb_cccc_dddd_eeee_ffff_0000_1234");
    /** Seed 004's configuration: PREEMPT_RT on a CPU with XFD and AMX. */
    static final KernelConfig RT_WITH_XFD = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX);
    /** The first line of seed 004's splat. */
    static final String SPLAT_FIRST_LINE =
            "BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:46";

    private SeedStories() {
    }

    /** @return the five stories, in seed order */
    public static List<StoryResult> all() {
        return List.of(seed000(), seed001(), seed002(), seed003(), seed004());
    }

    /**
     * Seed 000: io_uring creates its worker from the owner's interrupt return; {@code save_all > save_fpu} leaves the
     * FPSCR image in vs0 (and {@code save_altivec} the VSCR image in v0) while MSR_FP stays set.
     *
     * @return the story
     */
    public static StoryResult seed000() {
        Function<String[], Scenario> scenario = errata -> Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", MARIADB_FPSCR)
                .userWrites("mariadbd", "vscr", 0x0001_0000L)
                .userWrites("mariadbd", "vs0", USER_VS0)
                .userWrites("mariadbd", "v0", USER_V0)
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd"));
        ScenarioResult buggy = scenario.apply(new String[] {PowerPcErrata.SAVE_FPU_CLOBBERS_FR0}).run();
        ScenarioResult fixed = scenario.apply(new String[0]).run();
        List<String> problems = new ArrayList<>();
        expect(problems, buggy.violations("user-registers-intact").stream().anyMatch(v -> v.subject().orElse("").equals("vs0")),
                "buggy model: no user-registers-intact violation on vs0");
        expect(problems, buggy.passesThrough("create_worker_cb") && buggy.passesThrough("save_all"),
                "buggy model: the trace does not pass through create_worker_cb > ... > save_all");
        expect(problems, buggy.userView("mariadbd").get("vs0").equals(PowerPc.mffsVsrImage(MARIADB_FPSCR)),
                "buggy model: mariadbd does not resume with vs0 = the FPSCR image");
        expect(problems, fixed.isClean() && fixed.userView("mariadbd").get("vs0").equals(USER_VS0),
                "fixed model: mariadbd does not resume with its own vs0");
        Function<String[], Scenario> world = errata -> Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0));
        return story("000", "[PATCH v2] powerpc: Don't clobber fr0/vs0 during fp|altivec register save",
                "introduced by 8792468da5e1 (\"powerpc: Add the ability to save FPU without giving it up\", v4.6); "
                        + "fixed by 5e1d824f9a28 (v6.7-rc4)",
                "Since v4.6 fork's save_all() saves the FP/VMX state without giving it up, and save_fpu() ends with "
                        + "mffs fr0, leaving the FPSCR image in fr0/vs0 (save_altivec: the VSCR image in v0) while the "
                        + "task's MSR still says FP is live. After a syscall that is invisible (f0 is volatile across "
                        + "libc's call), but io_uring now creates its worker via create_io_thread() from task_work run on "
                        + "the way out of an interrupt: mpe's path interrupt_exit_user_prepare_main > do_notify_resume > "
                        + "get_signal > task_work_run > create_worker_cb > ... > save_all > save_fpu, after which "
                        + "restore_math() is skipped and user space resumes with the clobbered vs0. Nick's point that "
                        + "__switch_to > giveup_all also clobbers fr0 but clears MSR_FP (\"fr0 is not live there\") is "
                        + "the negative control in Seed000SaveFpuClobbersFr0Test.",
                PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, buggy, fixed, world, problems, "user-registers-intact");
    }

    /**
     * Seed 001: the MariaDB investigation; the reschedule IPI with the first patch's {@code lwsync} applied still
     * leaves vs0 = {@code 0x0000_0000_8200_4000_0000_0000_8200_4000}; the fr0 fix cures it.
     *
     * @return the story
     */
    public static StoryResult seed001() {
        Function<String[], Scenario> scenario = errata -> Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", MARIADB_FPSCR)
                .userWrites("mariadbd", "vs0", BitVector.zero(128))      // xxspltd vs0,vs0,0
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd"));
        ScenarioResult buggy = scenario.apply(new String[] {PowerPcErrata.SAVE_FPU_CLOBBERS_FR0,
                PowerPcErrata.IPI_LWSYNC_BARRIER}).run();
        ScenarioResult fixed = scenario.apply(new String[] {PowerPcErrata.IPI_LWSYNC_BARRIER}).run();
        List<String> problems = new ArrayList<>();
        expect(problems, buggy.passesThrough("__smp_lwsync"), "buggy model: the lwsync patch is not in the trace");
        expect(problems, buggy.userView("mariadbd").get("vs0").equals(OBSERVED_VS0),
                "buggy model: vs0 is " + buggy.userView("mariadbd").get("vs0") + ", not the observed " + OBSERVED_VS0);
        expect(problems, fixed.isClean() && fixed.userView("mariadbd").get("vs0").isZero(),
                "fixed model: mariadbd does not resume with the zeroed vs0");
        Function<String[], Scenario> world = errata -> Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .task("other", t -> t.queuedOn(0));
        return story("001", "Re: [PATCH] powerpc: Fix data corruption on IPI",
                "first patch: __smp_lwsync() before the reschedule IPI (not applied: a red herring); "
                        + "real fix 5e1d824f9a28 (Fixes: 8792468da5e1)",
                "MariaDB (MDEV-30728) on POWER9 crashed or corrupted pages. Timothy Pearson caught it: the thread zeroes "
                        + "vs0 (xxspltd vs0,vs0,0), io_uring's reschedule IPI lands, and \"on userspace thread resume, vs0 "
                        + "now contains the value 0x820040000000000082004000\", the FPSCR image. His first patch added an "
                        + "lwsync before the IPI; mpe noted both sides already have full barriers. The model below runs the "
                        + "scenario with that patch applied: the barrier is in the trace and the corruption is unchanged. "
                        + "The fr0 fix (reload vs0 after save_fpu) is the cure. When the new worker also preempts the "
                        + "owner, giveup_all saves the clobbered vs0 over the good copy and the kernel \"purposefully "
                        + "restores the bad data\" (Seed001MariaDbIpiTest).",
                PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, buggy, fixed,
                errata -> world.apply(append(errata, PowerPcErrata.IPI_LWSYNC_BARRIER)), problems, "user-registers-intact");
    }

    /**
     * Seed 002: x86 exec's {@code fpu__drop} instead of {@code __fpu_invalidate_fpregs_state}; the 7-step schedule
     * starts the new program with the old program's registers.
     *
     * @return the story
     */
    public static StoryResult seed002() {
        long oldMxcsr = X86.MXCSR.reset().with(X86.MXCSR_RC, 3).bits();
        Function<String[], Scenario> scenario = errata -> {
            Scenario s = Scenario.on("x86_64").withErrata(errata).cpus(2)
                    .task("T", t -> t.onCpu(0).userWrites("mxcsr", oldMxcsr))
                    .kernelThread("K", 0);
            X86Steps.seed002("T", "K").forEach(s::step);
            return s;
        };
        ScenarioResult buggy = scenario.apply(new String[] {X86Errata.EXEC_FPU_DROP}).run();
        ScenarioResult fixed = scenario.apply(new String[0]).run();
        List<String> problems = new ArrayList<>();
        expect(problems, !buggy.violations().isEmpty() && buggy.violations().stream().allMatch(v -> v.step() == 7),
                "buggy model: no violation, or not only at step 7 (return to user)");
        expect(problems, buggy.userView("T").get("xmm0").equals(X86Steps.OLD_PROGRAM_XMM0)
                        && buggy.userView("T").get("mxcsr").equals(BitVector.of(32, oldMxcsr)),
                "buggy model: the new program does not see the old program's xmm0 and MXCSR");
        expect(problems, fixed.isClean() && fixed.architecture().machines().initRegisters(fixed.initialState().config())
                        .diff(fixed.userView("T")).isEmpty(),
                "fixed model: the new program does not start in the init state (FCW 0x37F, MXCSR 0x1F80)");
        Function<String[], Scenario> world = errata -> Scenario.on("x86_64").withErrata(errata).cpus(2)
                .task("T", t -> t.onCpu(0).userWrites("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0);
        return story("002", "[PATCH] x86: Use __fpu_invalidate_fpregs_state() in exec",
                "bug from 33344368cb08; fixed by 1f69383b203e; Lijun Pan's \"invalidate both\" also cures it (not merged)",
                "fpregs_state_valid(fpu, cpu) trusts the registers if this CPU's fpu_fpregs_owner_ctx is the task and the "
                        + "task's last_cpu is this CPU. exec's fpu_reset_fpregs() invalidated with fpu__drop(), which forgets "
                        + "only the current CPU's owner. Rick Edgecombe's schedule: T execs on CPU 0, is preempted (CPU 0 "
                        + "runs only a kernel thread, so it still names T), runs flush_thread on CPU 1, comes back to CPU 0 "
                        + "and returns to user: both conditions hold, the init state is never loaded, and the new program "
                        + "starts with the old program's registers (in the thread: a stale shadow-stack pointer in "
                        + "ld-linux). The fix invalidates the task's last_cpu instead. The \u00a76.4 negative controls "
                        + "(no migration, exec finishing on CPU 1, another FPU user or kernel FPU use on CPU 0) are in "
                        + "Seed002ExecFpuDropTest.",
                X86Errata.EXEC_FPU_DROP, buggy, fixed, world, problems, "user-registers-intact");
    }

    /**
     * Seed 003: ppc32 {@code __giveup_fpu} leaving MSR_FE0/FE1 set; the task takes a SIGFPE in a mode
     * {@code PR_GET_FPEXC} reports as disabled (kernel-semantics §4.3).
     *
     * @return the story
     */
    public static StoryResult seed003() {
        Function<String[], Scenario> scenario = errata -> Scenario.on("ppc32").withErrata(errata).cpus(1)
                .task("t", s -> s.onCpu(0))
                .userWrites("t", "f0", BitVector.of(64, 1))
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE))
                .preempt("t")
                .resume("t", 0)
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED))
                .step(PowerPcSteps.fpDivideByZero("t"));
        ScenarioResult buggy = scenario.apply(new String[] {PowerPcErrata.GIVEUP_FPU_KEEPS_FE01}).run();
        ScenarioResult fixed = scenario.apply(new String[0]).run();
        List<String> problems = new ArrayList<>();
        expect(problems, sigfpes(buggy) == 1 && !buggy.violations("ppc-sigfpe-matches-fpexc-mode").isEmpty(),
                "buggy model: no SIGFPE in PR_FP_EXC_DISABLED mode");
        expect(problems, !buggy.violations("ppc-fe-clear-when-fp-off").isEmpty(),
                "buggy model: __giveup_fpu did not leave FE0/FE1 set");
        expect(problems, fixed.isClean() && sigfpes(fixed) == 0, "fixed model: not clean, or a SIGFPE");
        Function<String[], Scenario> world = errata -> Scenario.on("ppc32").withErrata(errata).cpus(1)
                .task("t", s -> s.onCpu(0));
        return story("003", "powerpc: fix 32-bit KVM-PR lockup and panic with MacOS guest",
                "introduced by 8792468da5e1; fixed by fe1ef6bcdb4f (Mark Cave-Ayland, Cc: stable)",
                "When giveup_fpu was rewritten in C as __giveup_fpu it cleared MSR_FP but no longer MSR_FE0|MSR_FE1 "
                        + "(\"almost certainly an accident\", mpe). Every later FP enable ORs the task's fpexc_mode into "
                        + "the stale bits, so a task can run in a stricter FP exception mode than PR_GET_FPEXC reports. "
                        + "Mark hit it with a MacOS guest under 32-bit KVM-PR, whose FE bits reach the host thread's MSR "
                        + "(init died, the host panicked). Without KVM (kernel-semantics \u00a74.3): a ppc32 task uses FP "
                        + "in precise mode, is switched out, sets PR_FP_EXC_DISABLED without touching FP, and divides by "
                        + "zero: SIGFPE anyway. Ben Herrenschmidt's \"test case to verify that FE0/FE1 are properly "
                        + "preserved/context-switched\" and the KVM-PR flavour are in Seed003GiveupFpuFe01Test.",
                PowerPcErrata.GIVEUP_FPU_KEEPS_FE01, buggy, fixed, world, problems, "ppc-fe-clear-when-fp-off");
    }

    /**
     * Seed 004: x86 {@code fpu_clone} calling {@code fpu_inherit_perms} (siglock) under {@code fpregs_lock()}; on
     * PREEMPT_RT with XFD every fork() splats.
     *
     * @return the story
     */
    public static StoryResult seed004() {
        Function<String[], Scenario> scenario = errata -> {
            Scenario s = Scenario.on("x86_64").config(RT_WITH_XFD).withErrata(errata).cpus(1)
                    .task("systemd", t -> t.onCpu(0));
            X86Steps.seed004("systemd", "child").forEach(s::step);
            return s;
        };
        ScenarioResult buggy = scenario.apply(new String[] {X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK}).run();
        ScenarioResult fixed = scenario.apply(new String[0]).run();
        List<String> problems = new ArrayList<>();
        List<KernelEvent> splats = buggy.steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.kind() == KernelEvent.Kind.SLEEP_IN_ATOMIC).toList();
        expect(problems, splats.size() == 1 && splats.get(0).message().startsWith(SPLAT_FIRST_LINE)
                        && splats.get(0).message().contains("Preemption disabled at:\nfpu_clone"),
                "buggy model: fork() does not print the splat \"" + SPLAT_FIRST_LINE + " ... Preemption disabled at: fpu_clone\"");
        expect(problems, fixed.isClean() && fixed.passesThrough("rt_spin_lock"),
                "fixed model: not clean, or the siglock is no longer taken");
        Function<String[], Scenario> world = errata -> Scenario.on("x86_64").config(RT_WITH_XFD).withErrata(errata).cpus(2)
                .task("T", t -> t.onCpu(0))
                .kernelThread("K", 0);
        return story("004", "[RFC PATCH] x86: Drop fpregs lock before inheriting FPU permissions during clone",
                "introduced by 9e798e9aa14c (\"x86/fpu: Prepare fpu_clone() for dynamically enabled features\"); "
                        + "fixed by 36b038791e1e",
                "fpu_clone() copies the parent's registers into the child under fpregs_lock() and, for a new process "
                        + "(no CLONE_THREAD), calls fpu_inherit_perms(), which takes sighand->siglock with spin_lock_irq() "
                        + "when fpu_state_size_dynamic() (XFD, AMX). On PREEMPT_RT fpregs_lock() only disables preemption "
                        + "and spinlock_t is a sleeping rt_spin_lock, so Mike Galbraith's systemd got \"BUG: sleeping "
                        + "function called from invalid context at kernel/locking/spinlock_rt.c:46\". Mel Gorman's fix "
                        + "unlocks before inheriting: the lock protects this CPU's registers, not a child that cannot run "
                        + "yet. Non-RT kernels, CLONE_THREAD, minimal clones and CPUs without XFD are clean even with the "
                        + "bug (Seed004CloneInheritPermsRtTest).",
                X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK, buggy, fixed, world, problems, "no-sleep-in-atomic");
    }

    private static StoryResult story(String seed, String title, String commits, String text, String erratum,
                                     ScenarioResult buggy, ScenarioResult fixed, Function<String[], Scenario> world,
                                     List<String> problems, String expectedInvariant) {
        int bound = buggy.architecture().erratum(erratum).explorationBound();
        ExplorationReport search = world.apply(new String[] {erratum}).explore().bound(bound).run();
        ExplorationReport fixedSearch = world.apply(new String[0]).explore().bound(bound).run();
        expect(problems, !buggy.isClean(), "buggy model: the scenario is clean, the bug did not reproduce");
        expect(problems, search.counterexample().map(cx -> !cx.violations(expectedInvariant).isEmpty()).orElse(false),
                "explorer: no schedule violating " + expectedInvariant + " within bound " + bound + " (" + search + ")");
        expect(problems, !fixedSearch.foundViolation(), "explorer: the fixed model is not clean to bound " + bound
                + " (" + fixedSearch + ")");
        return new StoryResult(seed, title, commits, text, buggy, fixed, search, fixedSearch, problems);
    }

    private static void expect(List<String> problems, boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static long sigfpes(ScenarioResult run) {
        return run.steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.kind() == KernelEvent.Kind.SIGNAL && e.message().startsWith("SIGFPE")).count();
    }

    private static String[] append(String[] errata, String more) {
        String[] out = java.util.Arrays.copyOf(errata, errata.length + 1);
        out[errata.length] = more;
        return out;
    }
}

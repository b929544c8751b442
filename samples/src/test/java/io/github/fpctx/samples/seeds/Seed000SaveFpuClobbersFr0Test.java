package io.github.fpctx.samples.seeds;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Violation;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000: "[PATCH v2] powerpc: Don't clobber fr0/vs0 during fp|altivec register save" (Timothy Pearson, Michael
 * Ellerman, Nicholas Piggin, Nov 2023; fixed by {@code 5e1d824f9a28}, {@code Fixes: 8792468da5e1}).
 *
 * <p>mpe's call path: io_uring creates its worker with {@code copy_process()} from {@code task_work} run on the way
 * out of an <em>interrupt</em>; {@code save_all} calls {@code save_fpu}, which leaves the {@code mffs} FPSCR image in
 * fr0 while the task's MSR still says FP is live, so user space resumes with it. Nick's answer to the
 * {@code __switch_to > giveup_all} trace ("fr0 is not live there") and mpe's "That's OK if the signal is handled as we
 * return from a syscall" are the negative controls.
 */
class Seed000SaveFpuClobbersFr0Test {
    /** What user space had in vs0 before the interrupt (any pattern other than the FPSCR image). */
    static final BitVector VS0 = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    /** What it had in v0 (= vs32), for the AltiVec twin. */
    static final BitVector V0 = BitVector.parse("0xaaaa_bbbb_cccc_dddd_eeee_ffff_0000_1234");
    static final long FPSCR = 0x8200_4000L;
    static final long VSCR = 0x0001_0000L;

    /** mpe's path, from the interrupt return to {@code save_fpu}, as the model names it. */
    static final List<String> MPE_CALL_PATH = List.of("interrupt_return_srr_user", "interrupt_exit_user_prepare",
            "interrupt_exit_user_prepare_main", "do_notify_resume", "get_signal", "task_work_run", "create_worker_cb",
            "create_io_worker", "copy_process", "arch_dup_task_struct", "flush_all_to_thread", "save_all", "save_fpu");

    /** The io_uring owner uses FP and VMX, then an IPI arrives and its exit path creates the io-wq worker. */
    static Scenario ioUringWorkerAtInterruptReturn(String... errata) {
        return Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", FPSCR)
                .userWrites("mariadbd", "vscr", VSCR)
                .userWrites("mariadbd", "vs0", VS0)
                .userWrites("mariadbd", "v0", V0)
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd"));
    }

    @Test
    void buggySaveFpuAtInterruptReturnLeavesTheFpscrImageInVs0() {
        ScenarioResult run = ioUringWorkerAtInterruptReturn(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();

        assertThat(run).hasViolation("user-registers-intact", "vs0");
        for (String function : MPE_CALL_PATH) {
            assertThat(run).passesThrough(function);
        }
        Violation v = run.violations("user-registers-intact").get(0);
        assertEquals(5, v.step(), "the clobber is seen when mariadbd returns to user at the end of the IPI step");
        assertTrue(v.callPath().containsAll(List.of("create_worker_cb", "save_all")), v.callPath().toString());
        assertTrue(run.render().contains("create_worker_cb"), "the timeline shows the call path");
        assertThat(run).task("mariadbd").sees("vs0", PowerPc.mffsVsrImage(FPSCR));
        assertTrue(run.finalState().task("mariadbd").ext(PowerPcThread.class).fpLive(),
                "MSR_FP is still set, so restore_math is skipped and the clobbered register is what user space sees");
    }

    @Test
    void buggyFailureMessageSaysTheValueIsTheFpscrImage() {
        ScenarioResult run = ioUringWorkerAtInterruptReturn(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();
        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(run).task("mariadbd").seesWhatItWrote());
        // the engine's record: save_fpu wrote vs0 at the IPI step, and the value is the mffs image of the FPSCR
        String ipi = "step 5 (" + run.steps().get(4).label() + ")";
        assertTrue(e.getMessage().contains("Where it came from: vs0 holds the FPSCR image (mffs), written by save_fpu at " + ipi + "\n"
                + "    <- " + ipi + ", save_fpu: CPU 0's live vs0 <- the FPSCR image (mffs)\n"), e.getMessage());
        assertTrue(e.getMessage().contains("Where it came from: vs32 holds the VSCR image (mfvscr), written by save_altivec at " + ipi),
                e.getMessage());
    }

    @Test
    void fixedSaveFpuReloadsVs0SoUserSpaceSeesItsOwnValue() {
        ScenarioResult run = ioUringWorkerAtInterruptReturn().run();

        assertThat(run).isClean().passesThrough("save_all").passesThrough("save_fpu")
                .task("mariadbd").sees("vs0", VS0).seesWhatItWrote();
    }

    @Test
    void altivecTwinLeavesTheVscrImageInV0() {
        ScenarioResult bug = ioUringWorkerAtInterruptReturn(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();
        assertThat(bug).passesThrough("save_altivec").hasViolation("user-registers-intact", "vs32");
        assertThat(bug).task("mariadbd").sees("v0", PowerPc.mfvscrImage(VSCR));

        ScenarioResult fixed = ioUringWorkerAtInterruptReturn().run();
        assertThat(fixed).passesThrough("save_altivec").task("mariadbd").sees("v0", V0);
    }

    @Test
    void switchToGiveupAllClobbersFr0ButItIsNotLiveSoNoBug() {
        // Timothy's second trace: __switch_to > giveup_all > __giveup_fpu > save_fpu. Nick: "fr0 is not live there".
        ScenarioResult run = Scenario.on("ppc64").withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", FPSCR)
                .userWrites("mariadbd", "vs0", VS0)
                .preempt("mariadbd")
                .resume("mariadbd", 0)
                .run();

        assertThat(run).passesThrough("giveup_all").passesThrough("__giveup_fpu").passesThrough("save_fpu");
        assertEquals(PowerPc.mffsVsrImage(FPSCR), run.stateAfter(3).cpu(0).live().get("vs0"), "fr0 is clobbered ...");
        assertFalse(run.stateAfter(3).task("mariadbd").ext(PowerPcThread.class).fpLive(), "... but MSR_FP is off");
        assertEquals(VS0, run.stateAfter(3).task("mariadbd").saved().get("vs0"), "and the saved copy is good");
        assertThat(run).isClean().task("mariadbd").sees("vs0", VS0);
    }

    @Test
    void cloneSyscallReturnIsInvisibleUnderTheFunctionCallAbi() {
        // mpe: "That's OK if the signal is handled as we return from a syscall": libc's fork() wrapper is a call,
        // and f0 is volatile across calls.
        ScenarioResult run = forkWithLiveF0(Scenario.on("ppc64").withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)).run();

        assertThat(run).passesThrough("save_all").isClean();
        assertEquals(BitVector.of(64, 0), run.userView("mariadbd").get("f0"), "f0 does hold the FPSCR image (0 here)");
        assertEquals(BitVector.of(64, 42), run.finalState().task("child").saved().get("f0"), "the child's copy is good");
    }

    @Test
    void cloneSyscallReturnIsVisibleUnderTheStrictSyscallAbi() {
        // the updated fpu_syscall selftest (raw sc, every FP register non-volatile): the parent fails, the child passes
        ScenarioResult bug = forkWithLiveF0(Scenario.on("ppc64").withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
                .strictSyscallAbi()).run();
        assertThat(bug).hasViolation("user-registers-intact", "vs0");

        ScenarioResult fixed = forkWithLiveF0(Scenario.on("ppc64").strictSyscallAbi()).run();
        assertThat(fixed).isClean().task("mariadbd").sees("f0", 42);
    }

    /** The parent has f0 live and calls fork() as a raw syscall; the child is left runnable. */
    private static Scenario forkWithLiveF0(Scenario s) {
        return s.cpus(1).task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "f0", 42)
                .fork("mariadbd", "child");
    }

    @Test
    void explorerFindsTheBugFromTheAlphabetAloneAndTheFixedModelIsClean() {
        int bound = Scenario.on("ppc64").architecture().erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).explorationBound();
        ExplorationReport bug = Scenario.on("ppc64").withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).cpus(1)
                .task("mariadbd", t -> t.onCpu(0)).explore().bound(bound).run();
        System.out.println("Seed 000, shortest schedule the explorer found:\n" + bug.render());

        assertThat(bug).foundViolation().withinSteps(bound);
        assertEquals(2, bug.counterexample().orElseThrow().steps().size(), "a VSX write, then the IPI");
        assertThat(bug).counterexample().hasViolation("user-registers-intact").passesThrough("save_all");
        // the counterexample is replayed with tracing, so its failure is explained from the engine's record too
        AssertionError why = assertThrows(AssertionError.class,
                () -> assertThat(bug).counterexample().task("mariadbd").seesWhatItWrote());
        assertTrue(why.getMessage().contains("holds the FPSCR image (mffs), written by save_fpu at step 2"), why.getMessage());

        ExplorationReport fixed = Scenario.on("ppc64").cpus(1).task("mariadbd", t -> t.onCpu(0)).explore().bound(bound).run();
        System.out.println("Seed 000, fixed model: " + fixed);
        assertThat(fixed).foundNoViolation();
    }
}

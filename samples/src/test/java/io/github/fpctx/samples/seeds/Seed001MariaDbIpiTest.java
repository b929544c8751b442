package io.github.fpctx.samples.seeds;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001: "Re: [PATCH] powerpc: Fix data corruption on IPI" (Timothy Pearson, Michael Ellerman, Nicholas Piggin,
 * Nov 2023), the MariaDB investigation (MDEV-30728) that led to {@code 5e1d824f9a28}.
 *
 * <p>The MariaDB thread zeroes vs0 ({@code xxspltd vs0,vs0,0}); io_uring's reschedule IPI lands; "On userspace thread
 * resume, vs0 now contains the value 0x820040000000000082004000". The first patch put an {@code lwsync} before the
 * IPI (mpe: there already is a full barrier on both sides); the real fix reloads fr0/vs0 after {@code save_fpu}.
 * Timothy also saw "the kernel is purposefully restoring the bad data": the variant where the new worker preempts
 * the owner and {@code giveup_all} saves the clobbered vs0 over the good copy (kernel-semantics §3.2, 6b).
 */
class Seed001MariaDbIpiTest {
    /** {@code xxspltd vs0,vs0,0}: "vs0 now zeroed out". */
    static final BitVector ZEROED_VS0 = BitVector.zero(128);
    /** The FPSCR the MariaDB thread runs with. */
    static final long FPSCR = 0x8200_4000L;
    /** What Timothy observed in vs0 after the IPI. */
    static final BitVector OBSERVED_VS0 = BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000");

    /** The MariaDB thread zeroes vs0; the reschedule IPI's exit creates the io-wq worker, which does not run yet. */
    static Scenario rescheduleIpi(String... errata) {
        return Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", FPSCR)
                .userWrites("mariadbd", "vs0", ZEROED_VS0)
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd"));
    }

    /** As {@link #rescheduleIpi}, but the new worker grabs the CPU ("I've never seen it schedule on a different core"). */
    static Scenario workerGrabsTheCpu(String... errata) {
        return Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", FPSCR)
                .userWrites("mariadbd", "vs0", ZEROED_VS0)
                .step(PowerPcPaths.ioUringWorkerPreemptsAtInterruptReturn("mariadbd"))
                .resume("mariadbd", 0);
    }

    @Test
    void onUserspaceThreadResumeVs0ContainsTheObservedValue() {
        ScenarioResult run = rescheduleIpi(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();

        assertThat(run).passesThrough("arch_smp_send_reschedule").passesThrough("create_worker_cb")
                .hasViolation("user-registers-intact", "vs0")
                .task("mariadbd").sees("vs0", OBSERVED_VS0);
    }

    @Test
    void theFirstPatchsBarrierDoesNotCureIt() {
        ScenarioResult bug = rescheduleIpi(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();
        ScenarioResult barrier = rescheduleIpi(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, PowerPcErrata.IPI_LWSYNC_BARRIER).run();

        assertThat(bug).doesNotPassThrough("__smp_lwsync");
        assertThat(barrier).passesThrough("__smp_lwsync").passesThrough("do_message_pass")
                .hasViolation("user-registers-intact", "vs0")
                .task("mariadbd").sees("vs0", OBSERVED_VS0);
        assertEquals(bug.violations().size(), barrier.violations().size(), "the barrier changes nothing about it");
    }

    @Test
    void theBarrierOnTheFixedKernelIsHarmless() {
        assertThat(rescheduleIpi(PowerPcErrata.IPI_LWSYNC_BARRIER).run()).isClean().passesThrough("__smp_lwsync")
                .task("mariadbd").sees("vs0", ZEROED_VS0);
    }

    @Test
    void theFr0FixCuresIt() {
        assertThat(rescheduleIpi().run()).isClean().passesThrough("save_fpu")
                .task("mariadbd").sees("vs0", ZEROED_VS0).seesWhatItWrote();
    }

    @Test
    void whenTheWorkerPreemptsGiveupAllMakesTheCorruptionPersistent() {
        // §3.2 6b: __switch_to > giveup_all > __giveup_fpu re-saves the clobbered vs0 over the good fp_state copy,
        // and when mariadbd runs again the kernel "purposefully restores the bad data"
        ScenarioResult run = workerGrabsTheCpu(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();

        assertThat(run).passesThrough("giveup_all").passesThrough("__giveup_fpu");
        assertEquals(OBSERVED_VS0, run.stateAfter(3).task("mariadbd").saved().get("vs0"),
                "the save area now holds the FPSCR image");
        assertTrue(run.steps().get(3).passesThrough("restore_math") || run.steps().get(3).passesThrough("load_up_fpu"),
                "the bad value is reloaded from the save area");
        assertThat(run).hasViolation("user-registers-intact", "vs0").task("mariadbd").sees("vs0", OBSERVED_VS0);
    }

    @Test
    void theFailureNamesSaveFpuAndTheEngineRecordsTheResaveOverTheGoodCopy() {
        ScenarioResult run = workerGrabsTheCpu(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).run();
        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(run).task("mariadbd").sees("vs0", ZEROED_VS0));
        String step3 = "step 3 (" + run.steps().get(2).label() + ")";
        assertTrue(e.getMessage().contains("Where it came from: vs0 holds the FPSCR image (mffs), written by save_fpu at " + step3 + "\n"
                + "    <- " + step3 + ", save_fpu: CPU 0's live vs0 <- the FPSCR image (mffs)\n"), e.getMessage());

        // giveup_all's save_fpu stored the clobbered register over the good copy in the save area, from CPU 0's live
        // registers, and said so
        Step st = run.steps().get(2);
        List<StateChange> resaves = st.calls().allChanges().stream()
                .filter(c -> c.path().equals("task mariadbd.saved.vs0") && c.after().equals(OBSERVED_VS0.toString())).toList();
        assertEquals(1, resaves.size(), st.calls().allChanges().toString());
        assertEquals(Source.live(0), resaves.get(0).source());
        assertTrue(st.calls().pathToChange(resaves.get(0)).containsAll(List.of("giveup_all", "__giveup_fpu", "save_fpu")),
                st.calls().pathToChange(resaves.get(0)).toString());
    }

    @Test
    void whenTheWorkerPreemptsTheFixedKernelSavesAndRestoresTheGoodValue() {
        ScenarioResult run = workerGrabsTheCpu().run();

        assertEquals(ZEROED_VS0, run.stateAfter(3).task("mariadbd").saved().get("vs0"));
        assertThat(run).isClean().task("mariadbd").sees("vs0", ZEROED_VS0);
    }

    @Test
    void explorerFindsTheBugFromTheAlphabetAloneAndTheFixedModelIsClean() {
        // the world of the investigation: the MariaDB thread and another user thread on the same core
        int bound = Scenario.on("ppc64").architecture().erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).explorationBound();
        ExplorationReport bug = world(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0, PowerPcErrata.IPI_LWSYNC_BARRIER)
                .explore().bound(bound).run();
        System.out.println("Seed 001, shortest schedule the explorer found (with the lwsync patch applied):\n" + bug.render());

        assertThat(bug).foundViolation().withinSteps(bound);
        assertEquals(2, bug.counterexample().orElseThrow().steps().size(), "a VSX write, then the IPI");
        assertThat(bug).counterexample().hasViolation("user-registers-intact").passesThrough("__smp_lwsync");

        ExplorationReport fixed = world(PowerPcErrata.IPI_LWSYNC_BARRIER).explore().bound(bound).run();
        System.out.println("Seed 001, fixed model: " + fixed);
        assertThat(fixed).foundNoViolation();
    }

    private static Scenario world(String... errata) {
        return Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .task("other", t -> t.queuedOn(0));
    }
}

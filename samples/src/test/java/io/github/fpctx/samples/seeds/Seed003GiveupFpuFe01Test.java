package io.github.fpctx.samples.seeds;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcInvariants;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.arch.powerpc.PowerPcSteps;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003: "powerpc: fix 32-bit KVM-PR lockup and panic with MacOS guest" (Mark Cave-Ayland, Feb 2019; commit
 * {@code fe1ef6bcdb4f}, {@code Fixes: 8792468da5e1}). The C rewrite of {@code giveup_fpu} cleared only
 * {@code MSR_FP}, leaving {@code MSR_FE0}/{@code MSR_FE1} set ("It was almost certainly an accident", mpe).
 *
 * <p>Ben Herrenschmidt: "We should write a test case to verify that FE0/FE1 are properly preserved/context-switched
 * etc... I bet if we accidentally wiped them, we wouldn't notice 99.9% of the time." That test is the first one
 * here; then the user-visible consequence without KVM (kernel-semantics §4.3, derived from the code) and the KVM-PR
 * flavour of the thread, where the guest's FE bits reach the host thread's MSR and outlive the give-up.
 */
class Seed003GiveupFpuFe01Test {
    private static long sigfpes(ScenarioResult run) {
        return run.steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.kind() == KernelEvent.Kind.SIGNAL && e.message().startsWith("SIGFPE")).count();
    }

    private static PowerPcThread thread(MachineState s, String task) {
        return s.task(task).ext(PowerPcThread.class);
    }

    /**
     * Ben's test: task a runs with precise FP exceptions, task b with them disabled; both use FP on one CPU and are
     * switched back and forth. Each must get its own mode back, and a task that is switched out must not keep FE bits
     * in its MSR.
     */
    static Scenario fe01ContextSwitch(String... errata) {
        return Scenario.on("ppc64").withErrata(errata).cpus(1)
                .task("a", t -> t.onCpu(0))
                .task("b", t -> t.queuedOn(0))
                .step(PowerPcSteps.setFpexcMode("a", PowerPc.PR_FP_EXC_PRECISE))
                .userWrites("a", "f0", BitVector.of(64, 1))
                .preempt("a")                              // 3: __switch_to > giveup_all > __giveup_fpu(a)
                .resume("b", 0)
                .userWrites("b", "f0", BitVector.of(64, 2))
                .preempt("b")
                .resume("a", 0)                            // 7: restore_math: MSR |= MSR_FP | fpexc_mode
                .userWrites("a", "f1", BitVector.of(64, 3));
    }

    @Test
    void feBitsArePreservedAcrossContextSwitchesWithAndWithoutTheBug() {
        for (ScenarioResult run : List.of(fe01ContextSwitch().run(), fe01ContextSwitch(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).run())) {
            assertEquals(PowerPc.PR_FP_EXC_PRECISE, thread(run.finalState(), "a").msrFeMode(), run::render);
            assertEquals(PowerPc.PR_FP_EXC_DISABLED, thread(run.stateAfter(5), "b").msrFeMode(), run::render);
            assertThat(run).task("a").seesWhatItWrote();
        }
    }

    @Test
    void feBitsAreClearedWhenTheTaskIsSwitchedOutOnlyAfterTheFix() {
        ScenarioResult fixed = fe01ContextSwitch().run();
        assertThat(fixed).isClean().passesThrough("__giveup_fpu");
        assertEquals(0, thread(fixed.stateAfter(3), "a").msr().bits() & PowerPc.MSR_FE_MASK);

        ScenarioResult bug = fe01ContextSwitch(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).run();
        PowerPcThread a = thread(bug.stateAfter(3), "a");
        assertTrue(!a.fpLive() && (a.msr().bits() & PowerPc.MSR_FE_MASK) == PowerPc.MSR_FE_MASK,
                "MSR_FP off but FE0 = FE1 = 1: " + a.msr());
        assertThat(bug).hasViolation(PowerPcInvariants.FE_CLEAR_WHEN_FP_OFF.id());
        assertEquals(3, bug.violations(PowerPcInvariants.FE_CLEAR_WHEN_FP_OFF.id()).get(0).step());
    }

    // ---- kernel-semantics §4.3: the user-visible consequence, without KVM ---------------------------------------

    /** ppc32: T uses FP (precise by default), is switched out, turns FP exceptions off without touching FP, divides by 0. */
    static Scenario sigfpeAfterDisabling(String... errata) {
        return Scenario.on("ppc32").withErrata(errata).cpus(1)
                .task("t", s -> s.onCpu(0))
                .userWrites("t", "f0", BitVector.of(64, 1))
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE))
                .preempt("t")
                .resume("t", 0)
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED))
                .step(PowerPcSteps.getFpexcMode("t"))
                .step(PowerPcSteps.fpDivideByZero("t"));
    }

    @Test
    void buggyKernelDeliversSigfpeAlthoughPrGetFpexcSaysDisabled() {
        ScenarioResult run = sigfpeAfterDisabling(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).run();

        assertEquals(PowerPc.PR_FP_EXC_DISABLED, thread(run.finalState(), "t").fpexcModeValue(), "PR_GET_FPEXC: disabled");
        assertEquals(1, sigfpes(run), run::render);
        assertThat(run).hasViolation(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE.id())
                .hasViolation(PowerPcInvariants.FE_CLEAR_WHEN_FP_OFF.id());
    }

    @Test
    void fixedKernelOnlySetsTheFpscrStatusBits() {
        ScenarioResult run = sigfpeAfterDisabling().run();

        assertEquals(0, sigfpes(run), run::render);
        assertThat(run).isClean().task("t").seesField("FPSCR", "ZX", 1).seesField("FPSCR", "FEX", 1);
    }

    @Test
    void touchingFpBeforeThePrctlRewritesTheFeBitsSoNoSigfpeEvenWithTheBug() {
        ScenarioResult run = Scenario.on("ppc32").withErratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).cpus(1)
                .task("t", s -> s.onCpu(0))
                .userWrites("t", "f0", BitVector.of(64, 1))
                .preempt("t")
                .resume("t", 0)
                .userWrites("t", "f1", BitVector.of(64, 2))
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED))
                .step(PowerPcSteps.fpDivideByZero("t"))
                .run();
        assertEquals(0, sigfpes(run));
        assertThat(run).hasNoViolation(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE.id());
    }

    // ---- KVM-PR: the thread's own scenario --------------------------------------------------------------------

    /** QEMU (FP exceptions disabled for itself) runs a MacOS guest that uses FP in precise mode, then divides by 0. */
    static Scenario kvmPrMacOsGuest(String... errata) {
        return Scenario.on("ppc32").withErrata(errata).cpus(1)
                .task("qemu-system-ppc", s -> s.onCpu(0))
                .step(PowerPcSteps.setFpexcMode("qemu-system-ppc", PowerPc.PR_FP_EXC_DISABLED))
                .step(PowerPcPaths.kvmPrGuestFpUse("qemu-system-ppc", PowerPc.PR_FP_EXC_PRECISE))
                .step(PowerPcSteps.fpDivideByZero("qemu-system-ppc"));
    }

    @Test
    void kvmPrGuestFeBitsOutliveTheGiveupInTheHostThread() {
        ScenarioResult bug = kvmPrMacOsGuest(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).run();
        assertThat(bug).passesThrough("kvmppc_handle_ext").passesThrough("kvmppc_giveup_ext")
                .hasViolation(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE.id());
        assertEquals(1, sigfpes(bug), "the host process takes a SIGFPE it disabled (mpe: init died)");

        ScenarioResult fixed = kvmPrMacOsGuest().run();
        assertEquals(0, sigfpes(fixed));
        assertThat(fixed).isClean();
        assertEquals(PowerPcThread.SaveArea.THREAD, thread(fixed.finalState(), "qemu-system-ppc").fpSaveArea(),
                "kvmppc_giveup_ext handed the vcpu's save area back");
    }

    @Test
    void explorerFindsTheBugFromTheAlphabetAloneAndTheFixedModelIsClean() {
        int bound = Scenario.on("ppc32").architecture().erratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).explorationBound();
        ExplorationReport bug = world(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).explore().bound(bound).run();
        System.out.println("Seed 003, shortest schedule the explorer found:\n" + bug.render());

        assertThat(bug).foundViolation().withinSteps(bound).counterexample().passesThrough("__giveup_fpu")
                .hasViolation(PowerPcInvariants.FE_CLEAR_WHEN_FP_OFF.id());
        // an FP write, then a divide by zero in the default precise mode: the SIGFPE's signal delivery gives the FP
        // state up (flush_fp_to_thread) and leaves FE0/FE1 behind
        assertEquals(2, bug.counterexample().orElseThrow().steps().size());

        ExplorationReport fixed = world().explore().bound(bound).run();
        System.out.println("Seed 003, fixed model: " + fixed);
        assertThat(fixed).foundNoViolation();
    }

    @Test
    void explorerFindsTheUserVisibleSigfpeToo() {
        // only the invariant a user can observe: a SIGFPE in a mode PR_GET_FPEXC reports as disabled
        ExplorationReport bug = world(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01).explore()
                .invariants(List.of(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE)).bound(5).run();
        System.out.println("Seed 003, shortest user-visible schedule:\n" + bug.render());
        assertThat(bug).foundViolation().withinSteps(3).counterexample().hasViolation(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE.id());

        ExplorationReport fixed = world().explore().invariants(List.of(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE)).bound(5).run();
        assertThat(fixed).foundNoViolation();
    }

    private static Scenario world(String... errata) {
        return Scenario.on("ppc32").withErrata(errata).cpus(1).task("t", s -> s.onCpu(0));
    }
}

package io.github.fpctx.samples.seeds;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Paths;
import io.github.fpctx.arch.x86.X86Steps;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002: "[PATCH] x86: Use __fpu_invalidate_fpregs_state() in exec" (Rick Edgecombe, Lijun Pan, Aug 2023; merged
 * as {@code 1f69383b203e}). Exec's {@code fpu_reset_fpregs} called {@code fpu__drop}, which forgets <em>this</em>
 * CPU's {@code fpu_fpregs_owner_ctx}, not the task's {@code last_cpu}: after the 7-step schedule of the commit
 * message (exec, preempted on CPU 0, flush on CPU 1, back to CPU 0) {@code fpregs_state_valid()} is true and the new
 * program starts with the old program's registers. Lijun Pan's alternative, invalidating both, also cures it; the
 * negative controls of kernel-semantics §6.4 are schedules that are correct even with the bug.
 */
class Seed002ExecFpuDropTest {
    /** The old program ran with MXCSR.RC = round toward zero (a non-default control state worth leaking). */
    static final long OLD_PROGRAM_MXCSR = X86.MXCSR.reset().with(X86.MXCSR_RC, 3).bits();

    /** Two CPUs; T runs the old program on CPU 0; K is a kernel thread CPU 0 can run instead. */
    static Scenario world(String... errata) {
        return Scenario.on("x86_64").withErrata(errata).cpus(2)
                .task("T", t -> t.onCpu(0).userWrites("mxcsr", OLD_PROGRAM_MXCSR))
                .kernelThread("K", 0);
    }

    /** The 7 steps of the commit message, as {@link X86Steps#seed002} gives them. */
    static Scenario sevenSteps(String... errata) {
        Scenario s = world(errata);
        X86Steps.seed002("T", "K").forEach(s::step);
        return s;
    }

    @Test
    void buggyExecStartsTheNewProgramWithTheOldProgramsRegisters() {
        ScenarioResult run = sevenSteps(X86Errata.EXEC_FPU_DROP).run();

        assertEquals(List.of("T: user writes xmm0 = " + X86Steps.OLD_PROGRAM_XMM0, "T: execve() entered",
                "cpu0: switch to K", "cpu1: switch to T", "T: execve() flush_thread", "T: rescheduled onto cpu0",
                "T: return to user"), run.labels());
        assertThat(run).hasViolation("user-registers-intact", "zmm0").hasViolation("user-registers-intact", "mxcsr");
        assertTrue(run.violations().stream().allMatch(v -> v.step() == 7), "only at the return to user");
        assertTrue(run.steps().get(4).passesThrough("fpu__drop"), "step 5: flush_thread drops CPU 1's owner");
        assertTrue(run.steps().get(6).passesThrough("fpregs_state_valid"), "step 7 asks whether CPU 0 still holds T ...");
        assertThat(run).doesNotPassThrough("restore_fpregs_from_fpstate");   // ... and is told yes

        assertThat(run).task("T").sees("xmm0", X86Steps.OLD_PROGRAM_XMM0).sees("mxcsr", OLD_PROGRAM_MXCSR);
    }

    @Test
    void theFailureNamesTheOldProgramsRegisters() {
        ScenarioResult run = sevenSteps(X86Errata.EXEC_FPU_DROP).run();

        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(run).task("T").seesInitState());
        System.out.println("Seed 002, what a test of the buggy kernel reports:\n" + e.getMessage().lines().limit(12)
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        String m = e.getMessage();
        assertTrue(m.contains("Task 'T' resumed in user mode on CPU 0 with "), m);
        assertTrue(m.contains("xmm0") || m.contains("zmm0"), m);
        assertTrue(m.contains("mxcsr"), m);
        assertTrue(m.contains("expected the init state"), m);
        // the engine's record: the registers CPU 0 returns to T were written by the old program (step 1) and never
        // reloaded, although flush_thread gave T the init state at step 5
        assertTrue(m.contains("Where it came from: zmm0 is the pre-exec program's value: what task 'T' wrote at step 1 (T: user writes xmm0 = "
                + X86Steps.OLD_PROGRAM_XMM0 + "), before step 5 (T: execve() flush_thread) gave the task the init state; "
                + "nothing reloaded it since\n    <- step 1 (T: user writes xmm0 = " + X86Steps.OLD_PROGRAM_XMM0
                + "), the step: CPU 0's live zmm0 <- user space of task 'T'\n"), m);
        assertTrue(m.contains("Where it came from: mxcsr is the pre-exec program's value: what task 'T' had when the scenario started, "
                + "before step 5 (T: execve() flush_thread) gave the task the init state; nothing reloaded it since\n"
                + "    <- CPU 0's live mxcsr, unchanged since the scenario started\n"), m);
    }

    @Test
    void fixedExecStartsTheNewProgramInTheInitState() {
        ScenarioResult run = sevenSteps().run();

        assertThat(run).isClean().passesThrough("__fpu_invalidate_fpregs_state").passesThrough("restore_fpregs_from_fpstate")
                .task("T").seesInitState()
                .sees("fctrl", X86.FCW_DEFAULT)     // 0x37F
                .sees("mxcsr", X86.MXCSR_DEFAULT)   // 0x1F80
                .sees("xmm0", BitVector.zero(128));
    }

    @Test
    void invalidatingBothAlsoCuresIt() {
        // Lijun Pan: "more rigorous to have both (__cpu_invalidate_fpregs_state, __fpu_invalidate_fpregs_state)"
        ScenarioResult run = sevenSteps(X86Errata.EXEC_FPU_DROP, X86Errata.EXEC_INVALIDATE_BOTH).run();

        assertTrue(run.steps().get(4).passesThrough("fpu__drop"));
        assertTrue(run.steps().get(4).passesThrough("__fpu_invalidate_fpregs_state"));
        assertThat(run).isClean().task("T").seesInitState();
    }

    // ---- §6.4: schedules that are correct even with the bug on ------------------------------------------------

    @Test
    void noMigrationIsCorrectWithTheBug() {
        ScenarioResult run = world(X86Errata.EXEC_FPU_DROP)
                .step(X86Paths.execveEnter("T")).step(X86Paths.flushThread("T")).step(X86Paths.exitToUser("T"))
                .run();
        assertThat(run).isClean().passesThrough("fpu__drop").passesThrough("restore_fpregs_from_fpstate")
                .task("T").seesInitState();
    }

    @Test
    void execFinishingOnCpu1IsCorrectWithTheBug() {
        Scenario s = world(X86Errata.EXEC_FPU_DROP);
        X86Steps.seed002("T", "K").subList(0, 5).forEach(s::step);
        ScenarioResult run = s.step(X86Paths.exitToUser("T")).run();

        assertEquals(1, run.finalState().task("T").cpu());
        assertThat(run).isClean().task("T").seesInitState();
    }

    @Test
    void anotherUserTaskActivatingItsFpuOnCpu0IsCorrectWithTheBug() {
        Scenario s = world(X86Errata.EXEC_FPU_DROP)
                .task("U", t -> t.queuedOn(0).userWrites("xmm0", BitVector.of(128, 0x5555)));
        X86Steps.seed002("T", "K").subList(0, 5).forEach(s::step);
        ScenarioResult run = s.step(X86Paths.scheduleIdle(0)).step(X86Paths.schedule(0, "U"))
                .step(X86Paths.exitToUser("U")).step(X86Paths.scheduleIdle(0))
                .step(X86Paths.migrate("T", 0)).step(X86Paths.exitToUser("T"))
                .run();

        assertTrue(run.steps().get(7).passesThrough("fpregs_activate"), "U became CPU 0's owner");
        assertThat(run).isClean().task("T").seesInitState();
    }

    @Test
    void kernelFpuUseOnCpu0InBetweenIsCorrectWithTheBug() {
        List<Action> steps = new ArrayList<>(X86Steps.seed002("T", "K"));
        steps.add(5, X86Paths.kernelFpu(0));
        Scenario s = world(X86Errata.EXEC_FPU_DROP);
        steps.forEach(s::step);
        ScenarioResult run = s.run();

        assertTrue(run.steps().get(5).passesThrough("__cpu_invalidate_fpregs_state"), "kernel_fpu_begin nulls owner[0]");
        assertThat(run).isClean().task("T").seesInitState();
    }

    @Test
    void explorerFindsTheSevenStepsFromTheAlphabetAloneAndTheFixedModelIsClean() {
        int bound = Scenario.on("x86_64").architecture().erratum(X86Errata.EXEC_FPU_DROP).explorationBound();
        ExplorationReport bug = explorationWorld(X86Errata.EXEC_FPU_DROP).explore().bound(bound).run();
        System.out.println("Seed 002, shortest schedule the explorer found:\n" + bug.render());

        assertThat(bug).foundViolation().withinSteps(bound);
        assertEquals(7, bug.counterexample().orElseThrow().steps().size());
        assertEquals(List.of("T: execve() entered", "cpu0: switch to K", "cpu1: switch to T", "T: execve() flush_thread",
                "cpu1: switch to idle", "cpu0: switch to T", "T: return to user"), bug.counterexample().get().labels());

        ExplorationReport fixed = explorationWorld().explore().bound(bound).run();
        System.out.println("Seed 002, fixed model: " + fixed);
        assertThat(fixed).foundNoViolation();
        ExplorationReport both = explorationWorld(X86Errata.EXEC_FPU_DROP, X86Errata.EXEC_INVALIDATE_BOTH)
                .explore().bound(bound).run();
        assertThat(both).foundNoViolation();
    }

    /** The explorer's world: T's old program has a token in xmm0 (otherwise the alphabet needs an 8th step). */
    private static Scenario explorationWorld(String... errata) {
        return Scenario.on("x86_64").withErrata(errata).cpus(2)
                .task("T", t -> t.onCpu(0).userWrites("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0);
    }
}

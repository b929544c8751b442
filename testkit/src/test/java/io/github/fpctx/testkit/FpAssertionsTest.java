package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.Map;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FpAssertionsTest {
    static final BitVector A = BitVector.ofWords(128, 0xAAAA_0001L, 0xAAAA_0002L);
    static final BitVector B = BitVector.ofWords(128, 0xBBBB_0001L, 0xBBBB_0002L);
    static final BitVector C = BitVector.ofWords(128, 0xCCCC_0001L, 0xCCCC_0002L);

    static ScenarioResult buggyMigration() {
        return Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A).userWrites("q3", C))
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run();
    }

    /** A deliberately wrong path that copies one CPU's live register into another's. */
    static Action copyLive(String register, int from, int to) {
        return Action.of("bad path: copy " + register + " cpu" + from + " -> cpu" + to, s -> true, ctx -> {
            ctx.onCpu(to);
            ctx.call("bad_copy", () -> ctx.update(s -> {
                CpuState c = s.cpu(to);
                return s.withCpu(c.withLive(c.live().with(register, s.cpu(from).live().get(register))));
            }, Source.live(from)));
        });
    }

    @Test
    void seesPassesOnTheFixedModel() {
        ScenarioResult r = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run();
        assertThat(r).isClean().passesThrough("__save_init_fpu").doesNotPassThrough("do_execve")
                .task("a").sees("q2", B).sees("d2", B.slice(0, 64)).seesWhatItWrote();
    }

    @Test
    void seesFailureHasExpectedActualOriginAndTimeline() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(buggyMigration()).task("a").sees("q2", B));
        assertEquals(B.toString(), e.getExpected().getValue());
        assertEquals(A.toString(), e.getActual().getValue());
        String m = e.getMessage();
        assertTrue(m.startsWith("Task 'a' resumed in user mode on CPU 0 with q2 changed\nexpected: " + B + "\n but was: " + A + "\n"), m);
        assertTrue(m.contains("Where it came from: q2 is a stale value: what task 'a' had when the scenario started, before it wrote "
                + B + " at step 3 (a: user writes q2 = " + B + ")\n    <- CPU 0's live q2, unchanged since the scenario started\n"), m);
        assertTrue(m.contains("Steps:\n"), m);
        assertTrue(m.contains("  >  5. [cpu0] a: switched in on cpu0"), m);
    }

    @Test
    void failureListsEveryDifferingRegister() {
        ScenarioResult r = Scenario.on("toy").cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q1", A).userWrites("q2", B))
                .kernelFpUse(1)
                .step(copyLive("q1", 1, 0)).step(copyLive("q2", 1, 0)).run();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertThat(r).task("a").sees(Map.of("q1", A)));
        assertTrue(e.getMessage().contains("Also differing from what the task last wrote:\n  q2: wrote " + B + ", sees 0x6b6b"), e.getMessage());
        assertTrue(e.getMessage().contains("Where it came from: q1 holds kernel crypto code's own value, written by aesni_encrypt at step 1 "
                + "(cpu1: kernel FPU use (crypto))\n"
                + "    <- step 2 (bad path: copy q1 cpu1 -> cpu0), bad_copy: CPU 0's live q1 <- CPU 1's live registers\n"
                + "    <- step 1 (cpu1: kernel FPU use (crypto)), aesni_encrypt: CPU 1's live q1 <- kernel crypto code's own value\n"),
                e.getMessage());
        AssertionFailedError all = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").seesWhatItWrote());
        assertTrue(all.getMessage().startsWith("Task 'a' resumed in user mode on CPU 0 with q1, q2 changed (expected what it last wrote)"),
                all.getMessage());
        assertEquals("q1 = " + A + "\nq2 = " + B, all.getExpected().getValue());
    }

    @Test
    void originNamesAnotherTasksRegister() {
        ScenarioResult r = Scenario.on("toy").cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q0", A))
                .task("b", t -> t.onCpu(1).userWrites("q0", C))
                .step(copyLive("q0", 1, 0)).run();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").sees("q0", A));
        assertTrue(e.getMessage().contains("Where it came from: q0 is another task's register: what task 'b' had when the scenario started\n"
                + "    <- step 1 (bad path: copy q0 cpu1 -> cpu0), bad_copy: CPU 0's live q0 <- CPU 1's live registers\n"
                + "    <- CPU 1's live q0, unchanged since the scenario started\n"), e.getMessage());
    }

    @Test
    void originNamesAControlRegisterImage() {
        BitVector fcsr = BitVector.of(32, 0x1F04);
        ScenarioResult r = Scenario.on("toy")
                .task("a", t -> t.onCpu(0).userWrites("fcsr", fcsr))
                .step(Action.of("mffs-like: q0 <- FCSR image", s -> true, ctx -> {
                    ctx.onCpu(0);
                    ctx.call("save_fpu", () -> ctx.update(s -> s.withCpu(s.cpu(0).withLive(s.cpu(0).live()
                            .with("q0", BitVector.ofWords(128, 0x1F04L, 0x1F04L)))), Source.image("FCSR", "mffs-like move")));
                })).run();
        assertThat(r).hasViolation("user-registers-intact", "q0");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").sees("q0", BitVector.zero(128)));
        assertTrue(e.getMessage().contains("Where it came from: q0 holds the FCSR image (mffs-like move), written by save_fpu at step 1 "
                + "(mffs-like: q0 <- FCSR image)\n"), e.getMessage());
    }

    @Test
    void originNamesTheInitStateExecLoaded() {
        ScenarioResult r = Scenario.on("toy")
                .task("a", t -> t.onCpu(0).userWrites("q3", A))
                .preempt("a").resume("a", 0)
                .exec("a").run();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").sees("q3", A));
        assertTrue(e.getMessage().contains("Where it came from: q3 holds the init state, written by fpu_finit at step 3 (a: execve)\n"),
                e.getMessage());
        assertThat(r).isClean().task("a").seesInitState();
        assertThat(r).task("a", 0).sees("q3", A);
    }

    @Test
    void originOfAValueTheScenarioStartedWith() {
        // exec loads the init state into a save area that already held it: no change is recorded, so the
        // explanation goes back to the start
        ScenarioResult r = Scenario.on("toy").task("a", t -> t.onCpu(0).userWrites("q3", A)).exec("a").run();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").sees("q3", A));
        assertTrue(e.getMessage().contains("Where it came from: q3 holds the init state, which task 'a''s saved q3 held when the "
                + "scenario started\n    <- task 'a''s saved q3, unchanged since the scenario started\n"), e.getMessage());
    }

    @Test
    void originOfAValueOverwrittenDuringTheRun() {
        // the buggy kernel: a writes q2 on cpu0, moves to cpu1 and overwrites it there;
        // cpu0 still holds the old value when a comes back
        ScenarioResult r = Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0))
                .userWrites("a", "q2", A)
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").sees("q2", B));
        assertTrue(e.getMessage().contains("Where it came from: q2 is a stale value: what task 'a' wrote at step 1 (a: user writes q2 = "
                + A + "), before it wrote " + B + " at step 4 (a: user writes q2 = " + B + ")\n"), e.getMessage());
    }

    @Test
    void isCleanFailureListsViolations() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(buggyMigration()).isClean());
        assertTrue(e.getMessage().startsWith("1 invariant violation in toy: [user-registers-intact] Task 'a' runs in user mode on CPU 0 with q2 changed"),
                e.getMessage());
        assertEquals("no violations", e.getExpected().getValue());
        assertThat(buggyMigration()).hasViolation("user-registers-intact").hasViolation("user-registers-intact", "q2")
                .hasNoViolation("no-sleep-in-atomic");
        AssertionFailedError wrongSubject = assertThrows(AssertionFailedError.class,
                () -> assertThat(buggyMigration()).hasViolation("user-registers-intact", "q3"));
        assertTrue(wrongSubject.getMessage().startsWith("Expected a violation of user-registers-intact at q3; found it at [q2]"),
                wrongSubject.getMessage());
    }

    @Test
    void passesThroughFailure() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(buggyMigration()).passesThrough("do_execve"));
        assertTrue(e.getMessage().startsWith("Expected the trace to pass through do_execve; it does not"), e.getMessage());
        AssertionFailedError n = assertThrows(AssertionFailedError.class,
                () -> assertThat(buggyMigration()).doesNotPassThrough("switch_fpu_prepare"));
        assertTrue(n.getMessage().startsWith("Expected the trace not to pass through switch_fpu_prepare; steps [1, 2, 4, 5] do"), n.getMessage());
    }

    @Test
    void seesFieldReadsControlFields() {
        ScenarioResult r = Scenario.on("toy").task("a", t -> t.onCpu(0)).userWritesField("a", "FCSR", "EN", 5).run();
        assertThat(r).task("a").seesField("FCSR", "EN", 5).seesField("FCSR", "RM", 0);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(r).task("a").seesField("FCSR", "RM", 2));
        assertEquals("2 (up)", e.getExpected().getValue());
        assertEquals("0 (nearest)", e.getActual().getValue());
    }

    @Test
    void explorationAssertions() {
        ExplorationReport buggy = Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A)).explore().bound(5).run();
        assertThat(buggy).foundViolation().withinSteps(5).counterexample().hasViolation("user-registers-intact");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(buggy).foundNoViolation());
        assertTrue(e.getMessage().startsWith("Expected no counterexample up to bound 5; found one of 5 steps"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> assertThat(buggy).withinSteps(4));

        ExplorationReport fixed = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0).userWrites("q2", A)).explore().bound(5).run();
        assertThat(fixed).foundNoViolation();
        AssertionFailedError none = assertThrows(AssertionFailedError.class, () -> assertThat(fixed).foundViolation());
        assertTrue(none.getMessage().startsWith("Expected a counterexample within bound 5; none found"), none.getMessage());
    }

    @Test
    void rejectsWrongWidthInExpectation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> assertThat(buggyMigration()).task("a").sees("q2", BitVector.zero(64)));
        assertEquals("Register q2 is 128 bits wide; got a 64-bit value", e.getMessage());
    }
}

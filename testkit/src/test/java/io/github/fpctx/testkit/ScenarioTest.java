package io.github.fpctx.testkit;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioTest {
    static final BitVector A = BitVector.ofWords(128, 0xAAAA_0001L, 0xAAAA_0002L);
    static final BitVector B = BitVector.ofWords(128, 0xBBBB_0001L, 0xBBBB_0002L);

    @Test
    void fixedModelKeepsRegistersAcrossMigrationAndBack() {
        ScenarioResult r = Scenario.on("toy").cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1)
                .userWrites("a", "q2", B)
                .migrate("a", 0)
                .run();
        assertTrue(r.isClean(), r::render);
        assertEquals(B, r.userView("a").get("q2"));
        assertEquals(5, r.steps().size());
        assertTrue(r.passesThrough("fpu_lazy_restore"));
    }

    @Test
    void erratumResumesWithStaleRegisters() {
        ScenarioResult r = Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1)
                .userWrites("a", "q2", B)
                .migrate("a", 0)
                .run();
        assertFalse(r.isClean());
        assertEquals(A, r.userView("a").get("q2"));
        assertEquals(5, r.violations("user-registers-intact").get(0).step());
    }

    @Test
    void runIsDeterministic() {
        Scenario s = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).task("b", t -> t.onCpu(1))
                .signal("a").kernelFpUse(1).preempt("b").fork("a", "c").resume("c", 1).exec("c");
        assertEquals(s.run().render(), s.run().render());
        assertEquals(s.run().states(), s.run().states());
    }

    @Test
    void resumeAcceptsATaskAnArchitectureStepCreated() {
        Scenario s = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0).userWrites("q2", A));
        ScenarioResult r = s.step(s.operations().fork("a", "c")).resume("c", 1).run();
        assertTrue(r.isClean(), r::render);
        assertEquals(A, r.userView("c").get("q2"));
    }

    @Test
    void cloneThreadOnAnArchitectureWithoutThreadsIsRefusedWithTheAlternative() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Scenario.on("toy").task("a", t -> t.onCpu(0)).cloneThread("a", "t"));
        assertEquals("This architecture does not model clone(CLONE_THREAD) (task 'a', new thread 't'); use fork(task, child)"
                + " or an architecture-specific path", e.getMessage());
    }

    @Test
    void userReadsAreObserved() {
        ScenarioResult r = Scenario.on("toy").task("a", t -> t.onCpu(0).userWrites("q1", A)).userReads("a", "d1").run();
        assertEquals(1, r.observations().size());
        assertEquals(A.slice(0, 64), r.observations().get(0).value());
    }

    @Test
    void fieldWriteChangesOnlyThatField() {
        ScenarioResult r = Scenario.on("toy").task("a", t -> t.onCpu(0).userWrites("fcsr", 0x1F04L))
                .userWritesField("a", "FCSR", "RM", 3).run();
        assertTrue(r.isClean(), r::render);
        assertEquals(0x1F07L, r.userView("a").get("fcsr").toLong());
        assertEquals("a: user writes FCSR.RM = down", r.labels().get(0));
    }

    @Test
    void refusesUnknownTask() {
        Scenario s = Scenario.on("toy").task("a", t -> t.onCpu(0)).syscall("b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::run);
        assertEquals("Step 1 (b: syscall getppid) names unknown task 'b'; tasks: [a]", e.getMessage());
    }

    @Test
    void refusesUnknownRegister() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenario.on("toy").task("a", t -> t.onCpu(0).userWrites("vs0", BitVector.zero(128))));
        assertEquals("Unknown register 'vs0' in toy; valid: q0-q3, fcsr, d0-d3", e.getMessage());
    }

    @Test
    void refusesTaskOnTwoCpus() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Scenario.on("toy").task("a", t -> t.onCpu(0).onCpu(1)));
        assertEquals("Task 'a' is already running on CPU 0; cannot also run it on CPU 1", e.getMessage());
        Scenario s = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).resume("a", 1);
        IllegalStateException e2 = assertThrows(IllegalStateException.class, s::run);
        assertEquals("Step 1 (a: switched in on cpu1) needs task 'a' not running and CPU 1 idle, but task 'a' is already running on CPU 0 "
                + "(it has run on CPU 0 since the scenario started); now: cpu0 a (user) | cpu1 idle; preempt it first", e2.getMessage());
    }

    @Test
    void refusesUserStepForPreemptedTask() {
        Scenario s = Scenario.on("toy").task("a", t -> t.onCpu(0)).preempt("a").syscall("a");
        IllegalStateException e = assertThrows(IllegalStateException.class, s::run);
        assertEquals("Step 2 (a: syscall getppid) needs task 'a' running in user mode, but task 'a' is not running "
                + "(it stopped running at step 1, a: preempted); now: cpu0 idle; resume it first", e.getMessage());
    }

    @Test
    void theEngineChecksEveryStepIncludingAfterAnArchitectureSpecificOne() {
        // the toy's own "migrate" path moves a to cpu1; a resume onto cpu0 afterwards is refused by the engine
        Scenario s = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).path("migrate", "a", "1").resume("a", 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::run);
        assertEquals("Step 2 (a: switched in on cpu0) needs task 'a' not running and CPU 0 idle, but task 'a' is already running on "
                + "CPU 1 (it moved to CPU 1 at step 1, a: migrate to cpu1); now: cpu0 idle | cpu1 a (user); preempt it first",
                e.getMessage());
        // and a user step for a task an architecture-specific step stopped
        Scenario p = Scenario.on("toy").task("a", t -> t.onCpu(0)).step(Scenario.on("toy").operations().preempt("a")).userReads("a", "q0");
        IllegalStateException e2 = assertThrows(IllegalStateException.class, p::run);
        assertEquals("Step 2 (a: user reads q0) needs task 'a' running in user mode, but task 'a' is not running (it stopped running at "
                + "step 1, a: preempted); now: cpu0 idle; resume it first", e2.getMessage());
    }

    @Test
    void refusesUserStepsOfKernelThreadsAndTakenChildNames() {
        Scenario k = Scenario.on("toy").task("a", t -> t.onCpu(0)).kernelThread("k", 0).syscall("k");
        IllegalStateException e = assertThrows(IllegalStateException.class, k::run);
        assertEquals("Step 1 (k: syscall getppid) needs task 'k' running in user mode, but 'k' is a kernel thread, not a user task "
                + "(it started queued on CPU 0, not running); now: cpu0 a (user); resume it first", e.getMessage());
        Scenario f = Scenario.on("toy").task("a", t -> t.onCpu(0)).fork("a", "c").fork("a", "c");
        IllegalStateException e2 = assertThrows(IllegalStateException.class, f::run);
        assertTrue(e2.getMessage().startsWith("Step 2 (a: fork -> c) needs task 'a' running in user mode and no task named 'c', but "
                + "task 'c' already exists"), e2.getMessage());
        assertTrue(e2.getMessage().endsWith("; name the child differently"), e2.getMessage());
    }

    @Test
    void stepsAreTyped() {
        Scenario s = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).userWrites("a", "q0", A).migrate("a", 1).kernelFpUse(0);
        assertEquals(java.util.List.of(new ScenarioStep.UserWrite("a", "q0", A), new ScenarioStep.Preempt("a"),
                new ScenarioStep.Resume("a", 1), new ScenarioStep.KernelFpUse(0)), s.steps());
        assertEquals(s.run().states(), Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0))
                .step(new ScenarioStep.UserWrite("a", "q0", A)).step(new ScenarioStep.Preempt("a"))
                .step(new ScenarioStep.Resume("a", 1)).step(new ScenarioStep.KernelFpUse(0)).run().states());
    }

    @Test
    void refusesCpuTheMachineLacks() {
        Scenario s = Scenario.on("toy").task("a", t -> t.onCpu(0)).kernelFpUse(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::run);
        assertEquals("Step 1 (cpu3: kernel FPU use (crypto)) names CPU 3 but the scenario has CPUs 0 - 0; call cpus(4)", e.getMessage());
    }

    @Test
    void refusesUnknownErratumAndArchitecture() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.on("toy").withErratum("nope"));
        assertEquals("Unknown erratum 'nope' for toy; valid: [toy-lazy-restore-ignores-last-cpu]", e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Scenario.on("arm64"));
        assertTrue(e2.getMessage().startsWith("No architecture 'arm64'; available: [toy, toy-eager]. "), e2.getMessage());
        assertTrue(e2.getMessage().contains(" in META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider (class path)"
                + " and 'provides io.github.fpctx.core.spi.ArchitectureProvider with "), e2.getMessage());
    }

    @Test
    void archSpecificPathsPlugIn() {
        ScenarioResult r = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0).userWrites("q3", A)).path("migrate", "a", "1").run();
        assertTrue(r.isClean(), r::render);
        assertEquals(1, r.finalState().task("a").cpu());
    }

    @Test
    void timelineShowsCallPathsChangesAndCpus() {
        ScenarioResult r = Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run();
        String text = r.render();
        assertTrue(text.contains("smp_apic_timer_interrupt > schedule > __switch_to > switch_fpu_prepare > __save_init_fpu"), text);
        assertTrue(text.contains("  >  5. [cpu0] a: switched in on cpu0"), text);
        assertTrue(text.contains("! [user-registers-intact] Task 'a' runs in user mode on CPU 0 with q2 changed"), text);
        assertTrue(text.contains("cpus: cpu0 a (user) | cpu1 idle"), text);
        assertTrue(text.contains("[registers still live on cpu0: no reload]"), text);
    }
}

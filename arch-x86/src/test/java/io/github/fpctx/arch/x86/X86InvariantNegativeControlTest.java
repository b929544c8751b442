package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative controls for the four x86 invariants: each is made to fire on a state that breaks exactly one of its
 * conditions (the state a real step leaves, with one field corrupted as a broken kernel path would leave it), and
 * stays silent on the correct state and on the cases it deliberately skips. Without these, an invariant that
 * never fires would pass every correct schedule.
 */
class X86InvariantNegativeControlTest {
    static final KernelConfig AMX = KernelConfig.of(Set.of(), X86.FEATURES_AMX);
    static final KernelConfig RT_AMX = KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX);

    /** A fresh architecture per test, so no state survives from another test (or from before a mutant is swapped in). */
    static Architecture x86() {
        return Architectures.load().require("x86_64");
    }

    static MachineState machine(Architecture x86, KernelConfig config) {
        return x86.machines().newMachine(MachineSpec.builder().cpus(2).config(config)
                .task(io.github.fpctx.core.state.TaskSpec.running("T", 0).withRegister("xmm0", BitVector.of(128, 0xA)))
                .kernelThread("K", 1).userTask("U", 1).build());
    }

    static Step step(Architecture x86, MachineState s, Action a) {
        return x86.engine().step(s, a, 1);
    }

    /** The same step with its after-state changed as a broken kernel path would leave it. */
    static Step corrupt(Step st, UnaryOperator<MachineState> change) {
        return new Step(st.index(), st.label(), st.cpu(), st.before(), change.apply(st.after()), st.calls(), st.events(),
                st.syscalls());
    }

    static Step withEvents(Step st, List<KernelEvent> events) {
        return new Step(st.index(), st.label(), st.cpu(), st.before(), st.after(), st.calls(), events, st.syscalls());
    }

    static Invariant invariant(Architecture x86, String id) {
        return x86.invariants().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    static List<Violation> check(Architecture x86, String id, Step st) {
        return invariant(x86, id).check(st, x86);
    }

    static MachineState withFpu(MachineState s, String task, UnaryOperator<FpuState> change) {
        TaskState t = s.task(task);
        return s.withTask(t.withExt(change.apply(t.ext(FpuState.class))));
    }

    static MachineState withOwner(MachineState s, int cpu, Optional<String> owner) {
        return s.withCpu(s.cpu(cpu).withExt(s.cpu(cpu).ext(X86Cpu.class).withOwner(owner)));
    }

    static Violation only(List<Violation> vs) {
        assertEquals(1, vs.size(), vs::toString);
        return vs.get(0);
    }

    // ---- fpregs-state-consistent (X1/X4) --------------------------------------------------------------------

    @Test
    void userModeWithNeedFpuLoadSetIsInconsistent() {
        Architecture x86 = x86();
        Step st = step(x86, machine(x86, x86.machines().defaultConfig()), X86Paths.userWrite("T", "xmm1", BitVector.of(128, 1)));
        assertEquals(List.of(), check(x86, "fpregs-state-consistent", st));
        Violation v = only(check(x86, "fpregs-state-consistent", corrupt(st, s -> withFpu(s, "T", f -> f.withNeedFpuLoad(true)))));
        assertEquals(Optional.of("T"), v.task());
        assertEquals(0, v.cpu().getAsInt());
        assertEquals(Optional.of("TIF_NEED_FPU_LOAD"), v.subject());
        assertTrue(v.message().contains("user mode on CPU 0"), v.message());
    }

    @Test
    void tifClearWithAnotherOwnerOrAnotherLastCpuIsInconsistent() {
        Architecture x86 = x86();
        Step st = step(x86, machine(x86, x86.machines().defaultConfig()), X86Paths.userWrite("T", "xmm1", BitVector.of(128, 1)));
        Violation stolen = only(check(x86, "fpregs-state-consistent", corrupt(st, s -> withOwner(s, 0, Optional.of("U")))));
        assertEquals(Optional.of("fpregs_state_valid"), stolen.subject());
        assertTrue(stolen.actual().orElseThrow().contains("owner U"), stolen.toString());
        Violation dropped = only(check(x86, "fpregs-state-consistent", corrupt(st, s -> withOwner(s, 0, Optional.empty()))));
        assertTrue(dropped.actual().orElseThrow().contains("owner NULL"), dropped.toString());
        Violation moved = only(check(x86, "fpregs-state-consistent", corrupt(st, s -> withFpu(s, "T", f -> f.withLastCpu(1)))));
        assertTrue(moved.actual().orElseThrow().contains("last_cpu 1"), moved.toString());
    }

    @Test
    void aTaskInTheKernelWithTifClearMustStillHaveValidRegisters() {
        // switched in on CPU 1 after a reschedule: in the kernel, TIF set by switch_fpu_finish, so no check applies;
        // with TIF wrongly cleared, the registers of CPU 1 are not T's
        Architecture x86 = x86();
        MachineState s = step(x86, machine(x86, x86.machines().defaultConfig()), X86Paths.scheduleIdle(0)).after();
        s = step(x86, s, X86Paths.scheduleIdle(1)).after();
        Step in = step(x86, s, X86Paths.schedule(1, "T"));
        assertEquals(List.of(), check(x86, "fpregs-state-consistent", in));
        Violation v = only(check(x86, "fpregs-state-consistent", corrupt(in, a -> withFpu(a, "T", f -> f.withNeedFpuLoad(false)))));
        assertEquals(1, v.cpu().getAsInt());
        assertTrue(v.message().contains("not valid there"), v.message());
    }

    @Test
    void kernelThreadsAndIdleCpusAreNotChecked() {
        Architecture x86 = x86();
        MachineState s = step(x86, machine(x86, x86.machines().defaultConfig()), X86Paths.scheduleIdle(0)).after();
        Step k = step(x86, s, X86Paths.schedule(0, "K"));
        // a kernel thread's TIF and the owner of the CPU it runs on say nothing about any user task's registers
        assertEquals(List.of(), check(x86, "fpregs-state-consistent", corrupt(k, a -> withFpu(withOwner(a, 0, Optional.of("U")), "K",
                f -> f.withNeedFpuLoad(false)))));
        // nor does a task that is not running (T, preempted, with TIF clear and its last_cpu pointing elsewhere)
        assertEquals(List.of(), check(x86, "fpregs-state-consistent", corrupt(k, a -> withFpu(a, "T", f -> f.withLastCpu(1)))));
    }

    // ---- no-sleeping-lock-in-fpregs-lock (X5) ---------------------------------------------------------------

    static KernelEvent sleepInAtomic(String message) {
        return new KernelEvent(KernelEvent.Kind.SLEEP_IN_ATOMIC, 0, Optional.of("T"), List.of("fpu_clone", "rt_spin_lock"), message);
    }

    @Test
    void aSleepingLockInsideEachFpregsLockCallerFiresOnlyUnderPreemptRt() {
        Architecture x86 = x86();
        Step rt = step(x86, machine(x86, RT_AMX), X86Paths.userWrite("T", "xmm1", BitVector.of(128, 1)));
        for (String fn : List.of("fpu_clone", "fpu_reset_fpregs", "copy_fpstate_to_sigframe", "fpu__clear_user_states",
                "restore_fpregs_from_user", "fpstate_realloc")) {
            Violation v = only(check(x86, "no-sleeping-lock-in-fpregs-lock",
                    withEvents(rt, List.of(sleepInAtomic("BUG: sleeping function called\nPreemption disabled at:\n" + fn + "\n")))));
            assertTrue(v.message().contains(fn), v.message());
            assertEquals(Optional.of("sighand->siglock"), v.subject());
            assertEquals(List.of("fpu_clone", "rt_spin_lock"), v.callPath());
        }
        // the splat's first line may also be where the preemption was disabled (at index 0 of the message)
        only(check(x86, "no-sleeping-lock-in-fpregs-lock", withEvents(rt, List.of(sleepInAtomic("Preemption disabled at:\nfpu_clone")))));
        // other functions, other event kinds, splats without the line: not this invariant's business
        assertEquals(List.of(), check(x86, "no-sleeping-lock-in-fpregs-lock",
                withEvents(rt, List.of(sleepInAtomic("BUG: sleeping function called\nPreemption disabled at:\nkernel_fpu_begin_mask"),
                        sleepInAtomic("BUG: sleeping function called\n"),
                        new KernelEvent(KernelEvent.Kind.WARNING, 0, Optional.of("T"), List.of(), "Preemption disabled at:\nfpu_clone")))));
        Step plain = step(x86, machine(x86, AMX), X86Paths.userWrite("T", "xmm1", BitVector.of(128, 1)));
        assertEquals(List.of(), check(x86, "no-sleeping-lock-in-fpregs-lock",
                withEvents(plain, List.of(sleepInAtomic("Preemption disabled at:\nfpu_clone")))));
    }

    // ---- exec-init-fpstate (X6, exec) -----------------------------------------------------------------------

    static Step flushed(Architecture x86, KernelConfig config) {
        MachineState s = machine(x86, config);
        s = step(x86, s, X86Paths.archPrctlReqXcompPerm("T")).after();
        s = step(x86, s, X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 0x77))).after();
        s = step(x86, s, X86Paths.execveEnter("T")).after();
        return step(x86, s, X86Paths.flushThread("T"));
    }

    @Test
    void execInitFpstateFiresForEachStateFlushThreadMustReset() {
        Architecture x86 = x86();
        Step st = flushed(x86, AMX);
        assertEquals(List.of(), check(x86, "exec-init-fpstate", st));
        FpuState f = st.after().task("T").ext(FpuState.class);
        assertEquals(X86.defaultFeatures(AMX), f.perm(), "fpstate_reset: the new program has no AMX permission");
        assertEquals(X86.initXfd(AMX), f.xfd(), "fpstate_reset: XFD armed again");
        List<UnaryOperator<MachineState>> breakages = List.of(
                s -> withFpu(s, "T", g -> g.withNeedFpuLoad(false)),
                s -> withFpu(s, "T", g -> g.withPerm(g.perm() | X86.XFEATURE_MASK_XTILE)),
                s -> withFpu(s, "T", g -> g.withXfd(0)),
                s -> s.withTask(s.task("T").withSaved(s.task("T").saved().with("xmm0", BitVector.of(128, 5)))));
        for (UnaryOperator<MachineState> b : breakages) {
            Violation v = only(check(x86, "exec-init-fpstate", corrupt(st, b)));
            assertEquals(Optional.of("T"), v.task());
            assertEquals(Optional.of("fpstate"), v.subject());
            assertTrue(v.message().contains("past flush_thread"), v.message());
        }
        // only the window between flush_thread and the return to user is checked
        Step back = step(x86, st.after(), X86Paths.exitToUser("T"));
        assertEquals(List.of(), check(x86, "exec-init-fpstate", corrupt(back, s -> withFpu(s, "T", g -> g.withPerm(g.perm() | X86.XFEATURE_MASK_XTILE)))));
    }

    @Test
    void execResetsAmxPermissionAndXfdAndTheNewProgramFaultsOnTiles() {
        Architecture x86 = x86();
        Step st = flushed(x86, AMX);
        MachineState s = step(x86, st.after(), X86Paths.exitToUser("T")).after();
        FpuState f = s.task("T").ext(FpuState.class);
        assertEquals(X86.defaultFeatures(AMX), f.perm());
        assertEquals(X86.XFEATURE_MASK_XTILE_DATA, f.xfd() & X86.XFEATURE_MASK_XTILE_DATA);
        assertEquals(X86.XFEATURE_MASK_XTILE_DATA, s.cpu(0).ext(X86Cpu.class).xfd() & X86.XFEATURE_MASK_XTILE_DATA,
                "switch_fpu_return re-arms IA32_XFD for the new program");
        // the new program has not asked ARCH_REQ_XCOMP_PERM: its first tile use takes #NM and SIGILL
        Step tile = step(x86, s, X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 1)));
        assertTrue(tile.events().stream().anyMatch(e -> e.kind() == KernelEvent.Kind.SIGNAL && e.message().startsWith("SIGILL")),
                tile.events()::toString);
        assertTrue(tile.after().cpu(0).live().get("tiledata").isZero());
    }

    // ---- clone-fpu-inheritance (X6, clone) -------------------------------------------------------------------

    static MachineState permitted(Architecture x86, KernelConfig config) {
        return step(x86, machine(x86, config), X86Paths.archPrctlReqXcompPerm("T")).after();
    }

    @Test
    void cloneInheritanceFiresForEachChildStateFpuCloneMustSet() {
        Architecture x86 = x86();
        MachineState s = step(x86, permitted(x86, AMX), X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 0x77))).after();
        Step fork = step(x86, s, X86Paths.fork("T", "C"));
        assertEquals(List.of(), check(x86, "clone-fpu-inheritance", fork));
        assertEquals(fork.after().task("T").ext(FpuState.class).perm(), fork.after().task("C").ext(FpuState.class).perm(),
                "fpu_inherit_perms: the new process has its parent's AMX permission");
        assertTrue(fork.after().task("C").saved().get("tiledata").isZero(), "no dynamic state is copied");
        List<UnaryOperator<MachineState>> startState = List.of(
                a -> withFpu(a, "C", g -> g.withLastCpu(0)),
                a -> withFpu(a, "C", g -> g.withNeedFpuLoad(false)),
                a -> a.withTask(a.task("C").withSaved(a.task("C").saved().with("tiledata", BitVector.of(8192, 0x77)))));
        for (int i = 0; i < startState.size(); i++) {
            Violation v = only(check(x86, "clone-fpu-inheritance", corrupt(fork, startState.get(i))));
            assertEquals(Optional.of("C"), v.task());
            assertEquals(Optional.of("fpstate"), v.subject());
            assertTrue(v.actual().orElseThrow().endsWith(i == 2 ? "tiledata copied" : "tiledata init"), v.toString());
        }
        Violation perm = only(check(x86, "clone-fpu-inheritance", corrupt(fork, a -> withFpu(a, "C", g -> g.withPerm(X86.defaultFeatures(AMX))))));
        assertEquals(Optional.of("perm"), perm.subject());
        assertEquals(Optional.of("0x" + Long.toHexString(fork.after().task("T").ext(FpuState.class).perm())), perm.expected());
    }

    @Test
    void withoutDynamicFeaturesAForkedChildHasTheDefaultPermissions() {
        Architecture x86 = x86();
        KernelConfig avx = KernelConfig.of(Set.of(), X86.FEATURES_AVX512);
        Step fork = step(x86, machine(x86, avx), X86Paths.fork("T", "C"));
        assertEquals(List.of(), check(x86, "clone-fpu-inheritance", fork));
        assertEquals(X86.defaultFeatures(avx), fork.after().task("C").ext(FpuState.class).perm());
        Violation v = only(check(x86, "clone-fpu-inheritance", corrupt(fork, a -> withFpu(a, "C", g -> g.withPerm(g.perm() | X86.XFEATURE_MASK_XTILE)))));
        assertEquals(Optional.of("0x" + Long.toHexString(X86.defaultFeatures(avx))), v.expected());
    }

    @Test
    void aThreadMustJoinItsParentsGroupAndAnIoWorkerIsNotChecked() {
        Architecture x86 = x86();
        Step thread = step(x86, permitted(x86, AMX), X86Paths.cloneThread("T", "T2"));
        assertEquals(List.of(), check(x86, "clone-fpu-inheritance", thread));
        assertEquals("T", thread.after().task("T2").ext(FpuState.class).groupLeader());
        Violation v = only(check(x86, "clone-fpu-inheritance", corrupt(thread, a -> a.withTask(a.task("T2").withExt(
                new FpuState(-1, true, X86.defaultFeatures(AMX), X86.initXfd(AMX), "U", KernelPhase.NEW_CHILD))))));
        assertEquals(Optional.of("group_leader"), v.subject());
        assertEquals(Optional.of("T"), v.expected());
        Step worker = step(x86, machine(x86, AMX), X86Paths.createIoWorker("T", "W"));
        assertEquals(List.of(), check(x86, "clone-fpu-inheritance", corrupt(worker, a -> withFpu(a, "W", g -> g.withLastCpu(0)))));
        // a step that creates no task is not a clone, whatever its states say
        Step write = step(x86, machine(x86, AMX), X86Paths.userWrite("T", "xmm1", BitVector.of(128, 1)));
        assertEquals(List.of(), check(x86, "clone-fpu-inheritance", corrupt(write, a -> withFpu(a, "T", g -> g.withLastCpu(-1)))));
    }
}

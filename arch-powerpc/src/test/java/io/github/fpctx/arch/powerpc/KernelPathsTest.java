package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.ids;
import static io.github.fpctx.arch.powerpc.Ppc.machine;
import static io.github.fpctx.arch.powerpc.Ppc.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kernel path's effect on the user MSR, the live registers and the save areas. */
class KernelPathsTest {
    private static final BitVector A = BitVector.parse("0x0123_4567_89ab_cdef_fedc_ba98_7654_3210");
    private static final long FP = PowerPc.MSR_FP.mask();
    private static final long VEC = PowerPc.MSR_VEC.mask();
    private static final long VSX = PowerPc.MSR_VSX.mask();

    private static MachineState withVs0(String... errata) {
        return PPC64.engine().run(machine(PPC64, errata), List.of(PPC64.operations().userWrite("t", "vs0", A))).finalState();
    }

    @Test
    void vsxFaultLoadsFpAndAltivecAndSetsAllFacilityBits() {
        Trace t = PPC64.engine().run(machine(PPC64), List.of(PPC64.operations().userWrite("t", "vs0", A)));
        PowerPcThread th = thread(t.finalState(), "t");
        assertEquals(FP | VEC | VSX, th.msr().bits() & PowerPc.MSR_MATH_MASK);
        assertEquals(1, th.loadFp());
        assertEquals(1, th.loadVec());
        assertTrue(th.usedVr() && th.usedVsr());
        assertTrue(t.passesThrough("load_up_vsx") && t.passesThrough("load_up_fpu") && t.passesThrough("load_up_altivec"));
        assertEquals(BitVector.of(32, 0xFFFF_FFFFL), Ppc.live(t.finalState(), "t", "vrsave"), "VRSAVE 0 -> all ones");
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void fpFaultOrsFpexcModeIntoTheUserMsr() {
        Trace t = PPC32.engine().run(machine(PPC32), List.of(PowerPcSteps.userWrite("t", "f3", BitVector.of(64, 3))));
        assertEquals(FP | PowerPc.MSR_FE_MASK, thread(t.finalState(), "t").msr().bits() & (FP | PowerPc.MSR_FE_MASK));
    }

    @Test
    void preemptGivesUpEverythingIntoTheThreadStruct() {
        Trace t = PPC64.engine().run(withVs0(), List.of(PPC64.operations().preempt("t")));
        MachineState s = t.finalState();
        assertEquals(0, thread(s, "t").msr().bits() & PowerPc.MSR_MATH_MASK);
        assertEquals(A, s.task("t").saved().get("vs0"));
        assertTrue(s.cpu(0).current().isEmpty());
        assertEquals(TaskMode.KERNEL, s.task("t").mode());
        assertTrue(t.steps().get(0).passesThrough("giveup_all"));
    }

    @Test
    void resumeOnPpc64RestoresEagerlyAndCountsLoadFp() {
        MachineState s = PPC64.engine().run(withVs0(), List.of(PPC64.operations().preempt("t"), PPC64.operations().resume("t", 0))).finalState();
        PowerPcThread th = thread(s, "t");
        assertEquals(FP | VEC | VSX, th.msr().bits() & PowerPc.MSR_MATH_MASK);
        assertEquals(2, th.loadFp());
        assertEquals(A, Ppc.live(s, "t", "vs0"));
    }

    @Test
    void resumeOnPpc32IsLazy() {
        Trace t = PPC32.engine().run(machine(PPC32), List.of(PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 5)),
                PPC32.operations().preempt("t"), PPC32.operations().resume("t", 0)));
        assertFalse(thread(t.finalState(), "t").fpLive());
        assertFalse(t.passesThrough("restore_math"));
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void loadFpWrapsAfter255EagerRestoresAndThenTheTaskFaultsAgain() {
        MachineState s = withVs0();
        s = s.withTask(s.task("t").withExt(thread(s, "t").withLoadCounters(255, 255)));
        Trace t = PPC64.engine().run(s, List.of(PPC64.operations().preempt("t"), PPC64.operations().resume("t", 0),
                PPC64.operations().preempt("t"), PPC64.operations().resume("t", 0)));
        MachineState afterFirst = t.steps().get(1).after();
        assertEquals(0, thread(afterFirst, "t").loadFp(), "u8 load_fp++ wraps");
        assertTrue(thread(afterFirst, "t").fpLive());
        assertFalse(thread(t.finalState(), "t").fpLive(), "load_fp == 0: no eager restore");
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void migrationToAnotherCpuReloadsThere() {
        MachineState s = PPC64.machines().newMachine(io.github.fpctx.core.state.MachineSpec.builder().cpus(2).userTask("t", 0).build());
        Trace t = PPC64.engine().run(s, List.of(PPC64.operations().userWrite("t", "vs0", A), PPC64.operations().preempt("t"),
                PPC64.operations().resume("t", 1)));
        assertEquals(1, t.finalState().task("t").cpu());
        assertEquals(A, t.finalState().cpu(1).live().get("vs0"));
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void forkCopiesSavedStateAndClearsTheChildsFacilityBitsButNotFe() {
        Trace t = PPC32.engine().run(machine(PPC32), List.of(PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 9)),
                PPC32.operations().fork("t", "c")));
        MachineState s = t.finalState();
        PowerPcThread child = thread(s, "c");
        assertEquals(0, child.msr().bits() & PowerPc.MSR_MATH_MASK);
        assertEquals(PowerPc.MSR_FE_MASK, child.msr().bits() & PowerPc.MSR_FE_MASK,
                "copy_thread clears only FP|VEC|VSX (derived: the FE bits are inherited with FP off)");
        assertTrue(thread(s, "t").fpLive(), "save_all does not give up");
        assertEquals(BitVector.of(64, 9), s.task("c").saved().get("f0"));
        assertFalse(s.isRunning("c"));
        assertEquals(TaskKind.USER, s.task("c").kind());
        assertTrue(t.passesThrough("arch_dup_task_struct") && t.passesThrough("copy_thread"));
        Trace run = PPC32.engine().run(s, List.of(PPC32.operations().preempt("t"), PPC32.operations().resume("c", 0)));
        assertTrue(run.isClean(), run.render());
    }

    @Test
    void execLoadsInitStateAndKeepsFpexcMode() {
        Trace t = PPC64.engine().run(withVs0(), List.of(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_ASYNC),
                PPC64.operations().exec("t"), PPC64.operations().userWrite("t", "f1", BitVector.of(64, 1))));
        MachineState afterExec = t.steps().get(1).after();
        PowerPcThread th = thread(afterExec, "t");
        assertEquals(PowerPc.MSR_USER64_LE, th.msr().bits());
        assertEquals(PowerPc.PR_FP_EXC_ASYNC, th.fpexcModeValue());
        assertEquals(0, th.loadFp());
        assertEquals(BitVector.of(32, 0x0001_0000L), afterExec.task("t").saved().get("vscr"));
        assertEquals(BitVector.zero(128), afterExec.task("t").saved().get("vs0"));
        assertEquals(PowerPc.packFe01(PowerPc.PR_FP_EXC_ASYNC), thread(t.finalState(), "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void signalFrameSavesAndSigreturnRestoresDespiteTheHandlersFpUse() {
        for (var a : List.of(PPC64, PPC32)) {
            String reg = a == PPC64 ? "vs0" : "f0";
            BitVector v = a == PPC64 ? A : BitVector.of(64, 0x1234);
            Trace t = a.engine().run(machine(a), List.of(a.operations().userWrite("t", reg, v), a.operations().signal("t")));
            // signal_64.c restore_sigcontext, signal_32.c restore_user_regs (via do_setcontext)
            assertTrue(t.passesThrough("flush_fp_to_thread") && t.passesThrough(a == PPC64 ? "restore_sigcontext" : "restore_user_regs")
                    && t.passesThrough("sigusr1_handler"), t.render());
            assertEquals(v, a.engine().userView(t.finalState(), t.finalState().task("t")).get(reg));
            assertTrue(t.isClean(), t.render());
        }
    }

    @Test
    void kernelFpUseGivesUpTheUserStateFirst() {
        Trace t = PPC64.engine().run(withVs0(), List.of(PPC64.operations().kernelFpUse(0)));
        assertTrue(t.steps().get(0).calls().pathTo("__giveup_fpu").contains("enable_kernel_fp"), t.render());
        assertEquals(A, t.finalState().task("t").saved().get("vs0"));
        assertEquals(A, Ppc.live(t.finalState(), "t", "vs0"), "restore_math reloads on syscall exit");
        assertEquals(0, t.finalState().cpu(0).ext(PowerPcCpu.class).kernelUse().bits());
        assertTrue(t.isClean(), t.render());
        MachineState idle = PPC64.engine().run(withVs0(), List.of(PPC64.operations().preempt("t"))).finalState();
        Trace onIdle = PPC64.engine().run(idle, List.of(PPC64.operations().kernelFpUse(0), PPC64.operations().resume("t", 0)));
        assertTrue(onIdle.isClean(), onIdle.render());
    }

    @Test
    void kernelFpUseWhilePreemptibleIsReported() {
        Trace t = PPC64.engine().run(withVs0(), List.of(PowerPcPaths.kernelFpBegin(0, false), PowerPcPaths.kernelFpEnd(0)));
        assertEquals(List.of("no-kernel-warning", "ppc-kernel-fp-nonpreemptible"), ids(t.violations()), t.render());
        assertTrue(t.steps().get(0).events().stream().anyMatch(e -> e.kind() == KernelEvent.Kind.WARNING));
        Trace ok = PPC64.engine().run(withVs0(), List.of(PowerPcPaths.kernelFpBegin(0, true), PowerPcPaths.kernelFpEnd(0)));
        assertTrue(ok.isClean(), ok.render());
    }

    @Test
    void setFpexcModeTouchesTheMsrOnlyWhileFpIsLive() {
        Trace t = PPC64.engine().run(machine(PPC64), List.of(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE),
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),
                PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_NONRECOV)));
        assertEquals(0, thread(t.steps().get(0).after(), "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertEquals(PowerPc.MSR_FE_MASK, thread(t.steps().get(1).after(), "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertEquals(PowerPc.MSR_FE1.mask(), thread(t.finalState(), "t").msr().bits() & PowerPc.MSR_FE_MASK);
        assertTrue(t.isClean(), t.render());
    }

    @Test
    void setFpexcModeRejectsInvalidModesWithEinval() {
        MachineState s = machine(PPC64);
        for (long bad : new long[] {4, PowerPc.PR_FP_EXC_SW_ENABLE, -1}) {
            Trace t = PPC64.engine().run(s, List.of(PowerPcSteps.setFpexcMode("t", bad)));
            assertEquals(thread(s, "t"), thread(t.finalState(), "t"));
            assertTrue(t.render().contains("-EINVAL"), t.render());
        }
    }

    @Test
    void ioUringWorkerIsAKernelThreadWithoutUserRegs() {
        Trace t = PPC64.engine().run(withVs0(), List.of(PowerPcPaths.ioUringWorkerAtInterruptReturn("t")));
        MachineState s = t.finalState();
        String w = "iou-wrk-" + s.task("t").pid();
        assertEquals(TaskKind.KERNEL_THREAD, s.task(w).kind());
        assertEquals(0, thread(s, w).msr().bits());
        assertEquals(A, s.task(w).saved().get("vs0"), "*dst = *src after save_all");
        assertTrue(thread(s, "t").fpLive());
        assertTrue(t.isClean(), t.render());
        Trace again = PPC64.engine().run(s, List.of(PPC64.operations().preempt("t"), PPC64.operations().resume(w, 0),
                PPC64.operations().resume("t", 0)));
        assertTrue(again.isClean(), again.render());
    }

    @Test
    void strictFacilityEnableClearsTheKernelMsrAfterUse() {
        var cfg = PPC64.machines().defaultConfig().with(PowerPc.OPTION_STRICT_FACILITY_ENABLE);
        MachineState s = PPC64.engine().run(machine(PPC64, cfg), List.of(PPC64.operations().userWrite("t", "vs0", A),
                PPC64.operations().preempt("t"))).finalState();
        assertEquals(0, s.cpu(0).ext(PowerPcCpu.class).kernelMsr().bits() & PowerPc.MSR_MATH_MASK);
        MachineState lax = PPC64.engine().run(withVs0(), List.of(PPC64.operations().preempt("t"))).finalState();
        assertEquals(FP | VEC | VSX, lax.cpu(0).ext(PowerPcCpu.class).kernelMsr().bits() & PowerPc.MSR_MATH_MASK);
    }

    @Test
    void userViewFollowsTheFacilityBits() {
        MachineState s = withVs0();
        assertEquals(A, PPC64.engine().userView(s, s.task("t")).get("vs0"));
        MachineState off = s.withCpu(s.cpu(0).withLive(s.cpu(0).live().with("vs0", BitVector.zero(128))));
        assertEquals(BitVector.zero(128), PPC64.engine().userView(off, off.task("t")).get("vs0"), "FP live: the CPU's value");
        MachineState given = PPC64.engine().run(s, List.of(PPC64.operations().preempt("t"))).finalState();
        assertEquals(A, PPC64.engine().userView(given, given.task("t")).get("vs0"), "not running: the save area");
    }

    @Test
    void kernelVsxAndAltivecUseGiveUpTheMatchingUserState() {
        Trace vsx = PPC64.engine().run(withVs0(), List.of(PowerPcPaths.kernelVsxUse(0)));
        assertTrue(vsx.steps().get(0).calls().pathTo("__giveup_vsx").contains("enable_kernel_vsx"), vsx.render());
        assertTrue(vsx.isClean(), vsx.render());
        Trace vec = PPC32.engine().run(machine(PPC32), List.of(PowerPcSteps.userWrite("t", "v0", BitVector.ones(128)),
                PowerPcPaths.kernelAltivecUse(0), PPC32.operations().syscall("t")));
        assertTrue(vec.steps().get(1).calls().pathTo("__giveup_altivec").contains("enable_kernel_altivec"), vec.render());
        assertTrue(vec.isClean(), vec.render());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PPC32.engine().run(machine(PPC32), List.of(PowerPcPaths.kernelVsxUse(0))));
        assertEquals("enable_kernel_vsx needs a CPU with VSX; this ppc32 machine has CPU features [ALTIVEC]", e.getMessage());
    }

    @Test
    void getFpexcModeReportsTheStoredModeNotTheMsr() {
        Trace t = PPC32.engine().run(machine(PPC32, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01), List.of(
                PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)), PPC32.operations().preempt("t"),
                PPC32.operations().resume("t", 0), PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
                PowerPcSteps.getFpexcMode("t")));
        assertTrue(t.render().contains("put_user: *adr = PR_FP_EXC_DISABLED (thread.fpexc_mode, not the live MSR MSR[EE PR ME FE0 FE1 IR DR RI])"),
                t.render());
        assertEquals(PowerPc.PR_FP_EXC_DISABLED, t.steps().get(4).syscall("prctl(PR_GET_FPEXC) *adr").orElseThrow().value());
    }

    @Test
    void threadCloneCopiesTheCreatorsStateLikeFork() {
        io.github.fpctx.testkit.ScenarioResult r = io.github.fpctx.testkit.Scenario.on("ppc64").cpus(2)
                .task("t", x -> x.onCpu(0).userWrites("vs0", A))
                .cloneThread("t", "worker").resume("worker", 1).run();
        assertTrue(r.isClean(), r::render);
        assertEquals(A, r.userView("worker").get("vs0"));
        assertTrue(r.passesThrough("arch_dup_task_struct"), r::render);
        assertEquals("t: clone(CLONE_THREAD) -> worker", r.labels().get(0));
    }
}

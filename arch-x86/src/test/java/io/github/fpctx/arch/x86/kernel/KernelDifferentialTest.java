package io.github.fpctx.arch.x86.kernel;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Paths;
import io.github.fpctx.arch.x86.format.Fxsave;
import io.github.fpctx.arch.x86.format.X86NoteCodec;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixed x86 model against the live kernel of the test machine: {@code fpprobe.c} runs each scenario on the
 * real kernel and prints the FP/vector state it observes; the same scenario runs on the model through the testkit's
 * {@link Scenario}; the two are compared register by register, and any difference fails with both values.
 *
 * <p>Every scenario starts from the probe's image W (all modelled registers non-init and distinct), decoded with
 * fpctx's own codec and written into the model's task, so both sides start from the same registers. Which
 * components were left out and why (AVX-512 and AMX on CPUs without them, PKRU which the layout does not model),
 * the kernel version, the CPU and its XSAVE layout are printed with the results; {@code docs/model-vs-kernel.md}
 * keeps the table.
 *
 * <p>Compared: every register of the {@code x86_64} layout except {@code mxcsr_mask}, which is a property of the
 * CPU (the model's {@link X86#MXCSR_MASK_VALUE}) and is printed instead.
 */
class KernelDifferentialTest {
    static final Architecture X86_64 = Architectures.load().require(X86.ID);
    static final RegisterLayout LAYOUT = X86_64.layout();

    static FpProbe probe;
    static RegisterFile w;
    static RegisterFile init;
    static String[] features;

    @BeforeAll
    static void runProbe(@TempDir Path work) {
        probe = FpProbe.run(work);
        System.out.println(probe.describe());
        w = probe.xsave(LAYOUT, "image", "w", FpProbe.Source.PROBE);
        List<String> f = new ArrayList<>(List.of(X86.SSE));
        if ((probe.xmask & 0x4) != 0) {
            f.add(X86.AVX);
        }
        if ((probe.xmask & 0xE0) == 0xE0) {
            f.add(X86.AVX512F);
        }
        features = f.toArray(String[]::new);
        init = X86.initRegisters(Scenario.on(X86_64).cpuFeatures(features).initialState().config());
    }

    // ---- the model side ------------------------------------------------------------------------------------

    /** The user-writable registers of an image, as user writes (views the CPU's features allow). */
    static Map<String, BitVector> writes(RegisterFile image) {
        Map<String, BitVector> m = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            m.put("st" + i, image.get("st" + i));
        }
        for (String r : List.of("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop", "mxcsr")) {
            m.put(r, image.get(r));
        }
        for (int i = 0; i < 16; i++) {
            m.put("xmm" + i, image.get("xmm" + i));
            if ((probe.xmask & 0x4) != 0) {
                m.put("ymm" + i + "h", image.get("ymm" + i + "h"));
            }
        }
        if ((probe.xmask & 0xE0) == 0xE0) {
            for (int i = 0; i < 8; i++) {
                m.put("k" + i, image.get("k" + i));
            }
            for (int i = 0; i < 16; i++) {
                m.put("zmm" + i + "h", image.get("zmm" + i + "h"));
                m.put("zmm" + (i + 16), image.get("zmm" + (i + 16)));
            }
        }
        return m;
    }

    /** Task T running on CPU 0 of a 2-CPU machine with W in its registers. */
    static Scenario withW() {
        return Scenario.on(X86_64).cpuFeatures(features).cpus(2).task("T", t -> t.onCpu(0).userWrites(writes(w)));
    }

    // ---- comparison ----------------------------------------------------------------------------------------

    /**
     * Fails, listing every differing register with both values, unless the model's file equals the kernel's.
     *
     * @param what   the scenario and the observation
     * @param model  what the model predicts
     * @param kernel what the kernel did
     */
    static void assertAgree(String what, RegisterFile model, RegisterFile kernel) {
        List<String> diffs = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        for (Register r : LAYOUT.registers()) {
            if (r.name().equals("mxcsr_mask")) {
                continue;
            }
            BitVector m = model.get(r);
            BitVector k = kernel.get(r);
            if (!m.equals(k)) {
                diffs.add(r.name());
                expected.append(r.name()).append(" = ").append(k).append('\n');
                actual.append(r.name()).append(" = ").append(m).append('\n');
            }
        }
        if (!diffs.isEmpty()) {
            throw new AssertionFailedError(what + ": the model and the live kernel disagree on " + diffs + "\n"
                    + "kernel:\n" + expected + "model:\n" + actual + probe.describe(), expected.toString(), actual.toString());
        }
    }

    /** The part of a file an FXSAVE image holds: x87, MXCSR, xmm0-xmm15 (everything above is zero). */
    static RegisterFile legacy(RegisterFile f) {
        RegisterFile out = f;
        for (int i = 0; i < 32; i++) {
            out = out.withoutEffects(LAYOUT.register("zmm" + i), BitVector.zero(512));
            if (i < 16) {
                out = out.withoutEffects(LAYOUT.register("xmm" + i), f.get("xmm" + i));
            }
        }
        for (int i = 0; i < 8; i++) {
            out = out.withoutEffects(LAYOUT.register("k" + i), BitVector.zero(64));
        }
        return out;
    }

    static RegisterFile decoded(String scenario, String what) {
        return probe.xsave(LAYOUT, scenario, what, FpProbe.Source.PROBE);
    }

    // ---- scenarios -----------------------------------------------------------------------------------------

    @Test
    void probeImageIsNotTheInitState() {
        // a sanity check of the method: W differs from the init state in every register class compared below
        Set<String> same = new TreeSet<>();
        for (String r : writes(w).keySet()) {
            if (w.get(r).equals(init.get(r)) && !r.startsWith("fi") && !r.startsWith("fo")) {
                same.add(r);
            }
        }
        assertEquals(Set.of(), same, "registers of W equal to the init state");
    }

    @Test
    void forkChildStartsWithTheParentsRegisters() {
        ScenarioResult run = withW().fork("T", "C").resume("C", 1).run();
        assertTrue(run.isClean(), run::render);
        assertAgree("fork: child", run.userView("C"), decoded("fork", "child"));
    }

    @Test
    void forkParentKeepsItsRegisters() {
        ScenarioResult run = withW().fork("T", "C").resume("C", 1).run();
        assertAgree("fork: parent", run.userView("T"), decoded("fork", "parent"));
    }

    @Test
    void threadCloneStartsWithTheCreatorsRegisters() {
        ScenarioResult run = withW().cloneThread("T", "C").resume("C", 1).run();
        assertTrue(run.isClean(), run::render);
        assertAgree("clone(CLONE_THREAD): new thread", run.userView("C"), decoded("thread", "child"));
        assertAgree("clone(CLONE_THREAD): creator", run.userView("T"), decoded("thread", "parent"));
    }

    @Test
    void execStartsTheNewProgramInTheInitStateOfEveryComponent() {
        ScenarioResult run = withW().exec("T").run();
        assertTrue(run.isClean(), run::render);
        assertAgree("exec: NT_X86_XSTATE at the exec stop", run.userView("T"),
                probe.xsave(LAYOUT, "exec", "xstate", FpProbe.Source.PTRACE));
        assertAgree("exec: NT_PRFPREG at the exec stop", run.userView("T").withoutEffects(LAYOUT.register("mxcsr_mask"),
                init.get("mxcsr_mask")), probe.fxsave(LAYOUT, "exec", "prfpreg"));
        // every modelled component in its init state: XSTATE_BV names none of them (fpu_flush_thread copies
        // init_fpstate, whose header has no feature bit set)
        long bv = FpProbe.le(probe.image("exec", "xstate"), 512);
        assertEquals(0, bv & FpProbe.MODELLED, String.format("XSTATE_BV 0x%x after exec", bv));
    }

    @Test
    void ptraceRegsetsOfAStoppedChildAreWhatItWroteAndWhatFpctxExports() {
        // the child loads W and stops itself (kill(getpid(), SIGSTOP)); the tracer reads its regsets
        ScenarioResult run = withW().preempt("T").run();
        RegisterFile model = run.userView("T");
        RegisterFile xstate = probe.xsave(LAYOUT, "ptrace", "xstate", FpProbe.Source.PTRACE);
        RegisterFile prfpreg = probe.fxsave(LAYOUT, "ptrace", "prfpreg");
        assertAgree("ptrace NT_X86_XSTATE vs what the child wrote", w, xstate);
        assertAgree("ptrace NT_PRFPREG vs what the child wrote", legacy(w), prfpreg);
        assertAgree("ptrace NT_X86_XSTATE vs the model", model, xstate);
        // fpctx's own export of the model's state, decoded again by the same codec, and its FXSAVE bytes
        X86NoteCodec codec = X86NoteCodec.of(LAYOUT, probe.layout(), probe.xmask);
        List<ElfNote> notes = codec.encode(model, ByteOrder.LITTLE_ENDIAN);
        ElfNote exported = notes.stream().filter(n -> n.type() == Elf.NT_X86_XSTATE).findFirst().orElseThrow();
        RegisterFile roundTrip = io.github.fpctx.arch.x86.format.Xsave.decode(LAYOUT.zeroFile(), exported, probe.layout());
        assertAgree("fpctx export of the model vs ptrace NT_X86_XSTATE", roundTrip, xstate);
        byte[] mine = Fxsave.encode(model);
        byte[] kernel = probe.image("ptrace", "prfpreg");
        assertLegacyBytesEqual(mine, kernel);
    }

    /** FXSAVE bytes 0..415, except those the codec documents as not carried (byte 5, ST padding, MXCSR_MASK). */
    static void assertLegacyBytesEqual(byte[] mine, byte[] kernel) {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < 416; i++) {
            boolean stPadding = i >= 32 && i < 160 && (i - 32) % 16 >= 10;
            if (i == 5 || stPadding || (i >= 28 && i < 32)) {
                continue;
            }
            if (mine[i] != kernel[i]) {
                diffs.add(String.format("byte %d: fpctx 0x%02x, kernel 0x%02x", i, mine[i] & 0xFF, kernel[i] & 0xFF));
            }
        }
        assertEquals(List.of(), diffs, "fpctx's NT_PRFPREG export of the model vs the kernel's");
    }

    @Test
    void migrationWhileAnotherFpUserRunsOnTheOldCpu() {
        assertEquals(1, probe.value("migrate", "cpu_after_first"), "the probe task did not reach CPU 1");
        assertEquals(0, probe.value("migrate", "cpu_after_second"), "the probe task did not come back to CPU 0");
        RegisterFile y = probe.xsave(LAYOUT, "image", "y", FpProbe.Source.PROBE);
        Scenario s = withW().task("U", t -> t.queuedOn(0).userWrites(writes(y)))
                .preempt("T").resume("U", 0).resume("T", 1);
        ScenarioResult away = s.run();
        assertTrue(away.isClean(), away::render);
        assertAgree("sched_setaffinity to CPU 1 while U uses the FPU on CPU 0", away.userView("T"), decoded("migrate", "away"));
        ScenarioResult back = s.preempt("T").preempt("U").resume("T", 0).run();
        assertTrue(back.isClean(), back::render);
        assertAgree("sched_setaffinity back to CPU 0 after U used its registers", back.userView("T"), decoded("migrate", "back"));
    }

    // ---- signals -------------------------------------------------------------------------------------------

    static BitVector wrote(String scenario, String what, int width) {
        return BitVector.fromBytes(probe.image(scenario, what), 0, width / 8, ByteOrder.LITTLE_ENDIAN);
    }

    static RegisterFile frame(ScenarioResult run, int step) {
        List<RegisterFile> frames = X86.signalFrames(run.stateAfter(step), "T");
        assertEquals(1, frames.size(), "signal frames of T after step " + step);
        return frames.get(0);
    }

    static List<String> signals(ScenarioResult run) {
        return run.steps().stream().flatMap(st -> st.events().stream()).filter(e -> e.kind() == KernelEvent.Kind.SIGNAL).map(KernelEvent::message).toList();
    }

    @Test
    void signalFrameHoldsTheRegistersOfTheInterruptedCode() {
        ScenarioResult run = withW().step(X86_64.operations().signalDelivery("T")).run();
        assertTrue(run.isClean(), run::render);
        assertAgree("signal: the frame's XSAVE image (uc_mcontext.fpregs)", frame(run, 1),
                probe.xsave(LAYOUT, "signal", "frame", FpProbe.Source.FRAME));
    }

    @Test
    void signalHandlerStartsFromTheInitState() {
        ScenarioResult run = withW().step(X86_64.operations().signalDelivery("T")).run();
        assertAgree("signal: the handler's registers on entry", run.userView("T"), decoded("signal", "handler"));
    }

    @Test
    void sigreturnRestoresTheFrame() {
        ScenarioResult run = withW().step(X86_64.operations().signalDelivery("T")).step(X86Paths.userWrite("T", "xmm0", BitVector.ones(128)))
                .step(X86_64.operations().sigreturn("T")).run();
        assertTrue(run.isClean(), run::render);
        assertAgree("sigreturn: the registers after the handler returned", run.userView("T"), decoded("signal", "after"));
    }

    @Test
    void sigreturnRestoresAFrameTheHandlerChanged() {
        String sc = "sigreturn-modified";
        ScenarioResult run = withW().step(X86_64.operations().signalDelivery("T"))
                .step(X86_64.operations().signalFrameWrite("T", "xmm3", wrote(sc, "wrote_xmm3", 128)))
                .step(X86_64.operations().signalFrameWrite("T", "mxcsr", wrote(sc, "wrote_mxcsr", 32)))
                .step(X86_64.operations().sigreturn("T")).run();
        assertTrue(run.isClean(), run::render);
        assertAgree(sc + ": the frame on delivery", frame(run, 1), probe.xsave(LAYOUT, sc, "frame", FpProbe.Source.FRAME));
        assertAgree(sc + ": the handler's registers", run.userView("T", 1), decoded(sc, "handler"));
        assertAgree(sc + ": after sigreturn of the changed frame", run.userView("T"), decoded(sc, "after"));
    }

    @Test
    void sigreturnOfAReservedMxcsrBitLeavesTheInitStateAndSendsSigsegv() {
        String sc = "sigreturn-bad-mxcsr";
        assertEquals(11, probe.value(sc, "segv_signo"), "the kernel's signal after the bad sigreturn");
        assertEquals(128, probe.value(sc, "segv_code"), "si_code (SI_KERNEL: force_sig)");
        ScenarioResult run = withW().step(X86_64.operations().signalDelivery("T"))
                .step(X86_64.operations().signalFrameWrite("T", "mxcsr", wrote(sc, "wrote_mxcsr", 32)))
                .step(X86_64.operations().sigreturn("T"))
                .step(X86_64.operations().signalDelivery("T")) // the SIGSEGV, to the probe's handler
                .run();
        assertTrue(run.isClean(), run::render);
        assertEquals(1, signals(run).size(), () -> "SIGSEGV events: " + signals(run) + "\n" + run.render());
        assertTrue(signals(run).get(0).startsWith("SIGSEGV (SI_KERNEL)"), signals(run)::toString);
        assertTrue(run.passesThrough("fpu__clear_user_states"), run::render);
        assertAgree(sc + ": what the kernel leaves (the SIGSEGV frame)", frame(run, 4),
                probe.xsave(LAYOUT, sc, "segv_frame", FpProbe.Source.FRAME));
        assertAgree(sc + ": the SIGSEGV handler's registers", run.userView("T"), decoded(sc, "segv_handler"));
    }

    @Test
    void ldmxcsrWithAReservedBitIsAFaultNotARefusal() {
        String sc = "ldmxcsr-reserved";
        assertEquals(11, probe.value(sc, "segv_signo"), "the kernel's signal after LDMXCSR");
        assertEquals(128, probe.value(sc, "segv_code"), "si_code (SI_KERNEL: #GP)");
        ScenarioResult run = withW().step(X86Paths.userWrite("T", "mxcsr", wrote(sc, "wrote_mxcsr", 32)))
                .step(X86_64.operations().signalDelivery("T")).run();
        assertTrue(run.isClean(), run::render);
        assertEquals(1, signals(run).size(), () -> "SIGSEGV events: " + signals(run));
        assertAgree(sc + ": the SIGSEGV frame (LDMXCSR changed nothing)", frame(run, 2),
                probe.xsave(LAYOUT, sc, "segv_frame", FpProbe.Source.FRAME));
        assertAgree(sc + ": the SIGSEGV handler's registers", run.userView("T"), decoded(sc, "segv_handler"));
    }
}

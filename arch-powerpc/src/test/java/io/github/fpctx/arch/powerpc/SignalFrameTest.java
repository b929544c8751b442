package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PowerPC signal frame through the API: delivery, the handler's view, a changed frame, {@code rt_sigreturn}. */
class SignalFrameTest {
    static final Operations OPS = Architectures.load().require("ppc64").operations();
    static final BitVector A = BitVector.parse("0x0123_4567_89ab_cdef_fedc_ba98_7654_3210");
    static final BitVector B = BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888");
    static final long FPSCR = 0x0000_0000_8200_4000L;

    static Scenario delivered() {
        return Scenario.on("ppc64").task("t", x -> x.onCpu(0))
                .userWrites("t", "fpscr", FPSCR).userWrites("t", "vs0", A).userWrites("t", "vr1", B)
                .step(OPS.signalDelivery("t"));
    }

    @Test
    void theFrameHoldsTheInterruptedStateAndTheHandlerRunsWithFpscrZero() {
        ScenarioResult r = delivered().run();
        assertTrue(r.isClean(), r::render);
        List<RegisterFile> frames = PowerPc.signalFrames(r.finalState(), "t");
        assertEquals(1, frames.size());
        assertEquals(A, frames.get(0).get("vs0"));
        assertEquals(B, frames.get(0).get("vr1"));
        assertEquals(FPSCR, frames.get(0).get("fpscr").toLong());
        RegisterFile handler = r.userView("t");
        assertEquals(A, handler.get("vs0"));
        assertEquals(0, handler.get("fpscr").toLong());
        assertTrue(r.passesThrough("setup_sigcontext"), r::render);
    }

    @Test
    void sigreturnRestoresWhatTheHandlerWroteIntoTheFrame() {
        ScenarioResult r = delivered()
                .userWrites("t", "vs0", BitVector.zero(128))                 // the handler's own computation
                .step(OPS.signalFrameWrite("t", "vs2", B))
                .step(OPS.sigreturn("t"))
                .run();
        assertTrue(r.isClean(), r::render);
        RegisterFile v = r.userView("t");
        assertEquals(A, v.get("vs0"));
        assertEquals(B, v.get("vs2"));
        assertEquals(FPSCR, v.get("fpscr").toLong());
        assertEquals(List.of(), PowerPc.signalFrames(r.finalState(), "t"));
    }

    @Test
    void sigreturnWithoutAFrameSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Scenario.on("ppc64")
                .task("t", x -> x.onCpu(0)).step(OPS.sigreturn("t")).run());
        assertEquals("Step 1 (t: rt_sigreturn) needs a state in which 't: rt_sigreturn' is enabled, but task 't' has no signal frame; deliver a signal first; now: cpu0 t (user)", e.getMessage());
    }
}

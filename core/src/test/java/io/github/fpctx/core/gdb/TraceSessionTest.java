package io.github.fpctx.core.gdb;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.gdb.internal.RspRequest;
import io.github.fpctx.core.gdb.internal.TraceSession;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay session without sockets: positions, threads, register values, errors. */
class TraceSessionTest {
    static final Architecture TOY = io.github.fpctx.core.Architectures.of(new ToyArchitecture()).all().get(0);

    /** Task a writes f0 = 7, is preempted (the toy's lost-save erratum drops it), resumes on CPU 1. */
    static Trace trace(String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2).task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 5)));
        for (String e : errata) {
            b.erratum(e);
        }
        Operations ops = TOY.operations();
        return TOY.engine().run(TOY.machines().newMachine(b.build()), List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), ops.preempt("a"),
                ops.resume("a", 1)));
    }

    static GdbTargetDescription target() {
        return GdbTargetDescription.builder(TOY.layout()).architecture("toy")
                .feature("io.github.fpctx.toy.core").unheld("pc", 64, "code_ptr", null).programCounter("pc")
                .unheld("sp", 64, "data_ptr", null)
                .feature("io.github.fpctx.toy.fp").register("v0", "uint128", null).register("ctl", 64, "uint64", null)
                .build();
    }

    static TraceSession session(Trace t) {
        return new TraceSession(TOY, t, target(), ByteOrder.LITTLE_ENDIAN);
    }

    static String last(TraceSession.Reply r) {
        return r.packets().get(r.packets().size() - 1);
    }

    @Test
    void servesTheUserViewPositionAsPcAndUnheldAsUnavailable() {
        TraceSession s = session(trace());
        assertEquals("T05thread:1;", last(s.handle("?")));
        // pc = 0, sp unavailable, v0 = 5 (little-endian), ctl = 0x37f zero-extended to 64 bits
        assertEquals("0000000000000000" + "xxxxxxxxxxxxxxxx" + "05000000000000000000000000000000" + "7f03000000000000",
                last(s.handle("g")));
        assertEquals("xxxxxxxxxxxxxxxx", last(s.handle("p1")));
        assertEquals("E01", last(s.handle("p4")), "no register 4");
        TraceSession.Reply step = s.handle("s");
        assertTrue(new String(hexDecode(step.packets().get(0).substring(1)), StandardCharsets.UTF_8)
                .startsWith("[fpctx] position 1/3: [cpu0] a: user writes f0"), step.toString());
        assertEquals("T05thread:1;", last(step));
        assertEquals("0100000000000000", last(s.handle("p0")));
        assertEquals("05000000000000000700000000000000", last(s.handle("p2")), "f0 = doubleword 1 of v0 = 7");
    }

    @Test
    void reverseExecutionStopsAtTheEndsAndContinueStopsAtViolations() {
        Trace t = trace(ToyArchitecture.LOST_SAVE);
        assertFalse(t.isClean(), t.render());
        int bad = t.violations().get(0).step();
        assertEquals(3, bad, "the stale registers are loaded when a resumes");
        TraceSession s = session(t);
        assertEquals("T05replaylog:begin;thread:1;", last(s.handle("bs")));
        assertEquals("T05replaylog:begin;thread:1;", last(s.handle("bc")));
        assertEquals(0, s.position());
        assertEquals("T05thread:1;", last(s.handle("c")), "continue stops at the violating step (no end marker)");
        assertEquals(bad, s.position());
        assertEquals("T05replaylog:end;thread:1;", last(s.handle("s")));
        assertEquals("T05replaylog:end;thread:1;", last(s.handle("c")));
        assertEquals(3, s.position());
        assertEquals("T05thread:1;", last(s.handle("bs")));
        assertEquals(2, s.position());
        assertEquals("T05replaylog:begin;thread:1;", last(s.handle("bc")), "no violation before: back to the start");
        assertEquals(0, s.position());
        TraceSession clean = session(trace());
        assertEquals("T05replaylog:end;thread:1;", last(clean.handle("c")), "a clean trace runs to its end");
        assertEquals(3, clean.position());
    }

    @Test
    void servesAnExplorerCounterexample() {
        MachineSpec spec = MachineSpec.builder().cpus(2).erratum(ToyArchitecture.LOST_SAVE)
                .task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 5))).build();
        Trace cx = io.github.fpctx.core.explore.Explorer.on(TOY, TOY.machines().newMachine(spec)).bound(3).run().counterexample()
                .orElseThrow();
        TraceSession s = session(cx);
        assertEquals("T05thread:1;", last(s.handle("c")), "continue stops at the counterexample's violation");
        assertEquals(cx.violations().get(0).step(), s.position());
        assertEquals("T05replaylog:begin;thread:1;", last(s.handle("bc")));
    }

    @Test
    void threadsDescriptionAndMonitor() {
        TraceSession s = session(trace());
        assertTrue(last(s.handle("qSupported:multiprocess+;swbreak+")).contains("ReverseStep+;ReverseContinue+"));
        assertEquals("m1", last(s.handle("qfThreadInfo")));
        assertEquals("l", last(s.handle("qsThreadInfo")));
        assertEquals("QC1", last(s.handle("qC")));
        assertEquals("OK", last(s.handle("Hg1")));
        assertEquals("OK", last(s.handle("Hgp1.-1")));
        assertEquals("E01", last(s.handle("Hg7")));
        assertEquals("OK", last(s.handle("T1")));
        assertEquals("E01", last(s.handle("T2")));
        String xml = target().toXml();
        String first = last(s.handle("qXfer:features:read:target.xml:0,a"));
        assertEquals("m" + xml.substring(0, 10), first);
        assertEquals("l" + xml.substring(10), last(s.handle("qXfer:features:read:target.xml:a,ffff")));
        assertEquals("E00", last(s.handle("qXfer:features:read:other.xml:0,10")));
        assertTrue(last(s.handle("qXfer:threads:read::0,fff")).contains("name=\"a\""));
        // monitor view live: the toy CPU's registers are not loaded yet (lazy FPU), the user view is the saved 5
        assertEquals("05000000000000000000000000000000", last(s.handle("p2")));
        TraceSession.Reply live = s.handle("qRcmd," + hex("view live"));
        assertEquals("OK", last(live));
        assertEquals(TraceSession.View.LIVE, s.view());
        assertEquals("00000000000000000000000000000000", last(s.handle("p2")));
        assertEquals("OK", last(s.handle("qRcmd," + hex("view saved"))));
        assertEquals("05000000000000000000000000000000", last(s.handle("p2")));
        assertEquals("E01", last(s.handle("qRcmd," + hex("frobnicate"))));
        assertEquals("", last(s.handle("vMustReplyEmpty")));
        assertEquals("1", last(s.handle("qAttached")));
        assertEquals("0000", last(s.handle("m1000,2")), "no memory: zeros");
        assertEquals("E01", last(s.handle("G00")), "read-only");
        assertEquals("E01", last(s.handle("P0=00")));
        assertEquals("E01", last(s.handle("M0,1:00")));
        assertTrue(s.handle("D").close());
    }

    @Test
    void malformedPacketsGetErrorsAndChangeNothing() {
        TraceSession s = session(trace());
        s.handle("s");
        String before = last(s.handle("g"));
        for (String bad : List.of("pzz", "p", "p123456789", "m", "m10", "mzz,1", "Hx1", "H", "Hgq", "Tqq",
                "qXfer:features:read:target.xml:zz,1", "qXfer:features:read:target.xml", "qRcmd,7", "qRcmd,zz",
                "s1000", "c1000", "qThreadExtraInfo,", "p\u0660")) {
            String r = last(s.handle(bad));
            assertTrue(r.startsWith("E"), bad + " -> " + r);
            assertEquals(1, s.position(), bad);
            assertEquals(before, last(s.handle("g")), bad);
        }
    }

    @Test
    void unknownPacketsGetTheEmptyReply() {
        TraceSession s = session(trace());
        for (String unknown : List.of("\u00ff\u0000", "Z0,1000,1", "vCont?", "qTStatus", "QStartNoAckMode", "bx", "gg")) {
            assertEquals("", last(s.handle(unknown)), unknown);
            assertEquals(0, s.position());
        }
    }

    @Test
    void randomPayloadsNeverThrowAndOnlyMovingPacketsMove() {
        SplittableRandom rnd = new SplittableRandom(14);
        TraceSession s = session(trace(ToyArchitecture.LOST_SAVE));
        String alphabet = "?gGpPmMXHTscbqQvDk:;,=#$}*0123456789abcdefxyzfTCSRX-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(24);
            for (int k = 0; k < n; k++) {
                sb.append(rnd.nextInt(8) == 0 ? (char) rnd.nextInt(256) : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String p = sb.toString();
            int pos = s.position();
            TraceSession.Reply r = s.handle(p);
            RspRequest.Type type = parsedType(p);
            boolean moves = type == RspRequest.Type.STEP || type == RspRequest.Type.CONTINUE
                    || type == RspRequest.Type.REVERSE_STEP || type == RspRequest.Type.REVERSE_CONTINUE;
            if (!moves) {
                assertEquals(pos, s.position(), "payload " + p);
            }
            assertFalse(r.packets().isEmpty(), p);
        }
    }

    private static RspRequest.Type parsedType(String p) {
        try {
            return RspRequest.parse(p).type();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    static byte[] hexDecode(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}

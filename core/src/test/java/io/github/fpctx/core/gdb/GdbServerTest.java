package io.github.fpctx.core.gdb;

import io.github.fpctx.core.Trace;
import io.github.fpctx.core.gdb.internal.RspFramer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server over a loopback socket: framing, bad and truncated packets, detach, idle stop. */
class GdbServerTest {
    private static final Duration IDLE = Duration.ofSeconds(20);

    /** Reads until {@code n} complete packets or '-' arrived; bounded by the socket timeout. */
    private static List<String> read(InputStream in, int n) throws IOException {
        RspFramer f = new RspFramer();
        List<String> out = new java.util.ArrayList<>();
        byte[] buf = new byte[4096];
        while (out.size() < n) {
            int k = in.read(buf);
            if (k < 0) {
                break;
            }
            for (RspFramer.Event e : f.feed(buf, 0, k)) {
                if (e.kind() == RspFramer.Kind.PACKET) {
                    out.add(e.payload());
                } else if (e.kind() == RspFramer.Kind.NACK) {
                    out.add("-");
                }
            }
        }
        return out;
    }

    private static void send(OutputStream out, String payload) throws IOException {
        out.write(RspFramer.frame(payload));
        out.flush();
    }

    @Test
    void servesOverLoopbackSurvivesGarbageAndStopsOnDetach() throws Exception {
        Trace t = TraceSessionTest.trace();
        try (GdbServer server = GdbServer.builder(TraceSessionTest.TOY, t).target(TraceSessionTest.target())
                .idleTimeout(IDLE).start();
             Socket c = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            c.setSoTimeout((int) IDLE.toMillis());
            assertTrue(server.isRunning());
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            send(out, "?");
            assertEquals(List.of("T05thread:1;"), read(in, 1));
            // a bad checksum, a truncated packet followed by a good one, noise, an oversized packet
            out.write("$g#00".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals(List.of("-"), read(in, 1));
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            big.write('$');
            big.write(new byte[RspFramer.MAX_PAYLOAD + 10]);
            big.write("#00".getBytes(StandardCharsets.ISO_8859_1));
            out.write(big.toByteArray());
            out.flush();
            assertEquals(List.of("-"), read(in, 1));
            out.write("noise\u0003+".getBytes(StandardCharsets.ISO_8859_1));
            send(out, "pzz");
            assertEquals(List.of("E01"), read(in, 1));
            send(out, "s");
            List<String> moved = read(in, 2);
            assertTrue(moved.get(0).startsWith("O"), moved.toString());
            assertEquals("T05thread:1;", moved.get(1));
            send(out, "p0");
            assertEquals(List.of("0100000000000000"), read(in, 1), "position 1 after one step");
            send(out, "D");
            assertEquals(List.of("OK"), read(in, 1));
            server.awaitStop();
            assertFalse(server.isRunning());
        }
    }

    @Test
    void stopsByItselfWhenIdle() throws Exception {
        try (GdbServer server = GdbServer.builder(TraceSessionTest.TOY, TraceSessionTest.trace())
                .target(TraceSessionTest.target()).idleTimeout(Duration.ofMillis(200)).start()) {
            server.awaitStop();
            assertFalse(server.isRunning());
        }
    }

    @Test
    void refusesBadConfiguration() {
        var b = GdbServer.builder(TraceSessionTest.TOY, TraceSessionTest.trace());
        assertThrows(IllegalArgumentException.class, () -> b.port(70000));
        assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(Duration.ZERO));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::start);
        assertEquals("Architecture toy provides no GDB target description; give one with target(...)", e.getMessage());
        assertThrows(NullPointerException.class, () -> GdbServer.builder(null, TraceSessionTest.trace()));
    }
}

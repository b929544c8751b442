package io.github.fpctx.core.gdb;

import io.github.fpctx.core.gdb.internal.RspFramer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RspFramerTest {
    private static List<RspFramer.Event> feed(RspFramer f, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return f.feed(b, 0, b.length);
    }

    @Test
    void framesEscapesAndChecksums() {
        assertEquals("$OK#9a", new String(RspFramer.frame("OK"), StandardCharsets.ISO_8859_1));
        assertEquals("$}]#da", new String(RspFramer.frame("}"), StandardCharsets.ISO_8859_1));
        RspFramer f = new RspFramer();
        String framed = new String(RspFramer.frame("a}b#c$d*e"), StandardCharsets.ISO_8859_1);
        assertEquals(List.of(new RspFramer.Event(RspFramer.Kind.PACKET, "a}b#c$d*e")), feed(f, framed));
    }

    @Test
    void splitsAcrossReadsAndReportsBadPackets() {
        RspFramer f = new RspFramer();
        assertEquals(List.of(new RspFramer.Event(RspFramer.Kind.ACK, "")), feed(f, "+$g"));
        assertEquals(List.of(new RspFramer.Event(RspFramer.Kind.PACKET, "g")), feed(f, "#67"));
        assertEquals(RspFramer.Kind.BAD_PACKET, feed(f, "$g#68").get(0).kind());
        assertEquals(RspFramer.Kind.BAD_PACKET, feed(f, "$g#zz").get(0).kind());
        assertEquals(List.of(new RspFramer.Event(RspFramer.Kind.ACK, ""), new RspFramer.Event(RspFramer.Kind.NACK, ""),
                new RspFramer.Event(RspFramer.Kind.INTERRUPT, "")), feed(f, "+-\u0003"));
    }
}

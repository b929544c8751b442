package io.github.fpctx.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.elf.ThreadNotes;
import io.github.fpctx.core.gdb.internal.RspFramer;
import io.github.fpctx.core.gdb.internal.RspRequest;
import io.github.fpctx.core.gdb.internal.TraceSession;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzz targets (Jazzer) for core's input boundaries. In {@code mvn verify} each runs its corpus
 * ({@code src/test/resources/io/github/fpctx/core/fuzz/CoreFuzzTestInputs/<method>/}) as a regression test;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md). Each target accepts only a complete result or the documented
 * exception.
 */
class CoreFuzzTest {
    /** ELF core reader: a complete, consistent core or a {@link MalformedStateException}. */
    @FuzzTest(maxDuration = "60s")
    void elfCore(byte[] image) {
        ElfCore core;
        try {
            core = ElfCore.parse(image);
        } catch (MalformedStateException e) {
            assertFalse(e.getMessage().isBlank());
            return;
        }
        int perThread = 0;
        for (ThreadNotes t : core.threads()) {
            perThread += 1 + t.notes().size();
        }
        assertEquals(core.notes().size(), perThread + core.processNotes().size(), "every note is grouped once");
        for (ElfNote n : core.notes()) {
            assertTrue(n.descOffset() + n.size() <= image.length, "payload inside the file");
        }
    }

    /**
     * GDB packets: the framer splits any bytes into events, and the session answers every packet without
     * throwing; only step/continue packets move the position, and no packet changes the trace.
     */
    @FuzzTest(maxDuration = "60s")
    void rspPackets(byte[] bytes) {
        RspFramer framer = new RspFramer();
        TraceSession session = FuzzTraces.session();
        int cut = bytes.length == 0 ? 0 : (bytes[0] & 0xFF) % (bytes.length + 1);
        List<RspFramer.Event> events = new java.util.ArrayList<>(framer.feed(bytes, 0, cut));
        events.addAll(framer.feed(bytes, cut, bytes.length - cut));
        for (RspFramer.Event e : events) {
            if (e.kind() != RspFramer.Kind.PACKET) {
                continue;
            }
            int before = session.position();
            RspRequest.Type type;
            try {
                type = RspRequest.parse(e.payload()).type();
            } catch (IllegalArgumentException malformed) {
                type = null;
            }
            TraceSession.Reply r = session.handle(e.payload());
            assertFalse(r.packets().isEmpty());
            boolean moves = type == RspRequest.Type.STEP || type == RspRequest.Type.CONTINUE
                    || type == RspRequest.Type.REVERSE_STEP || type == RspRequest.Type.REVERSE_CONTINUE;
            if (!moves) {
                assertEquals(before, session.position(), e.payload());
            }
            for (String p : r.packets()) {
                RspFramer.frame(p); // every reply can be framed
            }
        }
        assertTrue(FuzzTraces.unchanged(), "the trace is immutable");
    }
}

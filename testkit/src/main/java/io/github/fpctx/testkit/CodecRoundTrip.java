package io.github.fpctx.testkit;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.spi.NoteCodec;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a format fuzz test checks of a {@link NoteCodec} on arbitrary note bytes: the codec either refuses them
 * with a {@link MalformedStateException} or decodes them deterministically into its layout, and what it decoded
 * it can encode and read back. Whether the read-back equals the decoded file is the caller's to assert: a format
 * may normalise (x86's XSAVE header) where another round-trips exactly (PowerPC).
 *
 * <pre>{@code
 * CodecRoundTrip.of(codec, notes, ByteOrder.BIG_ENDIAN)
 *         .ifPresent(rt -> assertEquals(rt.decoded().registers(), rt.again()));
 * }</pre>
 *
 * @param decoded what the notes decoded to, from a zero file of the codec's layout
 * @param again   the decoded registers encoded and decoded again
 */
public record CodecRoundTrip(NoteCodec.Decoded decoded, RegisterFile again) {
    /**
     * Checks the parts.
     *
     * @param decoded not null
     * @param again   not null
     */
    public CodecRoundTrip {
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(again, "again");
    }

    /**
     * Decodes notes and reads back their encoding, asserting the layout of both and that decoding is deterministic.
     *
     * @param codec the codec under test
     * @param notes the notes of one thread
     * @param order the file's byte order
     * @return the round trip, or empty if the codec refused the notes as malformed
     */
    public static Optional<CodecRoundTrip> of(NoteCodec codec, List<ElfNote> notes, ByteOrder order) {
        RegisterLayout layout = codec.layout();
        NoteCodec.Decoded d;
        try {
            d = codec.decodeDetailed(layout.zeroFile(), notes, order);
        } catch (MalformedStateException e) {
            return Optional.empty();
        }
        assertEquals(layout, d.registers().layout());
        assertEquals(d.registers(), codec.decode(layout.zeroFile(), notes, order), "deterministic");
        RegisterFile again = codec.decode(layout.zeroFile(), codec.encode(d.registers(), order), order);
        assertEquals(layout, again.layout());
        return Optional.of(new CodecRoundTrip(d, again));
    }
}

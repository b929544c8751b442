package io.github.fpctx.core.spi;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterAvailability;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the plugin bases of the SPI check for every architecture: note codecs, layout contracts, alphabets. */
class SpiBasesTest {
    static final RegisterLayout LAYOUT = RegisterLayout.builder("toy").register("r0", 32).register("r1", 32).build();
    static final RegisterLayout OTHER = RegisterLayout.builder("other").register("r0", 64).build();

    /** One note type (1): its 4-byte payload is r0, big-endian. */
    static final class ToyCodec extends AbstractNoteCodec {
        int decodes;

        ToyCodec() {
            super(LAYOUT, 99, Set.of(1));
        }

        @Override
        protected String notClaimed() {
            return "is not a toy note; expected type 1";
        }

        @Override
        protected void checkNote(ElfNote note, ByteOrder order) {
            if (note.toBytes().length != 4) {
                throw new MalformedStateException(note.typeName(), note.descOffset(), "expected 4 bytes");
            }
        }

        @Override
        protected Decoded decodeNotes(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
            decodes++;
            RegisterFile f = base;
            for (ElfNote n : notes) {
                f = f.withLong(LAYOUT.register("r0"), java.nio.ByteBuffer.wrap(n.toBytes()).order(order).getInt() & 0xFFFF_FFFFL);
            }
            return new Decoded(f, RegisterAvailability.all(LAYOUT), Optional.empty());
        }

        @Override
        protected List<ElfNote> encodeNotes(RegisterFile file, ByteOrder order) {
            byte[] b = java.nio.ByteBuffer.allocate(4).order(order).putInt((int) file.getLong(LAYOUT.register("r0"))).array();
            return new java.util.ArrayList<>(List.of(ElfNote.of("CORE", 1, b)));
        }
    }

    @Test
    void aCodecDecodesOnlyCheckedNotesAndRoundTrips() {
        ToyCodec c = new ToyCodec();
        assertEquals(99, c.machine());
        assertEquals(Set.of(1), c.noteTypes());
        assertEquals(LAYOUT, c.layout());
        RegisterFile f = LAYOUT.zeroFile().withLong(LAYOUT.register("r0"), 0x1234_5678L);
        List<ElfNote> notes = c.encode(f, ByteOrder.BIG_ENDIAN);
        assertEquals(f, c.decode(LAYOUT.zeroFile(), notes, ByteOrder.BIG_ENDIAN));
        assertThrows(UnsupportedOperationException.class, () -> notes.add(notes.get(0)), "encode returns an unmodifiable list");

        ElfNote one = notes.get(0);
        MalformedStateException twice = assertThrows(MalformedStateException.class,
                () -> c.decode(LAYOUT.zeroFile(), List.of(one, one), ByteOrder.BIG_ENDIAN));
        assertTrue(twice.getMessage().endsWith("second " + one.typeName() + " note; expected at most one"), twice.getMessage());
        MalformedStateException foreign = assertThrows(MalformedStateException.class,
                () -> c.decode(LAYOUT.zeroFile(), List.of(ElfNote.of("CORE", 2, new byte[4])), ByteOrder.BIG_ENDIAN));
        assertTrue(foreign.getMessage().endsWith("is not a toy note; expected type 1"), foreign.getMessage());
        assertThrows(MalformedStateException.class,
                () -> c.decode(LAYOUT.zeroFile(), List.of(ElfNote.of("CORE", 1, new byte[3])), ByteOrder.BIG_ENDIAN));
        assertEquals(1, c.decodes, "no refused input reached decodeNotes");

        assertEquals("Base file is of layout other; expected toy", assertThrows(IllegalArgumentException.class,
                () -> c.decode(OTHER.zeroFile(), List.of(), ByteOrder.BIG_ENDIAN)).getMessage());
        assertEquals("File is of layout other; expected toy", assertThrows(IllegalArgumentException.class,
                () -> c.encode(OTHER.zeroFile(), ByteOrder.BIG_ENDIAN)).getMessage());
        assertEquals("byte order", assertThrows(NullPointerException.class,
                () -> c.encode(f, null)).getMessage());
    }

    @Test
    void aLayoutContractFindsRegistersByNameAndWidth() {
        LayoutContract c = LayoutContract.of(LAYOUT, "the toy codecs");
        Register[] group = c.group("r%d", 0, 2, 32).orElseThrow();
        assertArrayEquals(new Register[] {LAYOUT.register("r0"), LAYOUT.register("r1")}, group);
        assertTrue(c.group("r%d", 0, 3, 32).isEmpty(), "r2 is missing");
        assertTrue(c.find("r9", 32).isEmpty());
        assertEquals("Register r1 of layout toy is 32 bits wide; the toy codecs expect 64",
                assertThrows(IllegalArgumentException.class, () -> c.group("r%d", 1, 1, 64)).getMessage());
    }

    @Test
    void alphabetsAreTheSameWhenTheirLabelsAreInOrder() {
        Action a = Action.of("a", s -> true, ctx -> { });
        Action b = Action.of("b", s -> true, ctx -> { });
        assertTrue(Action.sameLabels(List.of(a, b), List.of(Action.of("a", s -> true, ctx -> { }), b)));
        assertFalse(Action.sameLabels(List.of(a, b), List.of(b, a)));
        assertFalse(Action.sameLabels(List.of(a, b), List.of(a)));
        assertEquals(BitVector.of(32, 1).width(), LAYOUT.register("r0").check(BitVector.of(32, 1)).width());
        assertEquals("Register r0 is 32 bits wide; got a 64-bit value", assertThrows(IllegalArgumentException.class,
                () -> LAYOUT.register("r0").check(BitVector.of(64, 1))).getMessage());
    }
}

package io.github.fpctx.arch.x86.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.format.Fxsave;
import io.github.fpctx.arch.x86.format.X86NoteCodec;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.testkit.CodecRoundTrip;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzz targets (Jazzer) for the x86-64 note codecs: {@code NT_PRFPREG} (FXSAVE),
 * {@code NT_X86_XSTATE} with and without an {@code NT_X86_XSAVE_LAYOUT} note. Each accepts only a complete
 * register file (of the layout, decoding deterministically) or a {@link MalformedStateException}. Corpus:
 * {@code src/test/resources/io/github/fpctx/arch/x86/fuzz/X86FormatFuzzTestInputs/<method>/}; campaign: docs/fuzzing.md.
 */
class X86FormatFuzzTest {
    private static final RegisterLayout LAYOUT = X86.layout();
    private static final X86NoteCodec CODEC = X86NoteCodec.of(LAYOUT);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** FXSAVE: any 512 bytes decode; re-encoding what was decoded decodes to the same file. */
    @FuzzTest(maxDuration = "60s")
    void fxsave(byte[] image) {
        RegisterFile f;
        try {
            f = Fxsave.decode(LAYOUT.zeroFile(), image);
        } catch (MalformedStateException e) {
            assertEquals(true, image.length != Fxsave.SIZE, "only the size is checked: " + e.getMessage());
            return;
        }
        assertEquals(LAYOUT, f.layout());
        assertEquals(f, Fxsave.decode(LAYOUT.zeroFile(), Fxsave.encode(f)), "decode(encode(decode(x))) = decode(x)");
    }

    /** XSAVE with a layout note: the first byte picks the layout note's length (0-7 entries), the rest is split. */
    @FuzzTest(maxDuration = "60s")
    void xsaveWithLayoutNote(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int layoutBytes = Math.min(16 * ((data[0] & 0xFF) % 8), data.length - 1);
        byte[] layout = Arrays.copyOfRange(data, 1, 1 + layoutBytes);
        byte[] xstate = Arrays.copyOfRange(data, 1 + layoutBytes, data.length);
        decode(List.of(ElfNote.of("LINUX", Elf.NT_X86_XSTATE, xstate), ElfNote.of("LINUX", Elf.NT_X86_XSAVE_LAYOUT, layout)));
    }

    /** XSAVE alone (placed by the size guess), optionally after an NT_PRFPREG cut from the same bytes. */
    @FuzzTest(maxDuration = "60s")
    void xsaveWithoutLayoutNote(byte[] data) {
        List<ElfNote> notes = new ArrayList<>();
        if (data.length > 512 && (data[0] & 1) == 1) {
            notes.add(ElfNote.of("CORE", Elf.NT_PRFPREG, Arrays.copyOfRange(data, 0, 512)));
        }
        notes.add(ElfNote.of("LINUX", Elf.NT_X86_XSTATE, data));
        decode(notes);
    }

    private static void decode(List<ElfNote> notes) {
        // decodes deterministically (or refuses), and what was decoded can be written and read back by the same codec
        CodecRoundTrip.of(CODEC, notes, LE);
    }
}

package io.github.fpctx.arch.powerpc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fpctx.arch.powerpc.format.PowerPcNoteCodec;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.testkit.CodecRoundTrip;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzz targets (Jazzer) for the PowerPC note codecs: {@code NT_PRFPREG}, {@code NT_PPC_VMX} and
 * {@code NT_PPC_VSX}, both byte orders (bit 0 of the first input byte picks big-endian), ppc64 and ppc32 (bit 1).
 * Each accepts only a complete register file or a {@link MalformedStateException}, and a decoded file re-encodes
 * to notes that decode to it again. Corpus: {@code src/test/resources/io/github/fpctx/arch/powerpc/fuzz/
 * PpcFormatFuzzTestInputs/<method>/}; campaign: docs/fuzzing.md.
 */
class PpcFormatFuzzTest {
    private static final RegisterLayout PPC64 = Architectures.load().require("ppc64").layout();
    private static final RegisterLayout PPC32 = Architectures.load().require("ppc32").layout();

    @FuzzTest(maxDuration = "60s")
    void fpregs(byte[] data) {
        check(data, Elf.NT_PRFPREG);
    }

    @FuzzTest(maxDuration = "60s")
    void vmx(byte[] data) {
        check(data, Elf.NT_PPC_VMX);
    }

    @FuzzTest(maxDuration = "60s")
    void vsx(byte[] data) {
        check(data, Elf.NT_PPC_VSX);
    }

    private static void check(byte[] data, int type) {
        if (data.length == 0) {
            return;
        }
        ByteOrder order = (data[0] & 1) == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean ppc32 = (data[0] & 2) == 2 && type != Elf.NT_PPC_VSX;
        RegisterLayout layout = ppc32 ? PPC32 : PPC64;
        PowerPcNoteCodec codec = ppc32 ? PowerPcNoteCodec.ppc32(layout) : PowerPcNoteCodec.ppc64(layout);
        List<ElfNote> notes = List.of(ElfNote.of(type == Elf.NT_PRFPREG ? "CORE" : "LINUX", type,
                Arrays.copyOfRange(data, 1, data.length)));
        CodecRoundTrip.of(codec, notes, order).ifPresent(rt ->
                assertEquals(rt.decoded().registers(), rt.again(), "decode(encode(decode(x))) = decode(x)"));
    }
}

package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfClass;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates the real ppc64 payloads (LE and BE) and cores built from them at random (seeded) and checks that every
 * result is either a complete register file or a {@link MalformedStateException}.
 */
class MutationPropertyTest {
    private static final long SEED = 0x0ddc_0ffeeL;

    private static byte[] mutate(byte[] in, SplittableRandom rnd) {
        byte[] b = in.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case 1 -> b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(32));
            case 2 -> {
                if (b.length >= 4) {
                    int at = rnd.nextInt(b.length - 3) & ~3;
                    int v = rnd.nextBoolean() ? -1 : rnd.nextInt(4096);
                    for (int i = 0; i < 4; i++) {
                        b[at + i] = (byte) (v >>> (8 * i));
                    }
                }
            }
            default -> {
                for (int n = 1 + rnd.nextInt(4); n > 0 && b.length > 0; n--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
        }
        return b;
    }

    @Test
    void mutatedNotesAndCoresDecodeOrFailCleanly() {
        PowerPcNoteCodec codec = PowerPcNoteCodec.ppc64(ContractLayouts.ppc64());
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 0; i < 3000; i++) {
            String set = (i & 1) == 0 ? Data.LE : Data.BE;
            ByteOrder o = PpcNotesTest.order(set);
            List<ElfNote> notes = new ArrayList<>(List.of(
                    ElfNote.of("CORE", Elf.NT_PRFPREG, Data.bytes(set, "prfpreg.bin")),
                    ElfNote.of("LINUX", Elf.NT_PPC_VMX, Data.bytes(set, "vmx.bin")),
                    ElfNote.of("LINUX", Elf.NT_PPC_VSX, Data.bytes(set, "vsx.bin"))));
            boolean wholeCore = (i % 3) == 0;
            if (!wholeCore) {
                int v = rnd.nextInt(3);
                ElfNote n = notes.get(v);
                notes.set(v, ElfNote.of(n.name(), rnd.nextInt(8) == 0 ? rnd.nextInt(0x110) : n.type(), mutate(n.toBytes(), rnd)));
            }
            String what = "iteration " + i + " (seed " + SEED + ")";
            try {
                if (wholeCore) {
                    List<ElfNote> all = new ArrayList<>(List.of(ElfNote.prstatus(ElfClass.ELF64, o, 1, 504)));
                    all.addAll(notes);
                    byte[] core = mutate(ElfCore.write(ElfClass.ELF64, o, Elf.EM_PPC64, all), rnd);
                    ElfCore.parse(core).registers(List.of(codec)).forEach(t -> assertEquals(codec.layout(), t.registers().layout()));
                } else {
                    RegisterFile f = codec.decode(codec.layout().zeroFile(), notes, o);
                    assertEquals(f, codec.decode(codec.layout().zeroFile(), notes, o));
                }
            } catch (MalformedStateException e) {
                if (!e.getMessage().contains(" at offset ")) {
                    fail(what + ": message without offset: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": unexpected " + e, e);
            }
        }
    }
}

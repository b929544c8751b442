package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfClass;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.elf.ThreadRegisters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates the real payloads and cores at random (seeded, so failures reproduce) and checks that every result
 * is either a complete register file or a {@link MalformedStateException}: never another exception.
 */
class MutationPropertyTest {
    private static final long SEED = 0x5eed_f00dL;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static byte[] mutate(byte[] in, SplittableRandom rnd) {
        byte[] b = in.clone();
        int kind = rnd.nextInt(6);
        switch (kind) {
            case 0 -> { // flip a few bytes
                for (int n = 1 + rnd.nextInt(4); n > 0 && b.length > 0; n--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncate
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64)); // oversize
            case 3 -> { // a 4- or 8-byte field set to a boundary value
                if (b.length >= 8) {
                    int at = rnd.nextInt(b.length - 7) & ~3;
                    long[] v = {0, -1L, 0x7fff_ffffL, 0x8000_0000L, b.length, b.length + 1L, 0xffffL};
                    long x = v[rnd.nextInt(v.length)];
                    for (int i = 0; i < (rnd.nextBoolean() ? 4 : 8); i++) {
                        b[at + i] = (byte) (x >>> (8 * i));
                    }
                }
            }
            case 4 -> { // XSAVE header / layout fields
                if (b.length > 528) {
                    b[512 + rnd.nextInt(16)] = (byte) rnd.nextInt(256);
                } else if (b.length > 0) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            default -> { // random bits at a random spot
                if (b.length > 0) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
        }
        return b;
    }

    private static void expectCompleteOrMalformed(String what, Runnable r) {
        try {
            r.run();
        } catch (MalformedStateException e) {
            if (e.getMessage() == null || !e.getMessage().contains(" at offset ")) {
                fail(what + ": message without offset: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": unexpected " + e, e);
        }
    }

    @Test
    void mutatedNotesDecodeOrFailCleanly() {
        X86NoteCodec codec = X86NoteCodec.of(ContractLayouts.x86_64());
        RegisterFile zero = codec.layout().zeroFile();
        List<List<ElfNote>> sets = List.of(X86NoteCodecTest.kernelNotes(), X86NoteCodecTest.gcoreNotes());
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 0; i < 4000; i++) {
            List<ElfNote> notes = new ArrayList<>(sets.get(i & 1));
            int victim = rnd.nextInt(notes.size());
            ElfNote n = notes.get(victim);
            notes.set(victim, ElfNote.of(n.name(), n.type(), mutate(n.toBytes(), rnd)));
            int iteration = i;
            expectCompleteOrMalformed("iteration " + i + " (seed " + SEED + ")", () -> {
                RegisterFile f = codec.decode(zero, notes, LE);
                assertEquals(f, codec.decode(zero, notes, LE), "deterministic, iteration " + iteration);
                assertEquals(codec.layout(), f.layout());
            });
        }
    }

    @Test
    void mutatedCoreFilesParseOrFailCleanly() throws IOException {
        X86NoteCodec codec = X86NoteCodec.of(ContractLayouts.x86_64());
        List<byte[]> cores = new ArrayList<>();
        List<ElfNote> synthetic = new ArrayList<>(List.of(ElfNote.prstatus(ElfClass.ELF64, LE, 42, 336)));
        synthetic.addAll(X86NoteCodecTest.kernelNotes());
        cores.add(ElfCore.write(ElfClass.ELF64, LE, Elf.EM_X86_64, synthetic));
        cores.add(Data.core("x86_64-core/a", "kernel.core"));
        cores.add(Data.core("x86_64-core/daz", "gcore.core"));
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 1500; i++) {
            byte[] core = cores.get(i % cores.size());
            byte[] m = core.length > 100_000 ? mutateNoteArea(core, rnd) : mutate(core, rnd);
            expectCompleteOrMalformed("core iteration " + i + " (seed " + (SEED + 1) + ")", () -> {
                List<ThreadRegisters> t = ElfCore.parse(m).registers(List.of(codec));
                t.forEach(x -> assertEquals(codec.layout(), x.registers().layout()));
            });
        }
    }

    /** Mutates the ELF header, program headers or note segment of a large core (the rest is memory). */
    private static byte[] mutateNoteArea(byte[] core, SplittableRandom rnd) {
        ElfCore c = ElfCore.parse(core);
        ElfNote first = c.notes().get(0);
        ElfNote last = c.notes().get(c.notes().size() - 1);
        int from = rnd.nextBoolean() ? 0 : (int) first.headerOffset();
        int to = rnd.nextBoolean() ? 64 + 56 * 30 : (int) (last.descOffset() + last.size());
        if (to <= from) {
            to = from + 64;
        }
        byte[] b = core.clone();
        for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
            b[from + rnd.nextInt(to - from)] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}

package io.github.fpctx.core.elf;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.spi.NoteCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ElfCoreTest {
    /** A one-register codec: NT_PRFPREG is an 8-byte integer in the file's byte order. */
    static final class OneRegisterCodec implements NoteCodec {
        final RegisterLayout layout = RegisterLayout.builder("toy").register("r", 64).build();
        final int machine;

        OneRegisterCodec(int machine) {
            this.machine = machine;
        }

        @Override
        public int machine() {
            return machine;
        }

        @Override
        public Set<Integer> noteTypes() {
            return Set.of(Elf.NT_PRFPREG);
        }

        @Override
        public RegisterLayout layout() {
            return layout;
        }

        @Override
        public RegisterFile decode(RegisterFile base, List<ElfNote> notes, ByteOrder order) {
            ElfNote n = notes.get(0);
            n.requireSize(8);
            return base.with("r", BitVector.fromBytes(n.toBytes(), order));
        }

        @Override
        public List<ElfNote> encode(RegisterFile file, ByteOrder order) {
            return List.of(ElfNote.of("CORE", Elf.NT_PRFPREG, file.get("r").toBytes(order)));
        }
    }

    static Stream<Arguments> classesAndOrders() {
        return Stream.of(
                Arguments.of(ElfClass.ELF32, ByteOrder.BIG_ENDIAN),
                Arguments.of(ElfClass.ELF32, ByteOrder.LITTLE_ENDIAN),
                Arguments.of(ElfClass.ELF64, ByteOrder.BIG_ENDIAN),
                Arguments.of(ElfClass.ELF64, ByteOrder.LITTLE_ENDIAN));
    }

    private static byte[] twoThreads(ElfClass cls, ByteOrder order) {
        return ElfCore.write(cls, order, Elf.EM_PPC, List.of(
                ElfNote.of("CORE", Elf.NT_PRPSINFO, new byte[5]),
                ElfNote.prstatus(cls, order, 101, 216),
                ElfNote.of("CORE", Elf.NT_AUXV, new byte[16]),
                ElfNote.of("CORE", Elf.NT_PRFPREG, BitVector.of(64, 0x1122_3344_5566_7788L).toBytes(order)),
                ElfNote.of("LINUX", Elf.NT_PPC_VMX, new byte[544]),
                ElfNote.prstatus(cls, order, 102, 216),
                ElfNote.of("CORE", Elf.NT_PRFPREG, BitVector.of(64, 7).toBytes(order))));
    }

    @ParameterizedTest
    @MethodSource("classesAndOrders")
    void groupsNotesPerThreadByThePrecedingPrstatus(ElfClass cls, ByteOrder order) {
        ElfCore core = ElfCore.parse(twoThreads(cls, order));
        assertEquals(cls, core.elfClass());
        assertEquals(order, core.byteOrder());
        assertEquals(Elf.EM_PPC, core.machine());
        assertEquals(7, core.notes().size());
        assertEquals(List.of(Elf.NT_PRPSINFO, Elf.NT_AUXV), core.processNotes().stream().map(ElfNote::type).toList());
        assertEquals(2, core.threads().size());
        ThreadNotes t0 = core.threads().get(0);
        assertEquals(101, t0.pid());
        assertEquals(List.of("NT_PRFPREG", "NT_PPC_VMX"), t0.notes().stream().map(ElfNote::typeName).toList());
        assertEquals(544, t0.find(Elf.NT_PPC_VMX).orElseThrow().size());
        assertEquals("LINUX", t0.find(Elf.NT_PPC_VMX).orElseThrow().name());
        assertEquals(102, core.threads().get(1).pid());
        assertEquals(1, core.threads().get(1).notes().size());
    }

    @ParameterizedTest
    @MethodSource("classesAndOrders")
    void handsClaimedNotesToTheCodecOfTheMachine(ElfClass cls, ByteOrder order) {
        ElfCore core = ElfCore.parse(twoThreads(cls, order));
        List<ThreadRegisters> regs = core.registers(List.of(new OneRegisterCodec(Elf.EM_X86_64), new OneRegisterCodec(Elf.EM_PPC)));
        assertEquals(2, regs.size());
        assertEquals(BitVector.of(64, 0x1122_3344_5566_7788L), regs.get(0).registers().get("r"));
        assertEquals(101, regs.get(0).pid());
        assertEquals(BitVector.of(64, 7), regs.get(1).registers().get("r"));
    }

    @Test
    void payloadOffsetsAreFileOffsets() {
        byte[] file = twoThreads(ElfClass.ELF64, ByteOrder.LITTLE_ENDIAN);
        ElfCore core = ElfCore.parse(file);
        ElfNote fp = core.threads().get(0).notes().get(0);
        byte[] at = java.util.Arrays.copyOfRange(file, (int) fp.descOffset(), (int) fp.descOffset() + 8);
        assertArrayEquals(fp.toBytes(), at);
        assertEquals(fp.descOffset() - 12 - 8, fp.headerOffset()); // "CORE\0" padded to 8
    }

    @Test
    void rejectsNonElfFiles() {
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> ElfCore.parse("#!/bin/sh\necho not a core\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("ELF header at offset 0 (0x0): magic is 23 21 2f 62; expected 7f 45 4c 46 (\\x7fELF): not an ELF file", e.getMessage());
        assertThrows(MalformedStateException.class, () -> ElfCore.parse(new byte[3]));
    }

    @Test
    void rejectsNonCoreElfFiles() {
        byte[] f = twoThreads(ElfClass.ELF64, ByteOrder.LITTLE_ENDIAN);
        f[16] = 2; // ET_EXEC
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> ElfCore.parse(f));
        assertEquals("ELF header at offset 16 (0x10): e_type is 2; expected 4 (ET_CORE): not a core file", e.getMessage());
    }

    @Test
    void rejectsAWrongMachine() {
        ElfCore core = ElfCore.parse(twoThreads(ElfClass.ELF64, ByteOrder.BIG_ENDIAN));
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> core.registers(List.of(new OneRegisterCodec(Elf.EM_X86_64))));
        assertEquals("ELF header at offset 18 (0x12): e_machine is EM_PPC (20); expected one the given codecs read: EM_X86_64 (62)",
                e.getMessage());
        assertThrows(MalformedStateException.class, () -> core.registers(new OneRegisterCodec(Elf.EM_PPC64)));
    }

    @Test
    void rejectsANoteThatRunsPastItsSegment() {
        byte[] f = twoThreads(ElfClass.ELF64, ByteOrder.LITTLE_ENDIAN);
        ElfNote last = ElfCore.parse(f).notes().get(6);
        // bump n_descsz of the last note from 8 to 4096
        f[(int) last.headerOffset() + 4] = 0;
        f[(int) last.headerOffset() + 5] = 0x10;
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> ElfCore.parse(f));
        assertEquals("NT_PRFPREG at offset " + last.headerOffset() + " (0x" + Long.toHexString(last.headerOffset())
                + "): note with n_namesz 5 and n_descsz 4096 needs 4116 bytes; expected at most the 28 left in its PT_NOTE segment",
                e.getMessage());
    }

    @Test
    void rejectsThreadNotesBeforeAnyPrstatus() {
        byte[] f = ElfCore.write(ElfClass.ELF64, ByteOrder.LITTLE_ENDIAN, Elf.EM_X86_64,
                List.of(ElfNote.of("CORE", Elf.NT_PRFPREG, new byte[512])));
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> ElfCore.parse(f));
        assertEquals("NT_PRFPREG at offset 120 (0x78): thread note comes before any NT_PRSTATUS; expected each thread's notes to follow its NT_PRSTATUS",
                e.getMessage());
    }

    @Test
    void rejectsTwoNotesOfOneTypeInAThread() {
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        byte[] f = ElfCore.write(ElfClass.ELF64, o, Elf.EM_X86_64, List.of(
                ElfNote.prstatus(ElfClass.ELF64, o, 5, 336),
                ElfNote.of("CORE", Elf.NT_PRFPREG, new byte[8]),
                ElfNote.of("CORE", Elf.NT_PRFPREG, new byte[8])));
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> ElfCore.parse(f).registers(new OneRegisterCodec(Elf.EM_X86_64)));
        assertEquals("NT_PRFPREG", e.structure());
    }

    @Test
    void rejectsProgramHeadersOutsideTheFile() {
        byte[] f = twoThreads(ElfClass.ELF32, ByteOrder.BIG_ENDIAN);
        f[44] = 0x7f; // e_phnum high byte (BE)
        MalformedStateException e = assertThrows(MalformedStateException.class, () -> ElfCore.parse(f));
        assertEquals(28, e.offset());
    }

    @Test
    void readsAFileFromDisk(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path p = dir.resolve("core");
        Files.write(p, twoThreads(ElfClass.ELF64, ByteOrder.BIG_ENDIAN));
        assertEquals(2, ElfCore.read(p).threads().size());
    }

    @Test
    void readsTheRealCoresNotes(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path kernelFile = Files.write(dir.resolve("kernel.core"), TestData.bytes("x86_64-core/a/kernel.core"));
        ElfCore kernel = ElfCore.read(kernelFile);
        assertEquals(Elf.EM_X86_64, kernel.machine());
        assertEquals(ElfClass.ELF64, kernel.elfClass());
        assertEquals(1, kernel.threads().size());
        assertEquals(List.of(Elf.NT_PRFPREG, Elf.NT_X86_XSTATE, Elf.NT_X86_XSAVE_LAYOUT),
                kernel.threads().get(0).notes().stream().map(ElfNote::type).toList());
        assertEquals(2432, kernel.threads().get(0).find(Elf.NT_X86_XSTATE).orElseThrow().size());
        assertArrayEquals(TestData.bytes("x86_64-core/a/kernel-xstate.bin"),
                kernel.threads().get(0).find(Elf.NT_X86_XSTATE).orElseThrow().toBytes());

        ElfCore gcore = ElfCore.parse(TestData.bytes("x86_64-core/a/gcore.core")); // PRPSINFO first, p_align 1
        assertEquals(List.of(Elf.NT_PRFPREG, Elf.NT_X86_XSTATE),
                gcore.threads().get(0).notes().stream().map(ElfNote::type).toList());
        assertEquals(5, gcore.processNotes().size());

        ElfCore be = ElfCore.parse(TestData.bytes("ppc64-be-core/a/gcore.core"));
        assertEquals(ByteOrder.BIG_ENDIAN, be.byteOrder());
        assertEquals(Elf.EM_PPC64, be.machine());
        assertArrayEquals(TestData.bytes("ppc64-be-core/a/vmx.bin"),
                be.threads().get(0).find(Elf.NT_PPC_VMX).orElseThrow().toBytes());
        ElfCore le = ElfCore.parse(TestData.bytes("ppc64le-core/a/gcore.core"));
        assertEquals(ByteOrder.LITTLE_ENDIAN, le.byteOrder());
        assertArrayEquals(TestData.bytes("ppc64le-core/a/vsx.bin"),
                le.threads().get(0).find(Elf.NT_PPC_VSX).orElseThrow().toBytes());
    }
}

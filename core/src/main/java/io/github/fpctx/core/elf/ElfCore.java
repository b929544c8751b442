package io.github.fpctx.core.elf;

import java.util.Objects;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.spi.NoteCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The notes of an ELF core file: header facts (class, byte order, machine), every note of every {@code PT_NOTE}
 * segment, and the notes grouped per thread.
 *
 * <pre>{@code
 * Architecture x86 = Architectures.load().require("x86_64");
 * ElfCore core = ElfCore.read(Path.of("core"));
 * RegisterFile fp = core.requireFirstThread(x86).registers();  // the dumping thread's FP/vector state
 * List<ThreadRegisters> all = core.registers(x86);              // every thread (possibly none)
 * }</pre>
 *
 * <p>Notes are assigned to the most recent preceding {@code NT_PRSTATUS} (the kernel writes each thread's
 * {@code NT_PRSTATUS} followed by its regsets; GDB's {@code gcore} puts {@code NT_PRPSINFO} first), except the
 * process-wide notes listed in {@link Elf#isProcessNote(int)}. Only the ELF header, the program headers and the
 * note segments are read, so large cores cost little. Note payloads are padded to 4 bytes (Linux does so for
 * ELF64 too), or to 8 in a segment whose {@code p_align} is 8.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class ElfCore {
    /** {@code e_phnum} value meaning "the count is in section header 0's {@code sh_info}". */
    private static final int PN_XNUM = 0xFFFF;
    private static final String HEADER = "ELF header";

    private final ElfClass elfClass;
    private final ByteOrder order;
    private final int machine;
    private final List<ElfNote> notes;
    private final List<ElfNote> processNotes;
    private final List<ThreadNotes> threads;

    private ElfCore(ElfClass elfClass, ByteOrder order, int machine, List<ElfNote> notes,
                    List<ElfNote> processNotes, List<ThreadNotes> threads) {
        this.elfClass = elfClass;
        this.order = order;
        this.machine = machine;
        this.notes = List.copyOf(notes);
        this.processNotes = List.copyOf(processNotes);
        this.threads = List.copyOf(threads);
    }

    /** Random access to the bytes of a file or array. */
    private interface Source {
        long size();

        byte[] read(long offset, int length) throws IOException;
    }

    /**
     * Parses a core file held in memory.
     *
     * @param image the whole file; non-null
     * @return the parsed core
     * @throws MalformedStateException if it is not an ELF core file or a header or note is malformed
     */
    public static ElfCore parse(byte[] image) {
        Objects.requireNonNull(image, "image");
        byte[] copy = image; // only read while parsing; notes copy their payloads
        try {
            return parse(new Source() {
                @Override
                public long size() {
                    return copy.length;
                }

                @Override
                public byte[] read(long offset, int length) {
                    byte[] out = new byte[length];
                    System.arraycopy(copy, (int) offset, out, 0, length);
                    return out;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Reading a byte array failed", e); // not reachable: arrays do not throw
        }
    }

    /**
     * Reads a core file, touching only its headers and note segments.
     *
     * @param file the file; non-null
     * @return the parsed core
     * @throws IOException             if the file cannot be read
     * @throws MalformedStateException if it is not an ELF core file or a header or note is malformed
     */
    public static ElfCore read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return parse(new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public byte[] read(long offset, int length) throws IOException {
                    ByteBuffer buf = ByteBuffer.allocate(length);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, offset + buf.position()) < 0) {
                            throw new IOException("Unexpected end of " + file + " at offset " + (offset + buf.position()));
                        }
                    }
                    return buf.array();
                }
            });
        }
    }

    private static ElfCore parse(Source src) throws IOException {
        long size = src.size();
        if (size < 16) {
            throw new MalformedStateException(HEADER, 0, "file is " + size + " bytes; expected an ELF file of at least 52");
        }
        byte[] ident = src.read(0, 16);
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw new MalformedStateException(HEADER, 0, String.format(
                    "magic is %02x %02x %02x %02x; expected 7f 45 4c 46 (\\x7fELF): not an ELF file",
                    ident[0], ident[1], ident[2], ident[3]));
        }
        ElfClass cls;
        if (ident[4] == 1) {
            cls = ElfClass.ELF32;
        } else if (ident[4] == 2) {
            cls = ElfClass.ELF64;
        } else {
            throw new MalformedStateException(HEADER, 4, "EI_CLASS is " + ident[4] + "; expected 1 (ELFCLASS32) or 2 (ELFCLASS64)");
        }
        ByteOrder order;
        if (ident[5] == 1) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (ident[5] == 2) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new MalformedStateException(HEADER, 5, "EI_DATA is " + ident[5] + "; expected 1 (ELFDATA2LSB) or 2 (ELFDATA2MSB)");
        }
        if (ident[6] != 1) {
            throw new MalformedStateException(HEADER, 6, "EI_VERSION is " + ident[6] + "; expected 1 (EV_CURRENT)");
        }
        if (size < cls.headerSize()) {
            throw new MalformedStateException(HEADER, 0, "file is " + size + " bytes; expected at least the "
                    + cls.headerSize() + "-byte " + cls + " header");
        }
        byte[] h = src.read(0, cls.headerSize());
        int type = Bytes.getShort(h, 16, order);
        if (type != Elf.ET_CORE) {
            throw new MalformedStateException(HEADER, 16, "e_type is " + type + "; expected " + Elf.ET_CORE + " (ET_CORE): not a core file");
        }
        int machine = Bytes.getShort(h, 18, order);
        boolean is64 = cls == ElfClass.ELF64;
        long phoff = is64 ? Bytes.getLong(h, 32, order) : Bytes.getInt(h, 28, order) & 0xFFFF_FFFFL;
        long shoff = is64 ? Bytes.getLong(h, 40, order) : Bytes.getInt(h, 32, order) & 0xFFFF_FFFFL;
        int phentsize = Bytes.getShort(h, is64 ? 54 : 42, order);
        long phnum = Bytes.getShort(h, is64 ? 56 : 44, order);
        int shentsize = Bytes.getShort(h, is64 ? 58 : 46, order);
        if (phnum == PN_XNUM) {
            // gABI: with more than 0xfffe program headers the count is in sh_info of section header 0
            int shdrMin = is64 ? 64 : 40;
            int infoOff = is64 ? 44 : 28;
            if (shentsize < shdrMin || shoff < 0 || shoff > size - shdrMin) {
                throw new MalformedStateException(HEADER, is64 ? 40 : 32, "e_phnum is PN_XNUM but section header 0 at "
                        + shoff + " (entry size " + shentsize + ") is not inside the " + size + "-byte file; expected it to hold the program header count");
            }
            phnum = Bytes.getInt(src.read(shoff + infoOff, 4), 0, order) & 0xFFFF_FFFFL;
        }
        if (phnum == 0) {
            throw new MalformedStateException(HEADER, is64 ? 56 : 44, "e_phnum is 0; expected program headers with a PT_NOTE segment");
        }
        if (phentsize < cls.programHeaderSize()) {
            throw new MalformedStateException(HEADER, is64 ? 54 : 42, "e_phentsize is " + phentsize + "; expected at least "
                    + cls.programHeaderSize() + " for " + cls);
        }
        if (phoff < cls.headerSize() || phoff > size || phnum * phentsize > size - phoff
                || phnum * phentsize > Integer.MAX_VALUE - 16) {
            throw new MalformedStateException(HEADER, is64 ? 32 : 28, "program headers at " + Long.toUnsignedString(phoff) + " ("
                    + phnum + " x " + phentsize + " bytes) are not inside the " + size + "-byte file");
        }
        byte[] ph = src.read(phoff, (int) (phnum * phentsize));
        List<ElfNote> all = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int p = i * phentsize;
            if (Bytes.getInt(ph, p, order) != Elf.PT_NOTE) {
                continue;
            }
            long off = is64 ? Bytes.getLong(ph, p + 8, order) : Bytes.getInt(ph, p + 4, order) & 0xFFFF_FFFFL;
            long filesz = is64 ? Bytes.getLong(ph, p + 32, order) : Bytes.getInt(ph, p + 16, order) & 0xFFFF_FFFFL;
            long align = is64 ? Bytes.getLong(ph, p + 48, order) : Bytes.getInt(ph, p + 28, order) & 0xFFFF_FFFFL;
            String seg = "PT_NOTE program header " + i;
            long phAt = phoff + p;
            if (off < 0 || filesz < 0 || off > size || filesz > size - off) {
                throw new MalformedStateException(seg, phAt, "segment at " + Long.toUnsignedString(off) + " of "
                        + Long.toUnsignedString(filesz) + " bytes is not inside the " + size + "-byte file");
            }
            if (filesz > Integer.MAX_VALUE - 16) {
                throw new MalformedStateException(seg, phAt, "segment is " + filesz + " bytes; expected at most "
                        + (Integer.MAX_VALUE - 16) + " bytes of notes");
            }
            walk(src.read(off, (int) filesz), off, align == 8 ? 8 : 4, order, all);
        }
        return group(cls, order, machine, all);
    }

    private static void walk(byte[] seg, long base, int align, ByteOrder order, List<ElfNote> out) {
        long pos = 0;
        while (pos < seg.length) {
            long at = base + pos;
            if (seg.length - pos < 12) {
                throw new MalformedStateException("note header", at, "segment has " + (seg.length - pos)
                        + " bytes left; expected at least 12 for n_namesz, n_descsz and n_type");
            }
            int p = (int) pos;
            long namesz = Bytes.getInt(seg, p, order) & 0xFFFF_FFFFL;
            long descsz = Bytes.getInt(seg, p + 4, order) & 0xFFFF_FFFFL;
            int type = Bytes.getInt(seg, p + 8, order);
            String what = Elf.noteTypeName(type);
            long nameStart = pos + 12;
            long descStart = alignUp(nameStart + namesz, align);
            long descEnd = descStart + descsz;
            if (nameStart + namesz > seg.length || descEnd > seg.length) {
                throw new MalformedStateException(what, at, "note with n_namesz " + namesz + " and n_descsz " + descsz
                        + " needs " + (descEnd - pos) + " bytes; expected at most the " + (seg.length - pos)
                        + " left in its PT_NOTE segment");
            }
            int nameLen = (int) namesz;
            while (nameLen > 0 && seg[(int) nameStart + nameLen - 1] == 0) {
                nameLen--;
            }
            String name = new String(seg, (int) nameStart, nameLen, StandardCharsets.ISO_8859_1);
            byte[] desc = new byte[(int) descsz];
            System.arraycopy(seg, (int) descStart, desc, 0, desc.length);
            out.add(ElfNote.read(name, type, at, base + descStart, desc));
            pos = Math.min(alignUp(descEnd, align), seg.length);
        }
    }

    private static long alignUp(long v, int align) {
        return (v + align - 1) & -align;
    }

    private static ElfCore group(ElfClass cls, ByteOrder order, int machine, List<ElfNote> all) {
        List<ElfNote> process = new ArrayList<>();
        List<ThreadNotes> threads = new ArrayList<>();
        ElfNote status = null;
        List<ElfNote> current = new ArrayList<>();
        for (ElfNote n : all) {
            if (n.type() == Elf.NT_PRSTATUS) {
                if (status != null) {
                    threads.add(new ThreadNotes(threads.size(), status.prstatusPid(cls, order), status, current));
                }
                status = n;
                current = new ArrayList<>();
            } else if (Elf.isProcessNote(n.type())) {
                process.add(n);
            } else if (status == null) {
                throw new MalformedStateException(n.typeName(), n.headerOffset(),
                        "thread note comes before any NT_PRSTATUS; expected each thread's notes to follow its NT_PRSTATUS");
            } else {
                current.add(n);
            }
        }
        if (status != null) {
            threads.add(new ThreadNotes(threads.size(), status.prstatusPid(cls, order), status, current));
        }
        return new ElfCore(cls, order, machine, all, process, threads);
    }

    /**
     * Writes a minimal core file: the ELF header, one {@code PT_NOTE} program header and the notes (4-byte
     * padding, as Linux writes them). Enough for {@link #parse} and for tools that read only notes, such as
     * {@code readelf -n}; it has no memory segments.
     *
     * @param elfClass the file class
     * @param order    the byte order
     * @param machine  the {@code e_machine} value, e.g. {@link Elf#EM_X86_64}; 0 to 65535
     * @param notes    the notes in file order; start each thread with an {@code NT_PRSTATUS}
     *                 ({@link ElfNote#prstatus})
     * @return the file's bytes
     */
    public static byte[] write(ElfClass elfClass, ByteOrder order, int machine, List<ElfNote> notes) {
        Objects.requireNonNull(elfClass, "ELF class");
        Objects.requireNonNull(order, "byte order");
        Checks.range("e_machine", machine, 0, 0xFFFF);
        Objects.requireNonNull(notes, "notes");
        long total = 0;
        for (ElfNote n : notes) {
            Objects.requireNonNull(n, "note");
            total += 12 + alignUp(n.name().length() + 1L, 4) + alignUp(n.size(), 4);
        }
        boolean is64 = elfClass == ElfClass.ELF64;
        int hs = elfClass.headerSize();
        int phs = elfClass.programHeaderSize();
        long fileSize = hs + phs + total;
        if (fileSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Notes of " + total + " bytes do not fit in one core image");
        }
        byte[] b = new byte[(int) fileSize];
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = (byte) elfClass.id();
        b[5] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2);
        b[6] = 1;
        Bytes.put(b, 16, Elf.ET_CORE, 2, order);
        Bytes.put(b, 18, machine, 2, order);
        Bytes.put(b, 20, 1, 4, order);
        Bytes.put(b, is64 ? 32 : 28, hs, is64 ? 8 : 4, order);           // e_phoff
        Bytes.put(b, is64 ? 52 : 40, hs, 2, order);                       // e_ehsize
        Bytes.put(b, is64 ? 54 : 42, phs, 2, order);                      // e_phentsize
        Bytes.put(b, is64 ? 56 : 44, 1, 2, order);                        // e_phnum
        Bytes.put(b, is64 ? 58 : 46, is64 ? 64 : 40, 2, order);           // e_shentsize
        int p = hs;
        long noteOff = hs + phs;
        Bytes.put(b, p, Elf.PT_NOTE, 4, order);
        if (is64) {
            Bytes.put(b, p + 8, noteOff, 8, order);
            Bytes.put(b, p + 32, total, 8, order);
            Bytes.put(b, p + 48, 4, 8, order);
        } else {
            Bytes.put(b, p + 4, noteOff, 4, order);
            Bytes.put(b, p + 16, total, 4, order);
            Bytes.put(b, p + 28, 4, 4, order);
        }
        int q = (int) noteOff;
        for (ElfNote n : notes) {
            byte[] name = n.name().getBytes(StandardCharsets.ISO_8859_1);
            Bytes.put(b, q, name.length + 1L, 4, order);
            Bytes.put(b, q + 4, n.size(), 4, order);
            Bytes.put(b, q + 8, n.type() & 0xFFFF_FFFFL, 4, order);
            System.arraycopy(name, 0, b, q + 12, name.length);
            q += 12 + (int) alignUp(name.length + 1L, 4);
            System.arraycopy(n.desc(), 0, b, q, n.size());
            q += (int) alignUp(n.size(), 4);
        }
        return b;
    }

    /** @return the file class */
    public ElfClass elfClass() {
        return elfClass;
    }

    /** @return the byte order of the file, which is the target's */
    public ByteOrder byteOrder() {
        return order;
    }

    /** @return the {@code e_machine} value */
    public int machine() {
        return machine;
    }

    /** @return every note in file order */
    public List<ElfNote> notes() {
        return notes;
    }

    /** @return the process-wide notes ({@link Elf#isProcessNote(int)}), in file order */
    public List<ElfNote> processNotes() {
        return processNotes;
    }

    /** @return the threads, in file order (the first is the dumping thread in kernel-written cores) */
    public List<ThreadNotes> threads() {
        return threads;
    }

    /**
     * Decodes the FP/vector state of every thread with the codec for this core's machine.
     *
     * @param codecs candidate codecs, e.g. one per architecture module; the first whose {@link NoteCodec#machine()}
     *               equals {@link #machine()} is used
     * @return one entry per thread that has at least one note the codec claims, in file order
     * @throws MalformedStateException if no codec handles this machine, or a note is malformed
     */
    public List<ThreadRegisters> registers(List<NoteCodec> codecs) {
        Objects.requireNonNull(codecs, "codecs");
        Set<String> known = new LinkedHashSet<>();
        for (NoteCodec c : codecs) {
            Objects.requireNonNull(c, "codec");
            if (c.machine() == machine) {
                return registers(c);
            }
            known.add(Elf.machineName(c.machine()));
        }
        throw new MalformedStateException(HEADER, 18, "e_machine is " + Elf.machineName(machine)
                + "; expected one the given codecs read: " + (known.isEmpty() ? "(no codecs given)" : String.join(", ", known)));
    }

    /**
     * Decodes the FP/vector state of every thread with one codec.
     *
     * @param codec the codec; its machine must be this core's
     * @return one entry per thread that has at least one note the codec claims, in file order
     * @throws MalformedStateException if the codec is for another machine, a thread has two notes of one claimed
     *                                 type, or a note is malformed
     */
    public List<ThreadRegisters> registers(NoteCodec codec) {
        Objects.requireNonNull(codec, "codec");
        if (codec.machine() != machine) {
            throw new MalformedStateException(HEADER, 18, "e_machine is " + Elf.machineName(machine)
                    + "; expected " + Elf.machineName(codec.machine()) + " for the " + codec.layout().name() + " codec");
        }
        List<ThreadRegisters> out = new ArrayList<>();
        for (ThreadNotes t : threads) {
            List<ElfNote> mine = t.notesOf(codec.noteTypes());
            if (mine.isEmpty()) {
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            for (ElfNote n : mine) {
                if (!seen.add(n.type())) {
                    throw new MalformedStateException(n.typeName(), n.headerOffset(), "second " + n.typeName()
                            + " note of thread " + t.pid() + "; expected at most one per thread");
                }
            }
            NoteCodec.Decoded d = codec.decodeDetailed(codec.layout().zeroFile(), mine, order);
            out.add(new ThreadRegisters(t.index(), t.pid(), d.registers(), mine, d.availability(), d.layoutSource()));
        }
        return List.copyOf(out);
    }

    /**
     * Decodes the FP/vector state of every thread with the note codecs an architecture provides
     * ({@link Architecture#noteCodecs()}).
     *
     * @param architecture the architecture; non-null
     * @return one entry per thread that has at least one note the codec claims, in file order (empty for a core
     *         without such threads)
     * @throws MalformedStateException if none of the architecture's codecs reads this core's machine, or a note
     *                                 is malformed
     */
    public List<ThreadRegisters> registers(Architecture architecture) {
        Objects.requireNonNull(architecture, "architecture");
        List<NoteCodec> codecs = architecture.noteCodecs();
        if (codecs.isEmpty()) {
            throw new MalformedStateException(HEADER, 18, "e_machine is " + Elf.machineName(machine)
                    + "; expected a machine architecture " + architecture.id() + " provides a note codec for, but it provides none");
        }
        return registers(codecs);
    }

    /**
     * The first thread with FP/vector notes (the dumping thread in kernel-written cores), if any: the safe form
     * of {@code registers(...).get(0)} for cores whose thread list is empty.
     *
     * @param architecture the architecture whose codecs decode the notes; non-null
     * @return the thread's registers, or empty when no thread has a note the codecs claim
     * @throws MalformedStateException as {@link #registers(Architecture)}
     */
    public Optional<ThreadRegisters> firstThread(Architecture architecture) {
        List<ThreadRegisters> all = registers(architecture);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * The first thread with FP/vector notes, which must exist.
     *
     * @param architecture the architecture whose codecs decode the notes; non-null
     * @return the thread's registers
     * @throws MalformedStateException as {@link #registers(Architecture)}, and when no thread has a note the
     *                                 codecs claim (the message gives the thread count)
     */
    public ThreadRegisters requireFirstThread(Architecture architecture) {
        return firstThread(architecture).orElseThrow(() -> new MalformedStateException("core file", 0,
                "has " + threads.size() + " thread(s) (NT_PRSTATUS notes) but none with an FP/vector note the "
                        + architecture.id() + " codecs read; expected at least one"));
    }

    @Override
    public String toString() {
        return "ElfCore[" + elfClass + " " + order + " " + Elf.machineName(machine) + ", " + notes.size() + " notes, "
                + threads.size() + " threads]";
    }
}

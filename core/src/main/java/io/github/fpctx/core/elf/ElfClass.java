package io.github.fpctx.core.elf;

/** The ELF file class ({@code e_ident[EI_CLASS]}): 32- or 64-bit headers. */
public enum ElfClass {
    /** {@code ELFCLASS32} (1): 32-bit headers, e.g. ppc32 and i386 cores. */
    ELF32(1, 52, 32),
    /** {@code ELFCLASS64} (2): 64-bit headers, e.g. ppc64 and x86-64 cores. */
    ELF64(2, 64, 56);

    private final int id;
    private final int headerSize;
    private final int programHeaderSize;

    ElfClass(int id, int headerSize, int programHeaderSize) {
        this.id = id;
        this.headerSize = headerSize;
        this.programHeaderSize = programHeaderSize;
    }

    /** @return the {@code EI_CLASS} byte, 1 or 2 */
    public int id() {
        return id;
    }

    /** @return the size of the ELF header, 52 or 64 bytes */
    public int headerSize() {
        return headerSize;
    }

    /** @return the size of one program header, 32 or 56 bytes */
    public int programHeaderSize() {
        return programHeaderSize;
    }

    /** @return the offset of {@code pr_pid} in {@code struct elf_prstatus}: 24 (ELF32) or 32 (ELF64) */
    int prstatusPidOffset() {
        // struct elf_prstatus_common: elf_siginfo (3 x int) + short cursig (+2 pad) + 2 x unsigned long, then pr_pid
        return this == ELF32 ? 24 : 32;
    }
}

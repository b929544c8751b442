package io.github.fpctx.core.elf;

import java.util.Map;

/**
 * ELF constants used by core files: machine numbers ({@code e_machine}) and note types ({@code n_type}), with
 * the names {@code readelf} and the kernel use.
 *
 * <p>Values from {@code include/uapi/linux/elf.h} and {@code include/uapi/linux/elf-em.h} of the Linux kernel
 * (and GDB's {@code NT_GDB_TDESC}). {@code NT_PRFPREG} is also known as {@code NT_FPREGSET}.
 */
public final class Elf {
    /** {@code EM_386}: 32-bit x86. */
    public static final int EM_386 = 3;
    /** {@code EM_PPC}: 32-bit PowerPC. */
    public static final int EM_PPC = 20;
    /** {@code EM_PPC64}: 64-bit PowerPC, either byte order. */
    public static final int EM_PPC64 = 21;
    /** {@code EM_X86_64}: x86-64. */
    public static final int EM_X86_64 = 62;

    /** {@code ET_CORE}: the {@code e_type} of a core file. */
    public static final int ET_CORE = 4;
    /** {@code PT_NOTE}: the program header type of a note segment. */
    public static final int PT_NOTE = 4;

    /** {@code NT_PRSTATUS}: {@code struct elf_prstatus}; starts the notes of a thread. */
    public static final int NT_PRSTATUS = 1;
    /** {@code NT_PRFPREG} (a.k.a. {@code NT_FPREGSET}): x86-64 FXSAVE image, PowerPC 32 FPRs + FPSCR. */
    public static final int NT_PRFPREG = 2;
    /** {@code NT_PRPSINFO}: process information. */
    public static final int NT_PRPSINFO = 3;
    /** {@code NT_AUXV}: the auxiliary vector. */
    public static final int NT_AUXV = 6;
    /** {@code NT_SIGINFO}: the {@code siginfo_t} of the signal that caused the dump. */
    public static final int NT_SIGINFO = 0x53494749;
    /** {@code NT_FILE}: the mapped files. */
    public static final int NT_FILE = 0x46494c45;
    /** {@code NT_PRXFPREG}: i386 only, the FXSAVE image ({@code user_fxsr_struct}). */
    public static final int NT_PRXFPREG = 0x46e62b7f;
    /** {@code NT_PPC_VMX}: AltiVec, 32 VRs + VSCR + VRSAVE (544 bytes). */
    public static final int NT_PPC_VMX = 0x100;
    /** {@code NT_PPC_SPE}: e500 SPE registers. */
    public static final int NT_PPC_SPE = 0x101;
    /** {@code NT_PPC_VSX}: doubleword 1 of vs0-vs31 (256 bytes). */
    public static final int NT_PPC_VSX = 0x102;
    /** {@code NT_386_TLS}: i386 TLS descriptors. */
    public static final int NT_386_TLS = 0x200;
    /** {@code NT_X86_XSTATE}: the XSAVE image in standard (non-compacted) format. */
    public static final int NT_X86_XSTATE = 0x202;
    /** {@code NT_X86_SHSTK}: CET shadow-stack state. */
    public static final int NT_X86_SHSTK = 0x204;
    /** {@code NT_X86_XSAVE_LAYOUT}: {@code struct x86_xfeat_component[]}, the XSAVE component offsets (Linux 6.x). */
    public static final int NT_X86_XSAVE_LAYOUT = 0x205;
    /** {@code NT_GDB_TDESC}: GDB's target description XML, written only by {@code gcore}. */
    public static final int NT_GDB_TDESC = 0xff000000;

    private static final Map<Integer, String> MACHINES = Map.of(
            EM_386, "EM_386", EM_PPC, "EM_PPC", EM_PPC64, "EM_PPC64", EM_X86_64, "EM_X86_64");

    private static final Map<Integer, String> NOTES = Map.ofEntries(
            Map.entry(NT_PRSTATUS, "NT_PRSTATUS"),
            Map.entry(NT_PRFPREG, "NT_PRFPREG"),
            Map.entry(NT_PRPSINFO, "NT_PRPSINFO"),
            Map.entry(NT_AUXV, "NT_AUXV"),
            Map.entry(NT_SIGINFO, "NT_SIGINFO"),
            Map.entry(NT_FILE, "NT_FILE"),
            Map.entry(NT_PRXFPREG, "NT_PRXFPREG"),
            Map.entry(NT_PPC_VMX, "NT_PPC_VMX"),
            Map.entry(NT_PPC_SPE, "NT_PPC_SPE"),
            Map.entry(NT_PPC_VSX, "NT_PPC_VSX"),
            Map.entry(NT_386_TLS, "NT_386_TLS"),
            Map.entry(NT_X86_XSTATE, "NT_X86_XSTATE"),
            Map.entry(NT_X86_SHSTK, "NT_X86_SHSTK"),
            Map.entry(NT_X86_XSAVE_LAYOUT, "NT_X86_XSAVE_LAYOUT"),
            Map.entry(NT_GDB_TDESC, "NT_GDB_TDESC"));

    private Elf() {
    }

    /**
     * Names a machine number.
     *
     * @param machine an {@code e_machine} value
     * @return e.g. {@code EM_X86_64 (62)}, or {@code e_machine 183} for a machine not listed here
     */
    public static String machineName(int machine) {
        String n = MACHINES.get(machine);
        return n == null ? "e_machine " + machine : n + " (" + machine + ")";
    }

    /**
     * Names a note type.
     *
     * @param type an {@code n_type} value
     * @return e.g. {@code NT_PRFPREG}, or {@code note type 0x00000410} for a type not listed here
     */
    public static String noteTypeName(int type) {
        String n = NOTES.get(type);
        return n != null ? n : String.format("note type 0x%08x", type);
    }

    /**
     * Whether a note type describes the whole process rather than one thread ({@code NT_PRPSINFO},
     * {@code NT_AUXV}, {@code NT_SIGINFO}, {@code NT_FILE}, {@code NT_GDB_TDESC}); every other note belongs to the
     * thread of the most recent preceding {@code NT_PRSTATUS}.
     *
     * @param type an {@code n_type} value
     * @return whether it is process-wide
     */
    public static boolean isProcessNote(int type) {
        return type == NT_PRPSINFO || type == NT_AUXV || type == NT_SIGINFO || type == NT_FILE || type == NT_GDB_TDESC;
    }
}

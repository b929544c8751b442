package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.MachineState;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PowerPC architecture facts used by the ppc64 and ppc32 models: the MSR, FPSCR and VSCR field layouts with the
 * kernel's bit numbers ({@code arch/powerpc/include/asm/reg.h}), the {@code PR_SET_FPEXC} modes
 * ({@code include/uapi/linux/prctl.h}), {@code __pack_fe01}/{@code __unpack_fe01}
 * ({@code arch/powerpc/include/asm/processor.h}), the register layouts, and the names of CPU features and
 * configuration options the models understand.
 *
 * <p>Bit numbers are LSB-0 (the kernel's {@code MSR_x_LG}); IBM manuals count MSB-0, so {@code MSR_FP} is LSB-0 bit
 * 13 = MSB-0 bit 50 of the 64-bit MSR (bit 18 of the 32-bit MSR).
 *
 * <pre>{@code
 * FieldRegister msr = PowerPc.MSR.of(0).set(PowerPc.MSR_FP).with(PowerPc.MSR_FE_MODE, PowerPc.PR_FP_EXC_PRECISE);
 * msr.isSet(PowerPc.MSR_FE0);                  // true
 * PowerPc.packFe01(PowerPc.PR_FP_EXC_ASYNC);  // 0x800 = MSR_FE0
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class PowerPc {
    private PowerPc() {
    }

    // ---- MSR (reg.h) --------------------------------------------------------------------------------------------

    /**
     * The Machine State Register with every field the FP/vector model uses, one row per kernel {@code MSR_x} with
     * its {@code MSR_x_LG} bit; other bits are reserved here. {@code FE_MODE} is the FP exception mode FE0:FE1 as one
     * value, {@code __unpack_fe01} order (value bit 1 is FE0, bit 0 is FE1), so the value equals the
     * {@code PR_FP_EXC_*} mode; it is a view and does not render.
     */
    public static final FieldLayout MSR = FieldLayout.builder("MSR", 64)
            .control("SF", 63, 1).control("HV", 60, 1)                        // 64-bit mode, hypervisor
            .control("VEC", 25, 1).control("VSX", 23, 1)                      // VMX, VSX available
            .control("EE", 15, 1).control("PR", 14, 1).control("FP", 13, 1)   // ext. interrupts, user, FP available
            .control("ME", 12, 1).control("FE0", 11, 1).control("SE", 10, 1)  // machine check, FP exc. 0, single step
            .control("BE", 9, 1).control("FE1", 8, 1)                         // branch trace (BookE: DE), FP exc. 1
            .control("IR", 5, 1).control("DR", 4, 1).control("RI", 1, 1)      // relocation, recoverable interrupt
            .control("LE", 0, 1)                                              // little-endian mode
            .field(BitField.gather("FE_MODE", 11, 8).asView()
                    .withValueNames(Map.of(0L, "disabled", 1L, "nonrecoverable", 2L, "async", 3L, "precise")))
            .build();

    /** {@code MSR_FP} (LG 13): floating point available. */
    public static final BitField MSR_FP = MSR.field("FP");
    /** {@code MSR_VEC} (LG 25): AltiVec/VMX available. */
    public static final BitField MSR_VEC = MSR.field("VEC");
    /** {@code MSR_VSX} (LG 23): VSX available. */
    public static final BitField MSR_VSX = MSR.field("VSX");
    /** {@code MSR_FE0} (LG 11): FP exception mode bit 0. */
    public static final BitField MSR_FE0 = MSR.field("FE0");
    /** {@code MSR_FE1} (LG 8): FP exception mode bit 1. */
    public static final BitField MSR_FE1 = MSR.field("FE1");
    /** The FP exception mode FE0:FE1 as one value, equal to the {@code PR_FP_EXC_*} mode (see {@link #MSR}). */
    public static final BitField MSR_FE_MODE = MSR.field("FE_MODE");

    /** {@code MSR_FE0|MSR_FE1}. */
    public static final long MSR_FE_MASK = MSR_FE0.mask() | MSR_FE1.mask();
    /** The facility bits {@code MSR_FP|MSR_VEC|MSR_VSX}. */
    public static final long MSR_MATH_MASK = MSR_FP.mask() | MSR_VEC.mask() | MSR_VSX.mask();
    /** Book3S-32 {@code MSR_USER = MSR_KERNEL|MSR_PR|MSR_EE} = 0xD032. */
    public static final long MSR_USER32 = 0xD032L;
    /** Book3S-64 {@code MSR_USER64} on a big-endian kernel ({@code __MSR|PR|EE|SF}, {@code __MSR = ME|RI|IR|DR|HV}). */
    public static final long MSR_USER64_BE = 0x9000_0000_0000_D032L;
    /** Book3S-64 {@code MSR_USER64} on a little-endian kernel (with {@code MSR_LE}): 0x900000000000D033. */
    public static final long MSR_USER64_LE = MSR_USER64_BE | 1L;

    // ---- FPSCR (reg.h masks of the low word) ---------------------------------------------------------------------

    /**
     * The 64-bit FPSCR, one row per {@code FPSCR_x} mask of {@code reg.h}: the exception summaries FX (sticky), FEX
     * and VX; the sticky exception bits OX, UX, ZX, XX and the invalid-operation causes VX*; the result bits FR, FI,
     * FPRF (C plus FPCC); the enables VE, OE, UE, ZE, XE; non-IEEE mode NI and the rounding mode RN. DRN (bits 32..34,
     * ISA 2.05+) is the only defined field of the high word; its other bits are reserved here.
     */
    public static final FieldLayout FPSCR = FieldLayout.builder("FPSCR", 64)
            .sticky("FX", 31, 1).status("FEX", 30, 1).status("VX", 29, 1)
            .sticky("OX", 28, 1).sticky("UX", 27, 1).sticky("ZX", 26, 1).sticky("XX", 25, 1)
            .sticky("VXSNAN", 24, 1).sticky("VXISI", 23, 1).sticky("VXIDI", 22, 1)
            .sticky("VXZDZ", 21, 1).sticky("VXIMZ", 20, 1).sticky("VXVC", 19, 1)
            .status("FR", 18, 1).status("FI", 17, 1).status("FPRF", 12, 5)
            .sticky("VXSOFT", 10, 1).sticky("VXSQRT", 9, 1).sticky("VXCVI", 8, 1)
            .control("VE", 7, 1).control("OE", 6, 1).control("UE", 5, 1).control("ZE", 4, 1).control("XE", 3, 1)
            .control("NI", 2, 1).control("RN", 0, 2, Map.of(0L, "nearest", 1L, "zero", 2L, "+inf", 3L, "-inf"))
            .control("DRN", 32, 3)
            .reserved(0xFFFF_FFF8_0000_0000L)
            .build();

    /** FPSCR FX (0x80000000): exception summary, sticky. */
    public static final BitField FPSCR_FX = FPSCR.field("FX");
    /** FPSCR FEX (0x40000000): enabled exception summary. */
    public static final BitField FPSCR_FEX = FPSCR.field("FEX");
    /** FPSCR ZX (0x04000000): zero divide, sticky. */
    public static final BitField FPSCR_ZX = FPSCR.field("ZX");
    /** FPSCR ZE (0x10): zero divide exception enable. */
    public static final BitField FPSCR_ZE = FPSCR.field("ZE");

    /**
     * The 32-bit VSCR: NJ (non-Java mode, denormals flushed to zero), SAT (saturation, sticky);
     * {@code start_thread} sets it to NJ ("Java mode disabled"), the reset value here.
     */
    public static final FieldLayout VSCR = FieldLayout.builder("VSCR", 32)
            .control("NJ", 16, 1).sticky("SAT", 0, 1)
            .reserved(0xFFFE_FFFEL)
            .reset(0x0001_0000L)
            .build();

    // ---- prctl.h ----------------------------------------------------------------------------------------------

    /** {@code PR_GET_FPEXC} = 11. */
    public static final int PR_GET_FPEXC = 11;
    /** {@code PR_SET_FPEXC} = 12. */
    public static final int PR_SET_FPEXC = 12;
    /** {@code PR_FP_EXC_DISABLED} = 0: FP exceptions disabled. */
    public static final int PR_FP_EXC_DISABLED = 0;
    /** {@code PR_FP_EXC_NONRECOV} = 1: asynchronous, nonrecoverable. */
    public static final int PR_FP_EXC_NONRECOV = 1;
    /** {@code PR_FP_EXC_ASYNC} = 2: asynchronous, recoverable. */
    public static final int PR_FP_EXC_ASYNC = 2;
    /** {@code PR_FP_EXC_PRECISE} = 3: precise. */
    public static final int PR_FP_EXC_PRECISE = 3;
    /** {@code PR_FP_EXC_SW_ENABLE} = 0x80: SPE software emulation flag (rejected by non-SPE models). */
    public static final int PR_FP_EXC_SW_ENABLE = 0x80;

    /**
     * {@code __pack_fe01(mode)}: {@code ((mode << 10) & MSR_FE0) | ((mode << 8) & MSR_FE1)}.
     *
     * @param mode a {@code PR_FP_EXC_*} mode, 0 to 3
     * @return the FE0/FE1 image: 0x000, 0x100, 0x800 or 0x900
     * @throws IllegalArgumentException for a mode outside 0 - 3
     */
    public static long packFe01(int mode) {
        if (mode < 0 || mode > PR_FP_EXC_PRECISE) {
            throw new IllegalArgumentException("Invalid value for PR_SET_FPEXC mode (valid values 0 - 3): " + mode);
        }
        return ((long) mode << 10 & MSR_FE0.mask()) | ((long) mode << 8 & MSR_FE1.mask());
    }

    /**
     * {@code __unpack_fe01(msr)}: {@code ((msr & MSR_FE0) >> 10) | ((msr & MSR_FE1) >> 8)}.
     *
     * @param msr an MSR image (or a {@code thread.fpexc_mode})
     * @return the {@code PR_FP_EXC_*} mode, 0 to 3
     */
    public static int unpackFe01(long msr) {
        return (int) (((msr & MSR_FE0.mask()) >>> 10) | ((msr & MSR_FE1.mask()) >>> 8));
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    /** CPU feature {@code CPU_FTR_ALTIVEC}: the CPU has VMX; {@code vr0}-{@code vr31}, VSCR and VRSAVE exist. */
    public static final String FEATURE_ALTIVEC = "ALTIVEC";
    /** CPU feature {@code CPU_FTR_VSX}: the CPU has VSX (ppc64 only; needs {@link #FEATURE_ALTIVEC}). */
    public static final String FEATURE_VSX = "VSX";
    /**
     * Option {@code CONFIG_CPU_LITTLE_ENDIAN} (ppc64 only): the kernel and its tasks run little-endian, so
     * {@code MSR_LE} is set in the user MSR and {@code TS_FPROFFSET} is 1 (the FPR doubleword of each VSR sits
     * second in {@code thread_fp_state.fpr[i]}); see {@link PowerPcThread#fprOffset(boolean)}.
     */
    public static final String OPTION_CPU_LITTLE_ENDIAN = "CPU_LITTLE_ENDIAN";
    /**
     * Option for the boot parameter {@code ppc_strict_facility_enable}: {@code msr_check_and_clear} really clears the
     * facility bits in the kernel MSR after kernel use (by default they are left on).
     */
    public static final String OPTION_STRICT_FACILITY_ENABLE = "PPC_STRICT_FACILITY_ENABLE";
    /**
     * A modelling mode, not a Kconfig option: the u8 eager-restore counters {@code thread.load_fp} and
     * {@code thread.load_vec} are kept abstractly as 0 (lazy: {@code restore_math} leaves the facility to the
     * unavailable fault) or 1 (standing for any of 1 - 255: {@code restore_math} reloads eagerly). Without it,
     * {@code restore_math}'s {@code load_fp++} walks every task's counter through 256 values before it wraps to 0,
     * so a world in which tasks are switched out and back is 256 times deeper per task and cannot be exhausted. Under
     * this mode {@code load_fp++} keeps 1, and the wrap (the 256th eager reload leaves the counter 0, so the next
     * return to user is lazy) is a separate step of the exploration alphabet, {@code PpcWorlds.loadCounterWraps}:
     * "the reload just made was the one that wrapped", possible whenever the counter is not 0 and the facility is
     * live. Every concrete run maps to an abstract one; the wrap step may also come earlier than 255 reloads, which a
     * concrete run reaches by switching the task out and back that many more times (each such round trip saves and
     * reloads the same values), so the abstract states are the concrete ones without the counter's value. The
     * PowerPC anchor worlds on ppc64 use it; ppc32 has no {@code restore_math} (always lazy) and ignores it.
     */
    public static final String OPTION_ABSTRACT_LOAD_COUNTERS = "ABSTRACT_LOAD_COUNTERS";

    // ---- registers --------------------------------------------------------------------------------------------

    /** Width of an FPR. */
    public static final int FPR_BITS = 64;
    /** Width of a VSR or VR. */
    public static final int VSR_BITS = 128;

    /**
     * The {@code ppc64} layout: backing {@code vs0}-{@code vs63} (128 bits; BitVector bits 64..127 are doubleword 0
     * in the ISA's big-endian element numbering), {@code fpscr} (64), {@code vscr} (32), {@code vrsave} (32); views
     * {@code fr0}-{@code fr31} (bits 64..127 of vs0-vs31), {@code vr0}-{@code vr31} (all of vs32-vs63),
     * {@code vs0h}-{@code vs31h} (bits 0..63 of vs0-vs31, doubleword 1); aliases {@code f0}-{@code f31} and
     * {@code v0}-{@code v31}.
     */
    public static final RegisterLayout PPC64_LAYOUT = buildPpc64();

    /**
     * The {@code ppc32} layout (no VSX): backing {@code fr0}-{@code fr31} (64), {@code vr0}-{@code vr31} (128, AltiVec),
     * {@code fpscr} (64), {@code vscr} (32), {@code vrsave} (32); aliases {@code f0}-{@code f31} and
     * {@code v0}-{@code v31}.
     */
    public static final RegisterLayout PPC32_LAYOUT = buildPpc32();

    private static RegisterLayout buildPpc64() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
        for (int i = 0; i < 64; i++) {
            b.register("vs" + i, VSR_BITS);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.view("fr" + i, "vs" + i, 64, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.view("vr" + i, "vs" + (32 + i), 0, 128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("vs" + i + "h", "vs" + i, 0, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
            b.alias("v" + i, "vr" + i);
        }
        return b.build();
    }

    private static RegisterLayout buildPpc32() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc32");
        for (int i = 0; i < 32; i++) {
            b.register("fr" + i, FPR_BITS);
        }
        for (int i = 0; i < 32; i++) {
            b.register("vr" + i, VSR_BITS);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
            b.alias("v" + i, "vr" + i);
        }
        return b.build();
    }

    /**
     * The image {@code mffs} leaves in a VSR on a VSX CPU (the documented model choice): doubleword 0 is the 64-bit
     * FPSCR image, and doubleword 1 is set <em>equal to doubleword 0</em>, as seed 001 observed on POWER9
     * ({@code 0x820040000000000082004000} for FPSCR 0x82004000). The ISA leaves doubleword 1 undefined after
     * {@code mffs}; this model picks the observed behaviour so the seed's value is reproduced.
     *
     * @param fpscr the FPSCR image
     * @return the 128-bit VSR value
     */
    public static BitVector mffsVsrImage(long fpscr) {
        return BitVector.ofWords(VSR_BITS, fpscr, fpscr);
    }

    /**
     * The image {@code mfvscr vT} leaves in a VR: VSCR in word 3 (big-endian element numbering, i.e. bits 0..31 of
     * the value), the other words zero.
     *
     * @param vscr the VSCR image
     * @return the 128-bit VR value
     */
    public static BitVector mfvscrImage(long vscr) {
        return BitVector.ofWords(VSR_BITS, vscr & 0xFFFF_FFFFL, 0L);
    }

    /**
     * The bytes of {@code struct thread_fp_state} as the kernel stores a task's saved FP registers
     * ({@code arch/powerpc/include/asm/processor.h}), without the trailing alignment padding: {@code u64
     * fpr[32][TS_FPRWIDTH]} then {@code u64 fpscr}, each {@code u64} in the kernel's byte order.
     *
     * <p>For a {@code ppc64} file (a VSX kernel, {@code TS_FPRWIDTH = 2}) it is 520 bytes: {@code fpr[i][TS_FPROFFSET]}
     * is FPR i (doubleword 0 of VSR i) and {@code fpr[i][TS_VSRLOWOFFSET]} its doubleword 1, with
     * {@code TS_FPROFFSET} 0 on big-endian and 1 on little-endian kernels; {@code fpscr} is at
     * {@code FPSTATE_FPSCR} = 512. For a {@code ppc32} file ({@code TS_FPRWIDTH = 1}, always big-endian) it is 264
     * bytes.
     *
     * @param saved        a task's saved registers ({@code TaskState.saved()}) of the ppc64 or ppc32 layout
     * @param littleEndian whether the kernel is little-endian ({@link #OPTION_CPU_LITTLE_ENDIAN}); must be false for
     *                     ppc32
     * @return a new array
     * @throws IllegalArgumentException for a file of another layout, or little-endian ppc32
     */
    public static byte[] threadFpStateImage(RegisterFile saved, boolean littleEndian) {
        Objects.requireNonNull(saved, "saved");
        if (!(saved.layout().equals(PPC64_LAYOUT) || saved.layout().equals(PPC32_LAYOUT))) {
            throw new IllegalArgumentException("thread_fp_state needs a ppc64 or ppc32 register file; got "
                    + saved.layout().name());
        }
        boolean vsx = saved.layout().equals(PPC64_LAYOUT);
        if (!vsx && littleEndian) {
            throw new IllegalArgumentException("ppc32 kernels are big-endian; thread_fp_state has no little-endian form there");
        }
        int width = vsx ? 2 : 1;
        ByteBuffer b = ByteBuffer.allocate(32 * 8 * width + 8).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int fprOffset = PowerPcThread.fprOffset(littleEndian);
        for (int i = 0; i < 32; i++) {
            long dw0 = saved.get("fr" + i).toLong();
            if (vsx) {
                long dw1 = saved.get("vs" + i + "h").toLong();
                b.putLong(fprOffset == 0 ? dw0 : dw1);
                b.putLong(fprOffset == 0 ? dw1 : dw0);
            } else {
                b.putLong(dw0);
            }
        }
        b.putLong(saved.get("fpscr").toLong());
        return b.array();
    }

    /**
     * The FP/vector content of a task's signal frames: what the delivery wrote ({@code operations().signalDelivery}),
     * as the handler may have changed it since, not yet consumed by {@code rt_sigreturn}.
     *
     * @param state a machine state of a PowerPC architecture
     * @param task  a task of it
     * @return the frames, outermost first; empty outside any handler
     */
    public static List<RegisterFile> signalFrames(MachineState state, String task) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(task, "task");
        return state.task(task).ext(PowerPcThread.class).sigframes();
    }
}

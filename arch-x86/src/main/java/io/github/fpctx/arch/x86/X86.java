package io.github.fpctx.arch.x86;

import io.github.fpctx.arch.x86.internal.X86Layout;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Constants of the x86-64 model: the register layout, the MXCSR/FCW/FSW field registers, CPU feature names,
 * XSAVE feature masks and the kernel's init values.
 *
 * <pre>{@code
 * FieldRegister mxcsr = X86.MXCSR.reset();                 // MXCSR[IM DM ZM OM UM PM]
 * mxcsr = mxcsr.with(X86.MXCSR_RC, X86.MXCSR_RC.valueOf("zero")).raise(X86.MXCSR_PE);
 * RegisterFile regs = X86.initRegisters(KernelConfig.of(Set.of(), X86.FEATURES_AVX))
 *         .with("mxcsr", mxcsr.toBitVector());
 * }</pre>
 *
 * <p>Bit numbers are LSB-0, as in the Intel SDM. Register names follow GDB (see the layout's Javadoc in
 * {@link #layout()}).
 */
public final class X86 {
    private X86() {
    }

    /** The architecture id. */
    public static final String ID = "x86_64";

    // ---- CPU features ---------------------------------------------------------------------------------------

    /** SSE/SSE2 (baseline on x86-64): xmm0-xmm15 and MXCSR. */
    public static final String SSE = "SSE";
    /** AVX: the upper halves of ymm0-ymm15 (XSAVE component 2). */
    public static final String AVX = "AVX";
    /** AVX-512 Foundation: zmm0-zmm31, k0-k7 (XSAVE components 5, 6, 7). */
    public static final String AVX512F = "AVX512F";
    /** Extended Feature Disable ({@code IA32_XFD}): lets the kernel trap the first use of AMX tile data. */
    public static final String XFD = "XFD";
    /** AMX tiles: {@code tilecfg} and {@code tiledata} (XSAVE components 17 and 18). */
    public static final String AMX_TILE = "AMX_TILE";
    /**
     * A Kconfig option of this model: {@code CONFIG_X86_DEBUG_FPU}, which makes
     * {@code fpregs_assert_state_consistent} WARN on exit to user.
     */
    public static final String X86_DEBUG_FPU = "X86_DEBUG_FPU";

    /** Every CPU feature name this model knows. */
    public static final Set<String> KNOWN_FEATURES = Set.of(SSE, AVX, AVX512F, XFD, AMX_TILE);
    /** An SSE-only CPU. */
    public static final Set<String> FEATURES_SSE = Set.of(SSE);
    /** An AVX (AVX2-class) CPU; the default. */
    public static final Set<String> FEATURES_AVX = Set.of(SSE, AVX);
    /** An AVX-512 CPU. */
    public static final Set<String> FEATURES_AVX512 = Set.of(SSE, AVX, AVX512F);
    /** A Sapphire Rapids-class CPU: AVX-512 plus AMX with XFD, so {@code fpu_state_size_dynamic()} is true. */
    public static final Set<String> FEATURES_AMX = Set.of(SSE, AVX, AVX512F, XFD, AMX_TILE);

    // ---- XSAVE feature masks (arch/x86/include/asm/fpu/types.h, enum xfeature) -------------------------------

    /** {@code XFEATURE_MASK_FP}: x87 (bit 0). */
    public static final long XFEATURE_MASK_FP = 1L;
    /** {@code XFEATURE_MASK_SSE}: XMM and MXCSR (bit 1). */
    public static final long XFEATURE_MASK_SSE = 1L << 1;
    /** {@code XFEATURE_MASK_YMM}: upper halves of YMM0-15 (bit 2). */
    public static final long XFEATURE_MASK_YMM = 1L << 2;
    /** {@code XFEATURE_MASK_OPMASK}: k0-k7 (bit 5). */
    public static final long XFEATURE_MASK_OPMASK = 1L << 5;
    /** {@code XFEATURE_MASK_ZMM_Hi256}: bits 511:256 of ZMM0-15 (bit 6). */
    public static final long XFEATURE_MASK_ZMM_HI256 = 1L << 6;
    /** {@code XFEATURE_MASK_Hi16_ZMM}: ZMM16-31 (bit 7). */
    public static final long XFEATURE_MASK_HI16_ZMM = 1L << 7;
    /** {@code XFEATURE_MASK_XTILE_CFG} (bit 17). */
    public static final long XFEATURE_MASK_XTILE_CFG = 1L << 17;
    /** {@code XFEATURE_MASK_XTILE_DATA} (bit 18): the only dynamic (XFD-armed, permission-gated) feature. */
    public static final long XFEATURE_MASK_XTILE_DATA = 1L << 18;
    /** {@code XFEATURE_MASK_XTILE}: both AMX components, what {@code ARCH_REQ_XCOMP_PERM} grants. */
    public static final long XFEATURE_MASK_XTILE = XFEATURE_MASK_XTILE_CFG | XFEATURE_MASK_XTILE_DATA;
    /** {@code XFEATURE_MASK_USER_DYNAMIC}: features whose state is allocated on first use. */
    public static final long XFEATURE_MASK_USER_DYNAMIC = XFEATURE_MASK_XTILE_DATA;

    /** {@code ARCH_GET_XCOMP_PERM} ({@code arch/x86/include/uapi/asm/prctl.h}). */
    public static final int ARCH_GET_XCOMP_PERM = 0x1022;
    /** {@code ARCH_REQ_XCOMP_PERM}. */
    public static final int ARCH_REQ_XCOMP_PERM = 0x1023;
    /** {@code XFEATURE_XTILEDATA}, the argument user space passes to {@code ARCH_REQ_XCOMP_PERM}. */
    public static final int XFEATURE_XTILEDATA = 18;

    // ---- init values (arch/x86/kernel/fpu/init.c, core.c fpstate_init_fxstate) -------------------------------

    /** {@code MXCSR_DEFAULT}: all SSE exceptions masked, round to nearest. */
    public static final long MXCSR_DEFAULT = 0x1F80;
    /** The FCW after {@code FNINIT} and in {@code init_fpstate}: all x87 exceptions masked, 64-bit precision. */
    public static final long FCW_DEFAULT = 0x037F;
    /** The full (GDB) tag word with every register empty: what the abridged FXSAVE tag 0x00 means. */
    public static final long FTAG_ALL_EMPTY = 0xFFFF;
    /**
     * The {@code MXCSR_MASK} the modelled CPU reports (every defined bit writable, DAZ included). AMD CPUs also
     * report the misaligned-exception mask MM (bit 17), e.g. 0x0002FFFF; the model follows Intel.
     */
    public static final long MXCSR_MASK_VALUE = 0x0000_FFFF;

    // ---- MXCSR (Intel SDM Vol. 1, 10.2.3) --------------------------------------------------------------------

    private static final Map<Long, String> ROUNDING = Map.of(0L, "nearest", 1L, "down", 2L, "up", 3L, "zero");

    /**
     * The MXCSR field register: the sticky exception flags IE, DE, ZE, OE, UE, PE (bits 0-5), DAZ (denormals are
     * zero, bit 6), the exception masks IM, DM, ZM, OM, UM, PM (bits 7-12), RC (rounding control, bits 13-14:
     * nearest, down, up, zero) and FZ (flush to zero, bit 15). Bits 16-31 are reserved (writing them with
     * {@code LDMXCSR}/{@code XRSTOR} raises #GP; the model rejects them); reset value {@link #MXCSR_DEFAULT}.
     */
    public static final FieldLayout MXCSR = FieldLayout.builder("MXCSR", 32)
            .sticky("IE", 0, 1).sticky("DE", 1, 1).sticky("ZE", 2, 1).sticky("OE", 3, 1).sticky("UE", 4, 1)
            .sticky("PE", 5, 1).control("DAZ", 6, 1)
            .control("IM", 7, 1).control("DM", 8, 1).control("ZM", 9, 1).control("OM", 10, 1).control("UM", 11, 1)
            .control("PM", 12, 1).control("RC", 13, 2, ROUNDING).control("FZ", 15, 1)
            .reserved(0xFFFF_0000L)
            .reset(MXCSR_DEFAULT)
            .build();

    /** MXCSR.PE: precision (sticky, bit 5). */
    public static final BitField MXCSR_PE = MXCSR.field("PE");
    /** MXCSR.RC: rounding control (bits 13-14): nearest, down, up, zero. */
    public static final BitField MXCSR_RC = MXCSR.field("RC");
    /** MXCSR.FZ: flush to zero (bit 15). */
    public static final BitField MXCSR_FZ = MXCSR.field("FZ");

    // ---- x87 control word (Intel SDM Vol. 1, 8.1.5) ------------------------------------------------------------

    /**
     * The x87 control word: the exception masks IM, DM, ZM, OM, UM, PM (bits 0-5), PC (precision control, bits 8-9:
     * single, reserved, double, extended), RC (rounding control, bits 10-11) and X (infinity control, bit 12;
     * ignored since the 80387, kept for compatibility). No bit is declared reserved-must-be-zero: {@code FLDCW}
     * ignores the reserved bits, and bit 6 reads as 1 after {@code FNINIT} ({@link #FCW_DEFAULT} = 0x037F), so it
     * renders as {@code 0x40}.
     */
    public static final FieldLayout FCW = FieldLayout.builder("FCW", 16)
            .control("IM", 0, 1).control("DM", 1, 1).control("ZM", 2, 1).control("OM", 3, 1).control("UM", 4, 1)
            .control("PM", 5, 1).control("PC", 8, 2, Map.of(0L, "single", 1L, "reserved", 2L, "double", 3L, "extended"))
            .control("RC", 10, 2, ROUNDING).control("X", 12, 1)
            .reset(FCW_DEFAULT)
            .build();

    // ---- x87 status word (Intel SDM Vol. 1, 8.1.3) -------------------------------------------------------------

    /**
     * The x87 status word: the sticky exception flags IE, DE, ZE, OE, UE, PE (bits 0-5) and SF (stack fault, bit
     * 6), ES (exception summary, bit 7), the condition codes C0-C2 (bits 8-10), TOP (bits 11-13), C3 (bit 14) and B
     * (FPU busy, bit 15).
     */
    public static final FieldLayout FSW = FieldLayout.builder("FSW", 16)
            .sticky("IE", 0, 1).sticky("DE", 1, 1).sticky("ZE", 2, 1).sticky("OE", 3, 1).sticky("UE", 4, 1)
            .sticky("PE", 5, 1).sticky("SF", 6, 1).status("ES", 7, 1)
            .status("C0", 8, 1).status("C1", 9, 1).status("C2", 10, 1).status("TOP", 11, 3).status("C3", 14, 1)
            .status("B", 15, 1)
            .build();

    /** FSW.TOP: top-of-stack pointer (bits 11-13); ST(i) is physical register R[(TOP + i) mod 8]. */
    public static final BitField FSW_TOP = FSW.field("TOP");

    /**
     * The register layout {@code x86_64}.
     *
     * <p>Backing registers: {@code st0}-{@code st7} (80 bits, in x87 <em>stack order</em> as FXSAVE and GDB store
     * them: {@code st0} = ST(0)), {@code fctrl}, {@code fstat}, {@code ftag} (16 bits; {@code ftag} is GDB's full
     * 2-bit-per-physical-register tag word), {@code fiseg}, {@code fioff}, {@code foseg}, {@code fooff} (32),
     * {@code fop} (16, at most 11 bits used), {@code mxcsr}, {@code mxcsr_mask} (32), {@code zmm0}-{@code zmm31}
     * (512), {@code k0}-{@code k7} (64), {@code tilecfg} (512), {@code tiledata} (8192).
     *
     * <p>Views: {@code xmm0}-{@code xmm31} (bits 0..127 of zmmN), {@code ymm0}-{@code ymm31} (bits 0..255),
     * {@code ymm0h}-{@code ymm31h} (bits 128..255 of zmmN), {@code zmm0h}-{@code zmm31h} (bits 256..511): GDB's
     * complete AVX/AVX-512 name set. The MMX registers are not views: {@code mmN} is the significand of
     * <em>physical</em> x87 register N, which sits in stack slot {@code (N - TOP) mod 8}, so it depends on TOP;
     * read and write them with {@link #mm(RegisterFile, int)} and {@link #withMm(RegisterFile, int, BitVector)}.
     *
     * <p>Declared write side effects:
     * <ul>
     *   <li>{@code ymm0}-{@code ymm31}: a VEX.256/EVEX.256 write zeroes bits 256..511 of the zmm register.</li>
     *   <li>{@code xmm16}-{@code xmm31}: only EVEX can encode them, and EVEX.128 zeroes bits 128..511.</li>
     *   <li>{@code xmm0}-{@code xmm15} are legacy-SSE writes, which keep the upper bits; use
     *       {@link #withVex128(RegisterFile, int, BitVector)} for a VEX.128 write.</li>
     *   <li>{@code mxcsr} rejects reserved bits; {@code fop} rejects values above 11 bits.</li>
     * </ul>
     *
     * @return the layout (one shared instance)
     */
    public static RegisterLayout layout() {
        return X86Layout.LAYOUT;
    }

    /**
     * The FP/vector content of a task's signal frames: what {@code copy_fpstate_to_sigframe} wrote at each
     * delivery ({@code operations().signalDelivery}), as the handler may have changed it since
     * ({@code operations().signalFrameWrite}), not yet consumed by {@code rt_sigreturn}.
     *
     * @param state a machine state of this architecture
     * @param task  a task of it
     * @return the frames, outermost first; empty outside any handler
     * @throws IllegalArgumentException for an unknown task
     */
    public static List<RegisterFile> signalFrames(MachineState state, String task) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(task, "task");
        return state.task(task).ext(FpuState.class).sigframes();
    }

    /**
     * The registers a new program sees after {@code execve} ({@code init_fpstate}): FCW 0x037F, MXCSR 0x1F80,
     * all tags empty, {@code mxcsr_mask} the CPU's mask, everything else zero.
     *
     * @param config the configuration (the result does not depend on the CPU features: absent state is zero)
     * @return the file
     */
    public static RegisterFile initRegisters(KernelConfig config) {
        return X86Layout.INIT;
    }

    /**
     * MMX register {@code mmN} as the hardware defines it (Intel SDM Vol. 1, 9.2 "the MMX registers are aliased
     * to the significand bits 63..0 of the physical x87 registers R0-R7"): bits 0..63 of physical register N,
     * i.e. of {@code st((N - TOP) mod 8)} with TOP = FSW bits 13..11. (GDB has no {@code mm} registers on amd64.)
     *
     * @param file a file of {@link #layout()}
     * @param n    the register number, 0 to 7
     * @return the 64-bit value
     * @throws IllegalArgumentException for {@code n} outside 0 - 7
     */
    public static BitVector mm(RegisterFile file, int n) {
        return X86Layout.mm(file, n);
    }

    /**
     * An MMX instruction writing {@code mmN} (Intel SDM Vol. 1, 9.5.1): TOP becomes 0 (the stack-order slots are
     * rotated so that slot i holds physical register i), the significand of physical register N takes the value,
     * its sign and exponent (bits 64..79) become {@code 0xFFFF}, and every tag becomes valid ({@code ftag = 0}).
     *
     * @param file  a file of {@link #layout()}
     * @param n     the register number, 0 to 7
     * @param value a 64-bit value
     * @return the new file
     * @throws IllegalArgumentException for {@code n} outside 0 - 7 or a value that is not 64 bits wide
     */
    public static RegisterFile withMm(RegisterFile file, int n, BitVector value) {
        return X86Layout.withMm(file, n, value);
    }

    /**
     * A VEX.128-encoded write of an xmm register ({@code vmovdqa xmmN, ...}): bits 0..127 of zmmN take the
     * value, bits 128..511 become zero.
     *
     * @param file  a file of {@link #layout()}
     * @param n     the register number, 0 to 15 (xmm16-31 are EVEX-only; their plain view already zeroes)
     * @param value a 128-bit value
     * @return the new file
     */
    public static RegisterFile withVex128(RegisterFile file, int n, BitVector value) {
        return X86Layout.withVex128(file, n, value);
    }

    /**
     * Whether the kernel's {@code fpu_state_size_dynamic()} is true: on x86-64 the static key
     * {@code __fpu_state_size_dynamic} is enabled at boot iff {@code init_fpstate.xfd != 0}, i.e. the CPU has XFD
     * and AMX tile data.
     *
     * @param config the configuration
     * @return whether dynamic features are in use
     */
    public static boolean fpuStateSizeDynamic(KernelConfig config) {
        return config.hasFeature(XFD) && config.hasFeature(AMX_TILE);
    }

    /**
     * {@code fpu_user_cfg.max_features}: the XSAVE features user space can use on this CPU. Linux enables AMX
     * only with XFD.
     *
     * @param config the configuration
     * @return the mask
     */
    public static long maxFeatures(KernelConfig config) {
        long m = XFEATURE_MASK_FP | XFEATURE_MASK_SSE;
        if (config.hasFeature(AVX)) {
            m |= XFEATURE_MASK_YMM;
        }
        if (config.hasFeature(AVX512F)) {
            m |= XFEATURE_MASK_OPMASK | XFEATURE_MASK_ZMM_HI256 | XFEATURE_MASK_HI16_ZMM;
        }
        if (fpuStateSizeDynamic(config)) {
            m |= XFEATURE_MASK_XTILE;
        }
        return m;
    }

    /**
     * {@code fpu_user_cfg.default_features}: the maximum without the dynamic features; the permission a new
     * process starts with ({@code fpstate_reset}).
     *
     * @param config the configuration
     * @return the mask
     */
    public static long defaultFeatures(KernelConfig config) {
        return maxFeatures(config) & ~XFEATURE_MASK_USER_DYNAMIC;
    }

    /**
     * {@code init_fpstate.xfd}: the features armed in {@code IA32_XFD} for a task that has not used them.
     *
     * @param config the configuration
     * @return {@link #XFEATURE_MASK_XTILE_DATA} with dynamic features, else 0
     */
    public static long initXfd(KernelConfig config) {
        return fpuStateSizeDynamic(config) ? XFEATURE_MASK_USER_DYNAMIC : 0;
    }

    /**
     * The CPU features a register needs: none for x87/MMX, SSE for xmm0-15 and MXCSR, AVX for ymm0-15 and their
     * upper halves, AVX512F for zmm, xmm16-31, ymm16-31 and k, AMX_TILE and XFD for the tile registers.
     *
     * @param register a register or view name of {@link #layout()}
     * @return the feature names, sorted
     * @throws IllegalArgumentException for an unknown register
     */
    public static Set<String> requiredFeatures(String register) {
        return X86Layout.requiredFeatures(register);
    }

    /**
     * Checks a configuration: feature names must be known, and SSE (baseline on x86-64), AVX before AVX512F and
     * AVX512F before AMX_TILE must hold.
     *
     * @param config the configuration
     * @return the configuration
     * @throws IllegalArgumentException naming the offending feature
     */
    public static KernelConfig checkConfig(KernelConfig config) {
        List<String> unknown = new ArrayList<>();
        for (String f : config.cpuFeatures()) {
            if (!KNOWN_FEATURES.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown x86_64 CPU feature(s) " + unknown + "; valid: "
                    + new TreeSet<>(KNOWN_FEATURES));
        }
        if (!config.hasFeature(SSE)) {
            throw new IllegalArgumentException("x86_64 requires CPU feature SSE (baseline); got " + config.cpuFeatures());
        }
        requires(config, AVX512F, AVX);
        requires(config, AMX_TILE, AVX512F);
        return config;
    }

    private static void requires(KernelConfig config, String feature, String needed) {
        if (config.hasFeature(feature) && !config.hasFeature(needed)) {
            throw new IllegalArgumentException("CPU feature " + feature + " needs " + needed + "; got " + config.cpuFeatures());
        }
    }
}

package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.core.state.KernelConfig;

import java.util.Set;

/**
 * The {@code ppc64} architecture: Book3S-64 (POWER7 and later) with VMX and VSX, eager {@code restore_math} on
 * return to user. Little-endian by default ({@link PowerPc#OPTION_CPU_LITTLE_ENDIAN}); drop the option for a
 * big-endian kernel. Aliases {@code powerpc64}, {@code ppc64le}, {@code ppc64be}.
 */
public final class Ppc64Provider extends PowerPcProvider {
    /** Creates the provider (ServiceLoader). */
    public Ppc64Provider() {
        super("ppc64", Set.of("powerpc64", "ppc64le", "ppc64be"),
                "64-bit PowerPC (Book3S-64, VMX + VSX): FPR/VSR/VR files, FPSCR, VSCR, MSR, thread_struct FP state, "
                + "save/give-up/restore_math paths, seeds 000/001/003 as errata",
                Regs.PPC64);
    }

    @Override
    boolean book3s64() {
        return true;
    }

    @Override
    int defaultFpexcMode() {
        return PowerPc.PR_FP_EXC_DISABLED; // INIT_THREAD on PPC64: fpexc_mode = 0
    }

    @Override
    public KernelConfig defaultConfig() {
        return KernelConfig.of(Set.of(PowerPc.OPTION_CPU_LITTLE_ENDIAN), Set.of(PowerPc.FEATURE_ALTIVEC, PowerPc.FEATURE_VSX));
    }

    @Override
    void checkConfig(KernelConfig config) {
        if (config.hasFeature(PowerPc.FEATURE_VSX) && !config.hasFeature(PowerPc.FEATURE_ALTIVEC)) {
            throw new IllegalArgumentException("CPU feature VSX needs ALTIVEC (VSRs 32-63 are the VMX registers); got "
                    + config.cpuFeatures());
        }
    }
}

package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.core.state.KernelConfig;

import java.util.Set;

/**
 * The {@code ppc32} architecture: Book3S-32 (e.g. the G4 Mac Mini of seed 003), big-endian, no VSX, AltiVec if
 * the {@link PowerPc#FEATURE_ALTIVEC} CPU feature is present (default); purely lazy FP/VMX loading (no
 * {@code restore_math}). Aliases {@code powerpc}, {@code ppc}.
 */
public final class Ppc32Provider extends PowerPcProvider {
    /** Creates the provider (ServiceLoader). */
    public Ppc32Provider() {
        super("ppc32", Set.of("powerpc", "ppc", "powerpc32"),
                "32-bit PowerPC (Book3S-32, optional AltiVec, no VSX): FPRs, VRs, FPSCR, VSCR, MSR, lazy FP/VMX loading, "
                + "seeds 000/001/003 as errata",
                Regs.PPC32);
    }

    @Override
    boolean book3s64() {
        return false;
    }

    @Override
    int defaultFpexcMode() {
        return PowerPc.PR_FP_EXC_PRECISE; // INIT_THREAD on PPC32: fpexc_mode = MSR_FE0|MSR_FE1
    }

    @Override
    public KernelConfig defaultConfig() {
        return KernelConfig.of(Set.of(), Set.of(PowerPc.FEATURE_ALTIVEC));
    }

    @Override
    void checkConfig(KernelConfig config) {
        if (config.hasFeature(PowerPc.FEATURE_VSX)) {
            throw new IllegalArgumentException("ppc32 has no VSX (vector.S: \"This asm code isn't ready for 32-bit "
                    + "kernels\"); valid CPU features: [ALTIVEC]; got " + config.cpuFeatures());
        }
        if (config.has(PowerPc.OPTION_CPU_LITTLE_ENDIAN)) {
            throw new IllegalArgumentException("ppc32 kernels are big-endian; option CPU_LITTLE_ENDIAN is only valid for ppc64");
        }
    }
}

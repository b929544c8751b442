package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.core.register.RegisterLayout;

/** The real ppc64 and ppc32 register layouts, as the format tests use them. */
final class ContractLayouts {
    private ContractLayouts() {
    }

    static RegisterLayout ppc64() {
        return PowerPc.PPC64_LAYOUT;
    }

    static RegisterLayout ppc32() {
        return PowerPc.PPC32_LAYOUT;
    }
}

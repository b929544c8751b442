package io.github.fpctx.arch.x86.format;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.register.RegisterLayout;

/** The real x86_64 register layout, as the format tests use it. */
final class ContractLayouts {
    private ContractLayouts() {
    }

    static RegisterLayout x86_64() {
        return X86.layout();
    }
}

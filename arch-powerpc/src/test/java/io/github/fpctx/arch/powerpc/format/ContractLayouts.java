package io.github.fpctx.arch.powerpc.format;

import io.github.fpctx.core.RegisterLayout;

/**
 * The ppc64 and ppc32 register layouts built from the team's naming contract, for the format tests. The real
 * layouts are written on another branch; after merging, these methods can return them instead.
 */
final class ContractLayouts {
    private ContractLayouts() {
    }

    static RegisterLayout ppc64() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
        for (int i = 0; i < 64; i++) {
            b.register("vs" + i, 128);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.view("fr" + i, "vs" + i, 64, 64);       // doubleword 0 (ISA bits 0-63) = LSB-0 bits 64..127
            b.view("vr" + i, "vs" + (32 + i), 0, 128);
            b.view("vs" + i + "h", "vs" + i, 0, 64);  // doubleword 1, GDB's vsNh
        }
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
        }
        return b.build();
    }

    static RegisterLayout ppc32() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc32");
        for (int i = 0; i < 32; i++) {
            b.register("fr" + i, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.register("vr" + i, 128);
        }
        b.register("fpscr", 64).register("vscr", 32).register("vrsave", 32);
        for (int i = 0; i < 32; i++) {
            b.alias("f" + i, "fr" + i);
        }
        return b.build();
    }
}

package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.BitVector;
import io.github.fpctx.core.RegisterLayout;

/**
 * The x86_64 register layout built from the team's naming contract, for the format tests. The real layout is
 * written on another branch; after merging, {@link #x86_64()} can return it instead.
 *
 * <p>Like the real one, the fixture gives {@code xmmN} writes the VEX effect of zeroing bits 128..511 of
 * {@code zmmN}, so the tests notice a codec that writes through effects instead of restoring a snapshot.
 */
final class ContractLayouts {
    private ContractLayouts() {
    }

    static RegisterLayout x86_64() {
        RegisterLayout.Builder b = RegisterLayout.builder("x86_64");
        for (int i = 0; i < 8; i++) {
            b.register("st" + i, 80);
        }
        b.register("fctrl", 16).register("fstat", 16).register("ftag", 16);
        b.register("fiseg", 32).register("fioff", 32).register("foseg", 32).register("fooff", 32);
        b.register("fop", 16).register("mxcsr", 32).register("mxcsr_mask", 32);
        for (int i = 0; i < 32; i++) {
            b.register("zmm" + i, 512);
        }
        for (int i = 0; i < 8; i++) {
            b.register("k" + i, 64);
        }
        b.register("tilecfg", 512).register("tiledata", 8192);
        for (int i = 0; i < 32; i++) {
            String z = "zmm" + i;
            b.view("xmm" + i, z, 0, 128, (before, after, written, value) ->
                    after.withoutEffects(after.layout().register(z), after.get(z).withSlice(128, BitVector.zero(384))));
            b.view("ymm" + i, z, 0, 256);
        }
        for (int i = 0; i < 16; i++) {
            b.view("ymm" + i + "h", "zmm" + i, 128, 128);
            b.view("zmm" + i + "h", "zmm" + i, 256, 256);
        }
        for (int i = 0; i < 8; i++) {
            b.view("mm" + i, "st" + i, 0, 64); // the real layout maps physical registers and adds the x87 effects
        }
        return b.build();
    }
}

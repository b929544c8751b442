package io.github.fpctx.arch.x86.format;

import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.spi.LayoutContract;


/**
 * Register handles of an x86-64 layout, looked up by the names of the fpctx naming contract (which are GDB's
 * names): {@code st0-st7}, {@code fctrl}, {@code fstat}, {@code ftag}, {@code fiseg}, {@code fioff},
 * {@code foseg}, {@code fooff}, {@code fop}, {@code mxcsr}, {@code mxcsr_mask}, {@code xmm0-xmm15} are
 * required; the AVX, AVX-512, PKRU and AMX registers are optional, and an image component whose registers the
 * layout lacks is rejected when present.
 */
final class X86Registers {
    final RegisterLayout layout;
    private final LayoutContract contract;
    final Register[] st = new Register[8];
    final Register fctrl;
    final Register fstat;
    final Register ftag;
    final Register fiseg;
    final Register fioff;
    final Register foseg;
    final Register fooff;
    final Register fop;
    final Register mxcsr;
    final Register mxcsrMask;
    final Register[] xmm = new Register[16];
    final Register[] ymmh;      // null if the layout has no AVX
    final Register[] k;         // null if the layout has no AVX-512 opmask registers
    final Register[] zmmh;      // zmm0h-zmm15h, null if absent
    final Register[] zmmHi16;   // zmm16-zmm31, null if absent
    final Register pkru;        // null if absent
    final Register tilecfg;     // null if absent
    final Register tiledata;    // null if absent

    X86Registers(RegisterLayout layout) {
        this.layout = layout;
        this.contract = LayoutContract.of(layout, "the x86-64 state codecs");
        for (int i = 0; i < 8; i++) {
            st[i] = need("st" + i, 80);
        }
        fctrl = need("fctrl", 16);
        fstat = need("fstat", 16);
        ftag = need("ftag", 16);
        fiseg = need("fiseg", 32);
        fioff = need("fioff", 32);
        foseg = need("foseg", 32);
        fooff = need("fooff", 32);
        fop = need("fop", 16);
        mxcsr = need("mxcsr", 32);
        mxcsrMask = need("mxcsr_mask", 32);
        for (int i = 0; i < 16; i++) {
            xmm[i] = need("xmm" + i, 128);
        }
        ymmh = contract.group("ymm%dh", 0, 16, 128).orElse(null);
        k = contract.group("k%d", 0, 8, 64).orElse(null);
        zmmh = contract.group("zmm%dh", 0, 16, 256).orElse(null);
        zmmHi16 = contract.group("zmm%d", 16, 16, 512).orElse(null);
        pkru = contract.find("pkru", 32).orElse(null);
        tilecfg = contract.find("tilecfg", 512).orElse(null);
        tiledata = contract.find("tiledata", 8192).orElse(null);
    }

    private Register need(String name, int width) {
        return contract.find(name, width).orElseThrow(() -> new IllegalArgumentException("Layout " + layout.name()
                + " has no register '" + name + "'; the x86-64 state codecs need the x86_64 register names (st0-st7, fctrl, "
                + "fstat, ftag, fiseg, fioff, foseg, fooff, fop, mxcsr, mxcsr_mask, xmm0-xmm15)"));
    }

    /**
     * Whether the layout has the registers of an XSAVE state component.
     *
     * @param feature the component number ({@code enum xfeature})
     * @return whether it can be decoded into this layout
     */
    boolean models(int feature) {
        return switch (feature) {
            case 0, 1 -> true;
            case 2 -> ymmh != null;
            case 5 -> k != null;
            case 6 -> zmmh != null;
            case 7 -> zmmHi16 != null;
            case 9 -> pkru != null;
            case 17 -> tilecfg != null;
            case 18 -> tiledata != null;
            default -> false;
        };
    }

    /** @return the XSAVE feature mask of the components this layout models */
    long modelledFeatures() {
        long m = 0;
        for (int f = 0; f < 64; f++) {
            if (models(f)) {
                m |= 1L << f;
            }
        }
        return m;
    }
}

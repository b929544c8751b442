package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.register.Register;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layouts, field registers and helpers of {@link PowerPc}. */
class PowerPcTest {
    @Test
    void msrBitNumbersAreTheKernels() {
        assertEquals(0x2000L, PowerPc.MSR_FP.mask());
        assertEquals(0x0800L, PowerPc.MSR_FE0.mask());
        assertEquals(0x0100L, PowerPc.MSR_FE1.mask());
        assertEquals(0x0200_0000L, PowerPc.MSR_VEC.mask());
        assertEquals(0x0080_0000L, PowerPc.MSR_VSX.mask());
        assertEquals(0x4000L, PowerPc.MSR.field("PR").mask());
        assertEquals(0x8000L, PowerPc.MSR.field("EE").mask());
        assertEquals(0x9000_0000_0000_D033L, PowerPc.MSR_USER64_LE);
        assertEquals("MSR[SF VEC VSX EE PR FP ME IR DR RI LE]", PowerPc.MSR.of(0x8000_0000_0280_F033L).toString(),
                "the oops string 800000000280f033 <SF,VEC,VSX,EE,PR,FP,ME,IR,DR,RI,LE>");
    }

    @Test
    void packAndUnpackFe01() {
        assertEquals(0x000L, PowerPc.packFe01(0));
        assertEquals(0x100L, PowerPc.packFe01(1));
        assertEquals(0x800L, PowerPc.packFe01(2));
        assertEquals(0x900L, PowerPc.packFe01(3));
        for (int m = 0; m <= 3; m++) {
            assertEquals(m, PowerPc.unpackFe01(PowerPc.packFe01(m)));
            assertEquals(m, PowerPc.MSR.of(PowerPc.packFe01(m)).field(PowerPc.MSR_FE_MODE));
        }
        FieldRegister precise = PowerPc.MSR.of(0).with(PowerPc.MSR_FE_MODE, 3);
        assertEquals("MSR[FE0 FE1]", precise.toString());
    }

    @Test
    void rejectsBadFeModes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerPc.packFe01(5));
        assertEquals("Invalid value for PR_SET_FPEXC mode (valid values 0 - 3): 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerPc.MSR.of(0).with(PowerPc.MSR_FE_MODE, 5));
        assertEquals("Invalid value for MSR.FE_MODE (valid values 0 - 3): 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerPcPaths.kvmPrGuestFpUse("t", 4));
        assertEquals("Invalid value for PR_SET_FPEXC mode (valid values 0 - 3): 4", e.getMessage());
    }

    @Test
    void fpscrDecodesSeed001sValue() {
        FieldRegister f = PowerPc.FPSCR.of(0x8200_4000L);
        assertEquals("FPSCR[FX XX FPRF=0x4]", f.toString());
        assertEquals(0L, f.field(PowerPc.FPSCR.field("RN")));
        assertEquals("VSCR[NJ]", PowerPc.VSCR.reset().toString());
    }

    @Test
    void mffsImageDuplicatesDoublewordZeroAsObserved() {
        assertEquals(BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000"), PowerPc.mffsVsrImage(0x8200_4000L));
        assertEquals(BitVector.parse("0x0000_0000_0000_0000_0000_0000_0001_0000"), PowerPc.mfvscrImage(0x0001_0000L));
    }

    @Test
    void ppc64ViewsAliasTheVsrs() {
        Register fr0 = PowerPc.PPC64_LAYOUT.register("f0");
        assertEquals("fr0", fr0.name());
        assertEquals("vs0", fr0.backing());
        assertEquals(64, fr0.lsb());
        assertEquals("vs32", PowerPc.PPC64_LAYOUT.register("v0").backing());
        assertEquals(0, PowerPc.PPC64_LAYOUT.register("vs0h").lsb());
        var f = PowerPc.PPC64_LAYOUT.zeroFile().with("vs0", BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888"));
        assertEquals(BitVector.parse("0x1111_2222_3333_4444"), f.get("fr0"));
        assertEquals(BitVector.parse("0x5555_6666_7777_8888"), f.get("vs0h"));
        assertEquals(f.get("vs33"), f.get("vr1"));
    }

    @Test
    void ppc32HasSeparateFprsAndVrs() {
        assertTrue(PowerPc.PPC32_LAYOUT.register("fr0").isBacking());
        assertEquals(64, PowerPc.PPC32_LAYOUT.register("f31").width());
        assertEquals(128, PowerPc.PPC32_LAYOUT.register("v31").width());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerPc.PPC32_LAYOUT.register("vs0"));
        assertTrue(e.getMessage().startsWith("Unknown register 'vs0' in ppc32; valid: "), e.getMessage());
    }

    @Test
    void threadRecordRejectsOutOfRangeCounters() {
        PowerPcThread th = PowerPcThread.initial(PowerPc.MSR_USER32, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> th.withLoadCounters(256, 0));
        assertEquals("Invalid value for thread.load_fp (valid values 0 - 255): 256", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> th.withFpexcMode(PowerPc.MSR_FP.mask()));
        assertEquals("thread.fpexc_mode must be an MSR image with only FE0/FE1 set; got MSR[FP]", e.getMessage());
        assertEquals(1, PowerPcThread.fprOffset(true));
        assertEquals(0, PowerPcThread.fprOffset(false));
    }

    /**
     * Pins every field of the three tables to the kernel's masks ({@code arch/powerpc/include/asm/reg.h}:
     * {@code MSR_x = 1 << MSR_x_LG}, the {@code FPSCR_x} and {@code VSCR_x} masks), in declaration (rendering) order,
     * and each field's kind through the sticky and control masks, so a table row cannot drift.
     */
    @Test
    void everyFieldIsTheKernelsMask() {
        assertEquals("SF=8000000000000000 HV=1000000000000000 VEC=02000000 VSX=00800000 EE=00008000 PR=00004000"
                + " FP=00002000 ME=00001000 FE0=00000800 SE=00000400 BE=00000200 FE1=00000100 IR=00000020 DR=00000010"
                + " RI=00000002 LE=00000001 FE_MODE=00000900", masks(PowerPc.MSR));
        assertEquals("FX=80000000 FEX=40000000 VX=20000000 OX=10000000 UX=08000000 ZX=04000000 XX=02000000"
                + " VXSNAN=01000000 VXISI=00800000 VXIDI=00400000 VXZDZ=00200000 VXIMZ=00100000 VXVC=00080000"
                + " FR=00040000 FI=00020000 FPRF=0001f000 VXSOFT=00000400 VXSQRT=00000200 VXCVI=00000100"
                + " VE=00000080 OE=00000040 UE=00000020 ZE=00000010 XE=00000008 NI=00000004 RN=00000003"
                + " DRN=700000000", masks(PowerPc.FPSCR));
        assertEquals("NJ=00010000 SAT=00000001", masks(PowerPc.VSCR));
        assertEquals(0L, PowerPc.MSR.stickyMask());
        assertEquals(0x9000_0000_0280_FF33L, PowerPc.MSR.controlMask(), "every MSR field is a control bit");
        assertEquals(0x9FF8_0700L, PowerPc.FPSCR.stickyMask(), "FX, OX UX ZX XX, the VX* causes");
        assertEquals(0x7_0000_00FFL, PowerPc.FPSCR.controlMask(), "the enables, NI, RN and DRN; the rest is status");
        assertEquals(0x1L, PowerPc.VSCR.stickyMask());
    }

    private static String masks(FieldLayout layout) {
        return layout.fields().stream().map(f -> f.name() + "=" + String.format("%08x", f.mask()))
                .collect(Collectors.joining(" "));
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keeps the README's usage example compiling and true. */
class ReadmeExampleTest {
    @Test
    void readmeUsageExample() {
        RegisterLayout.Builder b = RegisterLayout.builder("ppc64");
        for (int i = 0; i < 64; i++) b.register("vs" + i, 128);
        for (int i = 0; i < 32; i++) b.view("fr" + i, "vs" + i, 64, 64);      // FPR i = doubleword 0 of VSR i
        b.register("fpscr", 64);
        RegisterLayout layout = b.build();

        RegisterFile before = layout.zeroFile().with("vs0", BitVector.parse("0x1111_2222_3333_4444_5555_6666_7777_8888"));
        RegisterFile after = before.with("fr0", BitVector.parse("0x0000_0000_8200_4000"));   // mffs fr0
        System.out.println(after.get("vs0"));          // 0x0000_0000_8200_4000_5555_6666_7777_8888
        System.out.println(before.diff(after));        // [vs0: 0x1111_..._8888 -> 0x0000_..._8888]

        FieldLayout msr = FieldLayout.builder("MSR", 64)
                .control("FP", 13, 1).control("FE0", 11, 1).control("FE1", 8, 1)      // name, LSB-0 bit, width
                .build();
        System.out.println(msr.of(0x2800));            // MSR[FP FE0]

        assertEquals("0x0000_0000_8200_4000_5555_6666_7777_8888", after.get("vs0").toString());
        assertEquals("[vs0: 0x1111_2222_3333_4444_5555_6666_7777_8888 -> 0x0000_0000_8200_4000_5555_6666_7777_8888]",
                before.diff(after).toString());
        assertEquals("MSR[FP FE0]", msr.of(0x2800).toString());
    }
}

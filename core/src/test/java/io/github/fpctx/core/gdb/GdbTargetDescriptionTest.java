package io.github.fpctx.core.gdb;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GdbTargetDescriptionTest {
    static final RegisterLayout LAYOUT = RegisterLayout.builder("toy")
            .register("st0", 80).register("mxcsr", 32).register("zmm0", 512)
            .view("xmm0", "zmm0", 0, 128).alias("x0", "xmm0").build();
    static final FieldLayout MXCSR = FieldLayout.builder("MXCSR", 32)
            .field(BitField.of("IE", 0, 1).sticky())
            .field(BitField.of("RC", 13, 2))
            .field(BitField.gather("SCATTERED", 20, 22))
            .build();

    @Test
    void writesFeaturesRegistersVectorsAndFlags() {
        String xml = GdbTargetDescription.of(LAYOUT, Map.of("mxcsr", MXCSR)).toXml();
        assertEquals("""
                <?xml version="1.0"?>
                <!DOCTYPE target SYSTEM "gdb-target.dtd">
                <target version="1.0">
                  <feature name="io.github.fpctx.toy">
                    <flags id="mxcsr_flags" size="4">
                      <field name="IE" start="0" end="0"/>
                      <field name="RC" start="13" end="14"/>
                    </flags>
                    <vector id="v4u128" type="uint128" count="4"/>
                    <reg name="st0" bitsize="80" type="i387_ext"/>
                    <reg name="mxcsr" bitsize="32" type="mxcsr_flags"/>
                    <reg name="zmm0" bitsize="512" type="v4u128"/>
                  </feature>
                </target>
                """, xml);
    }

    @Test
    void usesNamesAsGivenIncludingAliases() {
        String xml = GdbTargetDescription.builder(LAYOUT).architecture("i386:x86-64").feature("org.gnu.gdb.i386.sse")
                .register("x0", "vec128", "vector").build().toXml();
        assertEquals(true, xml.contains("<architecture>i386:x86-64</architecture>"), xml);
        assertEquals(true, xml.contains("<reg name=\"x0\" bitsize=\"128\" type=\"vec128\" group=\"vector\"/>"), xml);
    }

    @Test
    void rejectsUnknownOrRepeatedRegisters() {
        GdbTargetDescription.Builder b = GdbTargetDescription.builder(LAYOUT).feature("f").register("st0", null, null);
        assertThrows(IllegalArgumentException.class, () -> b.register("st0", null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.register("vs64", null, null));
        assertEquals(true, e.getMessage().startsWith("Unknown register 'vs64' in toy"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> GdbTargetDescription.builder(LAYOUT).register("st0", null, null));
    }

    @Test
    void declaresUnheldRegistersWidensHeldOnesAndNumbersInDocumentOrder() {
        GdbTargetDescription d = GdbTargetDescription.builder(LAYOUT).architecture("i386:x86-64").osabi("GNU/Linux")
                .feature("org.gnu.gdb.i386.core").unheld("rip", 64, "code_ptr", null).programCounter("rip")
                .register("st0", 96, null, "float").build();
        assertEquals(List.of("rip", "st0"), d.registers().stream().map(GdbTargetDescription.GdbRegister::name).toList());
        assertEquals(false, d.registers().get(0).held());
        assertEquals(96, d.registers().get(1).bitsize());
        assertEquals(java.util.Optional.of("rip"), d.programCounter());
        assertEquals(true, d.toXml().contains("<osabi>GNU/Linux</osabi>"), d.toXml());
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, d.withByteOrder(java.nio.ByteOrder.BIG_ENDIAN).byteOrder());
        assertThrows(IllegalArgumentException.class, () -> GdbTargetDescription.builder(LAYOUT).feature("f").unheld("st0", 64, null, null));
        assertThrows(IllegalArgumentException.class, () -> GdbTargetDescription.builder(LAYOUT).feature("f").unheld("r0", 12, null, null));
        assertThrows(IllegalArgumentException.class, () -> GdbTargetDescription.builder(LAYOUT).feature("f").register("st0", 8, null, null));
        assertThrows(IllegalStateException.class, () -> GdbTargetDescription.builder(LAYOUT).feature("f").programCounter("pc").build());
    }
}

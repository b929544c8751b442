package io.github.fpctx.arch.powerpc.format;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerPcGdbTargetTest {
    @Test
    void describesFpuAltivecAndVsxForPpc64() {
        String xml = PowerPcGdbTarget.description(ContractLayouts.ppc64(), Optional.empty()).toXml();
        for (String s : new String[] {"<architecture>powerpc:common64</architecture>", "<reg name=\"f0\" bitsize=\"64\" type=\"ieee_double\"",
            "<reg name=\"fpscr\" bitsize=\"64\"", "<reg name=\"vr31\" bitsize=\"128\"", "<reg name=\"vscr\" bitsize=\"32\"",
            "<feature name=\"org.gnu.gdb.power.vsx\">", "<reg name=\"vs31h\" bitsize=\"64\" type=\"uint64\"/>",
            "<feature name=\"org.gnu.gdb.power.core\">", "<reg name=\"r31\" bitsize=\"64\" type=\"uint64\"/>",
            "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>", "<reg name=\"xer\" bitsize=\"32\" type=\"uint32\"/>",
            "<union id=\"vec128\">", "<reg name=\"vr0\" bitsize=\"128\" type=\"vec128\"/>",
            "<feature name=\"org.gnu.gdb.power.linux\">"}) {
            assertTrue(xml.contains(s), s + " in\n" + xml);
        }
    }

    @Test
    void leavesVsxOutForPpc32() {
        String xml = PowerPcGdbTarget.description(ContractLayouts.ppc32(), Optional.empty()).toXml();
        assertTrue(xml.contains("<architecture>powerpc:common</architecture>"));
        assertTrue(xml.contains("<reg name=\"r0\" bitsize=\"32\" type=\"uint32\"/>"), xml);
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, PowerPcGdbTarget.description(ContractLayouts.ppc32(), Optional.empty(), 32).byteOrder());
        assertEquals(false, xml.contains("power.vsx"));
    }
}

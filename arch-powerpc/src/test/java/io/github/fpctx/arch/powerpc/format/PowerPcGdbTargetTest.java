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
            "<feature name=\"org.gnu.gdb.power.vsx\">", "<reg name=\"vs31h\" bitsize=\"64\" type=\"uint64\"/>"}) {
            assertTrue(xml.contains(s), s + " in\n" + xml);
        }
    }

    @Test
    void leavesVsxOutForPpc32() {
        String xml = PowerPcGdbTarget.description(ContractLayouts.ppc32(), Optional.empty()).toXml();
        assertTrue(xml.contains("<architecture>powerpc:common</architecture>"));
        assertEquals(false, xml.contains("power.vsx"));
    }
}

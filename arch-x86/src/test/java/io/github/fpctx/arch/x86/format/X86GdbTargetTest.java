package io.github.fpctx.arch.x86.format;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X86GdbTargetTest {
    @Test
    void describesGdbsFeaturesWithGdbsNames() {
        String xml = X86GdbTarget.description(ContractLayouts.x86_64(), Optional.empty()).toXml();
        for (String s : new String[] {"<architecture>i386:x86-64</architecture>", "<feature name=\"org.gnu.gdb.i386.core\">",
            "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\" group=\"float\"/>", "<reg name=\"ftag\" bitsize=\"16\"",
            "<feature name=\"org.gnu.gdb.i386.avx\">", "<reg name=\"ymm15h\" bitsize=\"128\"",
            "<reg name=\"k7\" bitsize=\"64\"", "<reg name=\"zmm0h\" bitsize=\"256\" type=\"v2u128\"",
            "<reg name=\"mxcsr\" bitsize=\"32\""}) {
            assertTrue(xml.contains(s), s + " in\n" + xml);
        }
        assertEquals(false, xml.contains("pkeys"));
    }
}

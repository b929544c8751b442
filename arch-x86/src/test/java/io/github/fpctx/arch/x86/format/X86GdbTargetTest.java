package io.github.fpctx.arch.x86.format;

import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.GdbTargetDescription.GdbRegister;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The x86-64 description follows gdb's feature files (whether gdb accepts it: samples' GdbServerWithGdbTest). */
class X86GdbTargetTest {
    @Test
    void describesGdbsFeaturesWithGdbsNames() {
        GdbTargetDescription d = X86GdbTarget.description(ContractLayouts.x86_64(), Optional.of(X86.MXCSR));
        String xml = d.toXml();
        for (String s : new String[] {"<architecture>i386:x86-64</architecture>", "<osabi>GNU/Linux</osabi>",
            "<feature name=\"org.gnu.gdb.i386.core\">", "<reg name=\"rax\" bitsize=\"64\" type=\"int64\"/>",
            "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>", "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>",
            "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>", "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>",
            "<feature name=\"org.gnu.gdb.i386.sse\">", "<union id=\"vec128\">", "<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\"/>",
            "<feature name=\"org.gnu.gdb.i386.linux\">", "<reg name=\"orig_rax\" bitsize=\"64\"",
            "<feature name=\"org.gnu.gdb.i386.avx\">", "<reg name=\"ymm15h\" bitsize=\"128\" type=\"uint128\"/>",
            "<feature name=\"org.gnu.gdb.i386.avx512\">", "<reg name=\"xmm31\" bitsize=\"128\" type=\"vec128\"/>",
            "<reg name=\"ymm16h\" bitsize=\"128\" type=\"uint128\"/>", "<reg name=\"k7\" bitsize=\"64\" type=\"uint64\"/>",
            "<reg name=\"zmm31h\" bitsize=\"256\" type=\"v2ui128\"/>", "<reg name=\"mxcsr\" bitsize=\"32\" type=\"mxcsr_flags\" group=\"vector\"/>"}) {
            assertTrue(xml.contains(s), s + " in\n" + xml);
        }
        assertFalse(xml.contains("pkeys"), "the x86_64 layout has no pkru");
        assertEquals(Optional.of("rip"), d.programCounter());
        List<GdbRegister> regs = d.registers();
        assertEquals("rax", regs.get(0).name());
        assertFalse(regs.get(0).held());
        GdbRegister fctrl = regs.stream().filter(r -> r.name().equals("fctrl")).findFirst().orElseThrow();
        assertTrue(fctrl.held());
        assertEquals(32, fctrl.bitsize(), "gdb's width; served zero-extended from fpctx's 16 bits");
        assertEquals(24 + 8 + 8 + 16 + 1 + 1 + 16 + 16 + 16 + 8 + 32, regs.size());
    }
}

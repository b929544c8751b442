package io.github.fpctx.arch.x86.format;

import io.github.fpctx.testkit.Json;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.MalformedStateException;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FxsaveTest {
    static final RegisterLayout X86 = ContractLayouts.x86_64();

    @Test
    void decodesTheKernelsNtPrfpregAsIntended() {
        RegisterFile f = Fxsave.decode(X86.zeroFile(), Data.bytes("kernel-prfpreg.bin"));
        Map<String, Object> intended = Data.json("intended.json");
        @SuppressWarnings("unchecked")
        List<String> st = (List<String>) intended.get("st_loaded");
        for (int i = 0; i < 8; i++) {
            assertEquals(BitVector.parse(st.get(i), 80), f.get("st" + i), "st" + i);
        }
        assertEquals(BitVector.parse((String) intended.get("fcw"), 16), f.get("fctrl"));
        assertEquals(BitVector.parse((String) intended.get("mxcsr"), 32), f.get("mxcsr"));
        assertEquals(BitVector.parse("0x2a40", 16), f.get("ftag"));
        assertEquals(BitVector.parse("0x0002ffff", 32), f.get("mxcsr_mask"));
        Map<String, Object> ymm = Json.object(intended.get("ymm"));
        for (int i = 0; i < 16; i++) {
            BitVector y = BitVector.parse((String) ymm.get("ymm" + i), 256);
            assertEquals(y.slice(0, 128), f.get("xmm" + i), "xmm" + i);
            assertEquals(BitVector.zero(128), f.get("ymm" + i + "h"), "NT_PRFPREG has no upper halves");
        }
    }

    @Test
    void reencodesRealNotesByteForByte() {
        for (String name : List.of("kernel-prfpreg.bin", "prfpreg.bin")) {
            byte[] note = Data.bytes(name);
            assertArrayEquals(note, Fxsave.encode(Fxsave.decode(X86.zeroFile(), note)), name);
        }
    }

    @Test
    void exportThenImportGivesTheSameFile() {
        RegisterFile f = Fixtures.randomConsistent(X86, 7, false);
        RegisterFile legacyOnly = Fixtures.legacyOf(f);
        assertEquals(legacyOnly, Fxsave.decode(X86.zeroFile(), Fxsave.encode(f)));
    }

    @Test
    void keepsRegistersTheImageDoesNotCover() {
        RegisterFile base = X86.zeroFile().with("k3", BitVector.of(64, 0x55));
        RegisterFile f = Fxsave.decode(base, Data.bytes("kernel-prfpreg.bin"));
        assertEquals(BitVector.of(64, 0x55), f.get("k3"));
    }

    @Test
    void rejectsAWrongSize() {
        MalformedStateException e = assertThrows(MalformedStateException.class,
                () -> Fxsave.decode(X86.zeroFile(), new byte[264]));
        assertEquals("NT_PRFPREG at offset 0 (0x0): note is 264 bytes; expected 512", e.getMessage());
    }

    @Test
    void importsMxcsrAsWrittenAndChecksItOnlyOnTheWritePath() {
        byte[] b = Data.bytes("prfpreg.bin"); // gdb's gcore: MXCSR_MASK 0
        b[24] = (byte) 0xc0;                  // MXCSR 0x7fc0: DAZ (bit 6), outside the default mask 0xFFBF
        RegisterFile f = Fxsave.decode(X86.zeroFile(), b);
        assertEquals(BitVector.of(32, 0x7fc0), f.get("mxcsr"));
        assertEquals(BitVector.zero(32), f.get("mxcsr_mask"));
        // xfpregs_set checks against the CPU's mxcsr_feature_mask: Zen 4 0x0002ffff accepts DAZ, 0 (= 0xFFBF) does not
        Fxsave.checkMxcsrForWrite(f, 0x0002ffff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fxsave.checkMxcsrForWrite(f, 0));
        assertEquals("Invalid value for MXCSR 0x00007fc0: bits 0x00000040 are outside the CPU's mxcsr_feature_mask "
                + "0x0000ffbf (xfpregs_set returns -EINVAL); expected only supported bits", e.getMessage());
    }

    @Test
    void rejectsALayoutWithoutTheContractNames() {
        RegisterLayout toy = RegisterLayout.builder("toy").register("st0", 80).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fxsave.encode(toy.zeroFile()));
        assertEquals(true, e.getMessage().startsWith("Layout toy has no register 'st1'"), e.getMessage());
    }
}

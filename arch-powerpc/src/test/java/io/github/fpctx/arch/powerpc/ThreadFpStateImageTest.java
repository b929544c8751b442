package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link PowerPc#threadFpStateImage}: where TS_FPROFFSET puts each FPR for either endianness. */
class ThreadFpStateImageTest {
    private static final RegisterFile SAVED = PowerPc.PPC64_LAYOUT.zeroFile()
            .with("vs1", BitVector.parse("0x1111_1111_1111_1111_2222_2222_2222_2222"))
            .with("fpscr", BitVector.of(64, 0x8200_4000L));

    @Test
    void littleEndianPutsTheFprInTheSecondDoubleword() {
        byte[] img = PowerPc.threadFpStateImage(SAVED, true);
        assertEquals(520, img.length);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x2222_2222_2222_2222L, b.getLong(16), "fpr[1][TS_VSRLOWOFFSET = 0]");
        assertEquals(0x1111_1111_1111_1111L, b.getLong(24), "fpr[1][TS_FPROFFSET = 1]");
        assertEquals(0x8200_4000L, b.getLong(512), "FPSTATE_FPSCR");
    }

    @Test
    void bigEndianPutsTheFprFirst() {
        ByteBuffer b = ByteBuffer.wrap(PowerPc.threadFpStateImage(SAVED, false)).order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x1111_1111_1111_1111L, b.getLong(16));
        assertEquals(0x2222_2222_2222_2222L, b.getLong(24));
    }

    @Test
    void ppc32HasOneDoublewordPerFpr() {
        RegisterFile f = PowerPc.PPC32_LAYOUT.zeroFile().with("f2", BitVector.of(64, 0x4000_0000_0000_0000L));
        byte[] img = PowerPc.threadFpStateImage(f, false);
        assertEquals(264, img.length);
        assertEquals(0x4000_0000_0000_0000L, ByteBuffer.wrap(img).getLong(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerPc.threadFpStateImage(f, true));
        assertEquals("ppc32 kernels are big-endian; thread_fp_state has no little-endian form there", e.getMessage());
    }
}

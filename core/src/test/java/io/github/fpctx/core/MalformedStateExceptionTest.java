package io.github.fpctx.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MalformedStateExceptionTest {
    @Test
    void namesTheStructureTheOffsetAndWhatWasExpected() {
        MalformedStateException e = new MalformedStateException("NT_PRFPREG", 744, "note is 264 bytes; expected 512");
        assertEquals("NT_PRFPREG at offset 744 (0x2e8): note is 264 bytes; expected 512", e.getMessage());
        assertEquals("NT_PRFPREG", e.structure());
        assertEquals(744, e.offset());
        assertInstanceOf(IllegalArgumentException.class, e);
    }
}

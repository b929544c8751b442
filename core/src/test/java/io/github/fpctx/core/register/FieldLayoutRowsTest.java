package io.github.fpctx.core.register;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The row methods of {@link FieldLayout.Builder}: each is the {@code field(BitField...)} call it stands for. */
class FieldLayoutRowsTest {
    private static final Map<Long, String> ROUNDING = Map.of(0L, "nearest", 1L, "down", 2L, "up", 3L, "zero");

    @Test
    void rowsAreTheFieldsTheyNameWithTheirKind() {
        FieldLayout rows = FieldLayout.builder("MXCSR", 32)
                .sticky("IE", 0, 1).control("IM", 7, 1).control("RC", 13, 2, ROUNDING).status("ST", 16, 3)
                .reserved(0xFFF8_0000L).reset(0x1F80).build();
        FieldLayout fields = FieldLayout.builder("MXCSR", 32)
                .field(BitField.of("IE", 0, 1).sticky()).field(BitField.of("IM", 7, 1))
                .field(BitField.of("RC", 13, 2).withValueNames(ROUNDING)).field(BitField.of("ST", 16, 3).status())
                .reserved(0xFFF8_0000L).reset(0x1F80).build();
        assertEquals(fields.fields(), rows.fields());
        assertEquals(BitField.Kind.STICKY, rows.field("IE").kind());
        assertEquals(BitField.Kind.CONTROL, rows.field("IM").kind());
        assertEquals(BitField.Kind.STATUS, rows.field("ST").kind());
        assertEquals(0x7_0000L, rows.field("ST").mask());
        assertEquals(3L, rows.field("RC").valueOf("zero"));
        assertEquals("MXCSR[IM 0x1f00]", rows.reset().toString(), "the class Javadoc's example");
    }

    @Test
    void rowsAreCheckedLikeFields() {
        FieldLayout.Builder b = FieldLayout.builder("X", 16).control("A", 0, 1);
        assertEquals("Field A is already declared in X",
                assertThrows(IllegalArgumentException.class, () -> b.sticky("A", 1, 1)).getMessage());
        assertEquals("Field B uses bit 16 but X has bits 0 - 15",
                assertThrows(IllegalArgumentException.class, () -> b.status("B", 15, 2)).getMessage());
        assertEquals("Invalid value for width of field C (valid values 1 - 4): 5",
                assertThrows(IllegalArgumentException.class, () -> b.control("C", 60, 5)).getMessage());
        assertEquals("Field name must be a non-blank name; got ' '",
                assertThrows(IllegalArgumentException.class, () -> b.control(" ", 1, 1)).getMessage());
        assertEquals("Invalid value for D value (valid values 0 - 1): 2",
                assertThrows(IllegalArgumentException.class, () -> b.control("D", 2, 1, Map.of(2L, "two"))).getMessage());
    }
}

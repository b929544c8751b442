package io.github.fpctx.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesObjectsArraysStringsNumbersAndLiterals() {
        Map<String, Object> m = Json.object(Json.parse("{\"mxcsr\": \"0x1f80\", \"st\": [1, 2.5], \"ok\": true, \"n\": null}"));
        assertEquals("0x1f80", m.get("mxcsr"));
        assertEquals(2, ((List<?>) m.get("st")).size());
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertTrue(m.containsKey("n"));
    }

    @Test
    void malformedTextIsAClearError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": ")).getMessage().startsWith("Malformed JSON at offset"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x")).getMessage().contains("trailing text"));
        assertEquals("Expected a JSON object; got ArrayList", assertThrows(IllegalArgumentException.class, () -> Json.object(Json.parse("[]"))).getMessage());
    }
}

package io.github.fpctx.core.gdb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GdbVectorUnionTest {
    @Test
    void declaresTheVectorsThenTheUnionInTheOrderAdded() {
        String xml = GdbVectorUnion.named("vec128").field("uint128", "uint128")
                .vector("v4_float", "v4f", "ieee_single", 4).vector("v16_int8", "v16i8", "int8", 16).toXml();
        assertEquals("""
                <vector id="v4f" type="ieee_single" count="4"/>
                <vector id="v16i8" type="int8" count="16"/>
                <union id="vec128">
                  <field name="uint128" type="uint128"/>
                  <field name="v4_float" type="v4f"/>
                  <field name="v16_int8" type="v16i8"/>
                </union>
                """, xml);
    }
}

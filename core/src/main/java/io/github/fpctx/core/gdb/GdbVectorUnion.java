package io.github.fpctx.core.gdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The XML of a GDB vector union type such as {@code vec128} ({@code gdb/features/i386/64bit-sse.xml},
 * {@code gdb/features/rs6000/power-altivec.xml}): one {@code <vector>} element for each vector view, then the
 * {@code <union>} of all views, in the order they were added. Pass the result to
 * {@link GdbTargetDescription.Builder#types(String)}.
 *
 * <pre>{@code
 * String vec128 = GdbVectorUnion.named("vec128").field("uint128", "uint128")
 *         .vector("v4_float", "v4f", "ieee_single", 4).toXml();
 * }</pre>
 *
 * @implSpec Instances are mutable builders, not thread-safe; {@link #toXml()} may be called any number of times.
 */
public final class GdbVectorUnion {
    private final String id;
    private final List<String> vectors = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();

    private GdbVectorUnion(String id) {
        this.id = id;
    }

    /**
     * Starts a union type.
     *
     * @param id the type id registers refer to, e.g. {@code vec128}
     * @return the builder
     */
    public static GdbVectorUnion named(String id) {
        return new GdbVectorUnion(Objects.requireNonNull(id, "id"));
    }

    /**
     * Adds a view of a vector type declared here, e.g. {@code v4_float} of {@code <vector id="v4f"
     * type="ieee_single" count="4"/>}.
     *
     * @param field   the union field's name
     * @param id      the vector type's id
     * @param element the element type
     * @param count   the number of elements
     * @return this builder
     */
    public GdbVectorUnion vector(String field, String id, String element, int count) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(element, "element");
        vectors.add("<vector id=\"" + id + "\" type=\"" + element + "\" count=\"" + count + "\"/>\n");
        return field(field, id);
    }

    /**
     * Adds a view of an existing type, e.g. {@code uint128}.
     *
     * @param field the union field's name
     * @param type  its type
     * @return this builder
     */
    public GdbVectorUnion field(String field, String type) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        fields.add("  <field name=\"" + field + "\" type=\"" + type + "\"/>\n");
        return this;
    }

    /** @return the vector declarations and the union, one element a line */
    public String toXml() {
        return String.join("", vectors) + "<union id=\"" + id + "\">\n" + String.join("", fields) + "</union>\n";
    }
}

package io.github.fpctx.arch.x86.format;

import java.util.Objects;

import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.GdbVectorUnion;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * GDB's description of x86-64 ({@code gdb/features/i386/64bit-core.xml}, {@code 64bit-sse.xml},
 * {@code 64bit-linux.xml}, {@code 64bit-avx.xml}, {@code 64bit-avx512.xml}, {@code 64bit-pkeys.xml}) for a layout
 * with the x86_64 register names: the description GDB's amd64 architecture accepts, because it carries the core
 * feature ({@code org.gnu.gdb.i386.core}).
 *
 * <pre>{@code
 * String xml = X86GdbTarget.description(layout, Optional.of(X86.MXCSR)).toXml();
 * }</pre>
 *
 * <p>The general registers ({@code rax}..{@code r15}, {@code rip}, {@code eflags}, the segment registers) and
 * {@code orig_rax} are declared but not held by fpctx: a server reports them as unavailable, except {@code rip},
 * which {@link io.github.fpctx.core.gdb.GdbServer} fills with the trace position. The x87 control registers are
 * 32 bits wide in GDB ({@code fctrl}..{@code fop}) while fpctx keeps FCW/FSW/FTW/FOP at 16 bits: they are
 * described with GDB's width and served zero-extended. Types are GDB's ({@code vec128} union, {@code v2ui128}),
 * so {@code p $xmm0.v4_float} works as against a live process. Features whose registers the layout lacks are left
 * out.
 */
public final class X86GdbTarget {
    /** {@code 64bit-sse.xml}'s {@code vec128}. */
    private static final String VEC128 = GdbVectorUnion.named("vec128")
            .vector("v8_bfloat16", "v8bf16", "bfloat16", 8).vector("v8_half", "v8h", "ieee_half", 8)
            .vector("v4_float", "v4f", "ieee_single", 4).vector("v2_double", "v2d", "ieee_double", 2)
            .vector("v16_int8", "v16i8", "int8", 16).vector("v8_int16", "v8i16", "int16", 8)
            .vector("v4_int32", "v4i32", "int32", 4).vector("v2_int64", "v2i64", "int64", 2)
            .field("uint128", "uint128").toXml();
    private static final String EFLAGS = """
            <flags id="i386_eflags" size="4">
              <field name="CF" start="0" end="0"/>
              <field name="" start="1" end="1"/>
              <field name="PF" start="2" end="2"/>
              <field name="AF" start="4" end="4"/>
              <field name="ZF" start="6" end="6"/>
              <field name="SF" start="7" end="7"/>
              <field name="TF" start="8" end="8"/>
              <field name="IF" start="9" end="9"/>
              <field name="DF" start="10" end="10"/>
              <field name="OF" start="11" end="11"/>
              <field name="NT" start="14" end="14"/>
              <field name="RF" start="16" end="16"/>
              <field name="VM" start="17" end="17"/>
              <field name="AC" start="18" end="18"/>
              <field name="VIF" start="19" end="19"/>
              <field name="VIP" start="20" end="20"/>
              <field name="ID" start="21" end="21"/>
            </flags>
            """;
    private static final String[] GPRS = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private X86GdbTarget() {
    }

    /**
     * Builds the description.
     *
     * @param layout an x86_64-contract layout
     * @param mxcsr  the MXCSR field layout, described as flags; empty for a plain integer
     * @return the description (architecture {@code i386:x86-64}, OS ABI {@code GNU/Linux}, little-endian)
     */
    public static GdbTargetDescription description(RegisterLayout layout, Optional<FieldLayout> mxcsr) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(mxcsr, "mxcsr");
        X86Registers r = new X86Registers(layout);
        GdbTargetDescription.Builder b = GdbTargetDescription.builder(layout).architecture("i386:x86-64")
                .osabi("GNU/Linux").byteOrder(ByteOrder.LITTLE_ENDIAN)
                .feature("org.gnu.gdb.i386.core").types(EFLAGS);
        for (String g : GPRS) {
            b.unheld(g, 64, g.equals("rbp") || g.equals("rsp") ? "data_ptr" : "int64", null);
        }
        b.unheld("rip", 64, "code_ptr", null).programCounter("rip");
        b.unheld("eflags", 32, "i386_eflags", null);
        for (String seg : new String[] {"cs", "ss", "ds", "es", "fs", "gs"}) {
            b.unheld(seg, 32, "int32", null);
        }
        for (int i = 0; i < 8; i++) {
            b.register("st" + i, "i387_ext", null);
        }
        for (String n : new String[] {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"}) {
            b.register(n, 32, "int", "float");
        }
        b.feature("org.gnu.gdb.i386.sse").types(VEC128);
        for (int i = 0; i < 16; i++) {
            b.register("xmm" + i, "vec128", null);
        }
        if (mxcsr.isPresent()) {
            b.flagsRegister("mxcsr", mxcsr.get(), "vector");
        } else {
            b.register("mxcsr", "int", "vector");
        }
        b.feature("org.gnu.gdb.i386.linux").unheld("orig_rax", 64, "int", null);
        if (r.ymmh != null) {
            b.feature("org.gnu.gdb.i386.avx");
            for (int i = 0; i < 16; i++) {
                b.register("ymm" + i + "h", "uint128", null);
            }
        }
        boolean gdbNames = layout.has("ymm16h") && layout.has("zmm16h") && layout.has("xmm16");
        if (r.k != null && r.zmmh != null && r.zmmHi16 != null && gdbNames) {
            b.feature("org.gnu.gdb.i386.avx512").types(VEC128).types("<vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>");
            for (int i = 16; i < 32; i++) {
                b.register("xmm" + i, "vec128", null);
            }
            for (int i = 16; i < 32; i++) {
                b.register("ymm" + i + "h", "uint128", null);
            }
            for (int i = 0; i < 8; i++) {
                b.register("k" + i, "uint64", null);
            }
            for (int i = 0; i < 32; i++) {
                b.register("zmm" + i + "h", "v2ui128", null);
            }
        }
        if (r.pkru != null) {
            b.feature("org.gnu.gdb.i386.pkeys").register("pkru", "uint32", null);
        }
        return b.build();
    }
}

package io.github.fpctx.arch.x86.format;

/**
 * Where {@link X86NoteCodec} took the component offsets of an {@code NT_X86_XSTATE} image from, in its order of
 * preference; reported by {@link io.github.fpctx.core.elf.ThreadRegisters#layoutSource()} as the constant's name.
 */
public enum XsaveLayoutSource {
    /** The thread's {@code NT_X86_XSAVE_LAYOUT} note (Linux 6.x writes it): the writing CPU's real offsets. */
    LAYOUT_NOTE,
    /** The codec's CPU table ({@link XsaveLayout}, i.e. CPUID leaf 0xD), whose size for the image's XCR0 matched. */
    CPU_TABLE,
    /**
     * A guess from XCR0 and the image size ({@link XsaveLayout#guess}, as GDB's {@code i387_guess_xsave_layout}):
     * right for images GDB wrote, an assumption for others.
     */
    SIZE_GUESS
}

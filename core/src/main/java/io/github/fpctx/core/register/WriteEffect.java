package io.github.fpctx.core.register;

/**
 * A side effect that a {@link RegisterLayout} declares for writes through one register, beyond replacing
 * that register's bits: an x86 VEX-encoded write to {@code xmm0} zeroing bits 128 and up of {@code zmm0},
 * or an MMX write setting the x87 exponent to {@code 0xFFFF}, TOP to 0 and the tags to valid.
 *
 * <p>The effect runs after the slice is written and returns the final file. It may write other registers
 * through {@link RegisterFile#with(String, BitVector)} (their own effects then run too) or through
 * {@link RegisterFile#withoutEffects(Register, BitVector)}.
 */
@FunctionalInterface
public interface WriteEffect {
    /**
     * Applies the effect.
     *
     * @param before     the file before the write (for effects whose placement depends on prior state, such as
     *                   an MMX write that first sets the x87 TOP to 0); never null
     * @param afterWrite the file with the written register's bits already replaced; never null
     * @param written    the register that was written
     * @param value      the value written
     * @return the file after the effect; never null
     */
    RegisterFile apply(RegisterFile before, RegisterFile afterWrite, Register written, BitVector value);
}

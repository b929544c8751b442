/**
 * An out-of-tree architecture for fpctx, written only against the public SPI: arm64 FPSIMD
 * ({@link io.github.fpctx.samples.arm64.Arm64FpsimdProvider}). The README's "Adding an architecture" walks
 * through it.
 */
package io.github.fpctx.samples.arm64;

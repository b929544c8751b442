/**
 * An out-of-tree architecture for fpctx, written only against the public SPI: arm64 FPSIMD
 * ({@link io.github.fpctx.samples.arm64.Arm64FpsimdProvider}). It is the worked example of
 * {@code docs/adding-an-architecture.md}.
 */
package io.github.fpctx.samples.arm64;

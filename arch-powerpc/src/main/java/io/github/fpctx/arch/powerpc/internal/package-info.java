/**
 * The PowerPC providers ({@code ppc64}, {@code ppc32}) and kernel paths. Not exported: use the
 * {@link io.github.fpctx.core.Architectures} registry and the helpers of {@code io.github.fpctx.arch.powerpc}.
 */
package io.github.fpctx.arch.powerpc.internal;

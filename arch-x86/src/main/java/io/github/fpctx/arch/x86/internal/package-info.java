/**
 * The x86-64 provider and kernel paths; not exported. {@link io.github.fpctx.arch.x86.internal.Kernel} holds the
 * kernel functions as operations on a {@link io.github.fpctx.core.KernelContext}, each recorded under its kernel
 * name; {@link io.github.fpctx.arch.x86.internal.X86Actions} composes them into actions.
 */
package io.github.fpctx.arch.x86.internal;

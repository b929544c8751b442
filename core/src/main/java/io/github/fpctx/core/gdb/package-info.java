/**
 * GDB interoperability: target-description XML for register layouts
 * ({@link io.github.fpctx.core.gdb.GdbTargetDescription}).
 */
package io.github.fpctx.core.gdb;

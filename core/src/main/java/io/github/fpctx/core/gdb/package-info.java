/**
 * GDB interoperability: target-description XML for register layouts
 * ({@link io.github.fpctx.core.gdb.GdbTargetDescription}) and a remote-serial-protocol server that replays a
 * trace for GDB ({@link io.github.fpctx.core.gdb.GdbServer}). The packet handling lives in the non-exported
 * {@code io.github.fpctx.core.gdb.internal}.
 */
package io.github.fpctx.core.gdb;

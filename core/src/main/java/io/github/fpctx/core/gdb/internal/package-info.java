/**
 * Internals of the GDB remote-serial-protocol server ({@link io.github.fpctx.core.gdb.GdbServer}): packet framing
 * ({@link io.github.fpctx.core.gdb.internal.RspFramer}), request parsing
 * ({@link io.github.fpctx.core.gdb.internal.RspRequest}) and the trace-replay session
 * ({@link io.github.fpctx.core.gdb.internal.TraceSession}). Not exported.
 */
package io.github.fpctx.core.gdb.internal;

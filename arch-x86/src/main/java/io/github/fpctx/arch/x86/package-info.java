/**
 * The x86-64 model's API: {@link io.github.fpctx.arch.x86.X86} (layout, MXCSR/FCW/FSW field registers, CPU
 * feature names, XSAVE masks, init values), {@link io.github.fpctx.arch.x86.X86Errata} (erratum ids and facts),
 * {@link io.github.fpctx.arch.x86.X86Paths} and {@link io.github.fpctx.arch.x86.X86Steps} (typed kernel paths
 * and the seed schedules as core {@link io.github.fpctx.core.Action}s), and the extension records
 * {@link io.github.fpctx.arch.x86.FpuState} (per task), {@link io.github.fpctx.arch.x86.X86Cpu} (per CPU) and
 * {@link io.github.fpctx.arch.x86.X86Machine}.
 *
 * <p>The model follows Linux v6.6 ({@code arch/x86/kernel/fpu/core.c}, {@code context.h}, {@code sched.h},
 * {@code xstate.c}, {@code signal.c}): registers live in a CPU's hardware or in the task's {@code fpstate};
 * {@code fpregs_state_valid(fpu, cpu)} (owner slot and {@code last_cpu} both match) decides whether the exit to
 * user space may skip the restore.
 */
package io.github.fpctx.arch.x86;

package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Machine;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.spi.KernelModel;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.List;
import java.util.Optional;

/**
 * The kernel functions of {@code arch/x86/kernel/fpu/} (v6.6) as operations on a {@link KernelContext}, each
 * recorded in the call tree under its kernel name. Inline helpers ({@code fpregs_lock},
 * {@code fpregs_state_valid}, ...) are recorded too, for readability; where that matters (the "Preemption
 * disabled at:" line) the caller is reported, as the kernel does. One instance serves one step ({@link KernelModel}).
 */
final class Kernel extends KernelModel<X86Cpu, FpuState, X86Machine> {
    Kernel(KernelContext ctx) {
        super(ctx, X86Cpu.class, FpuState.class, X86Machine.class);
    }

    /** {@code current->sighand->siglock}: a {@code spinlock_t}. */
    public static final Lock SIGLOCK = new Lock("sighand->siglock", LockKind.SPINLOCK);

    /** What kernel FPU users leave in xmm0 (the model's token for "clobbered by the kernel"). */
    public static final BitVector KERNEL_TOKEN = BitVector.of(128, 0x6b65_726e_656cL); // "kernel"

    private static final Register TILEDATA = X86Layout.LAYOUT.register("tiledata");
    private static final Register XMM0 = X86Layout.LAYOUT.register("xmm0");
    private static final Register MXCSR = X86Layout.LAYOUT.register("mxcsr");
    private static final BitVector TILEDATA_INIT = BitVector.zero(8192);

    // ---- state accessors in the kernel's words ----------------------------------------------------------------

    /** {@code tsk->thread.fpu}. */
    FpuState fpu(String task) {
        return taskExt(task);
    }

    void setFpu(String task, FpuState f) {
        setTaskExt(task, f);
    }

    /** This CPU's {@code fpu_fpregs_owner_ctx}, {@code in_kernel_fpu} and {@code xfd_state}. */
    X86Cpu percpu(int cpu) {
        return cpuExt(cpu);
    }

    void setPercpu(int cpu, X86Cpu c) {
        setCpuExt(cpu, c);
    }

    /** {@code kernel_fpu_begin_mask}'s {@code ldmxcsr(MXCSR_DEFAULT)}. */
    static final Source KERNEL_MXCSR = Source.kernelValue("kernel_fpu_begin's ldmxcsr(MXCSR_DEFAULT)");
    /** What kernel SIMD code leaves in xmm0. */
    static final Source KERNEL_CODE = Source.kernelValue("kernel SIMD code's own value");

    void setPhase(String task, KernelPhase phase, TaskMode mode) {
        MachineState s = ctx.state();
        TaskState t = s.task(task);
        ctx.update(s.withTask(t.withMode(mode).withExt(t.ext(FpuState.class).withPhase(phase))));
    }

    /**
     * {@code fpregs_state_valid(fpu, cpu)}: {@code fpu == this_cpu(fpu_fpregs_owner_ctx) && cpu == fpu->last_cpu}.
     *
     * @param s    a state
     * @param task a task
     * @param cpu  a CPU
     * @return whether the CPU's registers hold the task's current state
     */
    static boolean fpregsStateValid(MachineState s, String task, int cpu) {
        return s.cpu(cpu).ext(X86Cpu.class).isOwner(task) && s.task(task).ext(FpuState.class).lastCpu() == cpu;
    }

    boolean fpregsStateValid(String task, int cpu) {
        return fpregsStateValid(ctx.state(), task, cpu);
    }

    // ---- context.h ------------------------------------------------------------------------------------------

    void cpuInvalidateFpregsState(int cpu) {
        ctx.call("__cpu_invalidate_fpregs_state", () ->
                setPercpu(cpu, percpu(cpu).withOwner(Optional.empty())));
    }

    void fpuInvalidateFpregsState(String task) {
        ctx.call("__fpu_invalidate_fpregs_state", () ->
                setFpu(task, fpu(task).withLastCpu(-1)));
    }

    void fpregsActivate(int cpu, String task) {
        ctx.call("fpregs_activate", () ->
                setPercpu(cpu, percpu(cpu).withOwner(Optional.of(task))));
    }

    void fpregsDeactivate(int cpu) {
        ctx.call("fpregs_deactivate", () ->
                setPercpu(cpu, percpu(cpu).withOwner(Optional.empty())));
    }

    void fpregsMarkActivate(int cpu, String task) {
        ctx.call("fpregs_mark_activate", () -> {
            fpregsActivate(cpu, task);
            setFpu(task, fpu(task).withLastCpu(cpu).withNeedFpuLoad(false));
        });
    }

    // ---- locking -------------------------------------------------------------------------------------------

    /**
     * {@code fpregs_lock()}: {@code local_bh_disable()}, or {@code preempt_disable()} under {@code PREEMPT_RT}.
     * It is inline, so "Preemption disabled at:" names its caller.
     */
    void fpregsLock(int cpu, String caller) {
        ctx.call("fpregs_lock", () -> {
            if (ctx.config().preemptRt()) {
                ctx.preemptDisable(cpu, caller);
                ctx.note("preempt_disable (PREEMPT_RT)");
            } else {
                ctx.localBhDisable(cpu);
                ctx.note("local_bh_disable");
            }
        });
    }

    void fpregsUnlock(int cpu) {
        ctx.call("fpregs_unlock", () -> {
            if (ctx.config().preemptRt()) {
                ctx.preemptEnable(cpu);
            } else {
                ctx.localBhEnable(cpu);
            }
        });
    }

    // ---- save / restore -------------------------------------------------------------------------------------

    /**
     * {@code save_fpregs_to_fpstate(fpu)}: XSAVE the CPU's registers into the task's fpstate. The registers are
     * preserved, so the owner stays. Dynamic features still armed in the fpstate's {@code xfd} are not part of
     * its {@code xfeatures}, so they are saved as init.
     */
    void saveFpregsToFpstate(int cpu, String task) {
        ctx.call("save_fpregs_to_fpstate", () -> {
            RegisterFile img = live(cpu);
            if ((fpu(task).xfd() & X86.XFEATURE_MASK_XTILE_DATA) != 0) {
                img = img.withoutEffects(TILEDATA, TILEDATA_INIT);
            }
            setSaved(task, img, Source.live(cpu));
            ctx.note(() -> "os_xsave: cpu" + cpu + " registers -> " + task + ".fpstate");
        });
    }

    /** {@code restore_fpregs_from_fpstate}: {@code xfd_update_state}, then XRSTOR. */
    void restoreFpregsFromFpstate(int cpu, String task) {
        ctx.call("restore_fpregs_from_fpstate", () -> {
            xfdUpdateState(cpu, task);
            setLive(cpu, saved(task), ctx.saveArea(task));
            ctx.note(() -> "os_xrstor: " + task + ".fpstate -> cpu" + cpu + " registers");
        });
    }

    void xfdUpdateState(int cpu, String task) {
        if (!machineExt().fpuStateSizeDynamic()) {
            return;
        }
        long want = fpu(task).xfd();
        X86Cpu c = percpu(cpu);
        if (c.xfd() != want) {
            ctx.call("xfd_update_state", () -> {
                setPercpu(cpu, c.withXfd(want));
                ctx.note(() -> "wrmsrl(MSR_IA32_XFD, 0x" + Long.toHexString(want) + ")");
            });
        }
    }

    /**
     * {@code fpregs_restore_userregs()}: if not {@code fpregs_state_valid}, restore from fpstate,
     * {@code fpregs_activate}, {@code last_cpu = cpu}; always clear {@code TIF_NEED_FPU_LOAD}.
     */
    void fpregsRestoreUserregs(int cpu, String task) {
        ctx.call("fpregs_restore_userregs", () -> {
            if (ctx.warnOn(!isUser(task), cpu,
                    () -> "fpregs_restore_userregs for kernel thread '" + task + "' (PF_KTHREAD | PF_USER_WORKER)")) {
                return;
            }
            boolean valid = ctx.call("fpregs_state_valid", () -> fpregsStateValid(task, cpu));
            if (!valid) {
                restoreFpregsFromFpstate(cpu, task);
                fpregsActivate(cpu, task);
                setFpu(task, fpu(task).withLastCpu(cpu));
            } else {
                ctx.note(() -> "fpregs_state_valid(" + task + ", " + cpu + "): registers still hold the state, restore skipped");
            }
            setFpu(task, fpu(task).withNeedFpuLoad(false));
        });
    }

    /** {@code fpregs_assert_state_consistent()} (only with {@code CONFIG_X86_DEBUG_FPU}). */
    void fpregsAssertStateConsistent(int cpu, String task) {
        if (!ctx.config().has(X86.X86_DEBUG_FPU) || fpu(task).needFpuLoad()) {
            return;
        }
        ctx.call("fpregs_assert_state_consistent", () -> ctx.warnOn(!fpregsStateValid(task, cpu), cpu,
                () -> "fpregs_assert_state_consistent: TIF_NEED_FPU_LOAD clear but fpregs_state_valid(" + task + ", " + cpu + ") is false"));
    }

    /**
     * The FPU part of the exit to user space: {@code arch_exit_to_user_mode_prepare} ->
     * {@code fpregs_assert_state_consistent}, and {@code switch_fpu_return} if {@code TIF_NEED_FPU_LOAD} is set;
     * the task is in user mode afterwards.
     *
     * @param entry the generic exit function, e.g. {@code syscall_exit_to_user_mode}
     */
    void exitToUserMode(int cpu, String task, String entry) {
        exitToUserMode(cpu, task, entry, null);
    }

    /**
     * The exit to user space with pending work: {@code exit_to_user_mode_prepare} runs {@code exit_to_user_mode_loop}
     * (where {@code arch_do_signal_or_restart} delivers a pending signal) before
     * {@code arch_exit_to_user_mode_prepare}, so the work runs with {@code TIF_NEED_FPU_LOAD} as the task came back.
     *
     * @param entry    the generic exit function
     * @param loopWork the {@code exit_to_user_mode_loop} work, or {@code null} when no work is pending
     */
    void exitToUserMode(int cpu, String task, String entry, Runnable loopWork) {
        ctx.call(entry, () -> ctx.call("exit_to_user_mode_prepare", () -> {
            if (loopWork != null) {
                ctx.call("exit_to_user_mode_loop", loopWork);
            }
            ctx.call("arch_exit_to_user_mode_prepare", () -> {
                fpregsAssertStateConsistent(cpu, task);
                if (fpu(task).needFpuLoad()) {
                    ctx.call("switch_fpu_return", () -> fpregsRestoreUserregs(cpu, task));
                }
            });
        }));
        setPhase(task, KernelPhase.USER, TaskMode.USER);
    }

    // ---- context switch ------------------------------------------------------------------------------------

    /**
     * {@code __schedule} on a CPU: {@code __switch_to(prev, next)} with {@code switch_fpu_prepare} only if prev's
     * {@code TIF_NEED_FPU_LOAD} is clear (and prev is not {@code PF_KTHREAD}/{@code PF_USER_WORKER}), then
     * {@code switch_fpu_finish} setting {@code TIF_NEED_FPU_LOAD} on next. A user task switched out from user
     * mode was preempted by an interrupt and is now in the kernel.
     *
     * @param next the task to run, empty for the idle task
     */
    void schedule(int cpu, Optional<String> next) {
        ctx.onCpu(cpu);
        ctx.call("__schedule", () -> ctx.call("context_switch", () -> ctx.call("__switch_to", () -> {
            MachineState s = ctx.state();
            Optional<String> prev = s.cpu(cpu).current();
            if (prev.isPresent()) {
                String p = prev.get();
                FpuState pf = fpu(p);
                if (!isUser(p)) {
                    ctx.note(() -> "switch_fpu_prepare skipped: " + p + " is a kernel thread");
                } else if (pf.needFpuLoad()) {
                    ctx.note(() -> "switch_fpu_prepare skipped: " + p + " has TIF_NEED_FPU_LOAD set");
                } else {
                    ctx.call("switch_fpu_prepare", () -> {
                        saveFpregsToFpstate(cpu, p);
                        setFpu(p, fpu(p).withLastCpu(cpu));
                        ctx.note(() -> p + ".last_cpu = " + cpu + "; fpu_fpregs_owner_ctx stays " + p);
                    });
                }
                TaskState pt = task(p);
                if (pt.mode() == TaskMode.USER) {
                    setPhase(p, KernelPhase.INTERRUPTED, TaskMode.KERNEL);
                }
            }
            MachineState s2 = ctx.state();
            if (next.isPresent()) {
                ctx.update(s2.withIdle(cpu).withRunning(cpu, next.get()));
                ctx.call("switch_fpu_finish", () -> setFpu(next.get(), fpu(next.get()).withNeedFpuLoad(true)));
            } else {
                ctx.update(s2.withIdle(cpu));
                ctx.note(() -> "cpu" + cpu + " runs the idle task");
            }
        })));
    }

    // ---- kernel FPU use ------------------------------------------------------------------------------------

    /**
     * {@code kernel_fpu_begin()} ... SIMD work ... {@code kernel_fpu_end()} in the context of whatever runs on
     * the CPU: saves current's registers (setting TIF) unless it is a kernel thread or TIF is already set,
     * {@code __cpu_invalidate_fpregs_state}, {@code ldmxcsr(MXCSR_DEFAULT)}; the work clobbers xmm0.
     */
    void kernelFpu(int cpu) {
        ctx.call("kernel_fpu_begin", () -> ctx.call("kernel_fpu_begin_mask", () -> {
            ctx.preemptDisable(cpu, "kernel_fpu_begin_mask");
            X86Cpu c = percpu(cpu);
            ctx.warnOn(c.inKernelFpu(), cpu, "kernel_fpu_begin: in_kernel_fpu already set");
            setPercpu(cpu, c.withInKernelFpu(true));
            Optional<String> cur = state().cpu(cpu).current();
            if (cur.isPresent() && isUser(cur.get()) && !fpu(cur.get()).needFpuLoad()) {
                String t = cur.get();
                setFpu(t, fpu(t).withNeedFpuLoad(true));
                saveFpregsToFpstate(cpu, t);
            }
            cpuInvalidateFpregsState(cpu);
            ctx.call("ldmxcsr", () -> setLive(cpu,
                    live(cpu).withLong(MXCSR, X86.MXCSR_DEFAULT), KERNEL_MXCSR));
        }));
        ctx.call("kernel_simd_work", () -> {
            setLive(cpu, live(cpu).withoutEffects(XMM0, KERNEL_TOKEN), KERNEL_CODE);
            ctx.note("xmm0 <- kernel data");
        });
        ctx.call("kernel_fpu_end", () -> {
            setPercpu(cpu, percpu(cpu).withInKernelFpu(false));
            ctx.preemptEnable(cpu);
        });
    }

    // ---- exec ----------------------------------------------------------------------------------------------

    /**
     * {@code begin_new_exec} -> {@code flush_thread} -> {@code fpu_flush_thread}: {@code fpstate_reset} (default
     * fpstate, {@code xfd}, {@code perm}), then {@code fpu_reset_fpregs}: under {@code fpregs_lock} invalidate
     * (fixed: {@code __fpu_invalidate_fpregs_state}; {@link X86Errata#EXEC_FPU_DROP}: {@code fpu__drop};
     * {@link X86Errata#EXEC_INVALIDATE_BOTH}: both), copy {@code init_fpstate}, set {@code TIF_NEED_FPU_LOAD}.
     */
    void flushThread(int cpu, String task) {
        ctx.call("flush_thread", () -> ctx.call("fpu_flush_thread", () -> {
            ctx.call("fpstate_reset", () -> {
                X86Machine m = machineExt();
                FpuState f = fpu(task);
                setFpu(task, f.withPerm(m.defaultFeatures()).withXfd(X86.initXfd(ctx.config())));
            });
            ctx.call("fpu_reset_fpregs", () -> {
                fpregsLock(cpu, "fpu_reset_fpregs");
                boolean both = ctx.erratum(X86Errata.EXEC_INVALIDATE_BOTH);
                if (both || ctx.erratum(X86Errata.EXEC_FPU_DROP)) {
                    fpuDrop(cpu, task);
                }
                if (both || !ctx.erratum(X86Errata.EXEC_FPU_DROP)) {
                    fpuInvalidateFpregsState(task);
                }
                ctx.call("memcpy", () -> {
                    setSaved(task, X86Layout.INIT, Source.INIT_STATE);
                    ctx.note(() -> task + ".fpstate <- init_fpstate");
                });
                ctx.call("set_thread_flag", () -> setFpu(task, fpu(task).withNeedFpuLoad(true)));
                fpregsUnlock(cpu);
            });
        }));
    }

    /** {@code fpu__drop(fpu)} for current: {@code fwait}, {@code fpregs_deactivate} (owner NULL on this CPU). */
    void fpuDrop(int cpu, String task) {
        ctx.call("fpu__drop", () -> {
            ctx.preemptDisable(cpu, "fpu__drop");
            fpregsDeactivate(cpu);
            ctx.note(() -> "fpu_fpregs_owner_ctx[cpu" + cpu + "] = NULL; " + task + ".last_cpu stays "
                    + fpu(task).lastCpu());
            ctx.preemptEnable(cpu);
        });
    }

    // ---- clone ---------------------------------------------------------------------------------------------

    /** How {@code copy_process} was asked to create the child. */
    enum CloneKind {
        /** {@code fork()}: a new process; inherits permissions. */
        PROCESS,
        /** {@code CLONE_THREAD} ({@code pthread_create}): shares the group leader's permissions. */
        THREAD,
        /** {@code create_io_thread} ({@code args->fn} set): {@code minimal}, no FPU state inherited. */
        IO_WORKER
    }

    /**
     * {@code fpu_clone(dst, clone_flags, minimal)} (v6.1-era, without shadow stacks), see
     * kernel-semantics §7.1/§7.2.
     */
    void fpuClone(int cpu, String parent, String child, CloneKind kind) {
        ctx.call("fpu_clone", () -> {
            MachineState s = ctx.state();
            X86Machine m = machineExt();
            FpuState pf = fpu(parent);
            String leader = kind == CloneKind.PROCESS ? child : pf.groupLeader();
            TaskState pt = s.task(parent);
            int pid = nextPid();
            TaskKind tk = kind == CloneKind.IO_WORKER ? TaskKind.KERNEL_THREAD : TaskKind.USER;
            KernelPhase ph = kind == CloneKind.IO_WORKER ? KernelPhase.KERNEL_THREAD : KernelPhase.NEW_CHILD;
            // dst_fpu->last_cpu = -1; fpstate_reset(dst_fpu); set_tsk_thread_flag(dst, TIF_NEED_FPU_LOAD)
            // a forked process gets a copy of the parent's user stack, signal frames included; a thread or worker
            // gets a stack of its own
            FpuState cf = new FpuState(-1, true, m.defaultFeatures(), X86.initXfd(ctx.config()), leader, ph,
                    kind == CloneKind.PROCESS ? pf.sigframes() : List.of());
            RegisterFile oracle = kind == CloneKind.IO_WORKER ? X86Layout.LAYOUT.zeroFile()
                    : pt.oracle().withoutEffects(TILEDATA, TILEDATA_INIT);
            ctx.update(s.withNewTask(new TaskState(child, pid, tk, TaskMode.KERNEL, cpu, X86Layout.INIT, oracle, cf)),
                    Source.INIT_STATE); // fpstate_reset; the registers are copied below
            ctx.note("dst last_cpu = -1, fpstate_reset, TIF_NEED_FPU_LOAD");
            if (kind == CloneKind.IO_WORKER) {
                ctx.call("memcpy", () -> ctx.note(() -> "minimal: " + child + ".fpstate <- init_fpstate; no inheritance"));
                return;
            }
            fpregsLock(cpu, "fpu_clone");
            if (fpu(parent).needFpuLoad()) {
                fpregsRestoreUserregs(cpu, parent);
            }
            saveFpregsToFpstate(cpu, child);
            boolean buggy = ctx.erratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK);
            if (buggy && kind != CloneKind.THREAD) {
                fpuInheritPerms(cpu, parent, child);
            }
            fpregsUnlock(cpu);
            if (!buggy && kind != CloneKind.THREAD) {
                fpuInheritPerms(cpu, parent, child);
            }
        });
    }

    /**
     * {@code fpu_inherit_perms(dst)}: if {@code fpu_state_size_dynamic()}, copy the group leader's permissions
     * under {@code spin_lock_irq(&current->sighand->siglock)}.
     */
    void fpuInheritPerms(int cpu, String parent, String child) {
        ctx.call("fpu_inherit_perms", () -> {
            if (!machineExt().fpuStateSizeDynamic()) {
                ctx.note("fpu_state_size_dynamic() is false: nothing to inherit");
                return;
            }
            String leader = fpu(parent).groupLeader();
            boolean rt = ctx.config().preemptRt();
            ctx.call("spin_lock_irq", () -> ctx.call(rt ? "rt_spin_lock" : "_raw_spin_lock_irq", () -> ctx.lockIrq(cpu, SIGLOCK)));
            long perm = fpu(leader).perm();
            setFpu(child, fpu(child).withPerm(perm));
            ctx.call("spin_unlock_irq", () -> ctx.unlock(cpu, SIGLOCK));
        });
    }

    // ---- dynamic features --------------------------------------------------------------------------------------

    /**
     * {@code arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)}: under {@code siglock}, add
     * {@code XFEATURE_MASK_XTILE} to the group leader's permissions ({@code __xstate_request_perm}).
     *
     * @return 0 or {@code -EOPNOTSUPP} (-95) when the CPU has no dynamic features
     */
    int xstateRequestPerm(int cpu, String task) {
        return ctx.call("xstate_request_perm", () -> {
            if (!machineExt().fpuStateSizeDynamic()) {
                ctx.note("-EOPNOTSUPP: XTILEDATA not supported");
                return -95;
            }
            ctx.call("spin_lock_irq", () -> ctx.lockIrq(cpu, SIGLOCK));
            ctx.call("__xstate_request_perm", () -> {
                String leader = fpu(task).groupLeader();
                FpuState lf = fpu(leader);
                setFpu(leader, lf.withPerm(lf.perm() | X86.XFEATURE_MASK_XTILE));
            });
            ctx.call("spin_unlock_irq", () -> ctx.unlock(cpu, SIGLOCK));
            return 0;
        });
    }

    /**
     * The #NM of a first AMX use with {@code IA32_XFD} armed: {@code handle_xfd_event} ->
     * {@code xfd_enable_feature}: under {@code siglock} check the group's permission; without it
     * {@code -EPERM} and {@code SIGILL (ILL_ILLOPC)}; with it {@code fpstate_realloc} (larger fpstate, XFD
     * disarmed, under {@code fpregs_lock}).
     *
     * @return whether the instruction may now execute
     */
    boolean handleXfdEvent(int cpu, String task) {
        return ctx.call("exc_device_not_available", () -> ctx.call("handle_xfd_event", () -> {
            boolean permitted = ctx.call("xfd_enable_feature", () -> {
                ctx.call("spin_lock_irq", () -> ctx.lockIrq(cpu, SIGLOCK));
                String leader = fpu(task).groupLeader();
                boolean ok = (fpu(leader).perm() & X86.XFEATURE_MASK_XTILE_DATA) != 0;
                ctx.call("spin_unlock_irq", () -> ctx.unlock(cpu, SIGLOCK));
                if (!ok) {
                    ctx.note("-EPERM: XTILEDATA not permitted for the group");
                    return false;
                }
                ctx.call("fpstate_realloc", () -> {
                    fpregsLock(cpu, "fpstate_realloc");
                    setFpu(task, fpu(task).withXfd(0));
                    xfdUpdateState(cpu, task);
                    ctx.note("fpstate enlarged for XTILEDATA; IA32_XFD disarmed");
                    fpregsUnlock(cpu);
                });
                return true;
            });
            if (!permitted) {
                ctx.report(KernelEvent.Kind.SIGNAL, cpu, "SIGILL (ILL_ILLOPC) to '" + task
                        + "': AMX tile data used without ARCH_REQ_XCOMP_PERM");
            }
            return permitted;
        }));
    }
}

package io.github.fpctx.arch.powerpc.internal;

import java.util.Objects;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.arch.powerpc.PowerPcThread.SaveArea;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.SyscallResult;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.Optional;

/**
 * The PowerPC actions: user-space steps (register writes, {@code prctl}, an FP divide by zero) and kernel events
 * (interrupts, context switches, syscalls, io_uring worker creation, KVM-PR guest FP use), each running the real
 * kernel paths of {@link Kernel}. Public API: {@code PowerPcSteps}, {@code PowerPcPaths} and the provider's
 * {@code Operations}.
 */
public final class PpcActions {
    private PpcActions() {
    }

    /** What {@code restore_sigcontext} reloads: the frame {@code setup_sigcontext} filled at delivery. */
    static final Source SIGNAL_FRAME = Source.kernelValue("the signal frame (filled from the save area at delivery)");
    /** {@code handle_rt_signal64} clears the FPSCR the handler starts with. */
    static final Source SIGNAL_HANDLER_FPSCR = Source.kernelValue("handle_rt_signal's fp_state.fpscr = 0 for the handler");
    /**
     * What {@code restore_sigcontext} / {@code restore_user_regs} write for an area the frame's MSR does not mark
     * valid: {@code memset(&vr_state, 0)} (when {@code used_vr}), the VSX doublewords {@code fpr[i][TS_VSRLOWOFFSET] = 0}.
     */
    static final Source SIGRETURN_ZEROED = Source.kernelValue("rt_sigreturn zeroes an area the frame's MSR does not mark valid");

    /** The name of the io_uring worker {@code create_io_thread} makes for a ring owner. */
    public static String ioWorkerName(TaskState owner) {
        return "iou-wrk-" + owner.pid();
    }

    static boolean inUser(MachineState s, String t) {
        return s.isInUserMode(t);
    }

    private static String notInUser(MachineState s, String t) {
        return s.whyNotInUserMode(t);
    }

    static Action userAction(String label, String t, java.util.function.Consumer<KernelContext> body) {
        return Action.forUserTask(label, t, body);
    }

    // ---- user-space steps ----------------------------------------------------------------------------------------

    /** Which MSR facility a user write of a register needs, or 0 (VRSAVE is an SPR). */
    static long facilityOf(Register reg, Regs r) {
        String n = reg.name();
        if (n.equals("vrsave")) {
            return 0;
        }
        if (n.startsWith("fr") || n.equals("fpscr")) {
            return Kernel.FP;
        }
        if (n.startsWith("vr") || n.equals("vscr")) {
            return Kernel.VEC;
        }
        return Kernel.VSX; // vs0-vs63, vs0h-vs31h
    }

    /**
     * User space writes a register; a facility-unavailable fault loads the task's state first if the user MSR lacks
     * the facility. Checked when applied: the register must exist and the CPU must have the facility.
     */
    public static Action userWrite(String t, String register, BitVector value) {
        Objects.requireNonNull(value, "value");
        return userAction(t + ": user writes " + register + " = " + value, t, ctx -> {
            Kernel k = new Kernel(ctx);
            RegisterLayout layout = ctx.architecture().layout();
            Register reg = layout.register(register);
            reg.check(value);
            long fac = facilityOf(reg, k.r);
            checkFacility(k, reg, fac);
            int cpu = k.cpuOf(t);
            ctx.onCpu(cpu);
            takeFault(k, t, cpu, fac);
            k.setLive(cpu, k.live(cpu).with(reg, value), ctx.userSpace(t));
            TaskState ts = k.task(t);
            ctx.update(s -> s.withTask(ts.withOracle(ts.oracle().with(reg, value))), ctx.userSpace(t));
        });
    }

    static void checkFacility(Kernel k, Register reg, long fac) {
        String arch = k.context().architecture().id();
        if (fac == Kernel.VSX && !k.vsx) {
            throw new IllegalArgumentException("Register " + reg.name() + " needs VSX, which this " + arch
                    + " machine does not have (CPU features " + k.context().config().cpuFeatures() + ")");
        }
        if ((fac == Kernel.VEC || reg.name().equals("vrsave")) && !k.altivec) {
            throw new IllegalArgumentException("Register " + reg.name() + " needs AltiVec, which this " + arch
                    + " machine does not have (CPU features " + k.context().config().cpuFeatures() + ")");
        }
    }

    /** The facility-unavailable interrupt for a user instruction, if the user MSR lacks the facility. */
    static void takeFault(Kernel k, String t, int cpu, long fac) {
        if (fac == 0 || (k.umsr(t) & fac) != 0) {
            return;
        }
        KernelContext ctx = k.context();
        if (fac == Kernel.FP) {
            ctx.call(k.book3s64 ? "fp_unavailable_common" : "FPUnavailable", () -> k.loadUpFpu(t, cpu));
        } else if (fac == Kernel.VEC) {
            ctx.call(k.book3s64 ? "altivec_unavailable_common" : "AltiVecUnavailable", () -> k.loadUpAltivec(t, cpu));
        } else {
            ctx.call("vsx_unavailable_common", () -> k.loadUpVsx(t, cpu));
        }
    }

    /** {@code prctl(PR_SET_FPEXC, mode)} as a syscall. */
    public static Action setFpexcMode(String t, long mode) {
        return userAction(t + ": prctl(PR_SET_FPEXC, " + modeName(mode) + ")", t, ctx -> {
            Kernel k = new Kernel(ctx);
            syscall(k, t, "sys_prctl", () -> {
                long ret = k.setFpexcMode(t, mode);
                ctx.syscallReturns(ret == 0 ? SyscallResult.success(t, "prctl(PR_SET_FPEXC)", 0)
                        : SyscallResult.failure(t, "prctl(PR_SET_FPEXC)", "EINVAL", (int) -ret));
            }, true);
        });
    }

    static String modeName(long mode) {
        String[] names = {"PR_FP_EXC_DISABLED", "PR_FP_EXC_NONRECOV", "PR_FP_EXC_ASYNC", "PR_FP_EXC_PRECISE"};
        return mode >= 0 && mode < names.length ? names[(int) mode] : "0x" + Long.toHexString(mode);
    }

    /**
     * The task sets FPSCR[ZE] and divides by zero: an enabled zero-divide exception. If the effective FE mode in the
     * user MSR is not "disabled", the FP-enabled program interrupt delivers SIGFPE (FPE_FLTDIV); the test program's
     * handler then skips the instruction.
     */
    public static Action fpDivideByZero(String t) {
        return userAction(t + ": sets FPSCR[ZE], fdiv by zero", t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            ctx.onCpu(cpu);
            takeFault(k, t, cpu, Kernel.FP);
            long fpscr = k.live(cpu).getLong(k.r.fpscr);
            long after = fpscr | PowerPc.FPSCR_ZE.mask() | PowerPc.FPSCR_ZX.mask() | PowerPc.FPSCR_FX.mask()
                    | PowerPc.FPSCR_FEX.mask();
            k.setLive(cpu, k.live(cpu).withLong(k.r.fpscr, after), ctx.userSpace(t));
            TaskState ts = k.task(t);
            ctx.update(s -> s.withTask(ts.withOracle(ts.oracle().withLong(k.r.fpscr, after))), ctx.userSpace(t));
            int mode = k.th(t).msrFeMode();
            if (mode == PowerPc.PR_FP_EXC_DISABLED) {
                ctx.note(() -> "MSR FE0:FE1 = 00 (disabled): no interrupt; FPSCR " + PowerPc.FPSCR.of(after));
                return;
            }
            k.enterKernel(t);
            ctx.call("program_check_exception", () -> ctx.call("do_program_check", () -> ctx.call("parse_fpe", () -> {
                k.flushFpToThread(t, cpu);
                ctx.call("_exception", () -> ctx.report(KernelEvent.Kind.SIGNAL, cpu,
                        "SIGFPE (FPE_FLTDIV) to '" + t + "': MSR FE mode " + PowerPc.MSR_FE_MODE.nameOf(mode).orElse("?")
                                + ", PR_GET_FPEXC reports " + PowerPc.MSR_FE_MODE.nameOf(k.th(t).fpexcModeValue()).orElse("?")));
            })));
            ctx.call("interrupt_exit_user_prepare", () -> ctx.call("interrupt_exit_user_prepare_main", () -> {
                ctx.note("the program's SIGFPE handler skips the faulting fdiv");
                k.exitTail(t, cpu);
            }));
            k.toUser(t);
        });
    }

    // ---- syscalls and interrupts ---------------------------------------------------------------------------------

    /** A syscall: entry, body, exit with the ABI boundary. */
    static void syscall(Kernel k, String t, String name, Runnable body, boolean abiBoundary) {
        KernelContext ctx = k.context();
        int cpu = k.cpuOf(t);
        ctx.onCpu(cpu);
        k.enterKernel(t);
        ctx.call("system_call_exception", () -> ctx.call(name, body));
        ctx.call("syscall_exit_prepare", () -> ctx.call("interrupt_exit_user_prepare_main", () -> k.exitTail(t, cpu)));
        if (abiBoundary) {
            ctx.syscallBoundary(t);
        }
        k.toUser(t);
    }

    /** A null syscall ({@code getppid}). */
    public static Action nullSyscall(String t) {
        return userAction(t + ": getppid()", t, ctx -> {
            Kernel k = new Kernel(ctx);
            syscall(k, t, "sys_getppid", () -> { }, true);
        });
    }

    /** An asynchronous interrupt in user mode with no exit work. */
    public static Action interrupt(String t) {
        return userAction(t + ": timer interrupt", t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            ctx.onCpu(cpu);
            k.enterKernel(t);
            ctx.call("timer_interrupt", () -> { });
            ctx.call("interrupt_return_srr_user", () -> ctx.call("interrupt_exit_user_prepare",
                    () -> ctx.call("interrupt_exit_user_prepare_main", () -> k.exitTail(t, cpu))));
            k.toUser(t);
        });
    }

    /** A timer interrupt that preempts the task; its CPU goes idle. */
    public static Action preempt(String t) {
        return userAction(t + ": preempted by timer interrupt", t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            ctx.onCpu(cpu);
            k.enterKernel(t);
            ctx.call("timer_interrupt", () -> ctx.note("set_tsk_need_resched"));
            ctx.call("interrupt_return_srr_user", () -> ctx.call("interrupt_exit_user_prepare",
                    () -> ctx.call("interrupt_exit_user_prepare_main",
                            () -> k.schedule(Optional.of(t), Optional.empty(), cpu))));
        });
    }

    /** The scheduler switches a non-running task in on an idle CPU. */
    public static Action resume(String t, int cpu) {
        return new Action() {
            @Override
            public String label() {
                return t + ": scheduled in on CPU " + cpu;
            }

            @Override
            public boolean isEnabled(MachineState s) {
                Optional<TaskState> ts = s.findTask(t);
                return ts.isPresent() && cpu >= 0 && cpu < s.cpus().size() && !s.isRunning(t) && !s.cpu(cpu).isBusy();
            }

            @Override
            public String whyDisabled(MachineState s) {
                if (s.findTask(t).isEmpty()) {
                    return "there is no task '" + t + "'; tasks: " + s.taskNames();
                }
                if (cpu < 0 || cpu >= s.cpus().size()) {
                    return "Invalid value for CPU (valid values 0 - " + (s.cpus().size() - 1) + "): " + cpu;
                }
                if (s.isRunning(t)) {
                    return "task '" + t + "' is already running on CPU " + s.task(t).cpu();
                }
                return "CPU " + cpu + " is running '" + s.cpu(cpu).current().orElse("") + "'";
            }

            @Override
            public void apply(KernelContext ctx) {
                Kernel k = new Kernel(ctx);
                ctx.onCpu(cpu);
                k.schedule(Optional.empty(), Optional.of(t), cpu);
                if (k.isUser(t)) {
                    ctx.call("interrupt_exit_user_prepare_main", () -> k.exitTail(t, cpu));
                    k.toUser(t);
                } else {
                    ctx.call("io_wq_worker", () -> ctx.note("no work queued: the worker sleeps"));
                    k.schedule(Optional.of(t), Optional.empty(), cpu);
                }
            }

            @Override
            public String toString() {
                return label();
            }
        };
    }

    /** {@code fork()}. */
    public static Action fork(String t, String child) {
        return clone(t, child, "fork()");
    }

    /**
     * {@code clone(CLONE_VM | CLONE_THREAD | ...)} ({@code pthread_create}): for the FP/vector state the same
     * {@code copy_process} as {@code fork()} ({@code arch_dup_task_struct} copies {@code thread_struct} whatever the
     * flags; {@code copy_thread} treats a user thread like a process).
     */
    public static Action cloneThread(String t, String child) {
        return clone(t, child, "clone(CLONE_THREAD)");
    }

    private static Action clone(String t, String child, String what) {
        return new Action() {
            @Override
            public String label() {
                return t + ": " + what + " -> " + child;
            }

            @Override
            public boolean isEnabled(MachineState s) {
                return inUser(s, t) && s.findTask(child).isEmpty();
            }

            @Override
            public String whyDisabled(MachineState s) {
                return s.findTask(child).isPresent() ? "a task named '" + child + "' already exists" : notInUser(s, t);
            }

            @Override
            public void apply(KernelContext ctx) {
                Kernel k = new Kernel(ctx);
                int cpu = k.cpuOf(t);
                syscall(k, t, "sys_clone", () -> ctx.call("kernel_clone", () -> {
                    k.copyProcess(t, child, false, cpu);
                    k.wakeUpNewTask(child);
                }), true);
                ctx.syscallBoundary(child);
            }

            @Override
            public String toString() {
                return label();
            }
        };
    }

    /** {@code execve()}. */
    public static Action exec(String t) {
        return userAction(t + ": execve()", t, ctx -> {
            Kernel k = new Kernel(ctx);
            RegisterFile init = ctx.architecture().machines().initRegisters(ctx.config());
            syscall(k, t, "sys_execve", () -> ctx.call("load_elf_binary", () -> {
                k.startThread(t, init);
                TaskState ts = k.task(t);
                // start_thread sets thread.vrsave = 0 but not the VRSAVE SPR: the new program reads the old value
                // until the next __switch_to saves it (save_sprs), so the ABI promises nothing about it after exec
                RegisterFile oracle = Regs.copy(k.live(k.cpuOf(t)), init, k.r.vrsave);
                ctx.update(s -> s.withTask(ts.withOracle(oracle)), Source.INIT_STATE);
            }), false);
        });
    }

    /**
     * A signal delivered at interrupt return, handled and returned from in one step: {@link #signalDelivery}, a
     * handler that uses FP and clobbers fr0, {@link #sigreturn} of the unchanged frame.
     */
    public static Action signal(String t) {
        return userAction(t + ": SIGUSR1 delivered and handled", t, ctx -> {
            deliver(ctx, t);
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            ctx.call("sigusr1_handler", () -> {
                takeFault(k, t, cpu, Kernel.FP);
                k.setLive(cpu, k.live(cpu).withoutEffects(k.r.fr0, BitVector.of(64, 0x5349_4748_414E_444CL)), ctx.userSpace(t));
                ctx.note("the handler computes in fr0 (volatile)");
            });
            returnFromSignal(ctx, t);
        });
    }

    /**
     * A signal delivered at interrupt return: {@code flush_*_to_thread}, the FP/VMX/VSX state and VRSAVE copied
     * into a new signal frame ({@code setup_sigcontext} / {@code save_user_regs}; the VMX registers only if
     * {@code thread.used_vr}, the VSX doublewords only if {@code thread.used_vsr}, each marked valid by
     * {@code MSR_VEC}/{@code MSR_VSX} in the frame's MSR), {@code thread.fp_state.fpscr = 0}
     * so the handler runs with FP exceptions off. The task is in its handler in user mode: it sees the interrupted
     * registers (given up, reloaded lazily) with FPSCR 0, which becomes its oracle.
     */
    public static Action signalDelivery(String t) {
        return userAction(t + ": SIGUSR1 delivered", t, ctx -> deliver(ctx, t));
    }

    private static void deliver(KernelContext ctx, String t) {
        Kernel k = new Kernel(ctx);
        int cpu = k.cpuOf(t);
        ctx.onCpu(cpu);
        k.enterKernel(t);
        String handle = k.book3s64 ? "handle_rt_signal64" : "handle_rt_signal32";
        ctx.call("timer_interrupt", () -> ctx.note("another task sent SIGUSR1: TIF_SIGPENDING"));
        ctx.call("interrupt_return_srr_user", () -> ctx.call("interrupt_exit_user_prepare",
                () -> ctx.call("interrupt_exit_user_prepare_main", () -> {
                    ctx.call("do_notify_resume", () -> ctx.call("do_signal", () -> ctx.call(handle, () -> {
                        ctx.call(k.book3s64 ? "setup_sigcontext" : "save_user_regs", () -> {
                            PowerPcThread th = k.th(t);
                            boolean vr = k.altivec && th.usedVr();
                            boolean vsr = k.vsx && th.usedVsr();
                            // signal_64.c saves VMX first; signal_32.c's prepare_save_user_regs flushes FP first
                            if (vr && k.book3s64) {
                                k.flushAltivecToThread(t, cpu);
                            }
                            k.flushFpToThread(t, cpu);
                            if (vr && !k.book3s64) {
                                k.flushAltivecToThread(t, cpu);
                            }
                            if (vsr) {
                                k.flushVsxToThread(t, cpu);
                            }
                            long frameMsr = (vr ? Kernel.VEC : 0) | (vsr ? Kernel.VSX : 0);
                            RegisterFile frame = Regs.copy(k.live(cpu), k.saved(t), k.r.vrsave);
                            k.putTh(t, k.th(t).pushSigframe(frame, frameMsr));
                            ctx.note(() -> "FP state and VRSAVE copied into the signal frame" + (vr ? ", VMX (used_vr)" : "")
                                    + (vsr ? ", VSX (used_vsr)" : "") + "; frame MSR " + Kernel.msrText(frameMsr));
                        });
                        RegisterFile sv = k.saved(t);
                        k.setSaved(t, sv.withLong(k.r.fpscr, 0), SIGNAL_HANDLER_FPSCR);
                        ctx.note("thread.fp_state.fpscr = 0: the handler runs with FP exceptions off");
                    })));
                    k.exitTail(t, cpu);
                })));
        k.toUser(t);
        // the handler's registers: the interrupted ones, FPSCR 0
        PowerPcThread th = k.th(t);
        RegisterFile handler = th.sigframes().get(th.sigframes().size() - 1).withLong(k.r.fpscr, 0);
        ctx.update(s -> s.withTask(s.task(t).withOracle(handler)), SIGNAL_HANDLER_FPSCR);
    }

    private static String noSigframe(MachineState s, String t) {
        String w = inUser(s, t) ? null : notInUser(s, t);
        if (w == null && s.task(t).ext(PowerPcThread.class).sigframes().isEmpty()) {
            w = "task '" + t + "' has no signal frame; deliver a signal first";
        }
        return w;
    }

    /**
     * The handler writes a register's slot in its innermost signal frame ({@code uc_mcontext}: {@code fp_regs},
     * {@code v_regs}, VRSAVE, the VSX doublewords); {@link #sigreturn} restores it.
     */
    public static Action signalFrameWrite(String t, String register, BitVector value) {
        Objects.requireNonNull(value, "value");
        return Action.of(t + ": handler writes " + register + " = " + value + " into its signal frame",
                s -> noSigframe(s, t) == null, s -> noSigframe(s, t), ctx -> {
                    Kernel k = new Kernel(ctx);
                    ctx.onCpu(k.cpuOf(t));
                    Register r = ctx.architecture().layout().register(register);
                    PowerPcThread th = k.th(t);
                    RegisterFile frame = th.sigframes().get(th.sigframes().size() - 1).withoutEffects(r, value);
                    k.putTh(t, th.withInnermostSigframe(frame));
                    ctx.note(() -> t + " writes " + register + " in its ucontext");
                });
    }

    /**
     * {@code rt_sigreturn}: {@code restore_sigcontext} (64-bit) / {@code restore_user_regs} (32-bit) clears
     * {@code MSR_FP|MSR_FE0|MSR_FE1|MSR_VEC|MSR_VSX} in the user MSR and copies the innermost frame into
     * {@code thread.fp_state}/{@code vr_state} (reloaded lazily) and VRSAVE into the SPR. The VMX registers come
     * from the frame only if its MSR has {@code MSR_VEC} (then {@code used_vr = true}); otherwise a task that has
     * used VMX since (its handler did) gets {@code vr_state} zeroed, VSCR included. The VSX doublewords come from the
     * frame only if its MSR has {@code MSR_VSX} ({@code used_vsr = true}); otherwise they are zeroed.
     */
    public static Action sigreturn(String t) {
        return Action.of(t + ": rt_sigreturn", s -> noSigframe(s, t) == null, s -> noSigframe(s, t),
                ctx -> returnFromSignal(ctx, t));
    }

    private static void returnFromSignal(KernelContext ctx, String t) {
        Kernel k = new Kernel(ctx);
        int cpu = k.cpuOf(t);
        ctx.onCpu(cpu);
        PowerPcThread th0 = k.th(t);
        RegisterFile frame = th0.sigframes().get(th0.sigframes().size() - 1);
        long frameMsr = th0.innermostSigframeMsr();
        k.putTh(t, th0.popSigframe());
        k.enterKernel(t);
        ctx.call("system_call_exception", () -> ctx.call("sys_rt_sigreturn", () ->
                ctx.call(k.book3s64 ? "restore_sigcontext" : "restore_user_regs", () -> {
                    k.setUmsr(t, k.umsr(t) & ~(Kernel.FP | Kernel.FE | Kernel.VEC | Kernel.VSX));
                    ctx.note("regs->msr &= ~(MSR_FP|MSR_FE0|MSR_FE1|MSR_VEC|MSR_VSX): live state discarded, frame reloaded lazily");
                    restoreFrame(k, t, cpu, frame, frameMsr);
                })));
        ctx.call("syscall_exit_prepare", () -> ctx.call("interrupt_exit_user_prepare_main", () -> k.exitTail(t, cpu)));
        k.toUser(t);
        RegisterFile restored = Regs.copy(frame, k.saved(t), k.r.vrsave);
        ctx.update(s -> s.withTask(s.task(t).withOracle(restored)), SIGNAL_FRAME);
    }

    /** The FP/VMX/VSX part of {@code restore_sigcontext} / {@code restore_user_regs}, after the MSR bits are cleared. */
    private static void restoreFrame(Kernel k, String t, int cpu, RegisterFile frame, long frameMsr) {
        KernelContext ctx = k.context();
        PowerPcThread th = k.th(t);
        boolean usedVr = th.usedVr();
        boolean usedVsr = th.usedVsr();
        boolean zeroVr = false;
        boolean zeroVsx = false;
        RegisterFile sv = Regs.copy(frame, Regs.copy(frame, k.saved(t), k.r.fpr), k.r.fpscr);
        if (k.altivec) {
            if ((frameMsr & Kernel.VEC) != 0) {
                sv = Regs.copy(frame, Regs.copy(frame, sv, k.r.vr), k.r.vscr);
                usedVr = true;
            } else if (usedVr) {
                zeroVr = true;
                ctx.note("frame MSR without MSR_VEC, used_vr set since delivery: memset(&vr_state, 0), VSCR included");
            }
            sv = Regs.copy(frame, sv, k.r.vrsave);
        }
        if (k.vsx) {
            if ((frameMsr & Kernel.VSX) != 0) {
                sv = Regs.copy(frame, sv, k.r.vsLow);
                usedVsr = true;
            } else {
                zeroVsx = true;
                ctx.note("frame MSR without MSR_VSX: fpr[i][TS_VSRLOWOFFSET] = 0");
            }
        }
        k.setSaved(t, sv, SIGNAL_FRAME);
        RegisterFile zero = k.r.layout.zeroFile();
        RegisterFile fin = zeroVr ? Regs.copy(zero, Regs.copy(zero, sv, k.r.vr), k.r.vscr) : sv;
        fin = zeroVsx ? Regs.copy(zero, fin, k.r.vsLow) : fin;
        k.setSaved(t, fin, SIGRETURN_ZEROED);
        k.putTh(t, k.th(t).withUsed(usedVr, usedVsr));
        if (k.altivec) {
            k.setLive(cpu, Regs.copy(frame, k.live(cpu), k.r.vrsave), SIGNAL_FRAME);
        }
    }

    // ---- kernel FP use ------------------------------------------------------------------------------------------

    /**
     * Kernel FP use on a CPU, correctly bracketed: from the running task's syscall, or from an interrupt on an idle
     * CPU. {@code preempt_disable}, {@code enable_kernel_fp} (gives up current's user FP first), fr0 overwritten,
     * {@code disable_kernel_fp}, {@code preempt_enable}.
     */
    public static Action kernelFpUse(int cpu) {
        return kernelUse(cpu, Kernel.FP);
    }

    /**
     * As {@link #kernelFpUse(int)} for another facility: {@code enable_kernel_altivec} ({@code facility} = MSR_VEC) or
     * {@code enable_kernel_vsx} (MSR_VSX).
     */
    public static Action kernelUse(int cpu, long facility) {
        if (facility != Kernel.FP && facility != Kernel.VEC && facility != Kernel.VSX) {
            throw new IllegalArgumentException("Invalid kernel facility " + io.github.fpctx.arch.powerpc.PowerPc.MSR.of(
                    facility & io.github.fpctx.arch.powerpc.PowerPc.MSR.writableMask()) + "; valid: MSR[FP], MSR[VEC], MSR[VSX]");
        }
        String f = Kernel.facilityName(facility);
        return new Action() {
            @Override
            public String label() {
                return "CPU " + cpu + ": kernel uses " + f + " (enable_kernel_" + f + " ... disable_kernel_" + f + ")";
            }

            @Override
            public boolean isEnabled(MachineState s) {
                if (cpu < 0 || cpu >= s.cpus().size()) {
                    return false;
                }
                Optional<TaskState> cur = s.running(cpu);
                return cur.isEmpty() || cur.get().mode() == TaskMode.USER;
            }

            @Override
            public String whyDisabled(MachineState s) {
                if (cpu < 0 || cpu >= s.cpus().size()) {
                    return "Invalid value for CPU (valid values 0 - " + (s.cpus().size() - 1) + "): " + cpu;
                }
                return "CPU " + cpu + " runs a task that is not in user mode";
            }

            @Override
            public void apply(KernelContext ctx) {
                Kernel k = new Kernel(ctx);
                if (facility == Kernel.VSX && !k.vsx || facility == Kernel.VEC && !k.altivec) {
                    throw new IllegalArgumentException("enable_kernel_" + f + " needs a CPU with " + f.toUpperCase(java.util.Locale.ROOT)
                            + "; this " + ctx.architecture().id() + " machine has CPU features " + ctx.config().cpuFeatures());
                }
                ctx.onCpu(cpu);
                Runnable body = () -> {
                    ctx.preemptDisable(cpu);
                    k.enableKernel(cpu, facility);
                    k.kernelBody(cpu, facility);
                    k.disableKernel(cpu, facility);
                    ctx.preemptEnable(cpu);
                };
                Optional<String> cur = ctx.state().cpu(cpu).current();
                if (cur.isPresent()) {
                    syscall(k, cur.get(), "sys_kcapi_encrypt", body, true);
                } else {
                    ctx.call("do_IRQ", body);
                }
            }

            @Override
            public String toString() {
                return label();
            }
        };
    }

    /** {@code prctl(PR_GET_FPEXC)}: {@code get_fpexc_mode} reports {@code __unpack_fe01(thread.fpexc_mode)}. */
    public static Action getFpexcMode(String t) {
        return userAction(t + ": prctl(PR_GET_FPEXC)", t, ctx -> {
            Kernel k = new Kernel(ctx);
            syscall(k, t, "sys_prctl", () -> ctx.call("get_fpexc_mode", () -> {
                // put_user(val, adr): the mode goes to user memory; the syscall itself returns 0
                ctx.note(() -> "put_user: *adr = " + modeName(k.th(t).fpexcModeValue()) + " (thread.fpexc_mode, not the live MSR "
                        + k.th(t).msr() + ")");
                ctx.syscallReturns(SyscallResult.success(t, "prctl(PR_GET_FPEXC)", 0));
                ctx.syscallReturns(SyscallResult.success(t, "prctl(PR_GET_FPEXC) *adr", k.th(t).fpexcModeValue()));
            }), true);
        });
    }

    /**
     * The first half of a kernel FP section entered from the running task's syscall, optionally (wrongly) without
     * disabling preemption; the task stays in the kernel until {@link #kernelFpEnd(int)}.
     */
    public static Action kernelFpBegin(int cpu, boolean disablePreemption) {
        return Action.of("CPU " + cpu + ": syscall enters enable_kernel_fp" + (disablePreemption ? "" : " while preemptible"),
                s -> cpu >= 0 && cpu < s.cpus().size() && s.running(cpu).filter(x -> x.mode() == TaskMode.USER).isPresent()
                        && s.cpu(cpu).ext(io.github.fpctx.arch.powerpc.PowerPcCpu.class).kernelUse().bits() == 0,
                ctx -> {
                    Kernel k = new Kernel(ctx);
                    ctx.onCpu(cpu);
                    String t = ctx.state().cpu(cpu).current().orElseThrow();
                    k.enterKernel(t);
                    ctx.call("system_call_exception", () -> {
                        if (disablePreemption) {
                            ctx.preemptDisable(cpu);
                        }
                        k.enableKernelFp(cpu);
                        k.kernelFpBody(cpu);
                    });
                });
    }

    /** The second half of {@link #kernelFpBegin}: {@code disable_kernel_fp}, preemption back on, syscall exit. */
    public static Action kernelFpEnd(int cpu) {
        return Action.of("CPU " + cpu + ": disable_kernel_fp and syscall exit",
                s -> cpu >= 0 && cpu < s.cpus().size() && s.cpu(cpu).ext(io.github.fpctx.arch.powerpc.PowerPcCpu.class).kernelUse().bits() != 0
                        && s.running(cpu).isPresent(),
                ctx -> {
                    Kernel k = new Kernel(ctx);
                    ctx.onCpu(cpu);
                    String t = ctx.state().cpu(cpu).current().orElseThrow();
                    ctx.call("system_call_exception", () -> {
                        k.disableKernelFp(cpu);
                        if (ctx.state().cpu(cpu).exec().preemptCount() > 0) {
                            ctx.preemptEnable(cpu);
                        }
                    });
                    ctx.call("syscall_exit_prepare", () -> ctx.call("interrupt_exit_user_prepare_main", () -> k.exitTail(t, cpu)));
                    ctx.syscallBoundary(t);
                    k.toUser(t);
                });
    }

    // ---- io_uring (seeds 000, 001) ----------------------------------------------------------------------------

    /**
     * io_uring queues {@code create_worker_cb} on its ring owner with {@code TWA_SIGNAL}; {@code kick_process} sends
     * the reschedule IPI; the owner takes it in user mode and on the way out runs the task_work, which creates the
     * {@code iou-wrk-<pid>} kernel thread through {@code copy_process}. With {@code workerPreempts} the new worker
     * preempts the owner ({@code wake_up_new_task} sets NEED_RESCHED), runs, and sleeps, leaving the CPU idle and
     * the owner runnable (variant 6b of kernel-semantics §3.2); otherwise the owner returns to user at once (6a).
     */
    public static Action ioUringWorkerAtInterruptReturn(String t, boolean workerPreempts) {
        return new Action() {
            @Override
            public String label() {
                return t + ": reschedule IPI, io_uring worker created at interrupt exit"
                        + (workerPreempts ? "; the worker preempts " + t : "");
            }

            @Override
            public boolean isEnabled(MachineState s) {
                return inUser(s, t) && s.findTask(ioWorkerName(s.task(t))).isEmpty();
            }

            @Override
            public String whyDisabled(MachineState s) {
                return inUser(s, t) ? "'" + t + "' already has its io_uring worker" : notInUser(s, t);
            }

            @Override
            public void apply(KernelContext ctx) {
                Kernel k = new Kernel(ctx);
                int cpu = k.cpuOf(t);
                String worker = ioWorkerName(k.task(t));
                ctx.onCpu(cpu);
                ctx.call("io_wq_worker_sleeping", () -> ctx.call("io_queue_worker_create",
                        () -> ctx.call("task_work_add", () -> {
                            ctx.note(() -> "TWA_SIGNAL: create_worker_cb queued on '" + t + "'");
                            ctx.call("set_notify_signal", () -> ctx.call("kick_process",
                                    () -> ctx.call("smp_send_reschedule", () -> ctx.call("arch_smp_send_reschedule", () -> {
                                        if (ctx.erratum(PowerPcErrata.IPI_LWSYNC_BARRIER)) {
                                            ctx.call("__smp_lwsync", () -> ctx.note(
                                                    "lwsync before do_message_pass (the first, wrong patch of seed 001)"));
                                        }
                                        ctx.call("do_message_pass", () -> ctx.note(() -> "PPC_MSG_RESCHEDULE to CPU " + cpu));
                                    }))));
                        })));
                k.enterKernel(t);
                ctx.call("smp_ipi_demux", () -> ctx.note("reschedule IPI taken in user mode"));
                ctx.call("interrupt_return_srr_user", () -> ctx.call("interrupt_exit_user_prepare",
                        () -> ctx.call("interrupt_exit_user_prepare_main", () -> {
                            ctx.call("do_notify_resume", () -> ctx.call("get_signal", () -> ctx.call("task_work_run",
                                    () -> ctx.call("create_worker_cb", () -> ctx.call("create_io_worker", () -> {
                                        ctx.call("create_io_thread", () -> k.copyProcess(t, worker, true, cpu));
                                        ctx.call("io_init_new_worker", () -> k.wakeUpNewTask(worker));
                                    })))));
                            if (workerPreempts) {
                                ctx.note(() -> "TIF_NEED_RESCHED: the new worker preempts '" + t + "'");
                                k.schedule(Optional.of(t), Optional.of(worker), cpu);
                                ctx.call("io_wq_worker", () -> ctx.note("the worker handles the request and sleeps"));
                                k.schedule(Optional.of(worker), Optional.empty(), cpu);
                            } else {
                                k.exitTail(t, cpu);
                            }
                        })));
                if (!workerPreempts) {
                    k.toUser(t);
                }
            }

            @Override
            public String toString() {
                return label();
            }
        };
    }

    // ---- KVM-PR (seed 003) ----------------------------------------------------------------------------------------

    /**
     * {@code ioctl(KVM_RUN)} on a KVM-PR vcpu whose guest uses FP in exception mode {@code guestFeMode}:
     * {@code kvmppc_vcpu_run_pr} gives up the host state, the guest's FP-unavailable exit runs
     * {@code kvmppc_handle_ext} (guest FP loaded, {@code fp_save_area = &vcpu->arch.fp}, guest MSR bits OR-ed into
     * {@code regs->msr}), and on exit {@code kvmppc_giveup_ext} gives the guest state back to the vcpu.
     *
     * <p>Simplification (the thread leaves the exact route UNCONFIRMED): the guest's FE0/FE1, which
     * {@code kvmppc_recalc_shadow_msr} copies into the shadow MSR, are OR-ed into the host thread's user MSR together
     * with {@code MSR_FP}; only fr0 of the guest's registers is modelled, with a fixed value.
     */
    public static Action kvmPrGuestFpUse(String t, int guestFeMode) {
        long guestFe = PowerPc.packFe01(guestFeMode);
        return userAction(t + ": ioctl(KVM_RUN), KVM-PR guest uses FP in mode "
                + PowerPc.MSR_FE_MODE.nameOf(guestFeMode).orElse("?"), t, ctx -> {
            Kernel k = new Kernel(ctx);
            int cpu = k.cpuOf(t);
            syscall(k, t, "kvm_vcpu_ioctl", () -> ctx.call("kvmppc_vcpu_run_pr", () -> {
                k.giveupAll(t, cpu);
                ctx.call("kvmppc_handle_ext", () -> {
                    ctx.note("guest FP unavailable exit (BOOK3S_INTERRUPT_FP_UNAVAIL)");
                    ctx.preemptDisable(cpu);
                    k.enableKernelFp(cpu);
                    ctx.call("load_fp_state", () -> {
                        ctx.note("&vcpu->arch.fp: the guest's registers");
                        k.setLive(cpu, k.live(cpu).withoutEffects(k.r.fr0, BitVector.of(64, Kernel.GUEST_FR0)), Kernel.KVM_GUEST);
                    });
                    k.disableKernelFp(cpu);
                    k.putTh(t, k.th(t).withSaveAreas(SaveArea.KVM_VCPU, k.th(t).vrSaveArea()));
                    ctx.preemptEnable(cpu);
                    k.setUmsr(t, k.umsr(t) | Kernel.FP | guestFe);
                    ctx.note(() -> "t->regs->msr |= MSR_FP, with the guest's FE0/FE1 " + Kernel.msrText(guestFe));
                });
                ctx.note("the guest runs and exits to the host");
                ctx.call("kvmppc_giveup_ext", () -> {
                    if ((k.umsr(t) & Kernel.FP) != 0) {
                        k.giveupFpu(t, cpu);
                    }
                    PowerPcThread th = k.th(t);
                    k.putTh(t, th.withSaveAreas(SaveArea.THREAD, th.vrSaveArea()));
                    ctx.note("t->fp_save_area = NULL");
                });
            }), true);
        });
    }
}

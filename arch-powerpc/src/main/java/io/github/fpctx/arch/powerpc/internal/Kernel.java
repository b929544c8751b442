package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcCpu;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.arch.powerpc.PowerPcThread.SaveArea;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.spi.KernelModel;
import io.github.fpctx.core.state.NoExtension;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.Optional;

/**
 * The PowerPC kernel paths of {@code arch/powerpc/kernel/process.c}, {@code fpu.S}, {@code vector.S} and
 * {@code interrupt.c} (v6.6/v6.7 era), written against a {@link KernelContext} so every function appears by its
 * kernel name in the trace. One instance serves one step ({@link KernelModel}).
 */
final class Kernel extends KernelModel<PowerPcCpu, PowerPcThread, NoExtension> {
    static final long FP = PowerPc.MSR_FP.mask();
    static final long VEC = PowerPc.MSR_VEC.mask();
    static final long VSX = PowerPc.MSR_VSX.mask();
    static final long FE = PowerPc.MSR_FE_MASK;

    /** What {@code load_fp_state(&vcpu->arch.fp)} puts in fr0 in the KVM-PR model ("GUESTFP0"). */
    static final long GUEST_FR0 = 0x4755_4553_5446_5030L;
    /** What kernel FP code leaves in fr0 in the model ("KERNELFP"). */
    static final long KERNEL_FR0 = 0x4B45_524E_454C_4650L;

    /** fr0 (vs0) after {@code mffs fr0} in {@code save_fpu}. */
    static final Source MFFS = Source.image("FPSCR", "mffs");
    /** v0 after {@code mfvscr v0} in {@code save_altivec}. */
    static final Source MFVSCR = Source.image("VSCR", "mfvscr");
    /** What kernel FP/VMX code leaves in fr0/v0. */
    static final Source KERNEL_CODE = Source.kernelValue("kernel FP/VMX code's own value (the model's KERNELFP)");
    /** The KVM-PR guest's registers in {@code vcpu->arch.fp}. */
    static final Source KVM_GUEST = Source.kernelValue("the KVM-PR guest's registers (vcpu->arch.fp)");
    /** {@code load_up_altivec} sets VRSAVE to all ones when it is 0. */
    static final Source VRSAVE_ALL_ONES = Source.kernelValue("load_up_altivec's VRSAVE = all ones (VRSAVE was 0)");

    final Regs r;
    final boolean book3s64;
    final boolean vsx;
    final boolean altivec;

    Kernel(KernelContext ctx) {
        super(ctx, PowerPcCpu.class, PowerPcThread.class, NoExtension.class);
        this.r = Regs.of(ctx.architecture().layout());
        this.book3s64 = r.vsxLayout;
        this.altivec = ctx.config().hasFeature(PowerPc.FEATURE_ALTIVEC);
        this.vsx = book3s64 && ctx.config().hasFeature(PowerPc.FEATURE_VSX);
    }

    // ---- state accessors in the kernel's words --------------------------------------------------------------------

    /** {@code tsk->thread}. */
    PowerPcThread th(String t) {
        return taskExt(t);
    }

    void putTh(String t, PowerPcThread th) {
        setTaskExt(t, th);
    }

    /** The user MSR, {@code tsk->thread.regs->msr}. */
    long umsr(String t) {
        return th(t).msr().bits();
    }

    void setUmsr(String t, long m) {
        putTh(t, th(t).withMsr(m));
    }

    /** {@code msr_all_available}: FP, VEC if the CPU has AltiVec, VSX if it has VSX. */
    long allAvailable() {
        return FP | (altivec ? VEC : 0) | (vsx ? VSX : 0);
    }

    /** The {@code mathflags} of {@code interrupt_exit_user_prepare_main}. */
    long mathflags() {
        return FP | (vsx ? VEC | VSX : altivec ? VEC : 0);
    }

    static String msrText(long bits) {
        return PowerPc.MSR.of(bits).toString();
    }

    // ---- kernel MSR helpers (process.c, reg.h) --------------------------------------------------------------------

    void msrCheckAndSet(int cpu, long bits) {
        ctx.call("msr_check_and_set", () -> {
            long b = bits;
            if (vsx && (b & FP) != 0) {
                b |= VSX;
            }
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelMsr(c.kernelMsr().bits() | b));
        });
    }

    void msrCheckAndClear(int cpu, long bits) {
        ctx.call("msr_check_and_clear", () -> {
            if (!ctx.config().has(PowerPc.OPTION_STRICT_FACILITY_ENABLE)) {
                ctx.note("strict_msr_control off: facility bits stay on in the kernel MSR");
                return;
            }
            long b = bits;
            if (vsx && (b & FP) != 0) {
                b |= VSX;
            }
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelMsr(c.kernelMsr().bits() & ~b));
        });
    }

    // ---- save primitives (fpu.S, vector.S) ------------------------------------------------------------------------

    /**
     * {@code save_fpu(tsk)} or {@code store_fp_state}: store the FP/VSX registers, then {@code mffs fr0} and store
     * the FPSCR; the fixed kernel reloads vs0/fr0 ({@code REST_1FPVSR}).
     */
    void saveFpu(String t, int cpu, String function) {
        ctx.call(function, () -> {
            RegisterFile liveBefore = live(cpu);
            if (th(t).fpSaveArea() == SaveArea.THREAD) {
                RegisterFile sv = Regs.copy(liveBefore, saved(t), vsx ? r.fpFull : r.fpr);
                setSaved(t, Regs.copy(liveBefore, sv, r.fpscr), Source.live(cpu));
                ctx.note(vsx ? "SAVE_32VSRS + FPSCR to thread.fp_state" : "SAVE_32FPRS + FPSCR to thread.fp_state");
            } else {
                ctx.note("SAVE_32FPVSRS to fp_save_area = &vcpu->arch.fp (the KVM-PR guest's registers)");
            }
            long fpscr = liveBefore.getLong(r.fpscr);
            // fpu.S save_fpu: the FPSCR can only be read through an FPR: mffs fr0; stfd fr0,FPSTATE_FPSCR(r6)
            RegisterFile clobbered = vsx ? liveBefore.withoutEffects(r.vs0, PowerPc.mffsVsrImage(fpscr))
                    : liveBefore.withoutEffects(r.fr0, BitVector.of(64, fpscr));
            setLive(cpu, clobbered, MFFS);
            if (ctx.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)) {
                ctx.note(() -> "mffs fr0: " + (vsx ? "vs0" : "fr0") + " <- FPSCR image " + BitVector.of(64, fpscr)
                        + (th(t).fpLive() ? "; MSR_FP stays set" : "") + " (no reload before 5e1d824f9a28)");
            } else {
                setLive(cpu, liveBefore, th(t).fpSaveArea() == SaveArea.THREAD ? ctx.saveArea(t) : KVM_GUEST);
                ctx.note(() -> "mffs fr0, then REST_1FPVSR(0): " + (vsx ? "vs0" : "fr0") + " reloaded from the save area");
            }
        });
    }

    /** {@code save_altivec(tsk)}: store the VRs, {@code mfvscr v0}, store VSCR; the fixed kernel reloads v0. */
    void saveAltivec(String t, int cpu, String function) {
        ctx.call(function, () -> {
            RegisterFile liveBefore = live(cpu);
            if (th(t).vrSaveArea() == SaveArea.THREAD) {
                RegisterFile sv = Regs.copy(liveBefore, saved(t), r.vr);
                setSaved(t, Regs.copy(liveBefore, sv, r.vscr), Source.live(cpu));
                ctx.note("SAVE_32VRS + VSCR to thread.vr_state");
            } else {
                ctx.note("SAVE_32VRS to vr_save_area = &vcpu->arch.vr");
            }
            long vscr = liveBefore.getLong(r.vscr);
            setLive(cpu, liveBefore.withoutEffects(r.vr0, PowerPc.mfvscrImage(vscr)), MFVSCR);
            if (ctx.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)) {
                ctx.note(() -> "mfvscr v0: v0 <- VSCR image" + (th(t).vecLive() ? "; MSR_VEC stays set" : "")
                        + " (no reload before 5e1d824f9a28)");
            } else {
                setLive(cpu, liveBefore, th(t).vrSaveArea() == SaveArea.THREAD ? ctx.saveArea(t) : KVM_GUEST);
                ctx.note("mfvscr v0, then lvx v0,0,r7: v0 reloaded from vr_state.vr[0]");
            }
        });
    }

    // ---- give-up paths (process.c) -------------------------------------------------------------------------------

    void giveupFpuInner(String t, int cpu) {
        ctx.call("__giveup_fpu", () -> {
            saveFpu(t, cpu, "save_fpu");
            long m = umsr(t);
            if (ctx.erratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01)) {
                m &= ~FP;
                long fe = m & FE;
                if (fe != 0) {
                    ctx.note(() -> "msr &= ~MSR_FP: " + msrText(fe) + " stay set (before fe1ef6bcdb4f)");
                }
            } else {
                m &= ~(FP | FE);
            }
            if (vsx) {
                m &= ~VSX;
            }
            setUmsr(t, m);
        });
    }

    void giveupAltivecInner(String t, int cpu) {
        ctx.call("__giveup_altivec", () -> {
            saveAltivec(t, cpu, "save_altivec");
            long m = umsr(t) & ~VEC;
            if (vsx) {
                m &= ~VSX;
            }
            setUmsr(t, m);
        });
    }

    void giveupVsxInner(String t, int cpu) {
        ctx.call("__giveup_vsx", () -> {
            long m = umsr(t);
            ctx.warnOn((m & VSX) != 0 && (m & (FP | VEC)) != (FP | VEC), cpu, "__giveup_vsx: MSR_VSX set without MSR_FP and MSR_VEC");
            if ((m & FP) != 0) {
                giveupFpuInner(t, cpu);
            }
            if ((m & VEC) != 0) {
                giveupAltivecInner(t, cpu);
            }
        });
    }

    void giveupFpu(String t, int cpu) {
        ctx.call("giveup_fpu", () -> {
            msrCheckAndSet(cpu, FP);
            giveupFpuInner(t, cpu);
            msrCheckAndClear(cpu, FP);
        });
    }

    void giveupAltivec(String t, int cpu) {
        ctx.call("giveup_altivec", () -> {
            msrCheckAndSet(cpu, VEC);
            giveupAltivecInner(t, cpu);
            msrCheckAndClear(cpu, VEC);
        });
    }

    void giveupVsx(String t, int cpu) {
        ctx.call("giveup_vsx", () -> {
            msrCheckAndSet(cpu, FP | VEC | VSX);
            giveupVsxInner(t, cpu);
            msrCheckAndClear(cpu, FP | VEC | VSX);
        });
    }

    /** {@code giveup_all(tsk)}, called by {@code __switch_to} for the outgoing task. */
    void giveupAll(String t, int cpu) {
        ctx.call("giveup_all", () -> {
            if (!isUser(t)) {
                ctx.note("tsk->thread.regs == NULL: nothing to give up");
                return;
            }
            long m = umsr(t);
            if ((m & allAvailable()) == 0) {
                ctx.note(() -> "no facility live in " + msrText(m & PowerPc.MSR_MATH_MASK));
                return;
            }
            msrCheckAndSet(cpu, allAvailable());
            ctx.warnOn((m & VSX) != 0 && (m & (FP | VEC)) != (FP | VEC), cpu, "giveup_all: MSR_VSX set without MSR_FP and MSR_VEC");
            if ((m & FP) != 0) {
                giveupFpuInner(t, cpu);
            }
            if ((m & VEC) != 0) {
                giveupAltivecInner(t, cpu);
            }
            msrCheckAndClear(cpu, allAvailable());
        });
    }

    /** {@code save_all(tsk)}: save without giving up; the user MSR keeps FP/VEC/VSX. */
    void saveAll(String t, int cpu) {
        ctx.call("save_all", () -> {
            long m = umsr(t);
            if ((m & allAvailable()) == 0) {
                ctx.note("no facility live in the user MSR: nothing saved");
                return;
            }
            msrCheckAndSet(cpu, allAvailable());
            ctx.warnOn((m & VSX) != 0 && (m & (FP | VEC)) != (FP | VEC), cpu, "save_all: MSR_VSX set without MSR_FP and MSR_VEC");
            if ((m & FP) != 0) {
                saveFpu(t, cpu, "save_fpu");
            }
            if ((m & VEC) != 0) {
                saveAltivec(t, cpu, "save_altivec");
            }
            msrCheckAndClear(cpu, allAvailable());
        });
    }

    void flushAllToThread(String t, int cpu) {
        ctx.call("flush_all_to_thread", () -> {
            if (!isUser(t)) {
                return;
            }
            ctx.preemptDisable(cpu);
            bugOnNotCurrent(t, cpu);
            saveAll(t, cpu);
            ctx.preemptEnable(cpu);
        });
    }

    void flushFpToThread(String t, int cpu) {
        ctx.call("flush_fp_to_thread", () -> {
            if (!isUser(t)) {
                return;
            }
            ctx.preemptDisable(cpu);
            if ((umsr(t) & FP) != 0) {
                bugOnNotCurrent(t, cpu);
                giveupFpu(t, cpu);
            }
            ctx.preemptEnable(cpu);
        });
    }

    void flushAltivecToThread(String t, int cpu) {
        ctx.call("flush_altivec_to_thread", () -> {
            if (!isUser(t)) {
                return;
            }
            ctx.preemptDisable(cpu);
            if ((umsr(t) & VEC) != 0) {
                bugOnNotCurrent(t, cpu);
                giveupAltivec(t, cpu);
            }
            ctx.preemptEnable(cpu);
        });
    }

    void flushVsxToThread(String t, int cpu) {
        ctx.call("flush_vsx_to_thread", () -> {
            if (!isUser(t)) {
                return;
            }
            ctx.preemptDisable(cpu);
            if ((umsr(t) & (VSX | VEC | FP)) != 0) {
                bugOnNotCurrent(t, cpu);
                giveupVsx(t, cpu);
            }
            ctx.preemptEnable(cpu);
        });
    }

    private void bugOnNotCurrent(String t, int cpu) {
        if (!state().cpu(cpu).current().filter(t::equals).isPresent()) {
            ctx.report(KernelEvent.Kind.BUG, cpu, "kernel BUG: BUG_ON(tsk != current) for '" + t + "'");
        }
    }

    // ---- facility-unavailable faults and loads ---------------------------------------------------------------------

    void loadFpState(String t, int cpu) {
        ctx.call("load_fp_state", () -> {
            RegisterFile sv = saved(t);
            RegisterFile l = Regs.copy(sv, live(cpu), r.fpscr);
            setLive(cpu, Regs.copy(sv, l, vsx ? r.fpFull : r.fpr), ctx.saveArea(t));
        });
    }

    void loadVrState(String t, int cpu) {
        ctx.call("load_vr_state", () -> {
            RegisterFile sv = saved(t);
            RegisterFile l = Regs.copy(sv, live(cpu), r.vscr);
            setLive(cpu, Regs.copy(sv, l, r.vr), ctx.saveArea(t));
        });
    }

    /** {@code load_up_fpu}: the FP-unavailable fault handler. */
    void loadUpFpu(String t, int cpu) {
        ctx.call("load_up_fpu", () -> {
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelMsr(c.kernelMsr().bits() | FP | (vsx ? VSX : 0)));
            PowerPcThread th = th(t);
            long m = umsr(t) | FP | th.fpexcMode().bits();
            ctx.note(() -> "regs->msr |= MSR_FP | thread.fpexc_mode (" + msrText(th.fpexcMode().bits()) + ")");
            putTh(t, th.withMsr(m).withLoadCounters(1, th.loadVec()));
            // fpu.S load_up_fpu reads THREAD_FPSTATE, not fp_save_area
            RegisterFile sv = saved(t);
            setLive(cpu, Regs.copy(sv, Regs.copy(sv, live(cpu), r.fpscr), vsx ? r.fpFull : r.fpr), ctx.saveArea(t));
        });
    }

    /** {@code load_up_altivec}: the VMX-unavailable fault handler. */
    void loadUpAltivec(String t, int cpu) {
        ctx.call("load_up_altivec", () -> {
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelMsr(c.kernelMsr().bits() | VEC));
            if (live(cpu).getLong(r.vrsave) == 0) {
                // vector.S: a VMX fault with VRSAVE == 0 is taken as an application that does not maintain it
                setLive(cpu, live(cpu).withLong(r.vrsave, 0xFFFF_FFFFL), VRSAVE_ALL_ONES);
                TaskState ts = task(t);
                ctx.update(s -> s.withTask(ts.withOracle(ts.oracle().withLong(r.vrsave, 0xFFFF_FFFFL))), VRSAVE_ALL_ONES);
                ctx.note("VRSAVE was 0: set to all ones (glibc uses it as a boolean; part of the ABI)");
            }
            PowerPcThread th = th(t);
            putTh(t, th.withMsr(th.msr().bits() | VEC).withLoadCounters(th.loadFp(), 1).withUsed(true, th.usedVsr()));
            RegisterFile sv = saved(t);
            setLive(cpu, Regs.copy(sv, Regs.copy(sv, live(cpu), r.vscr), r.vr), ctx.saveArea(t));
        });
    }

    /** {@code load_up_vsx}: the VSX-unavailable fault handler. */
    void loadUpVsx(String t, int cpu) {
        ctx.call("load_up_vsx", () -> {
            if ((umsr(t) & FP) == 0) {
                loadUpFpu(t, cpu);
            }
            if ((umsr(t) & VEC) == 0) {
                loadUpAltivec(t, cpu);
            }
            PowerPcThread th = th(t);
            // vector.S: used_vsr = 1 and MSR_VSX in the saved user MSR; no mtmsr of its own (the loads above did it)
            putTh(t, th.withMsr(th.msr().bits() | VSX).withUsed(th.usedVr(), true));
        });
    }

    /** {@code restore_math(regs)}: eager reload on the way back to user, Book3S-64 only. */
    void restoreMath(String t, int cpu) {
        ctx.call("restore_math", () -> {
            PowerPcThread th = th(t);
            long m = th.msr().bits();
            long add = 0;
            int loadFp = th.loadFp();
            int loadVec = th.loadVec();
            // should_restore_fp/should_restore_altivec: u8 load_fp++ / load_vec++ (kept at 1 when abstracted)
            boolean abstractCounters = ctx.config().has(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS);
            if ((m & FP) == 0 && loadFp != 0) {
                add |= FP;
                loadFp = abstractCounters ? 1 : (loadFp + 1) & 0xFF;
            }
            if (altivec && (m & VEC) == 0 && loadVec != 0) {
                add |= VEC;
                loadVec = abstractCounters ? 1 : (loadVec + 1) & 0xFF;
            }
            if (vsx && (m & VSX) == 0 && ((m | add) & (FP | VEC)) == (FP | VEC)) {
                add |= VSX;
            }
            putTh(t, th.withLoadCounters(loadFp, loadVec));
            if (add == 0) {
                ctx.note(() -> "nothing to restore (load_fp=" + th.loadFp() + ", load_vec=" + th.loadVec() + ")");
                return;
            }
            msrCheckAndSet(cpu, add);
            long fpexc = 0;
            if ((add & FP) != 0) {
                loadFpState(t, cpu);
                fpexc = th.fpexcMode().bits();
            }
            if ((add & VEC) != 0) {
                loadVrState(t, cpu);
                putTh(t, th(t).withUsed(true, th(t).usedVsr()));
            }
            if ((add & VSX) != 0) {
                putTh(t, th(t).withUsed(th(t).usedVr(), true));
            }
            msrCheckAndClear(cpu, add);
            setUmsr(t, umsr(t) | add | fpexc);
        });
    }

    // ---- scheduling ---------------------------------------------------------------------------------------------

    /**
     * {@code __switch_to(prev, next)}; an empty side is the idle task. A user task switched in gets
     * {@code restore_math} on Book3S-64.
     */
    void switchTo(Optional<String> prev, Optional<String> next, int cpu) {
        ctx.call("__switch_to", () -> {
            if (prev.isPresent() && isUser(prev.get()) && altivec) {
                String p = prev.get();
                ctx.call("save_sprs", () -> setSaved(p, Regs.copy(live(cpu), saved(p), r.vrsave), Source.live(cpu)));
            }
            prev.ifPresent(p -> giveupAll(p, cpu));
            if (next.isPresent() && isUser(next.get()) && altivec) {
                String n = next.get();
                ctx.call("restore_sprs", () -> {
                    if (!live(cpu).get(r.vrsave).equals(saved(n).get(r.vrsave))) {
                        setLive(cpu, Regs.copy(saved(n), live(cpu), r.vrsave), ctx.saveArea(n));
                    }
                });
            }
            ctx.call("_switch", () -> {
                prev.ifPresent(p -> setMode(p, TaskMode.KERNEL));
                if (next.isPresent()) {
                    ctx.update(s -> s.withIdle(cpu).withRunning(cpu, next.get()));
                } else {
                    ctx.update(s -> s.withIdle(cpu));
                }
            });
            if (book3s64 && next.isPresent() && isUser(next.get())) {
                restoreMath(next.get(), cpu);
            }
        });
    }

    void schedule(Optional<String> prev, Optional<String> next, int cpu) {
        ctx.call("schedule", () -> ctx.call("__schedule", () -> switchTo(prev, next, cpu)));
    }

    /** The tail of {@code interrupt_exit_user_prepare_main} after the TIF loop: conditional restore_math. */
    void exitTail(String t, int cpu) {
        if (book3s64) {
            long m = umsr(t);
            if ((m & mathflags()) != mathflags()) {
                restoreMath(t, cpu);
            } else {
                ctx.note(() -> "MSR" + msrText(m & PowerPc.MSR_MATH_MASK).substring(3)
                        + " all set: restore_math skipped, live registers return to user as they are");
            }
        }
    }

    /** A task is back in user mode. */
    void toUser(String t) {
        setMode(t, TaskMode.USER);
    }

    void enterKernel(String t) {
        setMode(t, TaskMode.KERNEL);
    }

    // ---- kernel use of FP ---------------------------------------------------------------------------------------

    /** {@code enable_kernel_fp()}: must run with preemption off; gives up current's user FP state first. */
    void enableKernelFp(int cpu) {
        enableKernel(cpu, FP);
    }

    /** {@code disable_kernel_fp()}. */
    void disableKernelFp(int cpu) {
        disableKernel(cpu, FP);
    }

    static String facilityName(long fac) {
        return fac == FP ? "fp" : fac == VEC ? "altivec" : "vsx";
    }

    /**
     * {@code enable_kernel_fp/altivec/vsx()}: {@code WARN_ON(preemptible())}, the facility on in the kernel MSR, and
     * current's user state of that facility given up ({@code __giveup_fpu}, {@code __giveup_altivec}, or
     * {@code __giveup_vsx} for any of VSX|VEC|FP).
     *
     * @param fac {@link #FP}, {@link #VEC} or {@link #VSX}
     */
    void enableKernel(int cpu, long fac) {
        String name = "enable_kernel_" + facilityName(fac);
        ctx.call(name, () -> {
            ctx.warnOn(!state().cpu(cpu).exec().isAtomic(ctx.config()), cpu, () -> name + ": WARN_ON(preemptible())");
            long bits = fac == VSX ? FP | VEC | VSX : fac;
            msrCheckAndSet(cpu, bits);
            Optional<String> cur = state().cpu(cpu).current();
            if (cur.isPresent() && isUser(cur.get())) {
                String t = cur.get();
                long m = umsr(t);
                if (fac == FP && (m & FP) != 0) {
                    giveupFpuInner(t, cpu);
                } else if (fac == VEC && (m & VEC) != 0) {
                    giveupAltivecInner(t, cpu);
                } else if (fac == VSX && (m & (FP | VEC | VSX)) != 0) {
                    giveupVsxInner(t, cpu);
                }
            }
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelUse(c.kernelUse().bits() | bits));
        });
    }

    /** {@code disable_kernel_fp/altivec/vsx()}: {@code msr_check_and_clear} of the facility. */
    void disableKernel(int cpu, long fac) {
        ctx.call("disable_kernel_" + facilityName(fac), () -> {
            long bits = fac == VSX ? FP | VEC | VSX : fac;
            PowerPcCpu c = cpuExt(cpu);
            setCpuExt(cpu, c.withKernelUse(c.kernelUse().bits() & ~bits));
            msrCheckAndClear(cpu, bits);
        });
    }

    /** Kernel code using a facility between enable and disable: it overwrites fr0 (FP, VSX) and v0 (VMX, VSX). */
    void kernelBody(int cpu, long fac) {
        RegisterFile l = live(cpu);
        if (fac != VEC) {
            l = vsx ? l.withoutEffects(r.vs0, BitVector.ofWords(128, KERNEL_FR0, KERNEL_FR0)) : l.withoutEffects(r.fr0, BitVector.of(64, KERNEL_FR0));
        }
        if (fac != FP) {
            l = l.withoutEffects(r.vr0, BitVector.ofWords(128, KERNEL_FR0, KERNEL_FR0));
        }
        ctx.note(() -> "kernel code overwrites " + (fac == FP ? "fr0" : fac == VEC ? "v0" : "vs0 and v0"));
        setLive(cpu, l, KERNEL_CODE);
    }

    /** Kernel FP code between enable and disable: it overwrites fr0. */
    void kernelFpBody(int cpu) {
        kernelBody(cpu, FP);
    }

    // ---- fork, exec -----------------------------------------------------------------------------------------------

    /**
     * {@code copy_process} for a child of {@code parent} (running on {@code cpu}): {@code arch_dup_task_struct}
     * ({@code flush_all_to_thread}, {@code *dst = *src}) and {@code copy_thread}.
     */
    void copyProcess(String parent, String child, boolean kernelThread, int cpu) {
        ctx.call("copy_process", () -> {
            ctx.call("dup_task_struct", () -> ctx.call("arch_dup_task_struct", () -> {
                flushAllToThread(parent, cpu);
                TaskState p = task(parent);
                TaskState c = new TaskState(child, nextPid(), kernelThread ? TaskKind.KERNEL_THREAD : TaskKind.USER,
                        TaskMode.KERNEL, p.cpu(), p.saved(),
                        kernelThread ? p.oracle().layout().zeroFile() : p.oracle(), p.ext());
                ctx.update(s -> s.withNewTask(c), ctx.saveArea(parent)); // *dst = *src: the parent's save area
                ctx.note("*dst = *src: thread_struct (fp_state, vr_state, fpexc_mode, load_fp) copied");
            }));
            ctx.call("copy_thread", () -> {
                PowerPcThread th = th(child);
                long m = kernelThread ? 0 : th.msr().bits() & ~PowerPc.MSR_MATH_MASK;
                if (kernelThread) {
                    ctx.note("kernel thread: childregs zeroed, thread.regs = NULL");
                }
                putTh(child, th.withMsr(m).withSaveAreas(SaveArea.THREAD, SaveArea.THREAD));
            });
        });
    }

    void wakeUpNewTask(String child) {
        ctx.call("wake_up_new_task", () -> ctx.note(() -> "'" + child + "' runnable on CPU " + cpuOf(child)));
    }

    /** {@code start_thread}: the new program's user MSR and FP/VMX state. */
    void startThread(String t, RegisterFile init) {
        ctx.call("start_thread", () -> {
            long m = book3s64 ? (ctx.config().has(PowerPc.OPTION_CPU_LITTLE_ENDIAN) ? PowerPc.MSR_USER64_LE : PowerPc.MSR_USER64_BE)
                    : PowerPc.MSR_USER32;
            PowerPcThread th = th(t);
            putTh(t, new PowerPcThread(PowerPc.MSR.of(m), th.fpexcMode(), SaveArea.THREAD, SaveArea.THREAD, 0, 0, false, false));
            setSaved(t, init, Source.INIT_STATE);
            ctx.note(() -> "fp_state/vr_state reset (VSCR = NJ), fpexc_mode kept " + msrText(th.fpexcMode().bits()));
        });
    }

    /**
     * {@code set_fpexc_mode(tsk, val)}.
     *
     * @return 0, or {@code -EINVAL} (-22) for {@code PR_FP_EXC_SW_ENABLE} without SPE or a mode above
     *         {@code PR_FP_EXC_PRECISE}
     */
    long setFpexcMode(String t, long val) {
        return ctx.call("set_fpexc_mode", () -> {
            if ((val & PowerPc.PR_FP_EXC_SW_ENABLE) != 0) {
                ctx.note("PR_FP_EXC_SW_ENABLE without SPE: -EINVAL");
                return -22L;
            }
            if (val < 0 || val > PowerPc.PR_FP_EXC_PRECISE) {
                ctx.note("val > PR_FP_EXC_PRECISE: -EINVAL");
                return -22L;
            }
            long fe = PowerPc.packFe01((int) val);
            PowerPcThread th = th(t).withFpexcMode(fe);
            if (th.fpLive()) {
                th = th.withMsr((th.msr().bits() & ~FE) | fe);
            } else {
                ctx.note("MSR_FP off: regs->msr untouched; the mode reaches the MSR at the next FP enable");
            }
            putTh(t, th);
            return 0L;
        });
    }
}

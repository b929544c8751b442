package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.state.TaskExtension;

import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.register.RegisterFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The FP/vector fields of one task's {@code struct thread_struct} ({@code arch/powerpc/include/asm/processor.h})
 * plus its user MSR image {@code thread.regs->msr}; stored as {@link io.github.fpctx.core.state.TaskState#ext()}. The
 * register contents of {@code fp_state}/{@code vr_state} and {@code vrsave} are the task's
 * {@link io.github.fpctx.core.state.TaskState#saved()} file.
 *
 * <p>Simplifications: {@code fp_save_area}/{@code vr_save_area} are modelled as where the next {@code save_fpu}/
 * {@code save_altivec} stores ({@link SaveArea#THREAD} = NULL, {@link SaveArea#KVM_VCPU} = {@code &vcpu->arch.fp});
 * transactional-memory state ({@code ckfp_state}, {@code load_tm}) and SPE are not modelled.
 *
 * @param msr        {@code thread.regs->msr}, the user MSR image (for a kernel thread, whose {@code regs} is NULL,
 *                   the zeroed {@code childregs->msr} that {@code copy_thread} leaves)
 * @param fpexcMode  {@code thread.fpexc_mode}: the FE0/FE1 image {@code __pack_fe01(mode)}, e.g. {@code MSR[FE0 FE1]}
 * @param fpSaveArea where {@code save_fpu} stores ({@code thread.fp_save_area ?: &thread.fp_state})
 * @param vrSaveArea where {@code save_altivec} stores ({@code thread.vr_save_area ?: &thread.vr_state})
 * @param loadFp     {@code thread.load_fp}, the u8 eager-restore counter (0 - 255)
 * @param loadVec    {@code thread.load_vec}, likewise for VMX (0 - 255)
 * @param usedVr     {@code thread.used_vr}
 * @param usedVsr    {@code thread.used_vsr}
 * @param sigframes  the FP/vector content of the task's signal frames on its user stack, outermost first: what
 *                   {@code setup_sigcontext}/{@code save_user_regs} wrote at each delivery not yet consumed by
 *                   {@code rt_sigreturn} (user memory, kept here so a task has one extension record)
 * @param sigframeMsrs for each frame of {@code sigframes}, the {@code MSR_VEC}/{@code MSR_VSX} bits of the MSR
 *                   image {@code setup_sigcontext}/{@code save_user_regs} stored in it: set when the frame's
 *                   {@code v_regs}/VSX area holds valid data ({@code thread.used_vr}/{@code used_vsr} at delivery);
 *                   {@code rt_sigreturn} restores an area only if its bit is set
 * @implSpec This class is immutable and thread-safe.
 */
public record PowerPcThread(FieldRegister msr, FieldRegister fpexcMode, SaveArea fpSaveArea, SaveArea vrSaveArea,
                            int loadFp, int loadVec, boolean usedVr, boolean usedVsr, List<RegisterFile> sigframes,
                            List<Long> sigframeMsrs)
        implements TaskExtension {
    /** The frame MSR bits that say a frame's VMX and VSX areas are valid. */
    static final long FRAME_VALID_MASK = PowerPc.MSR_VEC.mask() | PowerPc.MSR_VSX.mask();

    /** Where a save primitive stores. */
    public enum SaveArea {
        /** {@code *_save_area == NULL}: the task's own {@code thread.fp_state}/{@code vr_state}. */
        THREAD,
        /** {@code *_save_area == &vcpu->arch.fp/vr}: a KVM-PR guest's registers are live for this task. */
        KVM_VCPU
    }

    /**
     * Validates the parts.
     *
     * @param msr        user MSR
     * @param fpexcMode  FE image
     * @param fpSaveArea FP save target
     * @param vrSaveArea VMX save target
     * @param loadFp     counter
     * @param loadVec    counter
     * @param usedVr     used_vr
     * @param usedVsr    used_vsr
     * @param sigframes  signal frames, outermost first; not null, copied
     * @param sigframeMsrs each frame's {@code MSR_VEC}/{@code MSR_VSX} validity bits; as many as frames, copied
     */
    public PowerPcThread {
        sigframes = List.copyOf(Objects.requireNonNull(sigframes, "sigframes"));
        sigframeMsrs = List.copyOf(Objects.requireNonNull(sigframeMsrs, "sigframeMsrs"));
        if (sigframeMsrs.size() != sigframes.size()) {
            throw new IllegalArgumentException("One frame MSR per signal frame: " + sigframes.size() + " frames, "
                    + sigframeMsrs.size() + " frame MSRs");
        }
        for (long m : sigframeMsrs) {
            if ((m & ~FRAME_VALID_MASK) != 0) {
                throw new IllegalArgumentException("A frame MSR holds only MSR_VEC and MSR_VSX; got " + PowerPc.MSR.of(m));
            }
        }
        Objects.requireNonNull(msr, "msr");
        if (!msr.layout().equals(PowerPc.MSR)) {
            throw new IllegalArgumentException("thread.regs->msr must be an MSR value; got " + msr);
        }
        Objects.requireNonNull(fpexcMode, "fpexcMode");
        Objects.requireNonNull(fpSaveArea, "fpSaveArea");
        Objects.requireNonNull(vrSaveArea, "vrSaveArea");
        if ((fpexcMode.bits() & ~PowerPc.MSR_FE_MASK) != 0) {
            throw new IllegalArgumentException("thread.fpexc_mode must be an MSR image with only FE0/FE1 set; got " + fpexcMode);
        }
        if (loadFp < 0 || loadFp > 255) {
            throw new IllegalArgumentException("Invalid value for thread.load_fp (valid values 0 - 255): " + loadFp);
        }
        if (loadVec < 0 || loadVec > 255) {
            throw new IllegalArgumentException("Invalid value for thread.load_vec (valid values 0 - 255): " + loadVec);
        }
    }

    /**
     * A thread with no signal frame.
     *
     * @param msr        user MSR
     * @param fpexcMode  FE image
     * @param fpSaveArea FP save target
     * @param vrSaveArea VMX save target
     * @param loadFp     counter
     * @param loadVec    counter
     * @param usedVr     used_vr
     * @param usedVsr    used_vsr
     */
    public PowerPcThread(FieldRegister msr, FieldRegister fpexcMode, SaveArea fpSaveArea, SaveArea vrSaveArea,
                         int loadFp, int loadVec, boolean usedVr, boolean usedVsr) {
        this(msr, fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr, List.of(), List.of());
    }

    /**
     * A fresh user thread as {@code start_thread} leaves it.
     *
     * @param userMsr   {@code MSR_USER64}/{@code MSR_USER32} image
     * @param fpexcMode the {@code PR_FP_EXC_*} mode
     * @return the thread
     */
    public static PowerPcThread initial(long userMsr, int fpexcMode) {
        return new PowerPcThread(PowerPc.MSR.of(userMsr), PowerPc.MSR.of(PowerPc.packFe01(fpexcMode)),
                SaveArea.THREAD, SaveArea.THREAD, 0, 0, false, false);
    }

    /** @return whether {@code MSR_FP} is set in the user MSR (the FP state is live on the task's CPU) */
    public boolean fpLive() {
        return msr.isSet(PowerPc.MSR_FP);
    }

    /** @return whether {@code MSR_VEC} is set in the user MSR */
    public boolean vecLive() {
        return msr.isSet(PowerPc.MSR_VEC);
    }

    /** @return whether {@code MSR_VSX} is set in the user MSR */
    public boolean vsxLive() {
        return msr.isSet(PowerPc.MSR_VSX);
    }

    /** @return the effective FE mode in the user MSR, {@code __unpack_fe01(regs->msr)}, 0 - 3 */
    public int msrFeMode() {
        return PowerPc.unpackFe01(msr.bits());
    }

    /** @return what {@code prctl(PR_GET_FPEXC)} reports: {@code __unpack_fe01(thread.fpexc_mode)}, 0 - 3 */
    public int fpexcModeValue() {
        return PowerPc.unpackFe01(fpexcMode.bits());
    }

    /**
     * {@code TS_FPROFFSET}: which doubleword of {@code thread_fp_state.fpr[i][2]} holds FPR i.
     *
     * @param littleEndian whether the kernel is little-endian
     * @return 1 on little-endian kernels, 0 on big-endian ones
     */
    public static int fprOffset(boolean littleEndian) {
        return littleEndian ? 1 : 0;
    }

    /**
     * @param m the new user MSR image
     * @return the new thread
     */
    public PowerPcThread withMsr(long m) {
        return m == msr.bits() ? this : new PowerPcThread(msr.withBits(m), fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr, sigframes, sigframeMsrs);
    }

    /**
     * @param feImage the new {@code fpexc_mode} image
     * @return the new thread
     */
    public PowerPcThread withFpexcMode(long feImage) {
        return new PowerPcThread(msr, PowerPc.MSR.of(feImage), fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr, sigframes, sigframeMsrs);
    }

    /**
     * @param fp new fp_save_area
     * @param vr new vr_save_area
     * @return the new thread
     */
    public PowerPcThread withSaveAreas(SaveArea fp, SaveArea vr) {
        return new PowerPcThread(msr, fpexcMode, fp, vr, loadFp, loadVec, usedVr, usedVsr, sigframes, sigframeMsrs);
    }

    /**
     * @param fp  new load_fp, 0 - 255
     * @param vec new load_vec, 0 - 255
     * @return the new thread
     */
    public PowerPcThread withLoadCounters(int fp, int vec) {
        return new PowerPcThread(msr, fpexcMode, fpSaveArea, vrSaveArea, fp, vec, usedVr, usedVsr, sigframes, sigframeMsrs);
    }

    /**
     * @param vr  new used_vr
     * @param vsr new used_vsr
     * @return the new thread
     */
    public PowerPcThread withUsed(boolean vr, boolean vsr) {
        return new PowerPcThread(msr, fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, vr, vsr, sigframes, sigframeMsrs);
    }

    /**
     * @param frame    the FP/vector content of a new signal frame (a delivery)
     * @param frameMsr its {@code MSR_VEC}/{@code MSR_VSX} validity bits
     * @return the new state, with {@code frame} innermost
     */
    public PowerPcThread pushSigframe(RegisterFile frame, long frameMsr) {
        Objects.requireNonNull(frame, "frame");
        List<RegisterFile> l = new ArrayList<>(sigframes);
        l.add(frame);
        List<Long> m = new ArrayList<>(sigframeMsrs);
        m.add(frameMsr);
        return new PowerPcThread(msr, fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr, l, m);
    }

    /**
     * @return the innermost frame's {@code MSR_VEC}/{@code MSR_VSX} validity bits
     * @throws IllegalStateException if there is no signal frame
     */
    public long innermostSigframeMsr() {
        requireSigframe();
        return sigframeMsrs.get(sigframeMsrs.size() - 1);
    }

    /**
     * @param frame the innermost frame's new content (the handler wrote to it)
     * @return the new state
     * @throws IllegalStateException if there is no signal frame
     */
    public PowerPcThread withInnermostSigframe(RegisterFile frame) {
        Objects.requireNonNull(frame, "frame");
        requireSigframe();
        List<RegisterFile> l = new ArrayList<>(sigframes);
        l.set(l.size() - 1, frame);
        return new PowerPcThread(msr, fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr, l, sigframeMsrs);
    }

    /**
     * @return the new state without the innermost frame ({@code rt_sigreturn} consumed it)
     * @throws IllegalStateException if there is no signal frame
     */
    public PowerPcThread popSigframe() {
        requireSigframe();
        return new PowerPcThread(msr, fpexcMode, fpSaveArea, vrSaveArea, loadFp, loadVec, usedVr, usedVsr,
                sigframes.subList(0, sigframes.size() - 1), sigframeMsrs.subList(0, sigframeMsrs.size() - 1));
    }

    private void requireSigframe() {
        if (sigframes.isEmpty()) {
            throw new IllegalStateException("The thread has no signal frame; a signal must be delivered first");
        }
    }
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskExtension;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The per-task x86 state ({@link TaskState#ext()}): the fields of {@code struct fpu}
 * ({@code arch/x86/include/asm/fpu/types.h}) and the thread flag the model needs. The saved area
 * {@code fpu->fpstate->regs} is {@link TaskState#saved()}.
 *
 * <p>Simplifications: {@code guest_perm} always equals {@code perm} (KVM is not modelled), so it is not a
 * component; {@code fpstate->xfeatures} follows from {@code xfd} (an fpstate with the dynamic features disarmed
 * is the enlarged, vmalloc'd one); {@code phase} is not part of {@code struct fpu} but of the task's kernel
 * stack (see {@link KernelPhase}); it lives here so a task has one extension record.
 *
 * @param lastCpu     {@code fpu->last_cpu}: the CPU whose registers last held this context; -1 means the memory
 *                    image is newer than any registers
 * @param needFpuLoad {@code TIF_NEED_FPU_LOAD}: the registers may not hold this task's state; load before
 *                    returning to user space
 * @param perm        {@code fpu->perm.__state_perm}: the permitted XSAVE features; meaningful on the group
 *                    leader, which every thread of the process consults
 * @param xfd         {@code fpu->fpstate->xfd}: the dynamic features still armed in {@code IA32_XFD} for this
 *                    task ({@link X86#XFEATURE_MASK_XTILE_DATA} until the first AMX use is granted)
 * @param groupLeader the name of the task's thread-group leader ({@code current->group_leader}); its own name
 *                    for a process
 * @param phase       where the task is in the kernel
 * @param sigframes   the FP/vector content of the task's signal frames on its user stack, outermost first: what
 *                    {@code copy_fpstate_to_sigframe} wrote at each delivery not yet undone by {@code rt_sigreturn}
 *                    (the frame lives in user memory, not in {@code struct fpu}; it is here so a task has one
 *                    extension record)
 * @implSpec This record is immutable and thread-safe.
 */
public record FpuState(int lastCpu, boolean needFpuLoad, long perm, long xfd, String groupLeader, KernelPhase phase,
                       List<RegisterFile> sigframes) implements TaskExtension {
    /**
     * Validates the parts.
     *
     * @param lastCpu     -1 or a CPU id
     * @param needFpuLoad TIF flag
     * @param perm        permitted features
     * @param xfd         armed dynamic features
     * @param groupLeader leader's name, non-blank
     * @param phase       kernel phase, not null
     * @param sigframes   signal frames, outermost first; not null, copied
     */
    public FpuState {
        sigframes = List.copyOf(Objects.requireNonNull(sigframes, "sigframes"));
        if (lastCpu < -1) {
            throw new IllegalArgumentException("Invalid value for fpu->last_cpu (valid values -1 or a CPU id): " + lastCpu);
        }
        Objects.requireNonNull(groupLeader, "groupLeader");
        Checks.name(groupLeader, "Group leader");
        Objects.requireNonNull(phase, "phase");
    }

    /**
     * A task with no signal frame.
     *
     * @param lastCpu     -1 or a CPU id
     * @param needFpuLoad TIF flag
     * @param perm        permitted features
     * @param xfd         armed dynamic features
     * @param groupLeader leader's name, non-blank
     * @param phase       kernel phase, not null
     */
    public FpuState(int lastCpu, boolean needFpuLoad, long perm, long xfd, String groupLeader, KernelPhase phase) {
        this(lastCpu, needFpuLoad, perm, xfd, groupLeader, phase, List.of());
    }

    /**
     * @param cpu the new {@code last_cpu}
     * @return the new state
     */
    public FpuState withLastCpu(int cpu) {
        return cpu == lastCpu ? this : new FpuState(cpu, needFpuLoad, perm, xfd, groupLeader, phase, sigframes);
    }

    /**
     * @param tif the new {@code TIF_NEED_FPU_LOAD}
     * @return the new state
     */
    public FpuState withNeedFpuLoad(boolean tif) {
        return tif == needFpuLoad ? this : new FpuState(lastCpu, tif, perm, xfd, groupLeader, phase, sigframes);
    }

    /**
     * @param p the new permissions
     * @return the new state
     */
    public FpuState withPerm(long p) {
        return p == perm ? this : new FpuState(lastCpu, needFpuLoad, p, xfd, groupLeader, phase, sigframes);
    }

    /**
     * @param x the new armed dynamic features
     * @return the new state
     */
    public FpuState withXfd(long x) {
        return x == xfd ? this : new FpuState(lastCpu, needFpuLoad, perm, x, groupLeader, phase, sigframes);
    }

    /**
     * @param p the new phase
     * @return the new state
     */
    public FpuState withPhase(KernelPhase p) {
        return p == phase ? this : new FpuState(lastCpu, needFpuLoad, perm, xfd, groupLeader, p, sigframes);
    }

    /**
     * @param frame the FP/vector content of a new signal frame (a delivery)
     * @return the new state, with {@code frame} innermost
     */
    public FpuState pushSigframe(RegisterFile frame) {
        Objects.requireNonNull(frame, "frame");
        List<RegisterFile> l = new ArrayList<>(sigframes);
        l.add(frame);
        return new FpuState(lastCpu, needFpuLoad, perm, xfd, groupLeader, phase, l);
    }

    /**
     * @param frame the innermost frame's new content (the handler wrote to it)
     * @return the new state
     * @throws IllegalStateException if there is no signal frame
     */
    public FpuState withInnermostSigframe(RegisterFile frame) {
        Objects.requireNonNull(frame, "frame");
        requireSigframe();
        List<RegisterFile> l = new ArrayList<>(sigframes);
        l.set(l.size() - 1, frame);
        return new FpuState(lastCpu, needFpuLoad, perm, xfd, groupLeader, phase, l);
    }

    /**
     * @return the new state without the innermost frame ({@code rt_sigreturn} consumed it)
     * @throws IllegalStateException if there is no signal frame
     */
    public FpuState popSigframe() {
        requireSigframe();
        return new FpuState(lastCpu, needFpuLoad, perm, xfd, groupLeader, phase, sigframes.subList(0, sigframes.size() - 1));
    }

    private void requireSigframe() {
        if (sigframes.isEmpty()) {
            throw new IllegalStateException("The task has no signal frame; a signal must be delivered first");
        }
    }

    @Override
    public String toString() {
        return "fpu[last_cpu=" + lastCpu + " TIF_NEED_FPU_LOAD=" + (needFpuLoad ? 1 : 0) + " perm=0x"
                + Long.toHexString(perm) + " xfd=0x" + Long.toHexString(xfd) + " leader=" + groupLeader + " " + phase
                + (sigframes.isEmpty() ? "" : " sigframes=" + sigframes.size()) + "]";
    }
}

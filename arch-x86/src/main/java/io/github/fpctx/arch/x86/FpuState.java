package io.github.fpctx.arch.x86;

import java.util.Objects;

import io.github.fpctx.core.state.TaskExtension;

import io.github.fpctx.core.state.TaskState;

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
 * @implSpec This record is immutable and thread-safe.
 */
public record FpuState(int lastCpu, boolean needFpuLoad, long perm, long xfd, String groupLeader, KernelPhase phase) implements TaskExtension {
    /**
     * Validates the parts.
     *
     * @param lastCpu     -1 or a CPU id
     * @param needFpuLoad TIF flag
     * @param perm        permitted features
     * @param xfd         armed dynamic features
     * @param groupLeader leader's name, non-blank
     * @param phase       kernel phase, not null
     */
    public FpuState {
        if (lastCpu < -1) {
            throw new IllegalArgumentException("Invalid value for fpu->last_cpu (valid values -1 or a CPU id): " + lastCpu);
        }
        if (groupLeader == null || groupLeader.isBlank()) {
            throw new IllegalArgumentException("Group leader must be a non-blank task name; got " + groupLeader);
        }
        Objects.requireNonNull(phase, "phase");
    }

    /**
     * @param cpu the new {@code last_cpu}
     * @return the new state
     */
    public FpuState withLastCpu(int cpu) {
        return cpu == lastCpu ? this : new FpuState(cpu, needFpuLoad, perm, xfd, groupLeader, phase);
    }

    /**
     * @param tif the new {@code TIF_NEED_FPU_LOAD}
     * @return the new state
     */
    public FpuState withNeedFpuLoad(boolean tif) {
        return tif == needFpuLoad ? this : new FpuState(lastCpu, tif, perm, xfd, groupLeader, phase);
    }

    /**
     * @param p the new permissions
     * @return the new state
     */
    public FpuState withPerm(long p) {
        return p == perm ? this : new FpuState(lastCpu, needFpuLoad, p, xfd, groupLeader, phase);
    }

    /**
     * @param x the new armed dynamic features
     * @return the new state
     */
    public FpuState withXfd(long x) {
        return x == xfd ? this : new FpuState(lastCpu, needFpuLoad, perm, x, groupLeader, phase);
    }

    /**
     * @param p the new phase
     * @return the new state
     */
    public FpuState withPhase(KernelPhase p) {
        return p == phase ? this : new FpuState(lastCpu, needFpuLoad, perm, xfd, groupLeader, p);
    }

    @Override
    public String toString() {
        return "fpu[last_cpu=" + lastCpu + " TIF_NEED_FPU_LOAD=" + (needFpuLoad ? 1 : 0) + " perm=0x"
                + Long.toHexString(perm) + " xfd=0x" + Long.toHexString(xfd) + " leader=" + groupLeader + " " + phase + "]";
    }
}

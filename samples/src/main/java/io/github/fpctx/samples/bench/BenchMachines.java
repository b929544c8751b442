package io.github.fpctx.samples.bench;

import io.github.fpctx.core.state.MachineExtension;

import io.github.fpctx.core.state.TaskExtension;

import io.github.fpctx.core.state.CpuExtension;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Machine states for the benchmarks, built from core API only (the architecture plugins are not merged yet):
 * the anchors' world of 3 user tasks on 3 CPUs, every CPU's live registers, every task's saved area and
 * oracle a full register file of the chosen layout, and small extension records standing in for the
 * per-CPU {@code fpu_fpregs_owner_ctx} and the per-task {@code fpu->last_cpu} / {@code TIF_NEED_FPU_LOAD}.
 *
 * <p>Initial state: {@code T0} runs on CPU 0 and {@code T1} on CPU 1 in user mode, {@code T2} is queued on
 * CPU 0 (runnable in the kernel), CPU 2 is idle. Each task's live or saved registers equal its oracle.
 */
public final class BenchMachines {
    /** The number of CPUs and of tasks in the benchmark world. */
    public static final int SIZE = 3;

    private BenchMachines() {
    }

    /**
     * Per-CPU stand-in for x86's {@code fpu_fpregs_owner_ctx} (PowerPC has no per-CPU owner; the model keeps
     * the shape the same for both layouts).
     *
     * @param ownerPid the pid whose registers the CPU holds, or -1 for none
     */
    public record CpuFpu(int ownerPid) implements CpuExtension {
    }

    /**
     * Per-task stand-in for x86's {@code fpu->last_cpu} and {@code TIF_NEED_FPU_LOAD}.
     *
     * @param lastCpu     the CPU the registers were last loaded on, or -1
     * @param needFpuLoad whether the registers must be restored before returning to user space
     */
    public record TaskFpu(int lastCpu, boolean needFpuLoad) implements TaskExtension {
    }

    /**
     * Machine-wide stand-in for x86's {@code init_fpstate}: which generation of the initial image exec installs.
     *
     * @param initGeneration a version number
     */
    public record MachineFpu(int initGeneration) implements MachineExtension {
    }

    /**
     * The initial benchmark machine.
     *
     * @param layout the register layout of every file
     * @param seed   seed of the register contents; equal seeds give equal (but not shared) states
     * @return the state
     */
    public static MachineState initial(RegisterLayout layout, long seed) {
        List<TaskState> tasks = new ArrayList<>();
        RegisterFile[] user = new RegisterFile[SIZE];
        for (int t = 0; t < SIZE; t++) {
            user[t] = BenchLayouts.randomFile(layout, seed + 17L * t);
            boolean running = t < 2;
            tasks.add(new TaskState("T" + t, 100 + t, TaskKind.USER, running ? TaskMode.USER : TaskMode.KERNEL,
                    t == 2 ? 0 : t, user[t], user[t], new TaskFpu(running ? t : -1, !running)));
        }
        List<CpuState> cpus = new ArrayList<>();
        for (int c = 0; c < SIZE; c++) {
            boolean busy = c < 2;
            cpus.add(new CpuState(c, busy ? user[c] : layout.zeroFile(), busy ? Optional.of("T" + c) : Optional.empty(),
                    ExecContext.IDLE, new CpuFpu(busy ? 100 + c : -1)));
        }
        return MachineState.of(layout.name(), KernelConfig.DEFAULT, Set.of(), cpus, tasks, new MachineFpu(0));
    }

    /**
     * User code on a CPU writes one register: the live file and the running task's oracle change.
     *
     * @param s     the state
     * @param cpu   a CPU running a task
     * @param r     the register
     * @param value its new value
     * @return the new state
     */
    public static MachineState userWrite(MachineState s, int cpu, Register r, BitVector value) {
        CpuState c = s.cpu(cpu);
        TaskState t = s.task(c.current().orElseThrow(() -> new IllegalStateException("CPU " + cpu + " is idle")));
        return s.withCpu(c.withLive(c.live().with(r, value))).withTask(t.withOracle(t.oracle().with(r, value)));
    }

    /**
     * A context switch on one CPU from its current task to a task queued there, core operations only: the
     * outgoing task's registers are saved ({@code save_fpu} / {@code save_fpregs_to_fpstate}), its
     * {@code last_cpu} recorded, the incoming task's saved area loaded eagerly and the owner updated. This is
     * the shape of the transition, not either kernel's exact code path (the arch plugins model those).
     *
     * @param s    the state
     * @param cpu  a CPU running a task
     * @param next the name of a task queued on that CPU and not running
     * @return the new state
     */
    public static MachineState contextSwitch(MachineState s, int cpu, String next) {
        CpuState c = s.cpu(cpu);
        TaskState prev = s.task(c.current().orElseThrow(() -> new IllegalStateException("CPU " + cpu + " is idle")));
        TaskState in = s.task(next);
        TaskState saved = prev.withSaved(c.live()).withMode(TaskMode.KERNEL).withExt(new TaskFpu(cpu, false));
        MachineState m = s.withTask(saved).withIdle(cpu).withRunning(cpu, next);
        CpuState c2 = m.cpu(cpu);
        m = m.withCpu(c2.withLive(in.saved()).withExt(new CpuFpu(in.pid())));
        return m.withTask(m.task(next).withMode(TaskMode.USER).withExt(new TaskFpu(cpu, false)));
    }
}

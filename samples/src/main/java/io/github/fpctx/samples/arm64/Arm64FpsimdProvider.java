package io.github.fpctx.samples.arm64;

import io.github.fpctx.core.state.ExtensionTypes;

import io.github.fpctx.core.state.NoExtension;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.ArchitectureProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An out-of-tree architecture written only against fpctx's public SPI: arm64 FPSIMD context state as Linux
 * keeps it ({@code arch/arm64/kernel/fpsimd.c}, v6.x).
 *
 * <p>The model: registers {@code v0}-{@code v31} (128 bits; views {@code q}, {@code d} = bits 0..63,
 * {@code s} = bits 0..31), {@code fpsr}, {@code fpcr}; per CPU {@code fpsimd_last_state}; per task
 * {@code thread.fpsimd_cpu} and {@code TIF_FOREIGN_FPSTATE}. A task's registers are live on CPU c iff
 * {@code fpsimd_last_state[c] == task && task.fpsimd_cpu == c}; {@code fpsimd_thread_switch} sets
 * {@code TIF_FOREIGN_FPSTATE} on the incoming task unless that holds, and {@code do_notify_resume} →
 * {@code fpsimd_restore_current_state} loads the saved state and binds the task before user space runs.
 * SVE, SME and the streaming-mode state are not modelled.
 *
 * <p>One <em>illustrative</em> erratum, {@value #EXEC_KEEPS_BINDING}, shows how a plugin declares one: exec
 * zeroing the saved state without {@code fpsimd_flush_task_state()} (the arm64 analogue of x86 seed 002). It is
 * a teaching example, not a historical arm64 bug, so it names no commits.
 */
public final class Arm64FpsimdProvider implements ArchitectureProvider {
    /** The illustrative erratum's id. */
    public static final String EXEC_KEEPS_BINDING = "arm64-exec-keeps-binding";

    /** FPCR (AArch64 floating-point control register) with its main fields; other bits RES0 in this model. */
    public static final FieldLayout FPCR = FieldLayout.builder("FPCR", 32)
            .control("IOE", 8, 1).control("DZE", 9, 1).control("OFE", 10, 1).control("UFE", 11, 1)
            .control("IXE", 12, 1).control("IDE", 15, 1).control("FZ16", 19, 1)
            .control("RMode", 22, 2, Map.of(0L, "RN", 1L, "RP", 2L, "RM", 3L, "RZ"))
            .control("FZ", 24, 1).control("DN", 25, 1).control("AHP", 26, 1)
            .reserved(0xF827_60FFL).build();
    /** FPSR (AArch64 floating-point status register): cumulative (sticky) exception flags and QC. */
    public static final FieldLayout FPSR = FieldLayout.builder("FPSR", 32)
            .sticky("IOC", 0, 1).sticky("DZC", 1, 1).sticky("OFC", 2, 1).sticky("UFC", 3, 1).sticky("IXC", 4, 1)
            .sticky("IDC", 7, 1).sticky("QC", 27, 1)
            .reserved(0xF7FF_FF60L).build();

    static final RegisterLayout LAYOUT = layout0();

    private static RegisterLayout layout0() {
        RegisterLayout.Builder b = RegisterLayout.builder("arm64");
        for (int i = 0; i < 32; i++) {
            b.register("v" + i, 128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("q" + i, "v" + i, 0, 128);
        }
        for (int i = 0; i < 32; i++) {
            b.view("d" + i, "v" + i, 0, 64);
        }
        for (int i = 0; i < 32; i++) {
            b.view("s" + i, "v" + i, 0, 32);
        }
        return b.register("fpsr", 32).register("fpcr", 32).build();
    }

    /** Creates the provider (ServiceLoader calls this). */
    public Arm64FpsimdProvider() {
    }

    @Override
    public String id() {
        return "arm64";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("aarch64");
    }

    @Override
    public String description() {
        return "arm64 FPSIMD (fpsimd_last_state, fpsimd_cpu, TIF_FOREIGN_FPSTATE, kernel_neon_begin/end); out-of-tree sample";
    }

    @Override
    public RegisterLayout layout() {
        return LAYOUT;
    }

    @Override
    public List<FieldLayout> fieldLayouts() {
        return List.of(FPCR, FPSR);
    }

    @Override
    public ExtensionTypes extensionTypes() {
        return ExtensionTypes.of(Arm64Cpu.class, Arm64Task.class, NoExtension.class);
    }

    @Override
    public KernelConfig defaultConfig() {
        return KernelConfig.of(Set.of(), Set.of("FPSIMD"));
    }

    @Override
    public List<Erratum> errata() {
        return List.of(Erratum.bug(EXEC_KEEPS_BINDING, "Illustrative: exec resets the state without fpsimd_flush_task_state()",
                "", "", List.of(), "the new program starts with the old program's registers (a teaching example)", 3));
    }

    /**
     * AAPCS64: v8-v15 are callee-saved in their low 64 bits only (d8-d15); everything else, FPSR included, is
     * caller-saved; FPCR is preserved across calls.
     */
    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            if (i < 8 || i > 15) {
                v.add("v" + i);
            }
        }
        v.add("fpsr");
        return v;
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        return LAYOUT.zeroFile(); // fpsimd_flush_thread: memset(&current->thread.uw.fpsimd_state, 0, ...)
    }

    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        List<CpuState> cpus = new ArrayList<>();
        for (int i = 0; i < spec.cpus(); i++) {
            cpus.add(new CpuState(i, LAYOUT.zeroFile(), Optional.empty(), ExecContext.IDLE, Arm64Cpu.UNBOUND));
        }
        List<TaskState> tasks = new ArrayList<>();
        int pid = 1;
        for (TaskSpec t : spec.tasks()) {
            RegisterFile regs = initRegisters(config).withAll(t.registers());
            boolean user = t.kind() == TaskKind.USER;
            if (t.running()) {
                // running in user space: its registers are live and bound to this CPU
                cpus.set(t.cpu(), cpus.get(t.cpu()).withCurrent(Optional.of(t.name())).withLive(regs)
                        .withExt(user ? new Arm64Cpu(Optional.of(t.name())) : Arm64Cpu.UNBOUND));
                tasks.add(new TaskState(t.name(), pid++, t.kind(), user ? TaskMode.USER : TaskMode.KERNEL, t.cpu(), regs, regs,
                        user ? new Arm64Task(t.cpu(), false) : Arm64Task.FLUSHED));
            } else {
                tasks.add(new TaskState(t.name(), pid++, t.kind(), TaskMode.KERNEL, t.cpu(), regs, regs, Arm64Task.FLUSHED));
            }
        }
        return MachineState.of(id(), config, spec.errata(), cpus, tasks, NoExtension.INSTANCE);
    }

    static boolean bound(MachineState s, TaskState t, int cpu) {
        Arm64Task a = t.ext(Arm64Task.class);
        return a.fpsimdCpu() == cpu && s.cpu(cpu).ext(Arm64Cpu.class).lastState().filter(t.name()::equals).isPresent();
    }

    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        Arm64Task a = task.ext(Arm64Task.class);
        if (state.isRunning(task.name()) && !a.foreignFpstate()) {
            return state.cpu(task.cpu()).live();
        }
        // not loaded yet: what fpsimd_restore_current_state would load, unless the binding still holds
        if (!state.isRunning(task.name()) && a.fpsimdCpu() >= 0 && bound(state, task, a.fpsimdCpu())) {
            return state.cpu(a.fpsimdCpu()).live();
        }
        return task.saved();
    }

    @Override
    public Operations operations() {
        return new Arm64Operations(this);
    }

    @Override
    public List<Action> actions(MachineState world) {
        List<Action> out = new ArrayList<>();
        Operations ops = operations();
        int token = 1;
        for (TaskState t : world.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            out.add(ops.userWrite(t.name(), "v0", BitVector.of(128, token++)));
            out.add(ops.preempt(t.name()));
            for (int c = 0; c < world.cpus().size(); c++) {
                out.add(ops.resume(t.name(), c));
            }
            out.add(ops.exec(t.name()));
            out.add(ops.signal(t.name()));
        }
        for (int c = 0; c < world.cpus().size(); c++) {
            out.add(ops.kernelFpUse(c));
        }
        return out;
    }

    @Override
    public Set<String> coverage(MachineState state) {
        Set<String> out = new LinkedHashSet<>();
        for (TaskState t : state.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            Arm64Task a = t.ext(Arm64Task.class);
            out.add(t.name() + ": running=" + state.isRunning(t.name()) + " TIF_FOREIGN_FPSTATE=" + (a.foreignFpstate() ? 1 : 0)
                    + " fpsimd_cpu=" + (a.fpsimdCpu() < 0 ? "NR_CPUS" : a.fpsimdCpu())
                    + " bound=" + (a.fpsimdCpu() >= 0 && bound(state, t, a.fpsimdCpu())));
        }
        return out;
    }
}

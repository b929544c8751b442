package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.core.state.ExtensionTypes;

import io.github.fpctx.core.state.NoExtension;

import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.arch.powerpc.PowerPc;
import io.github.fpctx.arch.powerpc.PowerPcCpu;
import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcInvariants;
import io.github.fpctx.arch.powerpc.PowerPcThread;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelPath;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.AbstractArchitectureProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the ppc64 and ppc32 providers share: state construction, the user view, the ABI, paths and alphabet. */
abstract class PowerPcProvider extends AbstractArchitectureProvider {
    /** Exploration token written to vs0 (distinct doublewords, never an FPSCR image). */
    static final BitVector TOKEN_VS0 = BitVector.parse("0x5555_5555_5555_5555_aaaa_aaaa_aaaa_aaaa");
    /** Exploration token written to fr0. */
    static final BitVector TOKEN_FR0 = BitVector.parse("0x5555_5555_5555_5555");
    /** Exploration token written to vr0. */
    static final BitVector TOKEN_VR0 = BitVector.parse("0x3333_3333_3333_3333_cccc_cccc_cccc_cccc");

    private final Regs regs;
    private final Operations operations;

    PowerPcProvider(String id, Set<String> aliases, String description, Regs regs) {
        super(id, aliases, description, regs.layout, PowerPcErrata.all(), PowerPcInvariants.all(), PpcWorlds.CATALOG);
        this.regs = regs;
        this.operations = new PpcOperations(regs.layout);
    }

    abstract boolean book3s64();

    /** @return {@code INIT_THREAD}'s {@code fpexc_mode} as a {@code PR_FP_EXC_*} mode */
    abstract int defaultFpexcMode();

    abstract void checkConfig(KernelConfig config);

    @Override
    public ExtensionTypes extensionTypes() {
        return ExtensionTypes.of(PowerPcCpu.class, PowerPcThread.class, NoExtension.class);
    }

    @Override
    public List<FieldLayout> fieldLayouts() {
        return List.of(PowerPc.MSR, PowerPc.FPSCR, PowerPc.VSCR);
    }

    /** The user MSR image {@code thread.regs->msr} for {@link PowerPc#MSR}. */
    @Override
    public Optional<FieldRegister> taskFieldRegister(MachineState state, TaskState task, FieldLayout fieldRegister) {
        return fieldRegister.equals(PowerPc.MSR) ? Optional.of(task.ext(PowerPcThread.class).msr()) : Optional.empty();
    }

    @Override
    public Operations operations() {
        return operations;
    }

    long userMsr(KernelConfig config) {
        if (!book3s64()) {
            return PowerPc.MSR_USER32;
        }
        return config.has(PowerPc.OPTION_CPU_LITTLE_ENDIAN) ? PowerPc.MSR_USER64_LE : PowerPc.MSR_USER64_BE;
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        // start_thread: fp_state zeroed; vr_state zeroed with vscr.u[3] = 0x00010000 ("Java mode disabled"); vrsave 0
        return regs.layout.zeroFile().withLong(regs.vscr, PowerPc.VSCR.resetValue());
    }

    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        List<String> v = new ArrayList<>();
        if (regs.vsxLayout) {
            for (int i = 0; i <= 13; i++) {
                v.add("vs" + i);
            }
            for (int i = 14; i <= 31; i++) {
                v.add("vs" + i + "h");
            }
        } else {
            for (int i = 0; i <= 13; i++) {
                v.add("fr" + i);
            }
        }
        for (int i = 0; i <= 19; i++) {
            v.add("vr" + i);
        }
        v.add("fpscr");
        return v;
    }

    /**
     * VRSAVE, with AltiVec: a fork child's VRSAVE is the parent's {@code thread.vrsave} as {@code save_sprs} stored
     * it at the parent's last {@code __switch_to}, not the live SPR ({@code arch_dup_task_struct} copies
     * {@code thread_struct} after {@code flush_all_to_thread}, whose {@code save_all} saves FP and VMX but not
     * VRSAVE; {@code copy_thread} refreshes DSCR with {@code mfspr} but not VRSAVE; the child's first
     * {@code restore_sprs} loads the stale value). The 64-bit ELFv2 ABI does not use VRSAVE.
     */
    @Override
    public List<String> strictSyscallAbiExceptions(KernelConfig config) {
        return config.hasFeature(PowerPc.FEATURE_ALTIVEC) ? List.of("vrsave") : List.of();
    }

    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        checkConfig(config);
        boolean altivec = config.hasFeature(PowerPc.FEATURE_ALTIVEC);
        boolean vsx = config.hasFeature(PowerPc.FEATURE_VSX);
        RegisterFile init = initRegisters(config);
        List<CpuState> cpus = new ArrayList<>();
        for (int i = 0; i < spec.cpus(); i++) {
            cpus.add(new CpuState(i, regs.layout.zeroFile(), Optional.empty(), ExecContext.IDLE, PowerPcCpu.IDLE));
        }
        List<TaskState> tasks = new ArrayList<>();
        int pid = 1;
        for (TaskSpec t : spec.tasks()) {
            if (t.kind() == TaskKind.KERNEL_THREAD) {
                tasks.add(new TaskState(t.name(), pid++, TaskKind.KERNEL_THREAD, TaskMode.KERNEL, t.cpu(), init,
                        regs.layout.zeroFile(), new PowerPcThread(PowerPc.MSR.of(0), PowerPc.MSR.of(PowerPc.packFe01(defaultFpexcMode())),
                        PowerPcThread.SaveArea.THREAD, PowerPcThread.SaveArea.THREAD, 0, 0, false, false)));
                if (t.running()) {
                    cpus.set(t.cpu(), cpus.get(t.cpu()).withCurrent(Optional.of(t.name())));
                }
                continue;
            }
            RegisterFile file = init;
            long facilities = 0;
            for (Map.Entry<String, BitVector> e : t.registers().entrySet()) {
                Register r = regs.layout.register(e.getKey());
                long f = PpcActions.facilityOf(r, regs);
                if (f == Kernel.VSX && !vsx || (f == Kernel.VEC || r.name().equals("vrsave")) && !altivec) {
                    throw new IllegalArgumentException("Register " + r.name() + " of task '" + t.name() + "' needs "
                            + (f == Kernel.VSX ? "VSX" : "AltiVec") + ", which this machine does not have (CPU features "
                            + config.cpuFeatures() + ")");
                }
                facilities |= f == Kernel.VSX ? Kernel.FP | Kernel.VEC | Kernel.VSX : f;
                file = file.with(r, e.getValue());
            }
            PowerPcThread th = PowerPcThread.initial(userMsr(config), defaultFpexcMode());
            if (t.running() && facilities != 0) {
                // the values were written by user space before the model starts, so their facilities are live
                long m = th.msr().bits() | facilities | ((facilities & Kernel.FP) != 0 ? th.fpexcMode().bits() : 0);
                th = th.withMsr(m).withLoadCounters((facilities & Kernel.FP) != 0 ? 1 : 0, (facilities & Kernel.VEC) != 0 ? 1 : 0)
                        .withUsed((facilities & Kernel.VEC) != 0, (facilities & Kernel.VSX) != 0);
                long kmsr = facilities;
                cpus.set(t.cpu(), cpus.get(t.cpu()).withLive(file).withExt(PowerPcCpu.IDLE.withKernelMsr(kmsr)));
            } else if (t.running()) {
                cpus.set(t.cpu(), cpus.get(t.cpu()).withLive(file));
            }
            if (t.running()) {
                cpus.set(t.cpu(), cpus.get(t.cpu()).withCurrent(Optional.of(t.name())));
            }
            tasks.add(new TaskState(t.name(), pid++, TaskKind.USER, t.running() ? TaskMode.USER : TaskMode.KERNEL, t.cpu(),
                    file, file, th));
        }
        return MachineState.of(id(), config, spec.errata(), cpus, tasks, NoExtension.INSTANCE);
    }

    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        RegisterFile saved = task.saved();
        if (!task.isUser() || !state.isRunning(task.name())) {
            return saved;
        }
        PowerPcThread th = task.ext(PowerPcThread.class);
        RegisterFile live = state.cpu(task.cpu()).live();
        RegisterFile v = saved;
        if (th.fpLive()) {
            // With FP live the whole VSRs 0-31 are: load_up_fpu/load_fp_state load full VSRs, and a later VSX fault
            // (load_up_vsx) does not reload them.
            v = Regs.copy(live, v, regs.fpFull);
            v = Regs.copy(live, v, regs.fpscr);
        }
        if (th.vecLive()) {
            v = Regs.copy(live, v, regs.vr);
            v = Regs.copy(live, v, regs.vscr);
        }
        return Regs.copy(live, v, regs.vrsave);
    }

    @Override
    public List<KernelPath> paths() {
        return PpcPaths.ALL;
    }

    @Override
    public Set<String> coverage(MachineState state) {
        Set<String> out = new LinkedHashSet<>();
        for (TaskState t : state.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            PowerPcThread th = t.ext(PowerPcThread.class);
            out.add(t.name() + ": " + PowerPc.MSR.of(th.msr().bits() & (PowerPc.MSR_MATH_MASK | PowerPc.MSR_FE_MASK))
                    + (state.isRunning(t.name()) ? " running" : " switched out"));
        }
        return out;
    }

    @Override
    public List<Action> actions(MachineState world) {
        KernelConfig c = world.config();
        boolean vsx = c.hasFeature(PowerPc.FEATURE_VSX);
        boolean altivec = c.hasFeature(PowerPc.FEATURE_ALTIVEC);
        List<Action> a = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (TaskState t : world.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            String n = t.name();
            a.add(vsx ? PpcActions.userWrite(n, "vs0", TOKEN_VS0) : PpcActions.userWrite(n, "fr0", TOKEN_FR0));
            if (altivec) {
                a.add(PpcActions.userWrite(n, "vr0", TOKEN_VR0));
            }
            a.add(PpcActions.setFpexcMode(n, PowerPc.PR_FP_EXC_PRECISE));
            a.add(PpcActions.setFpexcMode(n, PowerPc.PR_FP_EXC_DISABLED));
            a.add(PpcActions.fpDivideByZero(n));
            a.add(PpcActions.ioUringWorkerAtInterruptReturn(n, false));
            a.add(PpcActions.ioUringWorkerAtInterruptReturn(n, true));
            a.add(PpcActions.preempt(n));
            for (int cpu = 0; cpu < world.cpus().size(); cpu++) {
                a.add(PpcActions.resume(n, cpu));
            }
            a.add(PpcActions.interrupt(n));
            a.add(PpcActions.nullSyscall(n));
            a.add(PpcActions.signal(n));
            a.add(PpcActions.fork(n, n + "-child"));
            a.add(PpcActions.exec(n));
            a.add(PpcActions.kvmPrGuestFpUse(n, PowerPc.PR_FP_EXC_PRECISE));
            workers.add(PpcActions.ioWorkerName(t));
            workers.add(n + "-child");
        }
        for (String w : workers) {
            for (int cpu = 0; cpu < world.cpus().size(); cpu++) {
                a.add(PpcActions.resume(w, cpu));
            }
        }
        for (int cpu = 0; cpu < world.cpus().size(); cpu++) {
            a.add(PpcActions.kernelFpUse(cpu));
        }
        return a;
    }

    @Override
    public List<io.github.fpctx.core.spi.NoteCodec> noteCodecs() {
        return List.of(book3s64() ? io.github.fpctx.arch.powerpc.format.PowerPcNoteCodec.ppc64(regs.layout)
                : io.github.fpctx.arch.powerpc.format.PowerPcNoteCodec.ppc32(regs.layout));
    }

    @Override
    public Optional<io.github.fpctx.core.gdb.GdbTargetDescription> gdbTarget() {
        return Optional.of(io.github.fpctx.arch.powerpc.format.PowerPcGdbTarget.description(regs.layout,
                Optional.of(PowerPc.FPSCR), book3s64() ? 64 : 32));
    }
}

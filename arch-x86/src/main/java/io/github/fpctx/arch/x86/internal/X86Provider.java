package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.core.state.ExtensionTypes;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Machine;
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
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.spi.AbstractArchitectureProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The x86-64 architecture provider ({@code x86_64}; aliases {@code x86-64}, {@code amd64}, {@code x64}), found
 * through {@link java.util.ServiceLoader}.
 */
public final class X86Provider extends AbstractArchitectureProvider {
    private static final List<String> VOLATILE = volatileRegisters();
    private static final KernelConfig DEFAULT = KernelConfig.of(Set.of(), X86.FEATURES_AVX);

    /** Creates the provider (ServiceLoader calls this). */
    public X86Provider() {
        super(X86.ID, Set.of("x86-64", "amd64", "x64"),
                "x86-64 Linux (v6.6): x87/SSE/AVX/AVX-512/AMX state, struct fpu with per-CPU fpu_fpregs_owner_ctx and "
                + "last_cpu, TIF_NEED_FPU_LOAD, exec/clone/signal/context-switch paths; errata of seeds 002 and 004",
                X86Layout.LAYOUT, X86Errata.all(), X86Invariants.all(), X86Worlds.CATALOG);
    }

    @Override
    public List<FieldLayout> fieldLayouts() {
        return List.of(X86.MXCSR, X86.FCW, X86.FSW);
    }

    @Override
    public ExtensionTypes extensionTypes() {
        return ExtensionTypes.of(X86Cpu.class, FpuState.class, X86Machine.class);
    }

    @Override
    public KernelConfig defaultConfig() {
        return DEFAULT;
    }

    /**
     * The SysV x86-64 psABI (3.2.1, "Registers"): every x87, SSE, AVX, AVX-512 and opmask register is caller-saved,
     * and so is the x87 status word ({@code fstat}) with the tag word and the last-instruction pointers; the x87
     * control word ({@code fctrl}) and the control bits of MXCSR are callee-saved. The status flags of MXCSR are
     * caller-saved too, but the core's list is per register, so {@code mxcsr} is kept out (stricter: the kernel
     * preserves it anyway). AMX tile data is caller-saved (the kernel's {@code fpu_clone} relies on it);
     * {@code tilecfg} is conservatively treated as preserved.
     *
     * @param config the configuration (the list does not depend on it)
     * @return the register names
     */
    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        return VOLATILE;
    }

    private static List<String> volatileRegisters() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            v.add("st" + i);
        }
        v.addAll(List.of("fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"));
        for (int i = 0; i < 32; i++) {
            v.add("zmm" + i);
        }
        for (int i = 0; i < 8; i++) {
            v.add("k" + i);
        }
        v.add("tiledata");
        return List.copyOf(v);
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        return X86Layout.INIT;
    }

    /**
     * Builds a machine. CPUs start with the init registers, no FPU owner and {@code IA32_XFD =
     * init_fpstate.xfd}. A running user task has its registers live on its CPU ({@code fpu_fpregs_owner_ctx},
     * {@code last_cpu} set, TIF clear); a user task that is not running was preempted from user mode (registers in
     * fpstate, {@code last_cpu = -1}, TIF set). Tasks get pids 1, 2, ... in spec order. A task whose spec writes
     * {@code tilecfg}/{@code tiledata} is taken to have requested and used AMX (permission granted, XFD disarmed).
     */
    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        X86.checkConfig(config);
        boolean dynamic = X86.fpuStateSizeDynamic(config);
        X86Machine m = new X86Machine(dynamic, X86.defaultFeatures(config), X86.maxFeatures(config));
        long initXfd = X86.initXfd(config);
        RegisterFile[] live = new RegisterFile[spec.cpus()];
        X86Cpu[] percpu = new X86Cpu[spec.cpus()];
        Optional<String>[] current = newOptionalArray(spec.cpus());
        for (int c = 0; c < spec.cpus(); c++) {
            live[c] = X86Layout.INIT;
            percpu[c] = new X86Cpu(Optional.empty(), false, initXfd);
            current[c] = Optional.empty();
        }
        List<TaskState> tasks = new ArrayList<>();
        int pid = 1;
        for (TaskSpec t : spec.tasks()) {
            if (t.kind() == TaskKind.KERNEL_THREAD) {
                FpuState f = new FpuState(-1, true, m.defaultFeatures(), initXfd, t.name(), KernelPhase.KERNEL_THREAD);
                tasks.add(new TaskState(t.name(), pid++, TaskKind.KERNEL_THREAD, TaskMode.KERNEL, t.cpu(), X86Layout.INIT,
                        X86Layout.LAYOUT.zeroFile(), f));
                if (t.running()) {
                    current[t.cpu()] = Optional.of(t.name());
                }
                continue;
            }
            RegisterFile regs = X86Layout.INIT;
            boolean amx = false;
            for (Map.Entry<String, BitVector> r : t.registers().entrySet()) {
                Set<String> need = X86.requiredFeatures(r.getKey());
                if (!config.cpuFeatures().containsAll(need)) {
                    throw new IllegalArgumentException("Register " + r.getKey() + " of task '" + t.name() + "' needs CPU features "
                            + need + "; this machine has " + config.cpuFeatures());
                }
                if (r.getKey().equals("mxcsr_mask")) {
                    throw new IllegalArgumentException("Register mxcsr_mask of task '" + t.name()
                            + "' is read-only (the CPU's MXCSR_MASK, 0x0000_FFFF)");
                }
                amx |= r.getKey().startsWith("tile");
                regs = regs.with(r.getKey(), r.getValue());
            }
            long perm = amx ? m.defaultFeatures() | X86.XFEATURE_MASK_XTILE : m.defaultFeatures();
            long xfd = amx ? 0 : initXfd;
            if (t.running()) {
                live[t.cpu()] = regs;
                percpu[t.cpu()] = new X86Cpu(Optional.of(t.name()), false, xfd);
                current[t.cpu()] = Optional.of(t.name());
                tasks.add(new TaskState(t.name(), pid++, TaskKind.USER, TaskMode.USER, t.cpu(), regs, regs,
                        new FpuState(t.cpu(), false, perm, xfd, t.name(), KernelPhase.USER)));
            } else {
                tasks.add(new TaskState(t.name(), pid++, TaskKind.USER, TaskMode.KERNEL, t.cpu(), regs, regs,
                        new FpuState(-1, true, perm, xfd, t.name(), KernelPhase.INTERRUPTED)));
            }
        }
        List<CpuState> cpus = new ArrayList<>();
        for (int c = 0; c < spec.cpus(); c++) {
            cpus.add(new CpuState(c, live[c], current[c], ExecContext.IDLE, percpu[c]));
        }
        return MachineState.of(X86.ID, config, spec.errata(), cpus, tasks, m);
    }

    @SuppressWarnings("unchecked")
    private static Optional<String>[] newOptionalArray(int n) {
        return (Optional<String>[]) new Optional<?>[n];
    }

    /**
     * What the task would see in user space: the live registers of its CPU if it is running with
     * {@code TIF_NEED_FPU_LOAD} clear; otherwise what {@code switch_fpu_return} would leave on its CPU: the live
     * registers if {@code fpregs_state_valid}, else its fpstate.
     */
    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        FpuState f = task.ext(FpuState.class);
        int c = task.cpu();
        CpuState cpu = state.cpu(c);
        boolean running = cpu.current().filter(task.name()::equals).isPresent();
        if (running && !f.needFpuLoad()) {
            return cpu.live();
        }
        return Kernel.fpregsStateValid(state, task.name(), c) ? cpu.live() : task.saved();
    }

    @Override
    public Operations operations() {
        return X86Actions.INSTANCE;
    }

    @Override
    public List<KernelPath> paths() {
        return PATHS;
    }

    @Override
    public List<Action> actions(MachineState world) {
        return X86Actions.alphabet(world);
    }

    @Override
    public Set<String> coverage(MachineState state) {
        return X86Actions.coverage(state);
    }

    // ---- named kernel paths ----------------------------------------------------------------------------------

    private static final List<KernelPath> PATHS = List.of(
            KernelPath.of("execve_enter", "__x64_sys_execve > do_execveat_common > bprm_execve: execve up to the point of no return",
                    List.of("task"), a -> X86Actions.execveEnter(a.get(0))),
            KernelPath.of("flush_thread", "begin_new_exec > flush_thread > fpu_flush_thread > fpstate_reset, fpu_reset_fpregs",
                    List.of("task"), a -> X86Actions.flushThread(a.get(0))),
            KernelPath.of("exit_to_user", "irqentry/syscall_exit_to_user_mode or ret_from_fork > arch_exit_to_user_mode_prepare > switch_fpu_return",
                    List.of("task"), a -> X86Actions.exitToUser(a.get(0))),
            KernelPath.of("schedule", "__schedule > __switch_to: switch_fpu_prepare (if TIF clear), switch_fpu_finish; task 'idle' for the idle task",
                    List.of("cpu", "task"), a -> X86Actions.schedule(KernelPath.intArgument("schedule", "cpu", a.get(0)),
                    a.get(1).equals("idle") ? Optional.empty() : Optional.of(a.get(1)))),
            KernelPath.of("kernel_fpu", "kernel_fpu_begin > save, __cpu_invalidate_fpregs_state, ldmxcsr; kernel_fpu_end",
                    List.of("cpu"), a -> X86Actions.kernelFpu(KernelPath.intArgument("kernel_fpu", "cpu", a.get(0)))),
            KernelPath.of("fork", "__do_sys_clone > kernel_clone > copy_process > copy_thread > fpu_clone (no CLONE_THREAD)",
                    List.of("task", "child"), a -> X86Actions.forkProcess(a.get(0), a.get(1))),
            KernelPath.of("clone_thread", "__do_sys_clone(CLONE_THREAD) > ... > fpu_clone: permissions not inherited",
                    List.of("task", "child"), a -> X86Actions.threadClone(a.get(0), a.get(1))),
            KernelPath.of("create_io_worker", "create_io_worker > create_io_thread > copy_process > fpu_clone(minimal)",
                    List.of("task", "child"), a -> X86Actions.createIoWorker(a.get(0), a.get(1))),
            KernelPath.of("arch_prctl_req_xcomp_perm", "arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) > xstate_request_perm",
                    List.of("task"), a -> X86Actions.archPrctlReqXcompPerm(a.get(0))),
            KernelPath.of("signal", "handle_signal > copy_fpstate_to_sigframe, fpu__clear_user_states; rt_sigreturn > __fpu_restore_sig",
                    List.of("task"), a -> X86Actions.deliverSignal(a.get(0))));

    private static final List<io.github.fpctx.core.spi.NoteCodec> CODECS =
            List.of(io.github.fpctx.arch.x86.format.X86NoteCodec.of(X86Layout.LAYOUT));
    private static final io.github.fpctx.core.gdb.GdbTargetDescription TARGET =
            io.github.fpctx.arch.x86.format.X86GdbTarget.description(X86Layout.LAYOUT, java.util.Optional.of(X86.MXCSR));

    @Override
    public List<io.github.fpctx.core.spi.NoteCodec> noteCodecs() {
        return CODECS;
    }

    @Override
    public java.util.Optional<io.github.fpctx.core.gdb.GdbTargetDescription> gdbTarget() {
        return java.util.Optional.of(TARGET);
    }
}

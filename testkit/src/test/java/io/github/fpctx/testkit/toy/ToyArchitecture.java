package io.github.fpctx.testkit.toy;

import io.github.fpctx.core.state.ExtensionTypes;

import io.github.fpctx.core.state.NoExtension;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.KernelPath;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.state.Source;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A toy lazy-FPU architecture ({@code toy}): four 128-bit registers {@code q0}-{@code q3} with 64-bit views
 * {@code d0}-{@code d3} (aliases {@code f0}-{@code f3}) and a 32-bit control register {@code fcsr} described by
 * the {@code FCSR} field layout. Its kernel mirrors, much simplified, the lazy FPU of x86 Linux v3.3 - v4.1:
 * a per-CPU {@code fpu_owner_task}, {@code fpu.last_cpu}, {@code switch_fpu_prepare} saving on switch-out and
 * preloading on switch-in unless {@code fpu_lazy_restore} says the CPU still holds the task's registers,
 * {@code math_state_restore} on the device-not-available trap after a kernel FPU use.
 *
 * <p>Erratum {@link #LAZY_RESTORE_IGNORES_LAST_CPU} (a toy bug, not a real kernel commit) makes
 * {@code fpu_lazy_restore} compare only the owner, so a task that migrated away and back finds the stale
 * registers of its first CPU. {@link Flaw}s break the fixed model on purpose, for the conformance kit's tests.
 */
public class ToyArchitecture implements ArchitectureProvider {
    /** The toy erratum's id. */
    public static final String LAZY_RESTORE_IGNORES_LAST_CPU = "toy-lazy-restore-ignores-last-cpu";

    /**
     * Deliberate breakages of the fixed model, each caught by a conformance-kit check: the kit's mutation catalog
     * ({@code BrokenToyConformanceTest}, listed in {@code docs/testkit.md}).
     */
    public enum Flaw {
        /** {@code switch_fpu_prepare} does not save the outgoing task's live registers. */
        SWITCH_OUT_SKIPS_SAVE,
        /** The signal frame is filled from the save area even while the registers are live. */
        SIGNAL_FRAME_FROM_SAVED_AREA,
        /** The syscall path clobbers {@code q0} (ABI-volatile: only the strict syscall ABI notices). */
        SYSCALL_CLOBBERS_VOLATILE,
        /** {@code fork}'s child copies the parent's stale save area. */
        FORK_COPIES_STALE_AREA,
        /** {@code exec} loads the init image into the save area but leaves the old registers live. */
        EXEC_KEEPS_LIVE_REGISTERS,
        /** {@code kernel_fpu_begin} clobbers the registers without saving the user's live state. */
        KERNEL_FPU_SKIPS_SAVE,
        /** A write through {@code d0} flips bit 0 of the value written. */
        VIEW_WRITE_CORRUPTS,
        /** The init image sets reserved bit 7 of FCSR. */
        INIT_SETS_RESERVED_BIT,
        /** The erratum is declared but switching it on changes nothing. */
        ERRATUM_INERT,
        /** {@code restore_fpu_checking} does not say that it loads the save area. */
        RESTORE_NAMES_NO_SOURCE,
        /**
         * A user write while the registers are not live goes straight to the hardware without the
         * device-not-available trap: {@code has_fpu} and {@code fpu_owner_task} are never set (the state is never
         * marked live/dirty), so the next switch or view loses the write.
         */
        USER_WRITE_NOT_LIVE,
        /** User writes change the registers but are not recorded in the oracle. */
        USER_WRITE_ORACLE_NOT_RECORDED,
        /** {@code sys_rt_sigreturn} does not copy the signal frame back: the task resumes with the init state. */
        SIGRETURN_SKIPS_RESTORE,
        /** The signal frame holds the data registers only: {@code fcsr} comes back from {@code sigreturn} as the init value. */
        SIGNAL_FRAME_DROPS_FCSR,
        /** {@code fork}'s child starts with an oracle of the init state instead of its parent's. */
        FORK_CHILD_ORACLE_NOT_COPIED,
        /** {@code exec} resets the registers but leaves the oracle with the old program's values. */
        EXEC_ORACLE_NOT_RESET,
        /** {@code exec} resets the oracle, but never the save area ({@code fpu_finit} skipped). */
        EXEC_NEVER_RESETS,
        /** {@code restore_fpu_checking} loads the save area of the CPU's previous {@code fpu_owner_task}. */
        RESTORE_FROM_WRONG_AREA,
        /** {@code fpu_lazy_restore} ignores {@code fpu.last_cpu}: a per-CPU cache stays trusted after a migration. */
        STALE_CACHE_AFTER_MIGRATION,
        /** {@code kernel_fpu_begin} on a CPU whose owner is switched out does not clear {@code fpu_owner_task}. */
        KERNEL_FPU_KEEPS_OWNER,
        /** Switch-in marks the task as the owner of the wrong CPU. */
        SWITCH_IN_OWNS_WRONG_CPU,
        /**
         * The kernel's FPU use on a CPU running a task in user mode happens in that task's syscall (an AF_ALG
         * {@code sendmsg}), and {@code kernel_fpu_begin} there saves only the non-volatile {@code q2}, {@code q3}:
         * the volatile ones are lost, which the syscall return hides unless the strict syscall ABI is on.
         */
        KERNEL_FPU_CLOBBERS_VOLATILE,
        /** The syscall path clobbers the non-volatile {@code q2}. */
        SYSCALL_CLOBBERS_NON_VOLATILE,
        /** The {@code fcsr} write keeps only the low byte, dropping the FLAGS field its layout says is writable. */
        FCSR_WRITE_DROPS_FLAGS,
        /**
         * {@code switch_fpu_prepare} does not save, and {@code restore_fpu_checking} also copies what it loads into
         * the oracle: the oracle follows the loss, so only the kit's own record of what was written notices.
         */
        ORACLE_FOLLOWS_RESTORE
    }

    /** FCSR.RM: rounding mode, bits 0..1. */
    public static final BitField RM = BitField.of("RM", 0, 2).withValueNames(Map.of(0L, "nearest", 1L, "zero", 2L, "up", 3L, "down"));
    /** FCSR.EN: exception enables, bits 2..6. */
    public static final BitField EN = BitField.of("EN", 2, 5);
    /** FCSR.FLAGS: sticky exception flags, bits 8..12. */
    public static final BitField FLAGS = BitField.of("FLAGS", 8, 5).sticky();
    /** The FCSR field register: bit 7 and bits 13..31 reserved. */
    public static final FieldLayout FCSR = FieldLayout.builder("FCSR", 32).field(RM).field(EN).field(FLAGS)
            .reserved(0xFFFF_E080L).reset(0).build();

    /** The value the kernel leaves in the registers it used ({@code kernel_fpu_begin} ... {@code end}). */
    static final BitVector KERNEL_POISON = BitVector.ofWords(128, 0x6b6b_6b6b_6b6b_6b6bL, 0x6b6b_6b6b_6b6b_6b6bL);
    /** The value a signal handler leaves in {@code q0}. */
    static final BitVector HANDLER_CLOBBER = BitVector.ofWords(128, 0x5151_5151_5151_5151L, 0x5151_5151_5151_5151L);

    private final String id;
    private final boolean eager;
    private final boolean declaresErrata;
    private final Set<Flaw> flaws;
    private final RegisterLayout layout;

    /** The registered toy: lazy FPU, fixed model, no flaws. */
    public ToyArchitecture() {
        this("toy", false, Set.of());
    }

    /**
     * A toy variant.
     *
     * @param id    its id
     * @param eager whether switch-in always reloads (no lazy restore, no erratum)
     * @param flaws the deliberate breakages
     */
    protected ToyArchitecture(String id, boolean eager, Set<Flaw> flaws) {
        this(id, eager, !eager, false, flaws);
    }

    private ToyArchitecture(String id, boolean eager, boolean declaresErrata, boolean refusesReservedFcsrBits, Set<Flaw> flaws) {
        this.id = id;
        this.eager = eager;
        this.declaresErrata = declaresErrata;
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
        RegisterLayout.Builder b = RegisterLayout.builder(id);
        for (int i = 0; i < 4; i++) {
            b.register("q" + i, 128);
        }
        // like RISC-V's fcsr (bits 31:8 reserved, writes ignored), the reserved bits of FCSR read back as zero
        long kept = this.flaws.contains(Flaw.FCSR_WRITE_DROPS_FLAGS) ? 0xFFL : ~FCSR.reservedMask() & 0xFFFF_FFFFL;
        b.register("fcsr", 32, (before, after, reg, value) -> {
            if (refusesReservedFcsrBits && (value.toLong() & FCSR.reservedMask()) != 0) {
                // as x86 LDMXCSR raises #GP for bits outside MXCSR_MASK
                throw new IllegalArgumentException("Invalid value for fcsr (reserved bits 0x" + Long.toHexString(FCSR.reservedMask())
                        + " must be clear): 0x" + Long.toHexString(value.toLong()));
            }
            return after.withoutEffects(reg, BitVector.of(32, value.toLong() & kept));
        });
        for (int i = 0; i < 4; i++) {
            if (i == 0 && this.flaws.contains(Flaw.VIEW_WRITE_CORRUPTS)) {
                b.view("d0", "q0", 0, 64, (before, after, reg, value) ->
                        after.withoutEffects(reg, value.xor(BitVector.of(64, 1))));
            } else {
                b.view("d" + i, "q" + i, 0, 64);
            }
        }
        for (int i = 0; i < 4; i++) {
            b.alias("f" + i, "d" + i);
        }
        this.layout = b.build();
    }

    /**
     * A deliberately broken toy (not registered as a service).
     *
     * @param flaw the breakage
     * @return the provider, id {@code toy-broken-<flaw>}
     */
    public static ToyArchitecture broken(Flaw flaw) {
        return new ToyArchitecture("toy-broken-" + flaw.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), false, Set.of(flaw));
    }

    /**
     * A deliberately broken lazy toy that declares no errata (so no erratum's bound drives an exploration).
     *
     * @param flaw the breakage
     * @return the provider, id {@code toy-broken-<flaw>-no-errata}
     */
    public static ToyArchitecture brokenWithoutErrata(Flaw flaw) {
        return new ToyArchitecture("toy-broken-" + flaw.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-no-errata", false,
                false, false, Set.of(flaw));
    }

    /**
     * A sound lazy toy whose {@code fcsr} refuses writes with reserved bits set (as x86 {@code LDMXCSR} does), so the
     * kit needs its {@code randomValue} hook.
     *
     * @return the provider, id {@code toy-strict-fcsr}
     */
    public static ToyArchitecture refusingReservedFcsrBits() {
        return new ToyArchitecture("toy-strict-fcsr", false, true, true, Set.of());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return (eager ? "Toy eager FPU" : "Toy lazy FPU") + " (testkit tests only)";
    }

    @Override
    public RegisterLayout layout() {
        return layout;
    }

    @Override
    public List<FieldLayout> fieldLayouts() {
        return List.of(FCSR);
    }

    @Override
    public ExtensionTypes extensionTypes() {
        return ExtensionTypes.of(ToyCpuFpu.class, ToyTaskFpu.class, NoExtension.class);
    }

    @Override
    public KernelConfig defaultConfig() {
        return KernelConfig.DEFAULT;
    }

    @Override
    public List<Erratum> errata() {
        if (!declaresErrata) {
            return List.of();
        }
        return List.of(Erratum.bug(LAZY_RESTORE_IGNORES_LAST_CPU, "fpu_lazy_restore ignores fpu.last_cpu", "", "",
                List.of(), "a task that migrates away and back resumes with its first CPU's stale registers", 6));
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(Invariant.of("toy-owner-consistent",
                "A task whose registers are live is its CPU's current task and fpu_owner_task",
                (step, arch) -> {
                    List<Violation> out = new ArrayList<>();
                    MachineState s = step.after();
                    for (TaskState t : s.tasks()) {
                        if (fpu(t).hasFpu() && (!s.isRunning(t.name()) || !owner(s, t.cpu()).equals(Optional.of(t.name())))) {
                            out.add(new Violation("toy-owner-consistent", 0, List.of(), Optional.of(t.name()),
                                    OptionalInt.of(t.cpu()), Optional.of("fpu_owner_task"), Optional.of(t.name()),
                                    Optional.of(owner(s, t.cpu()).orElse("(none)")), "has_fpu set but the CPU does not own it"));
                        }
                    }
                    return out;
                }));
    }

    @Override
    public List<String> abiVolatileRegisters(KernelConfig config) {
        return List.of("q0", "q1");
    }

    @Override
    public RegisterFile initRegisters(KernelConfig config) {
        RegisterFile f = layout.zeroFile();
        if (flaws.contains(Flaw.INIT_SETS_RESERVED_BIT)) {
            f = f.withoutEffects(layout.register("fcsr"), BitVector.of(32, 0x80));
        }
        return f;
    }

    @Override
    public MachineState initialState(MachineSpec spec, KernelConfig config) {
        RegisterFile init = initRegisters(config);
        List<CpuState> cpus = new ArrayList<>();
        for (int c = 0; c < spec.cpus(); c++) {
            cpus.add(new CpuState(c, layout.zeroFile(), Optional.empty(), ExecContext.IDLE, ToyCpuFpu.NO_OWNER));
        }
        List<TaskState> tasks = new ArrayList<>();
        int pid = 100;
        for (TaskSpec t : spec.tasks()) {
            RegisterFile regs = init.withAll(t.registers());
            if (t.kind() == TaskKind.KERNEL_THREAD) {
                tasks.add(new TaskState(t.name(), pid++, t.kind(), TaskMode.KERNEL, t.cpu(), layout.zeroFile(),
                        layout.zeroFile(), ToyTaskFpu.NOT_LIVE));
                if (t.running()) {
                    cpus.set(t.cpu(), cpus.get(t.cpu()).withCurrent(Optional.of(t.name())));
                }
            } else if (t.running()) {
                // live on its CPU; the save area still holds the init image from exec
                tasks.add(new TaskState(t.name(), pid++, t.kind(), TaskMode.USER, t.cpu(), init, regs, new ToyTaskFpu(true, t.cpu())));
                CpuState c = cpus.get(t.cpu());
                cpus.set(t.cpu(), new CpuState(c.id(), regs, Optional.of(t.name()), c.exec(), new ToyCpuFpu(Optional.of(t.name()))));
            } else {
                tasks.add(new TaskState(t.name(), pid++, t.kind(), TaskMode.USER, t.cpu(), regs, regs, ToyTaskFpu.NOT_LIVE));
            }
        }
        return MachineState.of(id, config, spec.errata(), cpus, tasks, NoExtension.INSTANCE);
    }

    static ToyTaskFpu fpu(TaskState t) {
        return t.ext(ToyTaskFpu.class);
    }

    static Optional<String> owner(MachineState s, int cpu) {
        return s.cpu(cpu).ext(ToyCpuFpu.class).owner();
    }

    @Override
    public RegisterFile userView(MachineState state, TaskState task) {
        if (state.isRunning(task.name()) && fpu(task).hasFpu()) {
            return state.cpu(task.cpu()).live();
        }
        // not live: math_state_restore (or the next switch-in on a CPU without its registers) loads the area
        return task.saved();
    }

    @Override
    public Operations operations() {
        return new ToyOperations();
    }

    @Override
    public List<KernelPath> paths() {
        return List.of(new KernelPath() {
            @Override
            public String name() {
                return "migrate";
            }

            @Override
            public String description() {
                return "preempt the task and switch it in on another CPU (schedule > __switch_to twice)";
            }

            @Override
            public List<String> parameters() {
                return List.of("task", "cpu");
            }

            @Override
            public Action bind(List<String> arguments) {
                if (arguments.size() != 2) {
                    throw new IllegalArgumentException("Path migrate takes [task, cpu]; got " + arguments);
                }
                return migrate(arguments.get(0), Integer.parseInt(arguments.get(1)));
            }
        });
    }

    /**
     * Preempts a running task and switches it in on another CPU in one step.
     *
     * @param task a running user task
     * @param cpu  an idle CPU
     * @return the action
     */
    public Action migrate(String task, int cpu) {
        ToyOperations ops = new ToyOperations();
        Action p = ops.preempt(task);
        return Action.of(task + ": migrate to cpu" + cpu,
                s -> p.isEnabled(s) && cpu < s.cpus().size() && s.cpu(cpu).current().isEmpty(),
                ctx -> {
                    int from = ctx.state().task(task).cpu();
                    switchOut(ctx, from, task);
                    switchIn(ctx, cpu, task);
                });
    }

    @Override
    public List<Action> actions(MachineState world) {
        Operations ops = operations();
        List<Action> out = new ArrayList<>();
        int token = 1;
        for (TaskState t : world.tasks()) {
            if (!t.isUser()) {
                continue;
            }
            out.add(ops.userWrite(t.name(), "q2", BitVector.ofWords(128, 0xA0A0L + token, 0x0A0AL + token)));
            token++;
            out.add(ops.preempt(t.name()));
            for (int c = 0; c < world.cpus().size(); c++) {
                out.add(ops.resume(t.name(), c));
            }
            out.add(ops.syscall(t.name()));
            out.add(ops.signal(t.name()));
            out.add(ops.exec(t.name()));
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
            ToyTaskFpu f = fpu(t);
            Optional<String> o = owner(state, t.cpu());
            String owner = o.isEmpty() ? "none" : o.get().equals(t.name()) ? "self" : "other";
            String last = f.lastCpu() < 0 ? "-1" : f.lastCpu() == t.cpu() ? "this" : "other";
            out.add(t.name() + ": " + (state.isRunning(t.name()) ? "running" : "queued") + " has_fpu=" + (f.hasFpu() ? 1 : 0)
                    + " owner[cpu]=" + owner + " last_cpu=" + last);
        }
        return out;
    }

    // ---- kernel paths ----------------------------------------------------------------------------------------

    private boolean lazyRestoreValid(KernelContext ctx, String task, int cpu) {
        if (eager) {
            return false;
        }
        MachineState s = ctx.state();
        boolean ownerMatches = owner(s, cpu).equals(Optional.of(task));
        if (declaresErrata && ctx.erratum(LAZY_RESTORE_IGNORES_LAST_CPU) && !flaws.contains(Flaw.ERRATUM_INERT)
                || flaws.contains(Flaw.STALE_CACHE_AFTER_MIGRATION)) {
            return ownerMatches;
        }
        return ownerMatches && fpu(s.task(task)).lastCpu() == cpu;
    }

    /** What {@code restore_i387_xstate} reloads: the signal frame. */
    static final Source SIGNAL_FRAME = Source.kernelValue("the signal frame");
    /** What the kernel's crypto code leaves in q0-q3. */
    static final Source KERNEL_CODE = Source.kernelValue("kernel crypto code's own value");

    private void saveInitFpu(KernelContext ctx, String task) {
        ctx.call("__save_init_fpu", () -> ctx.update(s -> {
            TaskState t = s.task(task);
            return s.withTask(t.withSaved(s.cpu(t.cpu()).live()));
        }, Source.live(ctx.state().task(task).cpu())));
    }

    /** {@link Flaw#KERNEL_FPU_CLOBBERS_VOLATILE}: only {@code q2}, {@code q3} and {@code fcsr} reach the save area. */
    private void saveNonVolatile(KernelContext ctx, String task) {
        ctx.call("__save_init_fpu", () -> ctx.update(s -> {
            TaskState t = s.task(task);
            RegisterFile live = s.cpu(t.cpu()).live();
            RegisterFile area = t.saved();
            for (String r : List.of("q2", "q3", "fcsr")) {
                area = area.withoutEffects(layout.register(r), live.get(r));
            }
            return s.withTask(t.withSaved(area));
        }, Source.live(ctx.state().task(task).cpu())));
    }

    private void setHasFpu(KernelContext ctx, int cpu, String task, boolean has) {
        ctx.update(s -> {
            TaskState t = s.task(task);
            MachineState n = s.withTask(t.withExt(new ToyTaskFpu(has, fpu(t).lastCpu())));
            Optional<String> o = has ? Optional.of(task) : Optional.empty();
            return n.withCpu(n.cpu(cpu).withExt(new ToyCpuFpu(o)));
        });
    }

    private void restoreFpu(KernelContext ctx, int cpu, String task) {
        String from = task;
        if (flaws.contains(Flaw.RESTORE_FROM_WRONG_AREA)) {
            from = owner(ctx.state(), cpu).filter(o -> ctx.state().findTask(o).isPresent()).orElse(task);
        }
        String area = from;
        ctx.call("restore_fpu_checking", () -> ctx.update(s -> {
            CpuState c = s.cpu(cpu);
            MachineState n = s.withCpu(c.withLive(s.task(area).saved()));
            if (flaws.contains(Flaw.ORACLE_FOLLOWS_RESTORE)) {
                n = n.withTask(n.task(task).withOracle(s.task(area).saved()));
            }
            return n;
        }, flaws.contains(Flaw.RESTORE_NAMES_NO_SOURCE) ? Source.UNATTRIBUTED : ctx.saveArea(area)));
    }

    void switchOut(KernelContext ctx, int cpu, String task) {
        ctx.onCpu(cpu);
        ctx.call("schedule", () -> ctx.call("__switch_to", () -> {
            ctx.call("switch_fpu_prepare", () -> {
                TaskState t = ctx.state().task(task);
                if (fpu(t).hasFpu()) {
                    if (!flaws.contains(Flaw.SWITCH_OUT_SKIPS_SAVE) && !flaws.contains(Flaw.ORACLE_FOLLOWS_RESTORE)) {
                        saveInitFpu(ctx, task);
                    }
                    ctx.update(s -> s.withTask(s.task(task).withExt(new ToyTaskFpu(false, cpu))));
                    ctx.note("fpu_owner_task stays " + task + ": lazy restore possible on cpu" + cpu);
                } else {
                    ctx.update(s -> s.withTask(s.task(task).withExt(new ToyTaskFpu(false, -1))));
                }
            });
            ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.KERNEL)).withIdle(cpu));
        }));
    }

    void switchIn(KernelContext ctx, int cpu, String task) {
        ctx.onCpu(cpu);
        ctx.call("schedule", () -> ctx.call("__switch_to", () -> {
            ctx.update(s -> s.withRunning(cpu, task));
            TaskState t = ctx.state().task(task);
            if (!t.isUser()) {
                return;
            }
            ctx.call("switch_fpu_prepare", () -> {
                if (ctx.call("fpu_lazy_restore", () -> lazyRestoreValid(ctx, task, cpu))) {
                    ctx.note("registers still live on cpu" + cpu + ": no reload");
                } else {
                    restoreFpu(ctx, cpu, task);
                }
                int owned = flaws.contains(Flaw.SWITCH_IN_OWNS_WRONG_CPU) ? (cpu + 1) % ctx.state().cpus().size() : cpu;
                setHasFpu(ctx, owned, task, true);
            });
        }));
        if (ctx.state().task(task).isUser()) {
            ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.USER)));
        }
    }

    private void mathStateRestore(KernelContext ctx, int cpu, String task) {
        ctx.call("do_device_not_available", () -> ctx.call("math_state_restore", () -> {
            restoreFpu(ctx, cpu, task);
            setHasFpu(ctx, cpu, task, true);
        }));
    }

    private void userWriteLive(KernelContext ctx, String task, String register, BitVector value, boolean oracle) {
        TaskState t = ctx.state().task(task);
        int cpu = t.cpu();
        if (!fpu(t).hasFpu() && !(oracle && flaws.contains(Flaw.USER_WRITE_NOT_LIVE))) {
            mathStateRestore(ctx, cpu, task);
        }
        ctx.update(s -> {
            CpuState c = s.cpu(cpu);
            MachineState n = s.withCpu(c.withLive(c.live().with(register, value)));
            if (oracle) {
                TaskState u = n.task(task);
                n = n.withTask(u.withOracle(u.oracle().with(register, value)));
            }
            return n;
        }, ctx.userSpace(task));
    }

    private static boolean userRunning(MachineState s, String task) {
        return s.isInUserMode(task);
    }

    private static String notUserRunning(MachineState s, String task) {
        return s.whyNotInUserMode(task);
    }

    /** The toy's generic operations. */
    private final class ToyOperations implements Operations {
        private Action userAction(String label, String task, java.util.function.Consumer<KernelContext> body) {
            return Action.forUserTask(label, task, body);
        }

        @Override
        public Action userWrite(String task, String register, BitVector value) {
            layout.register(register);
            return userAction(task + ": user writes " + register + " = " + value, task,
                    ctx -> userWriteLive(ctx, task, register, value, !flaws.contains(Flaw.USER_WRITE_ORACLE_NOT_RECORDED)));
        }

        @Override
        public Action preempt(String task) {
            return userAction(task + ": preempted", task, ctx -> {
                int cpu = ctx.state().task(task).cpu();
                ctx.call("smp_apic_timer_interrupt", () -> switchOut(ctx, cpu, task));
            });
        }

        @Override
        public Action resume(String task, int cpu) {
            return new Action() {
                @Override
                public String label() {
                    return task + ": switched in on cpu" + cpu;
                }

                @Override
                public boolean isEnabled(MachineState s) {
                    return s.findTask(task).isPresent() && !s.isRunning(task) && cpu >= 0 && cpu < s.cpus().size()
                            && s.cpu(cpu).current().isEmpty();
                }

                @Override
                public String whyDisabled(MachineState s) {
                    if (s.findTask(task).isEmpty()) {
                        return "unknown task '" + task + "'; tasks: " + s.taskNames();
                    }
                    if (s.isRunning(task)) {
                        return "task '" + task + "' is already running on CPU " + s.task(task).cpu();
                    }
                    if (cpu < 0 || cpu >= s.cpus().size()) {
                        return "no CPU " + cpu + " (valid values 0 - " + (s.cpus().size() - 1) + ")";
                    }
                    return "CPU " + cpu + " is running '" + s.cpu(cpu).current().orElse("") + "'";
                }

                @Override
                public void apply(KernelContext ctx) {
                    switchIn(ctx, cpu, task);
                }
            };
        }

        @Override
        public Action syscall(String task) {
            return userAction(task + ": syscall getppid", task, ctx -> ctx.call("entry_SYSCALL_64", () -> {
                ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.KERNEL)));
                ctx.call("sys_getppid", () -> {
                    if (flaws.contains(Flaw.SYSCALL_CLOBBERS_VOLATILE)) {
                        userWriteLive(ctx, task, "q0", KERNEL_POISON, false);
                    }
                    if (flaws.contains(Flaw.SYSCALL_CLOBBERS_NON_VOLATILE)) {
                        userWriteLive(ctx, task, "q2", KERNEL_POISON, false);
                    }
                });
                ctx.call("syscall_return_slowpath", () -> ctx.syscallBoundary(task));
                ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.USER)));
            }));
        }

        @Override
        public Action interrupt(String task) {
            return userAction(task + ": interrupt", task, ctx -> ctx.call("do_IRQ", () -> ctx.call("irq_exit", () -> {
            })));
        }

        @Override
        public Action signal(String task) {
            return userAction(task + ": SIGUSR1 delivered and handled", task, ctx -> {
                int cpu = ctx.state().task(task).cpu();
                RegisterFile[] frame = new RegisterFile[1];
                ctx.call("do_signal", () -> ctx.call("handle_signal", () -> ctx.call("setup_rt_frame", () -> {
                    ctx.call("save_i387_xstate", () -> {
                        TaskState t = ctx.state().task(task);
                        frame[0] = flaws.contains(Flaw.SIGNAL_FRAME_FROM_SAVED_AREA) || !fpu(t).hasFpu()
                                ? t.saved() : ctx.state().cpu(cpu).live();
                        if (flaws.contains(Flaw.SIGNAL_FRAME_DROPS_FCSR)) {
                            frame[0] = frame[0].with("fcsr", initRegisters(ctx.state().config()).get("fcsr"));
                        }
                    });
                    ctx.call("drop_init_fpu", () -> {
                        setHasFpu(ctx, cpu, task, false);
                        ctx.update(s -> s.withTask(s.task(task).withSaved(initRegisters(s.config()))), Source.INIT_STATE);
                    });
                })));
                ctx.call("sigusr1_handler", () -> userWriteLive(ctx, task, "q0", HANDLER_CLOBBER, false));
                ctx.call("sys_rt_sigreturn", () -> ctx.call("restore_i387_xstate", () -> {
                    ctx.call("drop_fpu", () -> setHasFpu(ctx, cpu, task, false));
                    if (!flaws.contains(Flaw.SIGRETURN_SKIPS_RESTORE)) {
                        ctx.update(s -> s.withTask(s.task(task).withSaved(frame[0])), SIGNAL_FRAME);
                    }
                    mathStateRestore(ctx, cpu, task);
                }));
            });
        }

        @Override
        public Action fork(String task, String child) {
            return new Action() {
                @Override
                public String label() {
                    return task + ": fork -> " + child;
                }

                @Override
                public boolean isEnabled(MachineState s) {
                    return userRunning(s, task) && s.findTask(child).isEmpty();
                }

                @Override
                public String whyDisabled(MachineState s) {
                    return s.findTask(child).isPresent() ? "task '" + child + "' already exists" : notUserRunning(s, task);
                }

                @Override
                public void apply(KernelContext ctx) {
                    int cpu = ctx.state().task(task).cpu();
                    ctx.onCpu(cpu);
                    ctx.call("sys_clone", () -> ctx.call("do_fork", () -> ctx.call("copy_process", () -> {
                        ctx.call("arch_dup_task_struct", () -> ctx.call("fpu_copy", () -> {
                            if (!flaws.contains(Flaw.FORK_COPIES_STALE_AREA) && fpu(ctx.state().task(task)).hasFpu()) {
                                ctx.call("unlazy_fpu", () -> {
                                    saveInitFpu(ctx, task);
                                    setHasFpu(ctx, cpu, task, false);
                                });
                            }
                        }));
                        ctx.update(s -> {
                            TaskState p = s.task(task);
                            int pid = s.tasks().stream().mapToInt(TaskState::pid).max().orElse(99) + 1;
                            RegisterFile oracle = flaws.contains(Flaw.FORK_CHILD_ORACLE_NOT_COPIED) ? initRegisters(s.config()) : p.oracle();
                            TaskState c = new TaskState(child, pid, TaskKind.USER, TaskMode.KERNEL, cpu, p.saved(), oracle,
                                    ToyTaskFpu.NOT_LIVE);
                            return s.withNewTask(c);
                        }, ctx.saveArea(task));
                    })));
                }
            };
        }

        @Override
        public Action exec(String task) {
            return userAction(task + ": execve", task, ctx -> {
                int cpu = ctx.state().task(task).cpu();
                ctx.call("do_execve", () -> ctx.call("load_elf_binary", () -> ctx.call("flush_thread", () -> {
                    if (!flaws.contains(Flaw.EXEC_KEEPS_LIVE_REGISTERS)) {
                        ctx.call("drop_fpu", () -> {
                            if (fpu(ctx.state().task(task)).hasFpu()) {
                                setHasFpu(ctx, cpu, task, false);
                            }
                            // no CPU holds the new program's registers
                            ctx.update(s -> s.withTask(s.task(task).withExt(ToyTaskFpu.NOT_LIVE)));
                        });
                    }
                    ctx.call("fpu_finit", () -> ctx.update(s -> {
                        TaskState t = s.task(task);
                        RegisterFile init = initRegisters(s.config());
                        TaskState n = flaws.contains(Flaw.EXEC_NEVER_RESETS) ? t : t.withSaved(init);
                        return s.withTask(flaws.contains(Flaw.EXEC_ORACLE_NOT_RESET) ? n : n.withOracle(init));
                    }, Source.INIT_STATE));
                })));
            });
        }

        @Override
        public Action kernelFpUse(int cpu) {
            return Action.of("cpu" + cpu + ": kernel FPU use (crypto)", s -> cpu >= 0 && cpu < s.cpus().size(), ctx -> {
                ctx.onCpu(cpu);
                Runnable body = () -> {
                    ctx.call("kernel_fpu_begin", () -> {
                        ctx.preemptDisable(cpu);
                        Optional<TaskState> cur = ctx.state().running(cpu);
                        if (cur.isPresent() && cur.get().isUser() && fpu(cur.get()).hasFpu()) {
                            if (flaws.contains(Flaw.KERNEL_FPU_CLOBBERS_VOLATILE)) {
                                saveNonVolatile(ctx, cur.get().name());
                            } else if (!flaws.contains(Flaw.KERNEL_FPU_SKIPS_SAVE)) {
                                saveInitFpu(ctx, cur.get().name());
                            }
                            ctx.call("__thread_clear_has_fpu", () -> setHasFpu(ctx, cpu, cur.get().name(), false));
                        } else if (!flaws.contains(Flaw.KERNEL_FPU_KEEPS_OWNER)) {
                            ctx.update(s -> s.withCpu(s.cpu(cpu).withExt(ToyCpuFpu.NO_OWNER)));
                        }
                    });
                    ctx.call("aesni_encrypt", () -> ctx.update(s -> {
                        CpuState c = s.cpu(cpu);
                        RegisterFile l = c.live();
                        for (int i = 0; i < 4; i++) {
                            l = l.with("q" + i, KERNEL_POISON);
                        }
                        return s.withCpu(c.withLive(l));
                    }, KERNEL_CODE));
                    ctx.call("kernel_fpu_end", () -> {
                        ctx.note("stts: the next user FP use traps");
                        ctx.preemptEnable(cpu);
                    });
                };
                Optional<String> user = ctx.state().cpu(cpu).current().filter(t -> ctx.state().isInUserMode(t));
                if (user.isPresent() && flaws.contains(Flaw.KERNEL_FPU_CLOBBERS_VOLATILE)) {
                    // the running task's own syscall (AF_ALG): the crypto runs in its kernel context
                    String task = user.get();
                    ctx.call("entry_SYSCALL_64", () -> {
                        ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.KERNEL)));
                        ctx.call("sys_sendmsg", body);
                        ctx.call("syscall_return_slowpath", () -> ctx.syscallBoundary(task));
                        ctx.update(s -> s.withTask(s.task(task).withMode(TaskMode.USER)));
                    });
                } else {
                    body.run();
                }
            });
        }
    }
}

package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.testkit.Exploration;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.internal.Registry;
import org.junit.jupiter.api.AssertionFailureBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The conformance kit (java.time's TCK idea) every architecture plugin's tests extend in one line:
 *
 * <pre>{@code
 * class PowerPc64ConformanceTest extends ArchitectureConformanceKit {
 *     PowerPc64ConformanceTest() { super("ppc64"); }
 * }
 * }</pre>
 *
 * <h2>What it checks</h2>
 *
 * <p>On the plugin's fixed model (all errata off), through {@link Architecture#operations()}, the <em>direct
 * checks</em> run scripts from {@link #world()}: before and right after every kind of transition the kit writes
 * fresh values (distinct per write, deterministic from {@link #seed()}) into every data register of
 * {@link #userRegisters(int)} and every control register a {@link FieldLayout} describes
 * ({@link #freshControlValue}), keeps its own record of what each task wrote, and after the transition, and again
 * after a migration to another CPU, compares each task's {@link io.github.fpctx.core.StepEngine#userView} with both
 * that record and the plugin's oracle ({@link TaskState#oracle()}); every step is also checked against the
 * architecture's invariants. The transitions: preemption in place, migration, a migration away and back that
 * leaves the first CPU idle with stale registers ({@code fpu_preempt}/{@code vmx_preempt}/{@code vsx_preempt});
 * signal delivery and {@code sigreturn} ({@code fpu_signal}); syscalls and interrupts (ABI-volatile registers are
 * what the task sees at the return; under {@link KernelConfig#STRICT_SYSCALL_ABI} every register but
 * {@link io.github.fpctx.core.MachineFactory#strictSyscallAbiExceptions} survives: {@code fpu_syscall}); fork, in
 * the parent and in the child on the parent's CPU and on another; exec (the init state, then fresh writes in the new
 * program); kernel FP use on a busy CPU, on an idle CPU the task left, under both syscall ABIs.
 *
 * <p>Then: every alias view agrees with its backing register after any write, and every register reads back what was
 * written, or, where a field layout describes it, what the layout says (bits outside its reserved mask exactly,
 * reserved bits as written or clear) (property-style, seeded {@link Random}, {@link #randomValue}; registers
 * without a declared write effect leave all other backing registers alone); control-field writes respect each
 * {@link FieldLayout}'s reserved mask; the fixed model has no counterexample over the whole alphabet
 * ({@link io.github.fpctx.core.StepEngine#alphabet(MachineState)}) in {@link #explorationWorld()} (2 CPUs, two user
 * tasks and a kernel thread by default) up to {@link #explorationBound()}, whether the plugin declares errata or
 * not; for each erratum of kind {@link Erratum.Kind#BUG}, the explorer finds a counterexample within
 * {@link Erratum#explorationBound()} with the erratum on, while the fixed model has none to that bound; every named
 * exploration world ({@link Architecture#explorationWorlds()}) builds and an unknown name is refused; every
 * register write of every kernel path says where its value came from ({@link Source}); errata declare their facts.
 *
 * <h2>What a plugin must do to pass</h2>
 *
 * <ul>
 *   <li><b>Record the oracle.</b> {@link TaskState#oracle()} is what the task's user space believes its registers
 *       hold. {@link Operations#userWrite} records the value in it ({@code t.withOracle(t.oracle().with(reg, v))},
 *       through the layout so write effects apply); {@link Operations#exec} sets it to
 *       {@link io.github.fpctx.core.MachineFactory#initRegisters}; {@link Operations#fork} gives the child the
 *       parent's oracle; anything else the ABI lets the kernel change visibly (e.g. PowerPC's VRSAVE on first
 *       AltiVec use) is recorded where it happens. A task created by {@code initialState} starts with an oracle
 *       equal to its user view. The core invariant {@code user-registers-intact} compares the two after every step
 *       a task runs in user mode, and the kit compares both with its own record.</li>
 *   <li><b>{@code userView} answers what the task would read now:</b> the CPU's live registers if the task's state
 *       is live there, otherwise its save area (plus whatever the architecture's restore would add), for a task in
 *       user mode or not (the kit checks tasks that are switched out, and a forked child before it ever ran).</li>
 *   <li><b>Syscall returns call {@link io.github.fpctx.core.KernelContext#syscallBoundary}</b> so the oracle takes the
 *       ABI-volatile registers ({@link io.github.fpctx.core.MachineFactory#abiVolatileRegisters}), and only the
 *       strict-ABI exceptions under {@link KernelConfig#STRICT_SYSCALL_ABI}; a kernel FP use modelled inside a
 *       syscall must still give up the user's state, which the strict-ABI checks see.</li>
 *   <li><b>Mode and CPU.</b> Every action names the CPU it runs on ({@code ctx.onCpu(cpu)}); a user task's
 *       {@link io.github.fpctx.core.state.TaskMode} is {@code KERNEL} inside the kernel and {@code USER} when the
 *       operation returns it to user space; guards ({@link Action#isEnabled}) refuse what the operation's Javadoc
 *       excludes, with a {@link Action#whyDisabled} reason.</li>
 *   <li><b>Operations compose:</b> {@code preempt} leaves the CPU idle, {@code resume} accepts a task that is not
 *       running (preempted, or a child of {@code fork} never run) on any idle CPU, and user writes work right after
 *       any transition, whatever state it left the registers in (the lazy trap, {@code TIF_NEED_FPU_LOAD}, ...).</li>
 *   <li><b>Every register write names its {@link Source}</b> ({@code ctx.update(..., source)}).</li>
 *   <li><b>Field layouts</b> ({@link Architecture#fieldLayouts()}) describe the register whose name is the layout's
 *       name lower-cased and whose width is the layout's ({@code FCSR} describes {@code fcsr}); init images and
 *       kernel paths never set reserved bits; a write may drop reserved bits (they read back clear) but must keep
 *       every other bit. Where the hardware refuses some writable patterns, override {@link #randomValue} and
 *       {@link #freshControlValue}; the failures name them.</li>
 *   <li><b>Errata</b>: each {@link Erratum.Kind#BUG} declares a summary and a bound within which the explorer
 *       finds it from the alphabet; fix variants amend a declared bug.</li>
 * </ul>
 *
 * <p>Hooks: {@link #world()}, {@link #world(Erratum)}, {@link #explorationWorld()}, {@link #explorationBound()},
 * {@link #userRegisters(int)}, {@link #freshControlValue}, {@link #randomValue}, {@link #seed()},
 * {@link #propertyTrials()}, {@link #sourceWalkSteps()}. The default world: 2 CPUs and two user tasks {@code A}
 * (CPU 0) and {@code B} (CPU 1), each running in user mode with distinct non-zero values in its data registers.
 * Override it (or {@link #world(Erratum)} per erratum) where the architecture needs another shape, e.g. features
 * switched on in the configuration; the kit needs at least 2 CPUs and one running user task.
 */
public abstract class ArchitectureConformanceKit {
    private final String idOrAlias;
    private Architecture architecture;
    { io.github.fpctx.testkit.internal.JUnitPlatformCheck.requireCompatible(); } // JUnit jars of the version the kit needs

    /**
     * A kit for an architecture found on the class or module path.
     *
     * @param idOrAlias its id or alias
     */
    protected ArchitectureConformanceKit(String idOrAlias) {
        if (idOrAlias == null || idOrAlias.isBlank()) {
            throw new IllegalArgumentException("Architecture id must be a non-blank name; got " + idOrAlias);
        }
        this.idOrAlias = idOrAlias;
    }

    /**
     * A kit for a given architecture (e.g. one built with {@code Architectures.of(provider).all().get(0)}).
     *
     * @param architecture the architecture; not null
     */
    protected ArchitectureConformanceKit(Architecture architecture) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture must not be null");
        }
        this.idOrAlias = architecture.id();
        this.architecture = architecture;
    }

    /** @return the architecture under test */
    protected Architecture architecture() {
        if (architecture == null) {
            architecture = Registry.architectures().require(idOrAlias);
        }
        return architecture;
    }

    /** @return the world the checks start from: 2 CPUs, user tasks {@code A} on CPU 0 and {@code B} on CPU 1 */
    protected MachineSpec world() {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2);
        TaskSpec a = TaskSpec.running("A", 0);
        TaskSpec bb = TaskSpec.running("B", 1);
        for (Map.Entry<String, BitVector> e : userRegisters(0).entrySet()) {
            a = a.withRegister(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, BitVector> e : userRegisters(1).entrySet()) {
            bb = bb.withRegister(e.getKey(), e.getValue());
        }
        return b.task(a).task(bb).build();
    }

    /**
     * The world an erratum is explored in (with the erratum enabled by the kit, and without it for the fixed model).
     *
     * @param erratum a {@link Erratum.Kind#BUG} of the architecture
     * @return the world; default {@link #world()}
     */
    protected MachineSpec world(Erratum erratum) {
        return world();
    }

    /**
     * The registers a task of the default world starts with: every backing register 64 to 512 bits wide that no
     * {@link FieldLayout} describes (control registers keep their init values), each with a distinct non-zero value.
     *
     * @param taskIndex 0 for {@code A}, 1 for {@code B}
     * @return register names to values
     */
    protected Map<String, BitVector> userRegisters(int taskIndex) {
        Set<String> control = new LinkedHashSet<>();
        architecture().fieldLayouts().forEach(f -> control.add(f.name().toLowerCase(Locale.ROOT)));
        Map<String, BitVector> out = new LinkedHashMap<>();
        int r = 0;
        for (Register reg : architecture().layout().registers()) {
            r++;
            if (reg.width() < 64 || reg.width() > 512 || control.contains(reg.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.put(reg.name(), pattern(reg.width(), taskIndex, r));
        }
        return out;
    }

    private static BitVector pattern(int width, int task, int reg) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = (0x0101_0101_0101_0101L * (task + 1)) ^ ((long) reg << 40) ^ ((long) (i + 1) << 16) ^ 0x8000_0000L;
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /** @return the seed of the property-style checks; fixed so failures replay */
    protected long seed() {
        return 0x5EED_F9C7L;
    }

    /** @return how many random writes the property-style checks try */
    protected int propertyTrials() {
        return 300;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private MachineState machine(MachineSpec spec) {
        return architecture().machines().newMachine(spec);
    }

    private ScenarioResult run(MachineState initial, List<Action> actions) {
        return new ScenarioResult(architecture(), architecture().engine().run(initial, actions));
    }

    private List<TaskState> runningUserTasks(MachineState s) {
        List<TaskState> out = new ArrayList<>();
        for (TaskState t : s.tasks()) {
            if (t.isUser() && s.isRunning(t.name())) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("The conformance world of " + architecture().id()
                    + " has no user task running; override world() to run at least one");
        }
        return out;
    }

    private static MachineSpec withConfig(MachineSpec spec, KernelConfig config) {
        return new MachineSpec(Optional.of(config), spec.errata(), spec.cpus(), spec.tasks());
    }

    private static MachineSpec withErrata(MachineSpec spec, Set<String> errata) {
        return new MachineSpec(spec.config(), errata, spec.cpus(), spec.tasks());
    }

    /**
     * User writes that make every running user task's live registers differ from what the world started with,
     * so a path that forgets to save (and later reloads a stale save area) cannot pass by luck.
     */
    private List<Action> freshWrites(MachineState s) {
        List<Action> out = new ArrayList<>();
        Operations ops = architecture().operations();
        int i = 0;
        for (TaskState t : s.tasks()) {
            if (t.isUser() && s.isRunning(t.name())) {
                for (Map.Entry<String, BitVector> e : userRegisters(i).entrySet()) {
                    out.add(ops.userWrite(t.name(), e.getKey(), e.getValue().xor(BitVector.ones(e.getValue().width()))));
                }
            }
            i++;
        }
        return out;
    }

    private static void fail(String message, Object expected, Object actual) {
        throw AssertionFailureBuilder.assertionFailure().message(message).expected(expected).actual(actual).build();
    }

    // ---- the direct checks' script: fresh writes, transitions, checks against the oracle and the kit's record --

    /**
     * One direct check's run: the kit steps the plugin's operations one by one from a world, writes fresh values
     * (distinct per write, deterministic) through {@link Operations#userWrite}, keeps its own record of what each
     * task wrote, and after each transition compares each task's {@link io.github.fpctx.core.StepEngine#userView}
     * with both that record and the plugin's oracle ({@link TaskState#oracle()}).
     */
    private final class Script {
        private final String check;
        private final MachineState initial;
        private final Operations ops = architecture().operations();
        private final List<Action> actions = new ArrayList<>();
        private final Map<String, Map<Register, BitVector>> record = new LinkedHashMap<>();
        private final Map<String, String> lastWrite = new HashMap<>();
        private MachineState state;
        private int freshCount;

        Script(String check, MachineSpec spec) {
            this.check = check;
            this.initial = machine(spec);
            this.state = initial;
            if (initial.cpus().size() < 2) {
                throw new IllegalStateException("The conformance world of " + architecture().id() + " has " + initial.cpus().size()
                        + " CPU; the kit checks migration and needs at least 2: override world()");
            }
            for (TaskState t : runningUserTasks(initial)) {
                Map<Register, BitVector> m = new LinkedHashMap<>();
                RegisterFile view = architecture().engine().userView(initial, t);
                for (Register r : kitRegisters()) {
                    m.put(r, view.get(r));
                }
                record.put(t.name(), m);
                lastWrite.put(t.name(), "the initial world");
            }
        }

        List<String> tasks() {
            return new ArrayList<>(record.keySet());
        }

        TaskState task(String name) {
            return state.task(name);
        }

        KernelConfig config() {
            return state.config();
        }

        void step(Action a) {
            if (!architecture().engine().isEnabled(state, a)) {
                fail("[" + check + "] " + architecture().id() + ": step " + (actions.size() + 1) + " (" + a.label()
                        + ") is not enabled: " + a.whyDisabled(state) + "\n" + rendered(), "an enabled action", a.label());
            }
            io.github.fpctx.core.Step st = architecture().engine().step(state, a, actions.size() + 1);
            actions.add(a);
            List<io.github.fpctx.core.Violation> v = architecture().engine().check(st);
            if (!v.isEmpty()) {
                String hint = v.stream().anyMatch(x -> x.invariant().equals("user-registers-intact"))
                        ? " (user-registers-intact compares a task's user view with the plugin's oracle: either the kernel path lost "
                        + "the value, or the plugin did not record it in the oracle with TaskState.withOracle)" : "";
                fail("[" + check + "] " + architecture().id() + " violates its invariants at step " + st.index() + " (" + a.label() + ")"
                        + hint + ": " + v + "\n" + rendered(), "no violation", v.toString());
            }
            state = st.after();
        }

        /** Fresh values into every register the kit writes (data registers, then control registers). */
        void write(String task) {
            Map<Register, BitVector> m = record.get(task);
            for (Register r : kitRegisters()) {
                int n = ++freshCount;
                Optional<FieldLayout> fl = fieldLayoutOf(r);
                BitVector v;
                if (fl.isPresent()) {
                    long bits = freshControlValue(fl.get(), r, freshBits(64, n).toLong());
                    if (r.width() < 64 && (bits >>> r.width()) != 0) {
                        throw new IllegalStateException("freshControlValue returned 0x" + Long.toHexString(bits) + " for " + r.name()
                                + ", wider than its " + r.width() + " bits");
                    }
                    v = BitVector.of(r.width(), bits);
                } else {
                    v = freshBits(r.width(), n);
                }
                Action a = ops.userWrite(task, r.name(), v);
                try {
                    step(a);
                } catch (IllegalArgumentException e) {
                    fail("[" + check + "] " + architecture().id() + " refuses the kit's fresh value " + v + " for " + r.name()
                            + " (" + e.getMessage() + "); " + (fl.isPresent()
                            ? "override freshControlValue(FieldLayout, Register, long) to write only values " + fl.get().name() + " accepts"
                            : "override userRegisters(int) to leave " + r.name() + " out of the kit's writes") + "\n" + rendered(),
                            "an accepted write", e.toString());
                }
                m.put(r, v);
            }
            lastWrite.put(task, "step " + actions.size() + " (" + task + "'s fresh writes)");
        }

        /** A transition that may end in a syscall return: the ABI lets it change what the oracle then takes. */
        void syscallReturn(String task) {
            KernelConfig c = state.config();
            boolean strict = c.has(KernelConfig.STRICT_SYSCALL_ABI);
            List<String> unchecked = strict ? architecture().machines().strictSyscallAbiExceptions(c)
                    : architecture().machines().abiVolatileRegisters(c);
            RegisterFile view = architecture().engine().userView(state, state.task(task));
            Map<Register, BitVector> m = record.get(task);
            for (String name : unchecked) {
                Register v = architecture().layout().register(name);
                Register backing = architecture().layout().register(v.backing());
                if (m.containsKey(backing)) {
                    m.put(backing, m.get(backing).withSlice(v.lsb(), view.get(backing).slice(v.lsb(), v.width())));
                }
            }
        }

        /** After exec the task's registers are the init image. */
        void execed(String task) {
            RegisterFile init = architecture().machines().initRegisters(state.config());
            Map<Register, BitVector> m = record.get(task);
            m.replaceAll((r, v) -> init.get(r));
            lastWrite.put(task, "step " + actions.size() + " (execve: the init state)");
        }

        /** A new task (fork) starts with a copy of its parent's record. */
        void forked(String parent, String child) {
            record.put(child, new LinkedHashMap<>(record.get(parent)));
            lastWrite.put(child, "step " + actions.size() + " (fork: " + parent + "'s values)");
        }

        /** Every tracked task that exists sees, in user mode or not, what it last wrote. */
        void checkAll(String after) {
            for (String t : tasks()) {
                check(t, after);
            }
        }

        void check(String task, String after) {
            TaskState t = state.task(task);
            RegisterFile view = architecture().engine().userView(state, t);
            Map<Register, BitVector> want = record.get(task);
            Map<String, BitVector> expected = new LinkedHashMap<>();
            Map<String, BitVector> actual = new LinkedHashMap<>();
            for (Map.Entry<Register, BitVector> e : want.entrySet()) {
                if (!readsBackAs(e.getKey(), e.getValue(), view.get(e.getKey()))) {
                    expected.put(e.getKey().name(), e.getValue());
                    actual.put(e.getKey().name(), view.get(e.getKey()));
                }
            }
            if (!expected.isEmpty()) {
                fail("[" + check + "] After " + after + ", task '" + task + "' of " + architecture().id() + " does not see what the kit "
                        + "wrote (its record, last written at " + lastWrite.get(task) + ") in " + expected.keySet() + "\n" + rendered(),
                        expected.toString(), actual.toString());
            }
            List<io.github.fpctx.core.register.RegisterDiff> d = t.oracle().diff(view);
            if (!d.isEmpty()) {
                Map<String, BitVector> o = new LinkedHashMap<>();
                Map<String, BitVector> v = new LinkedHashMap<>();
                for (io.github.fpctx.core.register.RegisterDiff x : d) {
                    o.put(x.register(), x.before());
                    v.put(x.register(), x.after());
                }
                fail("[" + check + "] After " + after + ", task '" + task + "' of " + architecture().id() + " sees what the kit wrote, "
                        + "but the plugin's oracle disagrees in " + o.keySet() + ": record every user write, the init state on exec "
                        + "and the parent's oracle on fork in TaskState.withOracle (see the kit's Javadoc)\n" + rendered(),
                        "oracle " + o, "user view " + v);
            }
        }

        /** Every tracked running task moves to the next CPU (all preempted, then each switched in one CPU on). */
        void migrateAll() {
            int n = state.cpus().size();
            Map<String, Integer> running = new LinkedHashMap<>();
            for (String t : tasks()) {
                if (state.isRunning(t)) {
                    running.put(t, state.task(t).cpu());
                }
            }
            running.keySet().forEach(t -> step(ops.preempt(t)));
            running.forEach((t, c) -> step(ops.resume(t, (c + 1) % n)));
        }

        /**
         * The task leaves its CPU (left idle), writes fresh values on another CPU, and comes back: a CPU that kept
         * its registers must not be trusted after they changed elsewhere ({@code fpu.last_cpu}, {@code fpu_fpregs_owner_ctx}).
         */
        void awayAndBack(String task) {
            int home = state.task(task).cpu();
            int away = (home + 1) % state.cpus().size();
            Optional<String> other = state.cpu(away).current();
            other.ifPresent(o -> step(ops.preempt(o)));
            step(ops.preempt(task));
            step(ops.resume(task, away));
            write(task);
            step(ops.preempt(task));
            step(ops.resume(task, home));
            check(task, "a migration to CPU " + away + ", fresh writes there and a migration back to CPU " + home);
            other.ifPresent(o -> step(ops.resume(o, away)));
        }

        /**
         * Fresh writes on every tracked task in user mode, the transition, a check; fresh writes again right after
         * the transition (whatever state it left the registers in), a migration to another CPU and a check.
         */
        void exercise(String what, Runnable transition) {
            writeAll();
            transition.run();
            checkAll(what);
            writeAll();
            migrateAll();
            checkAll("fresh writes after " + what + " and a migration to another CPU");
        }

        private void writeAll() {
            for (String t : tasks()) {
                if (state.isInUserMode(t)) {
                    write(t);
                }
            }
        }

        private String rendered() {
            try {
                return new ScenarioResult(architecture(), architecture().engine().run(initial, actions)).render();
            } catch (RuntimeException e) {
                return "(steps: " + actions.stream().map(Action::label).toList() + ")";
            }
        }
    }

    private List<Register> kitRegistersCache;

    /** The backing registers the direct checks write: {@link #userRegisters(int)}'s, then the control registers. */
    private List<Register> kitRegisters() {
        if (kitRegistersCache == null) {
            List<Register> out = new ArrayList<>();
            for (String name : userRegisters(0).keySet()) {
                out.add(architecture().layout().register(name));
            }
            for (Register r : architecture().layout().registers()) {
                if (fieldLayoutOf(r).isPresent() && !out.contains(r)) {
                    out.add(r);
                }
            }
            kitRegistersCache = List.copyOf(out);
        }
        return kitRegistersCache;
    }

    /**
     * The field layout describing a backing register: the layout whose name, lower-cased, is the register's name,
     * of the same width, at most 64 bits ({@code FCSR} describes {@code fcsr}, {@code MXCSR} {@code mxcsr}).
     */
    private Optional<FieldLayout> fieldLayoutOf(Register r) {
        for (FieldLayout fl : architecture().fieldLayouts()) {
            if (fl.name().toLowerCase(Locale.ROOT).equals(r.name()) && fl.width() == r.width() && r.width() <= 64) {
                return Optional.of(fl);
            }
        }
        return Optional.empty();
    }

    /** A fresh value: the {@code n}th of a deterministic sequence seeded by {@link #seed()}. */
    private BitVector freshBits(int width, int n) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = mix(seed() + 0x9E37_79B9L * n + i);
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    private static long mix(long x) {
        long z = x + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The value the direct checks write to a control register that a {@link FieldLayout} describes (matched by
     * lower-cased name), from a fresh pattern. By default the layout's reset value with its writable bits taken from
     * the pattern (reserved bits clear). Override it where the architecture refuses or changes some writable bit
     * patterns (e.g. x86 {@code MXCSR.DAZ} outside {@code MXCSR_MASK}); a refusal's failure names this hook.
     *
     * @param layout   the field layout
     * @param register the register it describes
     * @param pattern  fresh bits
     * @return the value to write, within the register's width
     */
    protected long freshControlValue(FieldLayout layout, Register register, long pattern) {
        return layout.reset().withWritableBits(pattern).bits();
    }

    private MachineSpec strict(MachineSpec spec) {
        KernelConfig base = spec.config().orElse(architecture().machines().defaultConfig());
        return withConfig(spec, base.with(KernelConfig.STRICT_SYSCALL_ABI));
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    /**
     * Registers survive preemption in place, migration to another CPU, and a migration away and back that leaves
     * the first CPU idle with the task's old registers ({@code fpu_preempt}); fresh values written after each
     * switch are seen after the next, on the other CPU too.
     */
    @Test
    public void registersSurvivePreemptionAndMigration() {
        Script s = new Script("registersSurvivePreemptionAndMigration", world());
        s.checkAll("the initial world");
        s.exercise("a preemption and a switch back in on the same CPU", () -> {
            for (String t : s.tasks()) {
                int cpu = s.task(t).cpu();
                s.step(s.ops.preempt(t));
                s.step(s.ops.resume(t, cpu));
            }
        });
        s.exercise("a migration to another CPU", s::migrateAll);
        for (String t : s.tasks()) {
            s.awayAndBack(t);
        }
        s.exercise("a migration back", s::migrateAll);
    }

    /**
     * The signal frame holds the interrupted registers and {@code sigreturn} restores them ({@code fpu_signal}),
     * with fresh values written before each delivery and after each return.
     */
    @Test
    public void registersSurviveSignalDeliveryAndSigreturn() {
        Script s = new Script("registersSurviveSignalDeliveryAndSigreturn", world());
        s.exercise("a signal delivered, handled and returned from", () -> s.tasks().forEach(t -> s.step(s.ops.signal(t))));
        s.exercise("two signals in a row", () -> s.tasks().forEach(t -> {
            s.step(s.ops.signal(t));
            s.step(s.ops.signal(t));
        }));
    }

    /**
     * A syscall preserves every register the function-call ABI does not make volatile ({@code fpu_syscall}); the
     * volatile ones are what the task then sees, and the oracle takes them.
     */
    @Test
    public void syscallPreservesNonVolatileRegisters() {
        Script s = new Script("syscallPreservesNonVolatileRegisters", world());
        s.exercise("a syscall", () -> s.tasks().forEach(t -> {
            s.step(s.ops.syscall(t));
            s.syscallReturn(t);
        }));
        s.exercise("an interrupt taken in user mode", () -> s.tasks().forEach(t -> s.step(s.ops.interrupt(t))));
    }

    /** Under the strict syscall ABI every register (but the declared exceptions) survives a syscall. */
    @Test
    public void strictSyscallAbiPreservesEveryRegister() {
        Script s = new Script("strictSyscallAbiPreservesEveryRegister", strict(world()));
        s.exercise("a syscall under the strict syscall ABI", () -> s.tasks().forEach(t -> {
            s.step(s.ops.syscall(t));
            s.syscallReturn(t);
            s.step(s.ops.syscall(t));
            s.syscallReturn(t);
        }));
    }

    /**
     * {@code fork}: the child sees the parent's registers as they were at the fork, on the parent's CPU and on
     * another; the parent keeps them, and fresh values either writes afterwards stay its own.
     */
    @Test
    public void forkCopiesRegistersToChildAndKeepsParents() {
        Script s = new Script("forkCopiesRegistersToChildAndKeepsParents", world());
        List<String> parents = s.tasks();
        String parent = parents.get(0);
        String child = parent + "-child";
        s.write(parent);
        s.step(s.ops.fork(parent, child));
        s.forked(parent, child);
        s.check(parent, "fork (the parent)");
        s.check(child, "fork (the child, not yet run)");
        s.write(parent);
        int home = s.task(parent).cpu();
        s.step(s.ops.preempt(parent));
        s.step(s.ops.resume(child, home));
        s.check(child, "fork and the child's first switch-in on its parent's CPU");
        s.write(child);
        s.step(s.ops.preempt(child));
        s.step(s.ops.resume(parent, home));
        s.check(parent, "fork, the child's run on the same CPU and the parent's switch back in");
        s.exercise("fork and both tasks' runs", s::migrateAll);
        s.step(s.ops.preempt(parent));
        s.step(s.ops.resume(child, s.task(parent).cpu()));
        s.check(child, "the child's switch-in on another CPU");
        s.exercise("fork and the child's migration", () -> { });
    }

    /**
     * {@code execve} leaves the task with the init registers, also after it is switched out and back in or
     * migrated; fresh values written in the new program survive.
     */
    @Test
    public void execLoadsInitState() {
        Script s = new Script("execLoadsInitState", world());
        String t = s.tasks().get(0);
        s.write(t);
        s.step(s.ops.exec(t));
        s.execed(t);
        s.check(t, "execve");
        int cpu = s.task(t).cpu();
        s.step(s.ops.preempt(t));
        s.step(s.ops.resume(t, cpu));
        s.check(t, "execve and a switch out and back in");
        s.migrateAll();
        s.check(t, "execve and a migration");
        s.step(s.ops.exec(t));
        s.execed(t);
        s.write(t);
        s.check(t, "execve and fresh writes right after it");
        s.step(s.ops.preempt(t));
        s.step(s.ops.resume(t, s.task(t).cpu()));
        s.check(t, "execve, fresh writes right after it and a switch out and back in");
        s.exercise("execve and fresh writes in the new program", () -> s.tasks().forEach(x -> {
            int c = s.task(x).cpu();
            s.step(s.ops.preempt(x));
            s.step(s.ops.resume(x, c));
        }));
        s.exercise("a second execve", () -> {
            s.step(s.ops.exec(t));
            s.execed(t);
        });
        s.awayAndBack(t);
    }

    /**
     * The kernel's use of FP/vector registers, on a CPU running a task in user mode (an interrupt or the task's own
     * syscall) or on an idle CPU, is invisible to user space (ABI-volatile registers aside if the plugin models the
     * use inside a syscall); user writes after it are kept.
     */
    @Test
    public void kernelFpUseIsInvisibleToUserSpace() {
        kernelFpUse(new Script("kernelFpUseIsInvisibleToUserSpace", world()));
    }

    /**
     * As {@link #kernelFpUseIsInvisibleToUserSpace()} under the strict syscall ABI, so a kernel use inside a syscall
     * that forgets to give up the user's state cannot hide behind the ABI-volatile registers.
     */
    @Test
    public void kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister() {
        kernelFpUse(new Script("kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister", strict(world())));
    }

    private void kernelFpUse(Script s) {
        s.exercise("kernel FP use on the task's CPU", () -> s.tasks().forEach(t -> {
            s.step(s.ops.kernelFpUse(s.task(t).cpu()));
            s.syscallReturn(t);
        }));
        s.exercise("kernel FP use on the task's CPU while it is switched out", () -> s.tasks().forEach(t -> {
            int cpu = s.task(t).cpu();
            s.step(s.ops.preempt(t));
            s.step(s.ops.kernelFpUse(cpu));
            s.step(s.ops.resume(t, cpu));
        }));
        s.exercise("kernel FP use twice, then an interrupt", () -> s.tasks().forEach(t -> {
            s.step(s.ops.kernelFpUse(s.task(t).cpu()));
            s.syscallReturn(t);
            s.step(s.ops.kernelFpUse(s.task(t).cpu()));
            s.syscallReturn(t);
            s.step(s.ops.interrupt(t));
        }));
    }

    /** After any write through any name, every view equals its slice of the backing register. */
    @Test
    public void aliasViewsAgreeWithBackingRegistersAfterAnyWrite() {
        Random random = new Random(seed());
        List<Register> all = architecture().layout().allRegisters();
        RegisterFile f = architecture().machines().initRegisters(architecture().machines().defaultConfig());
        for (String name : architecture().layout().names()) {
            Register r = architecture().layout().register(name);
            if (!all.contains(r)) {
                fail("Name '" + name + "' of layout " + architecture().layout().name() + " resolves to a register the layout does not list",
                        "one of " + all.size() + " registers", r.toString());
            }
        }
        for (int i = 0; i < propertyTrials(); i++) {
            Register r = all.get(random.nextInt(all.size()));
            BitVector v = randomValue(r, random);
            RegisterFile g;
            try {
                g = f.with(r, v);
            } catch (IllegalArgumentException e) {
                fail("Trial " + i + " (seed " + seed() + "): writing " + v + " to " + r.name() + " is refused (" + e.getMessage()
                        + "); override randomValue(Register, Random) to write only values the architecture accepts", "an accepted write",
                        e.toString());
                return;
            }
            assertReadsBack(i, r, v, g.get(r));
            if (r.effect().isEmpty()) {
                for (Register other : architecture().layout().registers()) {
                    if (!other.name().equals(r.backing()) && !g.get(other).equals(f.get(other))) {
                        fail("Trial " + i + " (seed " + seed() + "): writing " + r.name() + " changed " + other.name(),
                                f.get(other).toString(), g.get(other).toString());
                    }
                }
            }
            for (Register view : all) {
                BitVector slice = g.get(architecture().layout().register(view.backing())).slice(view.lsb(), view.width());
                if (!g.get(view).equals(slice)) {
                    fail("Trial " + i + " (seed " + seed() + "): after writing " + r.name() + ", view " + view.name()
                            + " disagrees with bits " + view.lsb() + ".." + (view.lsb() + view.width() - 1) + " of " + view.backing(),
                            slice.toString(), g.get(view).toString());
                }
            }
            f = g;
        }
    }

    /**
     * A register reads back what was written, whatever side effects the write has elsewhere; where a
     * {@link FieldLayout} describes it (matched by lower-cased name and width), what the layout says: bits outside
     * the reserved mask exactly, reserved bits as written or clear (a write effect may drop them, as RISC-V's
     * {@code fcsr} ignores writes to bits 31:8).
     */
    private void assertReadsBack(int trial, Register r, BitVector written, BitVector got) {
        if (readsBackAs(r, written, got)) {
            return;
        }
        Optional<FieldLayout> fl = fieldLayoutOf(r);
        if (fl.isPresent()) {
            long reserved = fl.get().reservedMask();
            fail("Trial " + trial + " (seed " + seed() + "): " + r.name() + " does not read back what its field layout " + fl.get().name()
                    + " says (bits outside the reserved mask 0x" + Long.toHexString(reserved) + " as written, reserved bits as written or "
                    + "clear); if the architecture refuses or changes some of these bits by design, override randomValue(Register, Random)",
                    written.toString(), got.toString());
        }
        fail("Trial " + trial + " (seed " + seed() + "): " + r.name() + " does not read back what was written (no FieldLayout describes it: "
                + "layouts are matched to registers by lower-cased name, e.g. FCSR describes fcsr); if the architecture changes some "
                + "written bits by design, override randomValue(Register, Random)", written.toString(), got.toString());
    }

    /**
     * Whether a register that was written {@code written} may read {@code got}: exactly, or where a field layout
     * describes it, with reserved bits dropped.
     */
    private boolean readsBackAs(Register r, BitVector written, BitVector got) {
        if (got.equals(written)) {
            return true;
        }
        Optional<FieldLayout> fl = fieldLayoutOf(r);
        if (fl.isEmpty()) {
            return false;
        }
        long reserved = fl.get().reservedMask();
        long w = written.toLong();
        long g = got.toLong();
        return ((w ^ g) & ~reserved) == 0 && (g & reserved & ~w) == 0;
    }

    /**
     * A random value for a register in the alias check. Override it for registers whose writes refuse some bit
     * patterns (e.g. reserved bits of a control register held in the file), so the check writes only values the
     * architecture accepts.
     *
     * @param register the register about to be written
     * @param random   the seeded source
     * @return a value exactly as wide as the register
     */
    protected BitVector randomValue(Register register, Random random) {
        return randomBits(random, register.width());
    }

    private static BitVector randomBits(Random random, int width) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextLong();
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /** Reserved bits of every field register are refused, never set by field writes, and clear in init images. */
    @Test
    public void controlFieldWritesRespectReservedMasks() {
        Random random = new Random(seed());
        for (FieldLayout fl : architecture().fieldLayouts()) {
            long reserved = fl.reservedMask();
            for (int b = 0; b < fl.width(); b++) {
                if ((reserved >>> b & 1) != 0) {
                    try {
                        FieldRegister.of(fl, 1L << b);
                        fail(fl.name() + " accepts reserved bit " + b, "IllegalArgumentException", "accepted");
                    } catch (IllegalArgumentException expected) {
                        // refused, as it must be
                    }
                }
            }
            for (int i = 0; i < propertyTrials(); i++) {
                FieldRegister v = fl.reset().withWritableBits(random.nextLong());
                if ((v.bits() & reserved) != 0) {
                    fail(fl.name() + ": a write of writable bits set reserved bits", "0", Long.toHexString(v.bits() & reserved));
                }
                for (BitField f : fl.fields()) {
                    if (f.isView()) {
                        continue;
                    }
                    long x = f.maxValue() == -1L ? random.nextLong() : Math.floorMod(random.nextLong(), f.maxValue() + 1);
                    FieldRegister w = v.with(f, x);
                    if (w.field(f) != x || ((w.bits() ^ v.bits()) & ~f.mask()) != 0 || (w.bits() & reserved) != 0) {
                        fail(fl.name() + "." + f.name() + " = " + x + " changed other bits or reserved bits", Long.toHexString(v.bits()),
                                Long.toHexString(w.bits()));
                    }
                }
            }
            Optional<Register> reg = architecture().layout().find(fl.name().toLowerCase(Locale.ROOT));
            if (reg.isPresent() && reg.get().width() <= 64 && reg.get().width() == fl.width()) {
                MachineState s = machine(world());
                long init = architecture().machines().initRegisters(s.config()).getLong(reg.get());
                if ((init & reserved) != 0) {
                    fail("The init image of " + reg.get().name() + " sets reserved bits of " + fl.name(), "0",
                            Long.toHexString(init & reserved));
                }
                for (TaskState t : s.tasks()) {
                    if (t.isUser()) {
                        long image = architecture().engine().userView(s, t).getLong(reg.get());
                        if ((image & reserved) != 0) {
                            fail("Task '" + t.name() + "' starts with reserved bits of " + fl.name() + " set", "0", Long.toHexString(image & reserved));
                        }
                    }
                }
            }
        }
    }

    /** Each declared bug is found by the explorer, from the alphabet alone, within the bound it declares. */
    @Test
    public void explorerFindsEveryBugWithinItsBound() {
        for (Erratum e : architecture().errata()) {
            if (e.kind() != Erratum.Kind.BUG) {
                continue;
            }
            MachineSpec spec = world(e);
            Set<String> errata = new LinkedHashSet<>(spec.errata());
            errata.add(e.id());
            MachineState s = machine(withErrata(spec, errata));
            ExplorationReport r = Exploration.of(architecture(), s).bound(e.explorationBound()).run();
            if (!r.foundViolation()) {
                fail("Erratum " + e + " of " + architecture().id() + " is not found from the alphabet within its bound "
                        + e.explorationBound() + " (" + r.statistics() + ")", "a counterexample", "none up to bound " + e.explorationBound());
            }
        }
    }

    /** The fixed model has no counterexample up to the bound of any declared bug. */
    @Test
    public void fixedModelIsCleanToEveryBugsBound() {
        Map<MachineSpec, Integer> bounds = new LinkedHashMap<>();
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG) {
                MachineSpec spec = withErrata(world(e), Set.of());
                bounds.merge(spec, e.explorationBound(), Math::max);
            }
        }
        for (Map.Entry<MachineSpec, Integer> w : bounds.entrySet()) {
            ExplorationReport r = Exploration.of(architecture(), machine(w.getKey())).bound(w.getValue()).run();
            r.counterexample().ifPresent(cx -> fail("The fixed model of " + architecture().id() + " (all errata off) has a counterexample of "
                    + cx.steps().size() + " steps within bound " + w.getValue() + "\n" + cx.render(),
                    "none up to bound " + w.getValue(), String.join("; ", cx.labels())));
        }
    }

    /**
     * The world the fixed model is explored in, whatever errata the plugin declares: {@link #world()} (at least 2
     * CPUs, two user tasks running) plus a kernel thread {@code kworker} on CPU 0, not running; the kit clears the
     * errata. Override it to add the tasks or configuration the plugin's alphabet needs.
     *
     * @return the world
     */
    protected MachineSpec explorationWorld() {
        MachineSpec w = world();
        List<TaskSpec> tasks = new ArrayList<>(w.tasks());
        if (tasks.stream().noneMatch(t -> t.kind() == TaskKind.KERNEL_THREAD)) {
            tasks.add(new TaskSpec("kworker", TaskKind.KERNEL_THREAD, 0, false, Map.of()));
        }
        return new MachineSpec(w.config(), Set.of(), w.cpus(), tasks);
    }

    /**
     * How many steps the fixed model is explored to in {@link #explorationWorld()}, over the plugin's whole
     * alphabet ({@link io.github.fpctx.core.StepEngine#alphabet(MachineState)}). Breadth-first: every sequence of up
     * to this many actions is tried (states de-duplicated). Raise it where the plugin's paths need longer sequences;
     * lower it only if the alphabet is too large to finish in a test's time.
     *
     * @return the bound; default 4
     */
    protected int explorationBound() {
        return 4;
    }

    /**
     * The fixed model (all errata off) has no counterexample, over the whole alphabet, in {@link #explorationWorld()}
     * up to {@link #explorationBound()} steps, whether or not the plugin declares errata.
     */
    @Test
    public void fixedModelIsCleanInTheExplorationWorld() {
        MachineSpec spec = explorationWorld();
        MachineState s = machine(withErrata(spec, Set.of()));
        long users = s.tasks().stream().filter(TaskState::isUser).count();
        long kernel = s.tasks().stream().filter(t -> t.kind() == TaskKind.KERNEL_THREAD).count();
        if (s.cpus().size() < 2 || users < 2 || kernel < 1) {
            throw new IllegalStateException("The exploration world of " + architecture().id() + " has " + s.cpus().size() + " CPUs, "
                    + users + " user task(s) and " + kernel + " kernel thread(s); it needs at least 2, 2 and 1: fix explorationWorld()");
        }
        int bound = explorationBound();
        if (bound < 1) {
            throw new IllegalStateException("explorationBound() of " + architecture().id() + " must be at least 1; got " + bound);
        }
        ExplorationReport r = Exploration.of(architecture(), s).bound(bound).run();
        r.counterexample().ifPresent(cx -> fail("The fixed model of " + architecture().id() + " (all errata off) has a counterexample of "
                + cx.steps().size() + " steps within the exploration bound " + bound + " (explorationBound())\n" + cx.render(),
                "none up to bound " + bound, String.join("; ", cx.labels())));
    }

    /**
     * Every named exploration world the plugin offers ({@link Architecture#explorationWorlds()}) builds on the fixed
     * model, under the name it was asked for, with a valid initial state; a name it does not offer is refused with
     * an {@link IllegalArgumentException} that lists the known worlds. A plugin without named worlds passes on the
     * refusal alone.
     */
    @Test
    public void namedExplorationWorldsBuildAndUnknownNamesAreRefused() {
        Architecture a = architecture();
        List<String> names = a.explorationWorlds();
        for (String name : names) {
            ExplorationWorld w;
            try {
                w = a.explorationWorld(name);
            } catch (RuntimeException e) {
                fail("Exploration world '" + name + "' of " + a.id() + " is offered but does not build: " + e,
                        "a world", e.toString());
                return;
            }
            if (!w.name().equals(name)) {
                fail("Exploration world '" + name + "' of " + a.id() + " builds a world named '" + w.name() + "'", name, w.name());
            }
        }
        String unknown = "no-such-world";
        while (names.contains(unknown)) {
            unknown += "-";
        }
        String expected = "Unknown exploration world '" + unknown + "' of " + a.id() + "; known worlds: " + names;
        String got;
        try {
            a.explorationWorld(unknown);
            got = "a world";
        } catch (IllegalArgumentException e) {
            got = e.getMessage();
        }
        if (!expected.equals(got)) {
            fail("An exploration world name " + a.id() + " does not offer must be refused, naming the known worlds", expected, got);
        }
    }

    /** @return how many steps the source check walks through the alphabet, per model (fixed, and each bug on) */
    protected int sourceWalkSteps() {
        return 120;
    }

    /**
     * Every register write a kernel path makes says where its value came from (a {@link Source}: user space, a save
     * area, a CPU's live registers, the init state, a control register image, a kernel value), so failures can be
     * explained from the engine's record: the generic operations on {@link #world()}, then a seeded walk over
     * {@link io.github.fpctx.core.StepEngine#alphabet(MachineState)} on the fixed model and with each bug on.
     */
    @Test
    public void everyRegisterWriteSaysWhereItsValueCameFrom() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        TaskState t = runningUserTasks(s).get(0);
        List<Action> actions = new ArrayList<>(freshWrites(s));
        actions.addAll(List.of(ops.interrupt(t.name()), ops.syscall(t.name()), ops.signal(t.name()), ops.fork(t.name(), "conformance-child"),
                ops.preempt(t.name()), ops.kernelFpUse(t.cpu()), ops.resume(t.name(), t.cpu()), ops.exec(t.name())));
        assertAttributed(run(s, actions).trace().steps());
        Map<String, Set<String>> models = new LinkedHashMap<>();
        models.put("the fixed model", Set.of());
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG) {
                models.put("erratum " + e.id(), Set.of(e.id()));
            }
        }
        Random random = new Random(seed());
        for (Map.Entry<String, Set<String>> m : models.entrySet()) {
            MachineState w = machine(withErrata(world(), m.getValue()));
            List<Action> alphabet = architecture().engine().alphabet(w);
            List<io.github.fpctx.core.Step> steps = new ArrayList<>();
            MachineState cur = w;
            for (int i = 1; i <= sourceWalkSteps(); i++) {
                List<Action> enabled = new ArrayList<>();
                for (Action a : alphabet) {
                    if (architecture().engine().isEnabled(cur, a)) {
                        enabled.add(a);
                    }
                }
                if (enabled.isEmpty()) {
                    break;
                }
                io.github.fpctx.core.Step st = architecture().engine().step(cur, enabled.get(random.nextInt(enabled.size())), i);
                steps.add(st);
                cur = st.after();
            }
            assertAttributed(steps);
        }
    }

    private void assertAttributed(List<io.github.fpctx.core.Step> steps) {
        for (io.github.fpctx.core.Step st : steps) {
            for (StateChange c : st.calls().allChanges()) {
                if (c.isRegisterWrite() && !c.source().isAttributed()) {
                    fail("Step " + st.index() + " (" + st.label() + ") of " + architecture().id() + " writes " + c.path() + " in "
                            + String.join(" > ", st.calls().pathToChange(c)) + " without saying where the value came from; pass a "
                            + "Source to KernelContext.update (ctx.saveArea(task), Source.live(cpu), Source.INIT_STATE, ...)",
                            "a source", c.toString());
                }
            }
        }
    }

    /** Bugs declare a positive exploration bound and a summary; fix variants amend a declared bug. */
    @Test
    public void errataDeclareTheirFacts() {
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG && (e.explorationBound() < 1 || e.summary().isBlank())) {
                fail("Bug " + e + " needs an exploration bound of at least 1 and a summary", "bound >= 1, summary",
                        "bound " + e.explorationBound() + ", summary '" + e.summary() + "'");
            }
            if (e.kind() != Erratum.Kind.BUG) {
                String amended = e.amends().orElse("");
                if (architecture().findErratum(amended).filter(x -> x.kind() == Erratum.Kind.BUG).isEmpty()) {
                    fail("Fix variant " + e + " amends '" + amended + "', which is not a declared bug", "a bug id", amended);
                }
            }
        }
        MachineState s = machine(world());
        for (TaskState t : s.tasks()) {
            if (t.kind() == TaskKind.USER && !architecture().engine().userView(s, t).equals(t.oracle())) {
                fail("In the initial world task '" + t.name() + "' does not see what it wrote", t.oracle().toString(),
                        architecture().engine().userView(s, t).toString());
            }
        }
    }
}

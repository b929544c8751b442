package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.StepEngine;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.testkit.internal.Registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A fluent, deterministic scenario: an architecture with its errata and kernel configuration, CPUs, tasks with
 * the registers user space wrote before the model starts, and the steps that follow (user register writes and
 * reads, preemption, migration, interrupts, syscalls, signals, fork, exec, kernel FP use, and any
 * architecture-specific {@link Action} or {@link io.github.fpctx.core.KernelPath}).
 *
 * <pre>{@code
 * ScenarioResult run = Scenario.on("ppc64")
 *     .withErratum("save-fpu-clobbers-fr0")
 *     .cpus(1)
 *     .task("mariadbd", t -> t.onCpu(0).userWrites("vs0", BitVector.zero(128)))
 *     .step(PowerPcSteps.ioUringWorkerAtInterruptReturn("mariadbd"))
 *     .run();
 * FpAssertions.assertThat(run).task("mariadbd").sees("vs0", BitVector.zero(128));
 * }</pre>
 *
 * <p>Steps are typed ({@link ScenarioStep}: {@code UserWrite}, {@code Preempt}, {@code Resume}, {@code Syscall},
 * ..., {@code Path} for an architecture's own action). The scenario does not schedule anything itself: when a step's
 * turn comes it becomes the architecture's {@link Action} and the architecture's {@link StepEngine} decides whether
 * it can run, at every step, architecture-specific ones included. {@link #run()} refuses an impossible scenario at
 * the first step the engine refuses, naming the step, what it needs, the engine's reason, how the task got there
 * and what every CPU runs:
 * {@code Step 2 (a: syscall getppid) needs task 'a' running in user mode, but task 'a' is not running (it stopped
 * running at step 1, a: preempted); now: cpu0 idle; resume it first}. A step naming a task the machine does not
 * have at that point, or a CPU it lacks, is an {@link IllegalArgumentException}; registers, fields and errata are
 * checked as the scenario is built. Every invariant is checked after every step.
 *
 * <p>Adding a kind of step (a signal frame, a syscall result, a thread clone): a record in {@link ScenarioStep}
 * that turns into the architecture's action and says what it needs, and a builder method here that adds it.
 *
 * <p>Not thread-safe while being built; {@link #run()} may be called any number of times and gives equal results.
 */
public final class Scenario {
    private final Architecture architecture;
    private final Set<String> errata = new LinkedHashSet<>();
    private KernelConfig config;
    private int cpus = -1;
    private final Map<String, TaskSetup> tasks = new LinkedHashMap<>();
    private final List<ScenarioStep> steps = new ArrayList<>();

    private Scenario(Architecture architecture) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
    }

    /**
     * Starts a scenario on an architecture found on the class or module path.
     *
     * @param idOrAlias an architecture id or alias, e.g. {@code ppc64}
     * @return the scenario
     * @throws io.github.fpctx.core.ArchitectureNotFoundException listing the available ids if there is none
     */
    public static Scenario on(String idOrAlias) {
        return new Scenario(Registry.architectures().require(idOrAlias));
    }

    /**
     * Starts a scenario on an architecture from a registry of one's own.
     *
     * @param registry  the registry
     * @param idOrAlias an architecture id or alias
     * @return the scenario
     */
    public static Scenario on(Architectures registry, String idOrAlias) {
        return new Scenario(registry.require(idOrAlias));
    }

    /**
     * Starts a scenario on an architecture.
     *
     * @param architecture the architecture; not null
     * @return the scenario
     */
    public static Scenario on(Architecture architecture) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture must not be null");
        }
        return new Scenario(architecture);
    }

    /** @return the architecture */
    public Architecture architecture() {
        return architecture;
    }

    /** @return the generic operations of the architecture, for building steps by hand */
    public Operations operations() {
        return architecture.operations();
    }

    // ---- model ----------------------------------------------------------------------------------------------

    /**
     * Enables an erratum (a historical bug or fix variant).
     *
     * @param erratumId an erratum id the architecture declares
     * @return this scenario
     * @throws IllegalArgumentException naming the declared ids if the architecture has no such erratum
     */
    public Scenario withErratum(String erratumId) {
        errata.add(architecture.erratum(erratumId).id());
        return this;
    }

    /**
     * Enables errata.
     *
     * @param erratumIds erratum ids the architecture declares
     * @return this scenario
     */
    public Scenario withErrata(String... erratumIds) {
        Arrays.stream(erratumIds).forEach(this::withErratum);
        return this;
    }

    /**
     * Replaces the kernel configuration (default: the architecture's).
     *
     * @param c the configuration; not null
     * @return this scenario
     */
    public Scenario config(KernelConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = c;
        return this;
    }

    private KernelConfig currentConfig() {
        return config != null ? config : architecture.machines().defaultConfig();
    }

    /**
     * Turns a configuration option on, e.g. {@link KernelConfig#PREEMPT_RT}.
     *
     * @param option the option
     * @return this scenario
     */
    public Scenario withOption(String option) {
        return config(currentConfig().with(option));
    }

    /** @return this scenario on a {@code PREEMPT_RT} kernel */
    public Scenario preemptRt() {
        return withOption(KernelConfig.PREEMPT_RT);
    }

    /** @return this scenario with every FP/vector register non-volatile across syscalls */
    public Scenario strictSyscallAbi() {
        return withOption(KernelConfig.STRICT_SYSCALL_ABI);
    }

    /**
     * Sets the CPU features present, replacing the configuration's.
     *
     * @param features feature names the architecture defines, e.g. {@code VSX}, {@code AVX512F}
     * @return this scenario
     */
    public Scenario cpuFeatures(String... features) {
        return config(currentConfig().withFeatures(new TreeSet<>(Arrays.asList(features))));
    }

    /**
     * Sets the number of CPUs (default: enough for the tasks' CPUs).
     *
     * @param n 1 to 64
     * @return this scenario
     */
    public Scenario cpus(int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("Invalid value for number of CPUs (valid values 1 - 64): " + n);
        }
        this.cpus = n;
        return this;
    }

    /**
     * Declares a user task.
     *
     * @param name  its name, new in the scenario
     * @param setup sets its CPU and initial registers: {@code t -> t.onCpu(0).userWrites("f0", v)}
     * @return this scenario
     * @throws IllegalArgumentException if the name is taken, or the setup names a register the layout lacks
     * @throws IllegalStateException    if the setup puts the task on two CPUs
     */
    public Scenario task(String name, Consumer<TaskSetup> setup) {
        TaskSetup t = newTask(name, TaskKind.USER);
        if (setup != null) {
            setup.accept(t);
        }
        tasks.put(name, t);
        return this;
    }

    /**
     * Declares a kernel thread (no user registers), not running.
     *
     * @param name its name, new in the scenario
     * @param cpu  its CPU
     * @return this scenario
     */
    public Scenario kernelThread(String name, int cpu) {
        TaskSetup t = newTask(name, TaskKind.KERNEL_THREAD);
        t.queuedOn(cpu);
        tasks.put(name, t);
        return this;
    }

    private TaskSetup newTask(String name, TaskKind kind) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Task name must be a non-blank name; got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (tasks.containsKey(name)) {
            throw new IllegalArgumentException("Task '" + name + "' is declared twice");
        }
        return new TaskSetup(name, kind);
    }

    /** What a task looks like when the scenario starts; obtained in {@link Scenario#task(String, Consumer)}. */
    public final class TaskSetup {
        private final String name;
        private final TaskKind kind;
        private int cpu = -1;
        private boolean running;
        private final Map<String, BitVector> registers = new LinkedHashMap<>();

        private TaskSetup(String name, TaskKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /**
         * The task is running in user mode on a CPU.
         *
         * @param c the CPU, 0 or more
         * @return this setup
         * @throws IllegalStateException if the task was already put on another CPU
         */
        public TaskSetup onCpu(int c) {
            place(c, true);
            return this;
        }

        /**
         * The task is runnable but not running; its {@code task_cpu} is the given CPU.
         *
         * @param c the CPU, 0 or more
         * @return this setup
         */
        public TaskSetup queuedOn(int c) {
            place(c, false);
            return this;
        }

        private void place(int c, boolean run) {
            if (c < 0) {
                throw new IllegalArgumentException("Invalid value for CPU of task '" + name + "' (valid values 0 or more): " + c);
            }
            if (cpu >= 0 && cpu != c) {
                throw new IllegalStateException("Task '" + name + "' is already " + (running ? "running" : "queued") + " on CPU "
                        + cpu + "; cannot also " + (run ? "run it" : "queue it") + " on CPU " + c);
            }
            cpu = c;
            running = run;
        }

        /**
         * A register value user space wrote before the scenario starts.
         *
         * @param register a register, view or alias of the architecture's layout
         * @param value    a value of its width
         * @return this setup
         * @throws IllegalArgumentException for an unknown register or a wrong width
         */
        public TaskSetup userWrites(String register, BitVector value) {
            if (kind == TaskKind.KERNEL_THREAD) {
                throw new IllegalArgumentException("Kernel thread '" + name + "' has no user registers to set");
            }
            checkValue(register, value);
            registers.put(register, value);
            return this;
        }

        /**
         * A register value, for registers of at most 64 bits.
         *
         * @param register a register of at most 64 bits
         * @param value    its value, fitting the width
         * @return this setup
         */
        public TaskSetup userWrites(String register, long value) {
            return userWrites(register, BitVector.of(architecture.layout().register(register).width(), value));
        }

        /**
         * Several register values.
         *
         * @param values register names to values
         * @return this setup
         */
        public TaskSetup userWrites(Map<String, BitVector> values) {
            values.forEach(this::userWrites);
            return this;
        }

        TaskSpec toSpec() {
            if (cpu < 0) {
                throw new IllegalStateException("Task '" + name + "' has no CPU; call onCpu(n) or queuedOn(n) in its setup");
            }
            return new TaskSpec(name, kind, cpu, running, registers);
        }
    }

    private Register checkValue(String register, BitVector value) {
        Register r = architecture.layout().register(register);
        r.check(value);
        return r;
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    /**
     * Adds a typed step (what the builder methods below do).
     *
     * @param step the step
     * @return this scenario
     */
    public Scenario step(ScenarioStep step) {
        steps.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /**
     * User space writes a register (taking whatever fault that needs first).
     *
     * @param task     a user task running in user mode at that point
     * @param register a register, view or alias of the layout
     * @param value    a value of its width
     * @return this scenario
     */
    public Scenario userWrites(String task, String register, BitVector value) {
        checkValue(register, value);
        return step(new ScenarioStep.UserWrite(task, register, value));
    }

    /**
     * User space writes a register of at most 64 bits.
     *
     * @param task     a user task running in user mode
     * @param register a register of at most 64 bits
     * @param value    the value, fitting the width
     * @return this scenario
     */
    public Scenario userWrites(String task, String register, long value) {
        return userWrites(task, register, BitVector.of(architecture.layout().register(register).width(), value));
    }

    /**
     * User space changes one field of a control register (read-modify-write of the register the field layout
     * describes, e.g. {@code FPSCR.RN} through {@code fpscr}, {@code MXCSR.RC} through {@code mxcsr}); when its turn
     * comes it is the architecture's own register write of the new image.
     *
     * @param task          a user task running in user mode
     * @param fieldRegister a field layout the architecture declares, e.g. {@code FPSCR}; its register is the layout
     *                      register of the same name in lower case
     * @param field         a field of it
     * @param value         the field's new value, 0 to its maximum
     * @return this scenario
     * @throws IllegalArgumentException for an unknown field register, field or register, or a value out of range
     */
    public Scenario userWritesField(String task, String fieldRegister, String field, long value) {
        FieldLayout fl = architecture.fieldLayout(fieldRegister);
        BitField f = fl.field(field);
        if (value < 0 || value > f.maxValue()) {
            throw new IllegalArgumentException("Invalid value for " + fl.name() + "." + f.name() + " (valid values 0 - " + f.maxValue() + "): " + value);
        }
        controlRegister(architecture, fl);
        return step(new ScenarioStep.UserWriteField(task, fl.name(), f.name(), value));
    }

    /**
     * The layout register a field layout describes: the register of the same name in lower case.
     *
     * @param architecture the architecture
     * @param fl           one of its field layouts
     * @return the register
     * @throws IllegalArgumentException if the layout has none of that name or it is wider than 64 bits
     */
    static Register controlRegister(Architecture architecture, FieldLayout fl) {
        String n = fl.name().toLowerCase(Locale.ROOT);
        Register r = architecture.layout().find(n).orElseThrow(() -> new IllegalArgumentException("Field register "
                + fl.name() + " has no register '" + n + "' in layout " + architecture.layout().name()
                + "; user writes reach only field registers that are also user registers"));
        if (r.width() > 64) {
            throw new IllegalArgumentException("Register " + r.name() + " is " + r.width() + " bits wide; field registers are at most 64");
        }
        return r;
    }

    /**
     * User space reads a register; the value it sees is recorded in {@link ScenarioResult#observations()}.
     *
     * @param task     a user task running in user mode
     * @param register a register, view or alias of the layout
     * @return this scenario
     */
    public Scenario userReads(String task, String register) {
        architecture.layout().register(register);
        return step(new ScenarioStep.UserRead(task, register));
    }

    /**
     * A timer interrupt preempts the task; its CPU goes idle.
     *
     * @param task a user task running in user mode
     * @return this scenario
     */
    public Scenario preempt(String task) {
        return step(new ScenarioStep.Preempt(task));
    }

    /**
     * The scheduler switches a task in on an idle CPU (a migration if it last ran elsewhere).
     *
     * <p>How scheduling steps compose: {@link #preempt} takes a task running in user mode off its CPU, which
     * goes idle; {@code resume} puts a task that is not running (preempted, queued at the start, or created by
     * {@link #fork}, {@link #cloneThread} or an architecture step) onto an idle CPU and returns it to user mode;
     * {@link #migrate} is {@code preempt} then {@code resume} on another CPU. To switch CPU 0 from task A to task B,
     * write {@code preempt("A").resume("B", 0)}: the FP state moves exactly as in one {@code __switch_to} from A to
     * B (A's registers are saved when it leaves, B's loaded or found valid when it returns to user mode).
     * Architecture-specific scheduling steps ({@code X86Paths.schedule}, {@code X86Paths.migrate}) leave the task
     * in the kernel; follow them with the architecture's return-to-user step.
     *
     * @param task a task that is not running
     * @param cpu  an idle CPU
     * @return this scenario
     */
    public Scenario resume(String task, int cpu) {
        return step(new ScenarioStep.Resume(task, cpu));
    }

    /**
     * Preempts a running task and switches it in on another, idle CPU (two steps).
     *
     * @param task a user task running in user mode
     * @param cpu  an idle CPU
     * @return this scenario
     */
    public Scenario migrate(String task, int cpu) {
        return preempt(task).resume(task, cpu);
    }

    /**
     * An interrupt or IPI taken in user mode and returned from without rescheduling.
     *
     * @param task a user task running in user mode
     * @return this scenario
     */
    public Scenario interrupt(String task) {
        return step(new ScenarioStep.Interrupt(task));
    }

    /**
     * A null syscall and its return.
     *
     * @param task a user task running in user mode
     * @return this scenario
     */
    public Scenario syscall(String task) {
        return step(new ScenarioStep.Syscall(task));
    }

    /**
     * A signal delivered, handled and returned from ({@code sigreturn}).
     *
     * @param task a user task running in user mode
     * @return this scenario
     */
    public Scenario signal(String task) {
        return step(new ScenarioStep.Signal(task));
    }

    /**
     * {@code fork()}: the child is left runnable on the parent's CPU.
     *
     * @param task  a user task running in user mode
     * @param child the child's name, new in the scenario
     * @return this scenario
     */
    public Scenario fork(String task, String child) {
        return step(new ScenarioStep.Fork(task, child));
    }

    /**
     * {@code clone(CLONE_VM | CLONE_THREAD | ...)} ({@code pthread_create}): the new thread is left runnable on the
     * creator's CPU; {@link #resume} runs it.
     *
     * @param task  a user task running in user mode
     * @param child the thread's name, new in the scenario
     * @return this scenario
     * @throws UnsupportedOperationException if the architecture does not model thread creation
     */
    public Scenario cloneThread(String task, String child) {
        // an architecture that does not model threads refuses when the action is built: say so at declaration time
        operations().cloneThread(task, child);
        return step(new ScenarioStep.Fork(task, child, true));
    }

    /**
     * {@code execve()}: the task continues in a new program with the init registers.
     *
     * @param task a user task running in user mode
     * @return this scenario
     */
    public Scenario exec(String task) {
        return step(new ScenarioStep.Exec(task));
    }

    /**
     * The kernel uses FP/vector registers on a CPU.
     *
     * @param cpu the CPU
     * @return this scenario
     */
    public Scenario kernelFpUse(int cpu) {
        return step(new ScenarioStep.KernelFpUse(cpu));
    }

    /**
     * Any action: an architecture's own kernel path, e.g. {@code PowerPcSteps.ioUringWorkerAtInterruptReturn("mariadbd")}.
     *
     * @param action the action; checked for being enabled when its turn comes
     * @return this scenario
     */
    public Scenario step(Action action) {
        return step(new ScenarioStep.Path(Objects.requireNonNull(action, "action")));
    }

    /**
     * A named kernel path of the architecture, bound to arguments.
     *
     * @param pathName  a path the architecture declares
     * @param arguments one per parameter (task names, CPU numbers)
     * @return this scenario
     * @throws IllegalArgumentException naming the declared paths if there is no such path, or for wrong arguments
     */
    public Scenario path(String pathName, String... arguments) {
        return step(architecture.path(pathName).bind(List.of(arguments)));
    }

    // ---- building and running -------------------------------------------------------------------------------

    /**
     * The machine this scenario starts from.
     *
     * @return the spec
     * @throws IllegalStateException if a task has no CPU
     */
    public MachineSpec toSpec() {
        MachineSpec.Builder b = MachineSpec.builder();
        if (config != null) {
            b.config(config);
        }
        errata.forEach(b::erratum);
        int n = cpus;
        List<TaskSpec> specs = new ArrayList<>();
        for (TaskSetup t : tasks.values()) {
            TaskSpec s = t.toSpec();
            specs.add(s);
            if (cpus < 0) {
                n = Math.max(n, s.cpu() + 1);
            } else if (s.cpu() >= cpus) {
                throw new IllegalArgumentException("Invalid value for CPU of task '" + s.name() + "' (valid values 0 - "
                        + (cpus - 1) + "): " + s.cpu());
            }
        }
        b.cpus(Math.max(n, 1));
        specs.forEach(b::task);
        return b.build();
    }

    /**
     * The initial machine state.
     *
     * @return the state
     */
    public MachineState initialState() {
        return architecture.machines().newMachine(toSpec());
    }

    /** @return the steps, in order */
    public List<ScenarioStep> steps() {
        return List.copyOf(steps);
    }

    /**
     * Runs the scenario from a fresh machine through the architecture's step engine, checking every invariant
     * after every step. Each step becomes the architecture's action when its turn comes, and the engine decides
     * whether it can run ({@link StepEngine#tryStep}): a step the engine refuses stops the run with the engine's
     * reason, the step's needs, the task's history and a hint.
     *
     * @return the result: every state, step and violation
     * @throws IllegalArgumentException for a step naming a task the machine does not have at that point, or a CPU
     *                                  it lacks
     * @throws IllegalStateException    for a step the engine refuses in the state its turn comes in (a user step
     *                                  for a task that is not running in user mode, a resume of a running task or
     *                                  onto a busy CPU, an architecture-specific step that is not possible)
     */
    public ScenarioResult run() {
        MachineSpec spec = toSpec();
        MachineState initial = architecture.machines().newMachine(spec);
        StepEngine engine = architecture.engine();
        List<Step> done = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        MachineState s = initial;
        for (ScenarioStep step : steps) {
            int index = done.size() + 1;
            checkNames(index, step, s);
            Action action = step.action(architecture, s);
            Optional<Step> st = engine.tryStep(s, action, index, true);
            if (st.isEmpty()) {
                throw new IllegalStateException(refusal(index, step, action, s, initial, done));
            }
            done.add(st.get());
            violations.addAll(engine.check(st.get()));
            s = st.get().after();
        }
        return new ScenarioResult(architecture, new Trace(initial, done, violations));
    }

    /** The step names a task and a CPU the machine has at this point (names only; the engine judges the rest). */
    private void checkNames(int index, ScenarioStep step, MachineState s) {
        OptionalInt cpu = step.cpu();
        if (cpu.isPresent() && cpu.getAsInt() >= s.cpus().size()) {
            throw new IllegalArgumentException(where(index, step, s) + " names CPU " + cpu.getAsInt() + " but the scenario has CPUs 0 - "
                    + (s.cpus().size() - 1) + "; call cpus(" + (cpu.getAsInt() + 1) + ")");
        }
        Optional<String> task = step.task();
        if (task.isPresent() && s.findTask(task.get()).isEmpty()) {
            throw new IllegalArgumentException(where(index, step, s) + " names unknown task '" + task.get() + "'; tasks: " + s.taskNames());
        }
    }

    private String where(int index, ScenarioStep step, MachineState s) {
        String label;
        try {
            label = step.action(architecture, s).label();
        } catch (RuntimeException e) {
            label = step.toString(); // a step that cannot even build its action here (an unknown task's field write)
        }
        return "Step " + index + " (" + label + ")";
    }

    private String refusal(int index, ScenarioStep step, Action action, MachineState s, MachineState initial, List<Step> done) {
        String why = architecture.engine().whyDisabled(s, action).orElse("the engine refused it");
        StringBuilder sb = new StringBuilder("Step ").append(index).append(" (").append(action.label()).append(") needs ")
                .append(step.needs()).append(", but ").append(why);
        step.task().flatMap(t -> history(t, initial, done)).ifPresent(h -> sb.append(" (").append(h).append(')'));
        sb.append("; now: ").append(Timeline.cpus(s));
        step.hint(s).ifPresent(h -> sb.append("; ").append(h));
        return sb.toString();
    }

    /** How a task got where it is: the last step that started or stopped it running, or entered the kernel. */
    private static Optional<String> history(String task, MachineState initial, List<Step> done) {
        for (int i = done.size() - 1; i >= 0; i--) {
            Step st = done.get(i);
            boolean was = st.before().findTask(task).isPresent() && st.before().isRunning(task);
            boolean is = st.after().findTask(task).isPresent() && st.after().isRunning(task);
            String at = " at step " + st.index() + ", " + st.label();
            if (st.before().findTask(task).isEmpty() && st.after().findTask(task).isPresent()) {
                return Optional.of("it was created" + at + (is ? "" : ", and has not run since"));
            }
            if (was && !is) {
                return Optional.of("it stopped running" + at);
            }
            if (!was && is) {
                return Optional.of("it started running on CPU " + st.after().task(task).cpu() + at);
            }
            if (was && is && st.before().task(task).cpu() != st.after().task(task).cpu()) {
                return Optional.of("it moved to CPU " + st.after().task(task).cpu() + at);
            }
            if (is && st.before().isInUserMode(task) && !st.after().isInUserMode(task)) {
                return Optional.of("it entered the kernel" + at);
            }
        }
        return initial.findTask(task).map(t -> initial.isRunning(task)
                ? "it has run on CPU " + t.cpu() + " since the scenario started"
                : "it started queued on CPU " + t.cpu() + ", not running");
    }

    /**
     * An exploration from this scenario's initial machine (its steps are not used), over the architecture's alphabet.
     *
     * @return the exploration, to configure and run
     */
    public Exploration explore() {
        MachineSpec spec = toSpec();
        return Exploration.of(architecture, architecture.machines().newMachine(spec));
    }

    @Override
    public String toString() {
        return "Scenario[" + architecture.id() + ", errata " + errata + ", " + tasks.keySet() + ", " + steps.size() + " steps]";
    }
}

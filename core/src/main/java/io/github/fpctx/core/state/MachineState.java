package io.github.fpctx.core.state;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.internal.FrozenList;
import io.github.fpctx.core.internal.Hashing;
import io.github.fpctx.core.internal.StateDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A whole machine at one instant: kernel configuration, enabled errata, CPUs and tasks. Immutable and
 * hashable, so explorers can keep states in a visited set and traces can keep every state.
 *
 * <pre>{@code
 * MachineState s = arch.newMachine(MachineSpec.builder().cpus(1).userTask("mariadbd", 0).build());
 * TaskState t = s.task("mariadbd");
 * CpuState c = s.cpu(t.cpu());
 * MachineState s2 = s.withCpu(c.withLive(c.live().with("vs0", BitVector.zero(128))));
 * List<StateChange> changes = s.diff(s2);   // [cpu0.live.vs0: ... -> 0x0000_...]
 * }</pre>
 *
 * <p>The hash ({@link #fingerprint()}, folded by {@link #hashCode()}) is computed once per instance and cached;
 * the register files' hashes are maintained incrementally, so computing it costs a few multiply-adds per CPU
 * and task, not a pass over the registers.
 *
 * @implSpec This class is immutable and thread-safe if the architecture's extension values are.
 */
public final class MachineState {
    private final String architecture;
    private final KernelConfig config;
    private final Set<String> errata;
    private final List<CpuState> cpus;
    private final List<TaskState> tasks;
    private final MachineExtension ext;
    // The task names in task order, shared by every state derived by replacing tasks (names never change there):
    // task lookups scan this one array instead of loading each task (they are on every kernel step's path).
    private final String[] names;
    // Hash of architecture, config and errata: computed once by of() and handed on to every derived state,
    // which shares those three values.
    private final long header;
    // Cached 64-bit fingerprint; 0 means "not computed yet" unless fingerprintIsZero is set (String's scheme:
    // each field is written only with its final value, so a racing reader recomputes at worst).
    private long fingerprint;
    private boolean fingerprintIsZero;

    private MachineState(String architecture, KernelConfig config, Set<String> errata, List<CpuState> cpus,
                         List<TaskState> tasks, MachineExtension ext, long header, String[] names) {
        this.header = header;
        this.names = names;
        this.architecture = architecture;
        this.config = config;
        this.errata = errata;
        this.cpus = cpus;
        this.tasks = tasks;
        this.ext = ext;
    }

    /**
     * A machine state. Architectures build initial states through
     * {@link io.github.fpctx.core.spi.ArchitectureProvider#initialState}; scenarios and tests through
     * {@link io.github.fpctx.core.MachineFactory#newMachine(MachineSpec)}.
     *
     * @param architecture the architecture id
     * @param config       the kernel configuration
     * @param errata       the enabled errata ids
     * @param cpus         the CPUs, CPU {@code i} at index {@code i}
     * @param tasks        the tasks; names unique
     * @param ext          the architecture's machine-wide state (e.g. {@code init_fpstate}); an immutable value
     * @return the state
     * @throws IllegalArgumentException if ids or names are inconsistent
     * @throws IllegalStateException    if a task is recorded as running on two CPUs, or a CPU runs a task whose
     *                                  {@code task_cpu} is another CPU
     */
    public static MachineState of(String architecture, KernelConfig config, Set<String> errata, List<CpuState> cpus,
                                  List<TaskState> tasks, MachineExtension ext) {
        Checks.name(architecture, "Architecture id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(errata, "errata");
        Set<String> e = Set.copyOf(errata);
        return validated(architecture, config, e, cpus, tasks, ext, header(architecture, config, e), null);
    }

    private static long header(String architecture, KernelConfig config, Set<String> errata) {
        long h = architecture.hashCode();
        h = h * MUL + config.hashCode();
        return h * MUL + errata.hashCode();
    }

    private static MachineState validated(String architecture, KernelConfig config, Set<String> errata,
                                          List<CpuState> cpus, List<TaskState> tasks, MachineExtension ext, long header,
                                          String[] sameNames) {
        Objects.requireNonNull(ext, "ext");
        List<CpuState> c = Objects.requireNonNull(cpus, "cpus") instanceof FrozenList<CpuState> fc ? fc : List.copyOf(cpus);
        List<TaskState> t = Objects.requireNonNull(tasks, "tasks") instanceof FrozenList<TaskState> ft ? ft : List.copyOf(tasks);
        if (c.isEmpty()) {
            throw new IllegalArgumentException("A machine needs at least one CPU");
        }
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i).id() != i) {
                throw new IllegalArgumentException("CPU at index " + i + " has id " + c.get(i).id());
            }
        }
        // sameNames: the names of a state this one derives from by replacing tasks matched by name (checked there)
        String[] names = sameNames;
        if (names == null) {
            names = new String[t.size()];
            // pairwise (worlds have a handful of tasks): no set is built
            for (int i = 0, k = t.size(); i < k; i++) {
                String ni = t.get(i).name();
                for (int j = 0; j < i; j++) {
                    if (sameName(names[j], ni)) {
                        throw new IllegalArgumentException("Task name '" + ni + "' is used twice");
                    }
                }
                names[i] = ni;
            }
        }
        for (int i = 0, k = t.size(); i < k; i++) {
            TaskState ts = t.get(i);
            if (ts.cpu() >= c.size()) {
                throw new IllegalArgumentException("Task '" + ts.name() + "' is on CPU " + ts.cpu() + " but the machine has CPUs 0 - " + (c.size() - 1));
            }
        }
        String[] runningOn = new String[c.size()];
        for (int ci = 0, nc = c.size(); ci < nc; ci++) {
            CpuState cs = c.get(ci);
            if (cs.current().isPresent()) {
                String n = cs.current().get();
                int ti = indexOf(names, n);
                TaskState ts = ti < 0 ? null : t.get(ti);
                if (ts == null) {
                    Set<String> sorted = new TreeSet<>();
                    t.forEach(x -> sorted.add(x.name()));
                    throw new IllegalArgumentException("CPU " + cs.id() + " runs unknown task '" + n + "'; tasks: " + sorted);
                }
                if (ts.cpu() != cs.id()) {
                    throw new IllegalStateException("Task '" + n + "' is already running on CPU " + ts.cpu()
                            + "; cannot also run it on CPU " + cs.id());
                }
                runningOn[cs.id()] = n;
            }
        }
        for (int i = 0; i < runningOn.length; i++) {
            for (int j = i + 1; j < runningOn.length; j++) {
                if (runningOn[i] != null && runningOn[j] != null && sameName(runningOn[i], runningOn[j])) {
                    throw new IllegalStateException("Task '" + runningOn[i] + "' is already running on CPU " + i
                            + "; cannot also run it on CPU " + j);
                }
            }
        }
        return new MachineState(architecture, config, errata, c, t, ext, header, names);
    }

    /** @return the index of the name in names, or -1 (identity first: names are usually the world's instances) */
    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the architecture id */
    public String architecture() {
        return architecture;
    }

    /** @return the kernel configuration */
    public KernelConfig config() {
        return config;
    }

    /** @return the enabled errata ids */
    public Set<String> errata() {
        return errata;
    }

    /**
     * @param erratumId an erratum id
     * @return whether it is enabled
     */
    public boolean hasErratum(String erratumId) {
        return errata.contains(erratumId);
    }

    /** @return the CPUs */
    public List<CpuState> cpus() {
        return cpus;
    }

    /** @return the tasks, in creation order */
    public List<TaskState> tasks() {
        return tasks;
    }

    /** @return the architecture's machine-wide state ({@link NoExtension#INSTANCE} if it keeps none) */
    public MachineExtension ext() {
        return ext;
    }

    /**
     * The architecture's machine-wide state, typed.
     *
     * @param type the record class the architecture declared in {@link ExtensionTypes}
     * @param <T>  that type
     * @return the state
     * @throws IllegalStateException if the state is of another type
     */
    public <T extends MachineExtension> T ext(Class<T> type) {
        if (!type.isInstance(ext)) {
            throw new IllegalStateException("Machine of " + architecture + " has machine-wide state of type "
                    + ext.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(ext);
    }

    /**
     * One CPU.
     *
     * @param id 0 to CPUs - 1
     * @return the CPU
     */
    public CpuState cpu(int id) {
        if (id < 0 || id >= cpus.size()) {
            throw new IllegalArgumentException("Invalid value for CPU (valid values 0 - " + (cpus.size() - 1) + "): " + id);
        }
        return cpus.get(id);
    }

    /**
     * One task.
     *
     * @param name its name
     * @return the task
     * @throws IllegalArgumentException naming the tasks if there is none of that name
     */
    public TaskState task(String name) {
        int i = indexOfTask(name);
        if (i < 0) {
            throw new IllegalArgumentException("Unknown task '" + name + "'; tasks: " + taskNames());
        }
        return tasks.get(i);
    }

    /**
     * @param name a name
     * @return the task of that name, if any
     */
    public Optional<TaskState> findTask(String name) {
        int i = indexOfTask(name);
        return i < 0 ? Optional.empty() : Optional.of(tasks.get(i));
    }

    /** @return the index of the task of that name, or -1 (a loop: task lookups are on every kernel step's path) */
    private int indexOfTask(String name) {
        return indexOf(names, name);
    }

    private static boolean sameName(String a, String b) {
        return a == b || a.equals(b);
    }

    /** @return the task names in creation order */
    public List<String> taskNames() {
        List<String> n = new ArrayList<>(tasks.size());
        tasks.forEach(t -> n.add(t.name()));
        return n;
    }

    /**
     * The task running on a CPU.
     *
     * @param cpu a CPU id
     * @return its current task, if not idle
     */
    public Optional<TaskState> running(int cpu) {
        Optional<String> n = cpu(cpu).current();
        return n.isEmpty() ? Optional.empty() : findTask(n.get());
    }

    /**
     * Whether a task is running on its CPU now.
     *
     * @param task a task name
     * @return whether it is someone's current task
     */
    public boolean isRunning(String task) {
        return isCurrent(task(task));
    }

    /** @return whether the task is its CPU's current task */
    private boolean isCurrent(TaskState t) {
        Optional<String> cur = cpus.get(t.cpu()).current();
        return cur.isPresent() && sameName(cur.get(), t.name());
    }

    /**
     * Whether a task exists, is a user task, runs on its CPU and is in user mode.
     *
     * @param task a task name
     * @return whether user space of that task is executing now
     */
    public boolean isInUserMode(String task) {
        Optional<TaskState> t = findTask(task);
        if (t.isEmpty() || !t.get().isUser() || t.get().mode() != TaskMode.USER) {
            return false;
        }
        Optional<String> cur = cpu(t.get().cpu()).current();
        return cur.isPresent() && sameName(cur.get(), task);
    }

    /**
     * Why {@link #isInUserMode(String)} is false, for error messages.
     *
     * @param task a task name
     * @return the reason
     */
    public String whyNotInUserMode(String task) {
        Optional<TaskState> t = findTask(task);
        if (t.isEmpty()) {
            return "no task '" + task + "'; tasks: " + taskNames();
        }
        if (!t.get().isUser()) {
            return "'" + task + "' is a kernel thread, not a user task";
        }
        if (!isRunning(task)) {
            return "task '" + task + "' is not running";
        }
        return t.get().mode() == TaskMode.USER ? "task '" + task + "' is in user mode" : "task '" + task + "' is not in user mode";
    }

    /**
     * Replaces one CPU (matched by id).
     *
     * @param cpu the new CPU state
     * @return the new machine state
     */
    public MachineState withCpu(CpuState cpu) {
        CpuState old = cpu(cpu.id());
        if (old == cpu || old.equals(cpu)) {
            return this;
        }
        List<CpuState> c = FrozenList.replace(cpus, cpu.id(), cpu);
        if (!cpu.current().equals(old.current()) && cpu.current().isPresent()) {
            return validated(architecture, config, errata, c, tasks, ext, header, names);
        }
        return new MachineState(architecture, config, errata, c, tasks, ext, header, names);
    }

    /**
     * Replaces one task (matched by name).
     *
     * @param task the new task state
     * @return the new machine state
     */
    public MachineState withTask(TaskState task) {
        int i = indexOfTask(task.name());
        if (i < 0) {
            throw new IllegalArgumentException("Unknown task '" + task.name() + "'; tasks: " + taskNames());
        }
        TaskState old = tasks.get(i);
        if (old == task || old.equals(task)) {
            return this;
        }
        List<TaskState> t = FrozenList.replace(tasks, i, task);
        return old.cpu() != task.cpu() ? validated(architecture, config, errata, cpus, t, ext, header, names)
                : new MachineState(architecture, config, errata, cpus, t, ext, header, names);
    }

    /**
     * The state with {@code task_cpu} 0 for every task that is not its CPU's current task: the form in which searches
     * compare states when the kernel model never reads a waiting task's {@code task_cpu} before the switch-in that
     * sets it (the anchors drop that variable the same way; see
     * {@link io.github.fpctx.core.explore.StructuralSymmetry.Builder#deadTaskCpuUnlessRunning()}). Always a valid
     * state (CPU 0 exists and such a task is no CPU's current task), so no validation is repeated.
     *
     * @return this state if no waiting task is on a CPU other than 0, else the normalised state
     */
    public MachineState withWaitingTasksOnCpu0() {
        TaskState[] nt = null;
        for (int i = 0, k = tasks.size(); i < k; i++) {
            TaskState t = tasks.get(i);
            if (t.cpu() != 0 && !isCurrent(t)) {
                if (nt == null) {
                    nt = tasks.toArray(new TaskState[0]);
                }
                nt[i] = t.withCpu(0);
            }
        }
        return nt == null ? this : new MachineState(architecture, config, errata, cpus, FrozenList.wrap(nt), ext, header, names);
    }

    /**
     * Adds a task (a fork's child).
     *
     * @param task the new task; its name must be new
     * @return the new machine state
     */
    public MachineState withNewTask(TaskState task) {
        if (findTask(task.name()).isPresent()) {
            throw new IllegalArgumentException("Task name '" + task.name() + "' is used twice");
        }
        List<TaskState> t = new ArrayList<>(tasks);
        t.add(task);
        return validated(architecture, config, errata, cpus, t, ext, header, null);
    }

    /**
     * Puts a task on a CPU as its current task; {@code task_cpu} follows.
     *
     * @param cpu  the CPU
     * @param task the task's name
     * @return the new machine state
     * @throws IllegalStateException if the task is already running on another CPU or the CPU runs another task
     */
    public MachineState withRunning(int cpu, String task) {
        TaskState t = task(task);
        CpuState c = cpu(cpu);
        if (isRunning(task) && t.cpu() != cpu) {
            throw new IllegalStateException("Task '" + task + "' is already running on CPU " + t.cpu()
                    + "; cannot also run it on CPU " + cpu);
        }
        if (c.current().isPresent() && !c.current().get().equals(task)) {
            throw new IllegalStateException("CPU " + cpu + " is already running task '" + c.current().get()
                    + "'; cannot also run '" + task + "'");
        }
        List<TaskState> ts = FrozenList.replace(tasks, indexOfTask(task), t.withCpu(cpu));
        List<CpuState> cs = FrozenList.replace(cpus, cpu, c.withCurrent(Optional.of(task)));
        return validated(architecture, config, errata, cs, ts, ext, header, names);
    }

    /**
     * Makes a CPU idle.
     *
     * @param cpu the CPU
     * @return the new machine state
     */
    public MachineState withIdle(int cpu) {
        return withCpu(cpu(cpu).withCurrent(Optional.empty()));
    }

    /**
     * @param newExt the architecture's new machine-wide state
     * @return the new machine state
     */
    public MachineState withExt(MachineExtension newExt) {
        return Objects.equals(newExt, ext) ? this : new MachineState(architecture, config, errata, cpus, tasks, Objects.requireNonNull(newExt, "ext"), header, names);
    }

    /**
     * Lists what differs from {@code other}: CPUs, tasks, their registers (per register) and the fields of the
     * architecture's extension records (per field).
     *
     * @param other another state of the same architecture
     * @return the changes, this state's renderings as {@code before}
     */
    public List<StateChange> diff(MachineState other) {
        return StateDiff.diff(this, other);
    }

    /**
     * A 64-bit fingerprint of the whole state, computed once per instance and then cached (reading it is a
     * field load). It combines each register file's incrementally maintained
     * {@link RegisterFile#fingerprint()} with the other fields of every CPU and task, so computing it costs a
     * few dozen multiply-adds per machine whatever the register files' sizes. Equal states have equal
     * fingerprints.
     *
     * <p>Enum components ({@link TaskKind}, {@link TaskMode}, {@link LockKind}) contribute their ordinals,
     * strings and the kernel configuration their value hashes, so these parts hash the same in every run. The
     * architecture's extension records contribute their {@code hashCode()}; a record holding an enum hashes
     * that enum by identity, which is stable within a run but not across runs. The register contents
     * collide with probability about 2<sup>-64</sup> per pair; the other components are mixed from 32-bit
     * hashes, so two states differing only in those collide with probability about 2<sup>-32</sup> per pair
     * when the differing values' hashes collide.
     *
     * @return the fingerprint
     */
    public long fingerprint() {
        long f = fingerprint;
        if (f == 0 && !fingerprintIsZero) {
            f = computeFingerprint();
            if (f == 0) {
                fingerprintIsZero = true;
            } else {
                fingerprint = f;
            }
        }
        return f;
    }

    private static final long MUL = 0x9E3779B97F4A7C15L;

    private long computeFingerprint() {
        long h = header;
        for (int i = 0, n = cpus.size(); i < n; i++) {
            CpuState c = cpus.get(i);
            h = h * MUL + c.id();
            h = h * MUL + c.live().fingerprint();
            h = h * MUL + (c.current().isPresent() ? c.current().get().hashCode() : 0x5bd1e995);
            h = h * MUL + (c.exec() == ExecContext.IDLE || c.exec().equals(ExecContext.IDLE) ? 0 : execHash(c.exec()));
            h = h * MUL + c.ext().hashCode();
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            TaskState t = tasks.get(i);
            h = h * MUL + t.name().hashCode();
            h = h * MUL + t.pid();
            h = h * MUL + (t.kind().ordinal() * 64L + t.mode().ordinal());
            h = h * MUL + t.cpu();
            h = h * MUL + t.saved().fingerprint();
            h = h * MUL + t.oracle().fingerprint();
            h = h * MUL + t.ext().hashCode();
        }
        h = h * MUL + ext.hashCode();
        return Hashing.fmix(h);
    }

    private static long execHash(ExecContext e) {
        long h = e.preemptCount();
        h = h * MUL + e.softirqCount();
        h = h * MUL + (e.irqsDisabled() ? 1 : 0);
        for (HeldLock l : e.locks()) {
            h = h * MUL + (l.lock() == null ? 0 : l.lock().name().hashCode() * 31L + l.lock().kind().ordinal());
            h = h * MUL + Objects.hashCode(l.takenAt());
            h = h * MUL + (l.irqsSaved() ? 1 : 0);
        }
        return h * MUL + e.preemptDisabledAt().hashCode();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof MachineState m && m.fingerprint() == fingerprint() && m.architecture.equals(architecture)
                && m.cpus.equals(cpus) && m.tasks.equals(tasks) && m.ext.equals(ext) && m.errata.equals(errata)
                && m.config.equals(config);
    }

    /** @return {@link #fingerprint()} folded to 32 bits (cached, so a field load after the first call) */
    @Override
    public int hashCode() {
        return Hashing.fold(fingerprint());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(architecture).append(' ').append(config).append(" errata").append(new TreeSet<>(errata)).append('\n');
        for (CpuState c : cpus) {
            sb.append("  cpu").append(c.id()).append(": ").append(c.current().orElse("(idle)")).append(", ").append(c.exec())
                    .append(", ").append(c.ext()).append('\n');
        }
        for (TaskState t : tasks) {
            sb.append("  task ").append(t.name()).append(": ").append(t.kind()).append(' ').append(t.mode())
                    .append(" cpu").append(t.cpu()).append(", ").append(t.ext()).append('\n');
        }
        return sb.toString();
    }
}

package io.github.fpctx.core;

import java.util.Objects;

import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.HeldLock;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.Lock;
import io.github.fpctx.core.state.LockKind;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.util.Checks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The working context of one step: the current machine state, the call tree being recorded, and the
 * kernel's execution-context primitives ({@code preempt_disable}, {@code local_bh_disable},
 * {@code spin_lock}, {@code might_sleep}, ...). Kernel paths are written against it:
 *
 * <pre>{@code
 * ctx.call("save_all", () -> {
 *     if (msr(ctx, task).isSet(MSR_FP)) {
 *         ctx.call("save_fpu", () -> { ...; ctx.update(s -> ..., MFFS_IMAGE); ctx.note("fr0 <- FPSCR image"); });
 *     }
 * });
 * }</pre>
 *
 * <p>Each {@link #update} is attributed to the innermost active function, so a rendered trace shows which
 * function made which change, and says where the values it writes came from ({@link Source}: user space, a save
 * area, a CPU's live registers, the init state, an {@code mffs}/{@code mfvscr} image): pass it with
 * {@link #update(MachineState, Source)} or scope it with {@link #from(Source, Runnable)}. With tracing off (the
 * explorer's fast mode) no changes, sources or notes are recorded, only the state and events.
 *
 * <p>Not thread-safe: a context belongs to one step on one thread. The machine state it holds is immutable,
 * so an exception thrown by a path leaves no partial state behind: the caller simply keeps the state it had.
 */
public final class KernelContext {
    private static final class Frame {
        final String function;
        final int cpu;
        // only with tracing (the explorer's untraced steps only need the stack, for call paths)
        final List<StateChange> changes;
        final List<String> notes;
        final List<Frame> children;

        Frame(String function, int cpu, boolean tracing) {
            this.function = function;
            this.cpu = cpu;
            this.changes = tracing ? new ArrayList<>() : null;
            this.notes = tracing ? new ArrayList<>() : null;
            this.children = tracing ? new ArrayList<>() : null;
        }

        CallNode freeze() {
            if (children == null) {
                return new CallNode(function, cpu, List.of(), List.of(), List.of());
            }
            List<CallNode> c = new ArrayList<>(children.size());
            for (Frame f : children) {
                c.add(f.freeze());
            }
            return new CallNode(function, cpu, changes, notes, c);
        }
    }

    private final Architecture architecture;
    private final boolean tracing;
    // with tracing: the frames (call tree); always: the active function names, root first (an array, so an
    // untraced call allocates nothing for the stack)
    private final Deque<Frame> stack;
    private final Frame root;
    // made when the first syscall returns (most steps return none)
    private List<SyscallResult> syscalls;
    private String[] path = new String[16];
    private int depth;
    private List<KernelEvent> events;
    private MachineState state;
    private int cpu;
    // the source of updates that name none (set by from()), and the next change's position in the step
    private Source source = Source.UNATTRIBUTED;
    private int order;

    KernelContext(Architecture architecture, MachineState state, String label, boolean tracing) {
        this.architecture = architecture;
        this.state = state;
        this.tracing = tracing;
        this.root = new Frame(label, -1, tracing);
        this.stack = tracing ? new ArrayDeque<>() : null;
        if (tracing) {
            stack.push(root);
        }
        path[depth++] = label;
        this.cpu = -1;
    }

    /** @return the architecture the step runs on */
    public Architecture architecture() {
        return architecture;
    }

    /** @return the current machine state */
    public MachineState state() {
        return state;
    }

    /** @return the kernel configuration */
    public KernelConfig config() {
        return state.config();
    }

    /**
     * Whether an erratum is enabled in this machine. A misspelled id would silently never fire, so an id the
     * architecture does not declare is refused.
     *
     * @param erratumId an erratum id the architecture declares in {@code errata()}
     * @return whether the erratum is enabled in this machine
     * @throws IllegalArgumentException if the architecture declares no erratum of that id; the message lists those
     *                                  it declares
     */
    public boolean erratum(String erratumId) {
        Objects.requireNonNull(erratumId, "erratumId");
        if (architecture.findErratum(erratumId).isEmpty()) {
            List<String> known = new ArrayList<>();
            architecture.errata().forEach(e -> known.add(e.id()));
            throw new IllegalArgumentException("Unknown erratum '" + erratumId + "' asked for in " + here() + " (action '" + path[0]
                    + "') of " + architecture.id() + "; declared: " + known + ". Declare it in the provider's errata() or fix the id.");
        }
        return state.hasErratum(erratumId);
    }

    /** @return whether changes and notes are being recorded */
    public boolean isTracing() {
        return tracing;
    }

    /**
     * Sets the CPU that the functions called from now on run on (for the rendered timeline).
     *
     * @param cpuId a CPU id of the machine
     */
    public void onCpu(int cpuId) {
        state.cpu(cpuId);
        this.cpu = cpuId;
        if (stepCpu < 0) {
            stepCpu = cpuId; // the step's own CPU: the first one it names
        }
    }

    private int stepCpu = -1;

    /** @return the CPU the functions now run on, -1 if none was set */
    public int cpu() {
        return cpu;
    }

    /**
     * Replaces the state, attributing the changes to the innermost active function; their source is the one of
     * the enclosing {@link #from(Source, Runnable)}, or {@link Source#UNATTRIBUTED}. Register writes should say
     * their source: use {@link #update(MachineState, Source)}.
     *
     * @param next the new state; not null
     */
    public void update(MachineState next) {
        update(next, source);
    }

    /**
     * Replaces the state, attributing the changes to the innermost active function and saying where the values
     * written came from (a restore: {@code ctx.saveArea(task)}; a save: {@code Source.live(cpu)}; exec:
     * {@link Source#INIT_STATE}; {@code mffs}: an {@link Source.Image} constant). With tracing off nothing is
     * recorded, so a constant or shared source (or one of this context's factories) costs nothing.
     *
     * @param next   the new state
     * @param source where the written values came from
     */
    public void update(MachineState next, Source source) {
        Objects.requireNonNull(next, "next state");
        Objects.requireNonNull(source, "source");
        if (next == state) {
            return;
        }
        if (tracing) {
            List<StateChange> changes = stack.peek().changes;
            for (StateChange c : state.diff(next)) {
                changes.add(c.attributed(source, order++));
            }
        }
        state = next;
    }

    /**
     * Replaces the state by a function of it.
     *
     * @param f computes the new state
     */
    public void update(UnaryOperator<MachineState> f) {
        update(f.apply(state));
    }

    /**
     * Replaces the state by a function of it, saying where the values written came from.
     *
     * @param f      computes the new state
     * @param source where the written values came from
     */
    public void update(UnaryOperator<MachineState> f, Source source) {
        update(f.apply(state), source);
    }

    /**
     * Runs a body whose {@link #update(MachineState) updates} without a source of their own all have this one, e.g.
     * {@code ctx.from(Source.INIT_STATE, () -> startThread(t))}. Scopes nest; the outer source is back afterwards.
     *
     * @param source where the values the body writes came from
     * @param body   what it does
     */
    public void from(Source source, Runnable body) {
        Objects.requireNonNull(source, "source");
        Source outer = this.source;
        this.source = source;
        try {
            body.run();
        } finally {
            this.source = outer;
        }
    }

    /**
     * Task {@code task}'s save area as a source; with tracing off a shared placeholder, so untraced steps allocate
     * nothing for provenance.
     *
     * @param task the task
     * @return the source
     */
    public Source saveArea(String task) {
        return tracing ? Source.saveArea(task) : Source.UNATTRIBUTED;
    }

    /**
     * User space of task {@code task} as a source; with tracing off a shared placeholder.
     *
     * @param task the task
     * @return the source
     */
    public Source userSpace(String task) {
        return tracing ? Source.userSpace(task) : Source.UNATTRIBUTED;
    }

    /**
     * Runs a kernel function: records it in the call tree and runs its body.
     *
     * @param function the kernel function's name
     * @param body     what it does
     */
    public void call(String function, Runnable body) {
        enter(function);
        try {
            body.run();
        } finally {
            exit();
        }
    }

    /**
     * Runs a kernel function that returns a value.
     *
     * @param function the kernel function's name
     * @param body     what it does
     * @param <T>      the result type
     * @return the body's result
     */
    public <T> T call(String function, Supplier<T> body) {
        enter(function);
        try {
            return body.get();
        } finally {
            exit();
        }
    }

    private void enter(String function) {
        // function names are string constants: each instance is checked once (a racing thread checks again at worst)
        int slot = function == null ? 0 : System.identityHashCode(function) & (CHECKED_NAMES.length - 1);
        if (function == null || CHECKED_NAMES[slot] != function) {
            Checks.name(function, "Kernel function");
            CHECKED_NAMES[slot] = function;
        }
        if (tracing) {
            Frame f = new Frame(function, cpu, true);
            stack.peek().children.add(f);
            stack.push(f);
        }
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        path[depth++] = function;
    }

    /** Kernel function names already found non-blank, by identity (direct-mapped; strings are immutable). */
    private static final String[] CHECKED_NAMES = new String[512];

    private void exit() {
        if (tracing) {
            stack.pop();
        }
        path[--depth] = null;
    }

    /**
     * Attaches a remark to the innermost active function, e.g. {@code "fr0 <- FPSCR image; MSR_FP stays set"}.
     *
     * @param text the remark
     */
    public void note(String text) {
        if (tracing) {
            stack.peek().notes.add(text);
        }
    }

    /**
     * Attaches a remark whose text is computed only when the step is traced: the explorer's untraced steps then
     * build no string for it. Use it for remarks put together from values, e.g.
     * {@code ctx.note(() -> "os_xsave: cpu" + cpu + " registers -> " + task + ".fpstate")}; a constant remark
     * needs no supplier.
     *
     * @param text computes the remark; called at most once, and only when tracing
     */
    public void note(Supplier<String> text) {
        if (tracing) {
            stack.peek().notes.add(text.get());
        }
    }

    /** @return the active kernel functions, outermost first (the step's label excluded) */
    public List<String> callPath() {
        List<String> p = new ArrayList<>(depth);
        for (int i = 1; i < depth; i++) {
            p.add(path[i]);
        }
        return p;
    }

    /**
     * Reports a kernel event (a splat, a WARN_ON, a signal) at the current call path.
     *
     * @param kind    the kind
     * @param cpuId   the CPU
     * @param message the text
     */
    public void report(KernelEvent.Kind kind, int cpuId, String message) {
        Optional<String> task = state.cpu(cpuId).current();
        if (events == null) {
            events = new ArrayList<>();
        }
        events.add(new KernelEvent(kind, cpuId, task, callPath(), message));
        note(kind + ": " + message.lines().findFirst().orElse(""));
    }

    /**
     * {@code WARN_ON(cond)}: reports a warning if the condition holds.
     *
     * @param condition the condition
     * @param cpuId     the CPU
     * @param what      the warning's text
     * @return the condition
     */
    public boolean warnOn(boolean condition, int cpuId, String what) {
        if (condition) {
            report(KernelEvent.Kind.WARNING, cpuId, "WARNING: " + what);
        }
        return condition;
    }

    /**
     * {@code WARN_ON(cond)} whose text is computed only if the warning fires (the text is put together from values
     * and the condition is usually false).
     *
     * @param condition the condition
     * @param cpuId     the CPU
     * @param what      computes the warning's text; called only if the condition holds
     * @return the condition
     */
    public boolean warnOn(boolean condition, int cpuId, Supplier<String> what) {
        if (condition) {
            report(KernelEvent.Kind.WARNING, cpuId, "WARNING: " + what.get());
        }
        return condition;
    }

    /**
     * Records what a system call returns to user space (a value or {@code -errno}); it appears in the step's
     * {@link Step#syscalls()} and as a note in the call tree.
     *
     * @param result the result
     */
    public void syscallReturns(SyscallResult result) {
        Objects.requireNonNull(result, "result");
        if (syscalls == null) {
            syscalls = new ArrayList<>(1);
        }
        syscalls.add(result);
        note("returns " + result.errno().map(e -> "-" + e).orElse(Long.toString(result.value())));
    }

    /** @return the events reported so far */
    public List<KernelEvent> events() {
        return events == null ? List.of() : List.copyOf(events);
    }

    // ---- execution context primitives --------------------------------------------------------------------

    private ExecContext exec(int cpuId) {
        return state.cpu(cpuId).exec();
    }

    private void setExec(int cpuId, ExecContext e) {
        update(state.withCpu(state.cpu(cpuId).withExec(e)));
    }

    private String here() {
        return path[depth - 1];
    }

    /**
     * {@code preempt_disable()} on a CPU; the current function is remembered as where preemption was disabled.
     *
     * @param cpuId the CPU
     */
    public void preemptDisable(int cpuId) {
        preemptDisable(cpuId, here());
    }

    /**
     * {@code preempt_disable()}, naming the function the kernel would report (an inline helper such as
     * {@code fpregs_lock} reports its caller).
     *
     * @param cpuId the CPU
     * @param where the function to report in "Preemption disabled at:"
     */
    public void preemptDisable(int cpuId, String where) {
        setExec(cpuId, ExecMemo.next(exec(cpuId), ExecMemo.PREEMPT_DISABLE, where, null));
    }

    /**
     * {@code preempt_enable()}.
     *
     * @param cpuId the CPU
     * @throws IllegalStateException if preemption is not disabled (an unbalanced model path)
     */
    public void preemptEnable(int cpuId) {
        ExecContext e = exec(cpuId);
        if (e.preemptCount() == 0) {
            throw new IllegalStateException("preempt_enable on CPU " + cpuId + " in " + callPath() + " without preempt_disable");
        }
        setExec(cpuId, ExecMemo.next(e, ExecMemo.PREEMPT_ENABLE, null, null));
    }

    /**
     * {@code local_bh_disable()}: disables preemption too, except under {@code PREEMPT_RT} (where it is a per-CPU
     * local lock and the section stays preemptible).
     *
     * @param cpuId the CPU
     */
    public void localBhDisable(int cpuId) {
        setExec(cpuId, ExecMemo.next(exec(cpuId), ExecMemo.BH_DISABLE, null, null));
    }

    /**
     * {@code local_bh_enable()}.
     *
     * @param cpuId the CPU
     */
    public void localBhEnable(int cpuId) {
        ExecContext e = exec(cpuId);
        if (e.softirqCount() == 0) {
            throw new IllegalStateException("local_bh_enable on CPU " + cpuId + " in " + callPath() + " without local_bh_disable");
        }
        setExec(cpuId, ExecMemo.next(e, ExecMemo.BH_ENABLE, null, null));
    }

    /**
     * {@code local_irq_disable()}.
     *
     * @param cpuId the CPU
     */
    public void localIrqDisable(int cpuId) {
        setExec(cpuId, ExecMemo.next(exec(cpuId), ExecMemo.IRQ_DISABLE, null, null));
    }

    /**
     * {@code local_irq_enable()}.
     *
     * @param cpuId the CPU
     */
    public void localIrqEnable(int cpuId) {
        setExec(cpuId, ExecMemo.next(exec(cpuId), ExecMemo.IRQ_ENABLE, null, null));
    }

    /**
     * {@code might_sleep()}: reports "BUG: sleeping function called from invalid context" if the CPU is in
     * atomic context, with the text {@code __might_resched} prints.
     *
     * @param cpuId the CPU
     * @param site  the source location the kernel prints, e.g. {@code kernel/locking/spinlock_rt.c:46}
     * @return whether it fired
     */
    public boolean mightSleep(int cpuId, String site) {
        ExecContext e = exec(cpuId);
        KernelConfig cfg = state.config();
        if (!e.isAtomic(cfg)) {
            return false;
        }
        Optional<TaskState> t = state.running(cpuId);
        int pc = e.preemptCountValue(cfg);
        StringBuilder sb = new StringBuilder();
        sb.append("BUG: sleeping function called from invalid context at ").append(site).append('\n');
        sb.append("in_atomic(): ").append(pc != 0 ? 1 : 0).append(", irqs_disabled(): ").append(e.irqsDisabled() ? 1 : 0)
                .append(", non_block: 0, pid: ").append(t.map(TaskState::pid).orElse(0))
                .append(", name: ").append(t.map(TaskState::name).orElse("swapper/" + cpuId)).append('\n');
        sb.append("preempt_count: ").append(Integer.toHexString(pc)).append(", expected: 0\n");
        sb.append("RCU nest depth: 0, expected: 0");
        if (!e.preemptDisabledAt().isEmpty()) {
            sb.append("\nPreemption disabled at:\n").append(e.preemptDisabledAt().get(0));
        }
        report(KernelEvent.Kind.SLEEP_IN_ATOMIC, cpuId, sb.toString());
        return true;
    }

    /**
     * Takes a lock: {@code raw_spin_lock} disables preemption; {@code spin_lock} does too on a non-RT kernel and
     * is a sleeping {@code rt_spin_lock} (with {@code might_sleep}) under {@code PREEMPT_RT}; {@code mutex_lock}
     * may always sleep.
     *
     * @param cpuId the CPU
     * @param lock  the lock
     */
    public void lock(int cpuId, Lock lock) {
        lock(cpuId, lock, false);
    }

    /**
     * {@code spin_lock_irq}: on a non-RT kernel disables interrupts and takes the lock; under {@code PREEMPT_RT}
     * interrupts stay on and it is {@code rt_spin_lock}.
     *
     * @param cpuId the CPU
     * @param lock  a {@link LockKind#SPINLOCK} or {@link LockKind#RAW_SPINLOCK}
     */
    public void lockIrq(int cpuId, Lock lock) {
        lock(cpuId, lock, true);
    }

    private void lock(int cpuId, Lock lock, boolean irq) {
        Objects.requireNonNull(lock, "lock");
        ExecContext e = exec(cpuId);
        for (HeldLock h : e.locks()) {
            if (h.lock().equals(lock)) {
                throw new IllegalStateException("Lock " + lock.name() + " is already held on CPU " + cpuId
                        + " (taken in " + h.takenAt() + "); taking it again in " + here() + " would deadlock");
            }
        }
        boolean sleeps = lock.kind().sleeps(state.config());
        boolean irqOff = irq && !(lock.kind() == LockKind.SPINLOCK && state.config().preemptRt()) && lock.kind() != LockKind.MUTEX;
        if (sleeps) {
            mightSleep(cpuId, lock.kind().mightSleepSite());
        }
        if (irqOff) {
            localIrqDisable(cpuId);
        }
        if (!sleeps) {
            preemptDisable(cpuId);
        }
        setExec(cpuId, ExecMemo.next(exec(cpuId), irqOff ? ExecMemo.LOCK_IRQ : ExecMemo.LOCK, lock, here()));
    }

    /**
     * Releases a lock taken with {@link #lock} or {@link #lockIrq}.
     *
     * @param cpuId the CPU
     * @param lock  the lock
     * @throws IllegalStateException if it is not held there
     */
    public void unlock(int cpuId, Lock lock) {
        ExecContext e = exec(cpuId);
        HeldLock held = ExecMemo.held(e, lock);
        if (held == null) {
            throw new IllegalStateException("Lock " + lock.name() + " is not held on CPU " + cpuId + "; cannot release it in " + here());
        }
        setExec(cpuId, ExecMemo.next(e, ExecMemo.UNLOCK, lock, null));
        if (!lock.kind().sleeps(state.config())) {
            preemptEnable(cpuId);
        }
        if (held.irqsSaved()) {
            localIrqEnable(cpuId);
        }
    }

    /**
     * Execution-context transitions, memoised by the identity of the context and the arguments: a world has a
     * handful of distinct contexts, so a step usually finds its next context here and allocates none (and states
     * share context instances, which makes their comparison an identity check). The table is direct-mapped and
     * shared by all threads; entries are immutable, so a racing reader sees a whole entry or misses.
     */
    private static final class ExecMemo {
        static final int PREEMPT_DISABLE = 1;
        static final int PREEMPT_ENABLE = 2;
        static final int BH_DISABLE = 3;
        static final int BH_ENABLE = 4;
        static final int IRQ_DISABLE = 5;
        static final int IRQ_ENABLE = 6;
        static final int LOCK = 7;
        static final int LOCK_IRQ = 8;
        static final int UNLOCK = 9;
        private static final int SIZE = 1024;
        private static final ExecMemo[] TABLE = new ExecMemo[SIZE];

        final ExecContext from;
        final int op;
        final Object a;
        final Object b;
        final ExecContext to;

        private ExecMemo(ExecContext from, int op, Object a, Object b, ExecContext to) {
            this.from = from;
            this.op = op;
            this.a = a;
            this.b = b;
            this.to = to;
        }

        /** @return the context after {@code op} (a: the place or lock, b: the place a lock is taken at) */
        static ExecContext next(ExecContext from, int op, Object a, Object b) {
            int h = System.identityHashCode(from) * 31 + op;
            h = h * 31 + System.identityHashCode(a);
            h = h * 31 + System.identityHashCode(b);
            int slot = (h ^ (h >>> 15)) & (SIZE - 1);
            ExecMemo m = TABLE[slot];
            if (m != null && m.from == from && m.op == op && m.a == a && m.b == b) {
                return m.to;
            }
            ExecContext to = compute(from, op, a, b);
            if (to.equals(ExecContext.IDLE)) {
                to = ExecContext.IDLE;
            }
            TABLE[slot] = new ExecMemo(from, op, a, b, to);
            return to;
        }

        private static ExecContext compute(ExecContext e, int op, Object a, Object b) {
            int pc = e.preemptCount();
            int sc = e.softirqCount();
            boolean irq = e.irqsDisabled();
            List<HeldLock> locks = e.locks();
            List<String> at = e.preemptDisabledAt();
            switch (op) {
                case PREEMPT_DISABLE -> {
                    at = new ArrayList<>(at);
                    at.add((String) a);
                    pc++;
                }
                case PREEMPT_ENABLE -> {
                    at = new ArrayList<>(at);
                    at.remove(at.size() - 1);
                    pc--;
                }
                case BH_DISABLE -> sc++;
                case BH_ENABLE -> sc--;
                case IRQ_DISABLE -> irq = true;
                case IRQ_ENABLE -> irq = false;
                case LOCK, LOCK_IRQ -> {
                    locks = new ArrayList<>(locks);
                    locks.add(new HeldLock((Lock) a, (String) b, op == LOCK_IRQ));
                }
                case UNLOCK -> {
                    locks = new ArrayList<>(locks);
                    for (int i = locks.size() - 1; i >= 0; i--) {
                        if (locks.get(i).lock().equals(a)) {
                            locks.remove(i);
                            break;
                        }
                    }
                }
                default -> throw new IllegalArgumentException("Unknown execution-context operation " + op);
            }
            return new ExecContext(pc, sc, irq, locks, at);
        }

        /** @return the innermost held entry of {@code lock}, or null */
        static HeldLock held(ExecContext e, Lock lock) {
            List<HeldLock> locks = e.locks();
            for (int i = locks.size() - 1; i >= 0; i--) {
                if (locks.get(i).lock().equals(lock)) {
                    return locks.get(i);
                }
            }
            return null;
        }
    }

    // ---- user boundary --------------------------------------------------------------------------------------

    /**
     * Marks a syscall return for a task: unless {@link KernelConfig#STRICT_SYSCALL_ABI} is on, the registers
     * the architecture's function-call ABI marks volatile may legitimately have changed, so the oracle takes
     * their current user-visible values, and so may the architecture's
     * {@link MachineFactory#strictSyscallAbiExceptions strict-mode exceptions} (registers the real kernel is known not
     * to carry across a syscall are not carried under the looser default ABI either); under the strict ABI only those
     * exceptions do. Call it on the syscall exit path,
     * before the task is back in user mode.
     *
     * @param task the task returning from a syscall
     */
    public void syscallBoundary(String task) {
        TaskState t = state.task(task);
        if (!t.isUser()) {
            return;
        }
        List<String> unchecked = architecture.machines().syscallUncheckedRegisters(state.config());
        if (unchecked.isEmpty()) {
            return;
        }
        RegisterFile view = architecture.engine().userView(state, t);
        RegisterFile o = t.oracle();
        for (String r : unchecked) {
            o = o.withoutEffects(o.layout().register(r), view.get(r));
        }
        update(state.withTask(t.withOracle(o)), SYSCALL_RETURN);
    }

    /** What the oracle takes at a syscall return: the ABI-volatile registers as the task now sees them. */
    private static final Source SYSCALL_RETURN = Source.kernelValue(
            "the syscall return (ABI-volatile registers: the oracle takes what the task now sees)");

    Step finish(int index, MachineState before) {
        return new Step(index, root.function, stepCpu, before, state, root.freeze(),
                events == null ? List.of() : events, syscalls == null ? List.of() : syscalls);
    }
}

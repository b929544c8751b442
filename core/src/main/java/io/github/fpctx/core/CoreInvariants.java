package io.github.fpctx.core;

import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The architecture-independent invariants, checked after every step of every run.
 *
 * <ul>
 *   <li>{@link #USER_REGISTERS_INTACT}: a user task running in user mode sees what it last wrote. ABI-volatile
 *       registers are exempt only across a syscall (see {@link KernelContext#syscallBoundary(String)}); after
 *       {@code exec} the oracle is the init state.</li>
 *   <li>{@link #NO_SLEEP_IN_ATOMIC}: no sleeping lock or {@code might_sleep} in atomic context ("BUG: sleeping
 *       function called from invalid context").</li>
 *   <li>{@link #NO_KERNEL_WARNING}: no {@code WARN_ON}/{@code BUG_ON} fired.</li>
 *   <li>{@link #BALANCED_AT_USER_RETURN}: a CPU running a task in user mode has preemption, bottom halves and
 *       interrupts enabled and holds no lock.</li>
 * </ul>
 */
public final class CoreInvariants {
    private CoreInvariants() {
    }

    /** A task in user mode sees the registers it last wrote. */
    public static final Invariant USER_REGISTERS_INTACT = Invariant.of("user-registers-intact",
            "A user task running in user mode sees the FP/vector registers it last wrote (ABI-volatile ones may change across a syscall)",
            CoreInvariants::checkUserRegisters);

    /** No sleeping in atomic context. */
    public static final Invariant NO_SLEEP_IN_ATOMIC = Invariant.of("no-sleep-in-atomic",
            "No sleeping lock is taken and might_sleep is not called in atomic context",
            (step, arch) -> events(step, KernelEvent.Kind.SLEEP_IN_ATOMIC, "no-sleep-in-atomic"));

    /** No kernel warning or bug. */
    public static final Invariant NO_KERNEL_WARNING = Invariant.of("no-kernel-warning",
            "No WARN_ON or BUG_ON fires",
            (step, arch) -> {
                if (step.events().isEmpty()) {
                    return List.of();
                }
                List<Violation> v = new ArrayList<>(events(step, KernelEvent.Kind.WARNING, "no-kernel-warning"));
                v.addAll(events(step, KernelEvent.Kind.BUG, "no-kernel-warning"));
                return v;
            });

    /** Locks and preemption balanced whenever a CPU runs user code. */
    public static final Invariant BALANCED_AT_USER_RETURN = Invariant.of("balanced-at-user-return",
            "A CPU running a task in user mode has preemption, bottom halves and interrupts enabled and holds no lock",
            CoreInvariants::checkBalanced);

    /** @return the core invariants, in checking order */
    public static List<Invariant> all() {
        return List.of(USER_REGISTERS_INTACT, NO_SLEEP_IN_ATOMIC, NO_KERNEL_WARNING, BALANCED_AT_USER_RETURN);
    }

    private static List<Violation> events(Step step, KernelEvent.Kind kind, String id) {
        if (step.events().isEmpty()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        for (KernelEvent e : step.events()) {
            if (e.kind() == kind) {
                out.add(new Violation(id, step.index(), e.callPath(), e.task(), OptionalInt.of(e.cpu()), Optional.empty(),
                        Optional.empty(), Optional.empty(), e.message()));
            }
        }
        return out;
    }

    private static List<Violation> checkBalanced(Step step, Architecture arch) {
        List<Violation> out = List.of();
        MachineState s = step.after();
        List<CpuState> cpus = s.cpus();
        for (int i = 0, n = cpus.size(); i < n; i++) {
            CpuState c = cpus.get(i);
            if (c.current().isEmpty() || c.exec() == ExecContext.IDLE || c.exec().isClean()) {
                continue; // the usual case, decided without looking the task up
            }
            Optional<TaskState> t = s.running(c.id());
            if (t.isPresent() && t.get().mode() == TaskMode.USER && !c.exec().isClean()) {
                CpuState before = step.before().cpu(c.id());
                if (before.equals(c) && step.before().running(c.id()).equals(t)) {
                    continue; // reported when it first appeared
                }
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.add(new Violation("balanced-at-user-return", step.index(), List.of(), Optional.of(t.get().name()),
                        OptionalInt.of(c.id()), Optional.of("exec context"), Optional.of(ExecContext.IDLE.toString()),
                        Optional.of(c.exec().toString()), "returned to user space with " + c.exec()));
            }
        }
        return out;
    }

    private static List<Violation> checkUserRegisters(Step step, Architecture arch) {
        List<Violation> out = List.of();
        MachineState s = step.after();
        List<CpuState> cpus = s.cpus();
        for (int i = 0, n = cpus.size(); i < n; i++) {
            CpuState c = cpus.get(i);
            if (c.current().isEmpty()) {
                continue;
            }
            TaskState t = s.task(c.current().get());
            if (!t.isUser() || t.mode() != TaskMode.USER) {
                continue;
            }
            RegisterFile view = arch.engine().userView(s, t);
            if (view == t.oracle() || view.equals(t.oracle())) {
                continue; // the usual case: no diff list is built
            }
            List<RegisterDiff> now = view.diff(t.oracle());
            if (now.isEmpty()) {
                continue;
            }
            List<RegisterDiff> was = List.of();
            Optional<TaskState> tb = step.before().findTask(t.name());
            if (tb.isPresent() && tb.get().mode() == TaskMode.USER && step.before().isRunning(t.name())) {
                was = arch.engine().userView(step.before(), tb.get()).diff(tb.get().oracle());
            }
            for (RegisterDiff d : now) {
                if (was.contains(d)) {
                    continue; // already reported at an earlier step
                }
                List<String> path = step.pathOfChange("cpu" + c.id() + ".live." + d.register());
                if (path.isEmpty()) {
                    path = step.pathOfChange("task " + t.name() + ".saved." + d.register());
                }
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.add(new Violation("user-registers-intact", step.index(), path, Optional.of(t.name()),
                        OptionalInt.of(c.id()), Optional.of(d.register()), Optional.of(d.after().toString()),
                        Optional.of(d.before().toString()),
                        "Task '" + t.name() + "' runs in user mode on CPU " + c.id() + " with " + d.register() + " changed"));
            }
        }
        return out;
    }
}

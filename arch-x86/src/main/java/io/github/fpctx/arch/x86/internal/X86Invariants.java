package io.github.fpctx.arch.x86.internal;

import io.github.fpctx.arch.x86.FpuState;
import io.github.fpctx.arch.x86.KernelPhase;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Cpu;
import io.github.fpctx.arch.x86.X86Machine;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Violation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The x86 invariants (kernel-semantics §9, X1-X6). X2 ("whoever changes a task's memory image must set
 * {@code last_cpu = -1}") and X3 (switch-out/switch-in) are properties of the paths themselves; their
 * user-visible consequence is the core's {@code user-registers-intact}, which is what the seed-002 bug violates.
 */
public final class X86Invariants {
    private X86Invariants() {
    }

    /** The functions that take {@code fpregs_lock} in this model (what "Preemption disabled at:" names on RT). */
    static final Set<String> FPREGS_LOCK_CALLERS = Set.of("fpu_clone", "fpu_reset_fpregs", "copy_fpstate_to_sigframe",
            "fpu__clear_user_states", "restore_fpregs_from_user", "fpstate_realloc");

    /** X1/X4: {@code fpregs_assert_state_consistent}, and user mode implies live registers. */
    public static final Invariant FPREGS_STATE_CONSISTENT = Invariant.of("fpregs-state-consistent",
            "A running user task with TIF_NEED_FPU_LOAD clear has fpregs_state_valid(fpu, cpu); in user mode TIF is clear",
            (step, arch) -> {
                List<Violation> out = List.of();
                MachineState s = step.after();
                for (CpuState c : s.cpus()) {
                    Optional<TaskState> t = s.running(c.id());
                    if (t.isEmpty() || !t.get().isUser()) {
                        continue;
                    }
                    String n = t.get().name();
                    FpuState f = t.get().ext(FpuState.class);
                    if (t.get().mode() == TaskMode.USER && f.needFpuLoad()) {
                        out = Violation.append(out, violation("fpregs-state-consistent", n, c.id(), "TIF_NEED_FPU_LOAD", "0", "1",
                                "Task '" + n + "' runs in user mode on CPU " + c.id() + " with TIF_NEED_FPU_LOAD set"));
                    } else if (!f.needFpuLoad() && !Kernel.fpregsStateValid(s, n, c.id())) {
                        out = Violation.append(out, violation("fpregs-state-consistent", n, c.id(), "fpregs_state_valid", "true",
                                "false (owner " + s.cpu(c.id()).ext(X86Cpu.class).fpregsOwner().orElse("NULL") + ", last_cpu "
                                        + f.lastCpu() + ")",
                                "Task '" + n + "' has TIF_NEED_FPU_LOAD clear on CPU " + c.id() + " but its registers are not valid there"));
                    }
                }
                return out;
            });

    /** X5: no sleeping lock inside {@code fpregs_lock} under PREEMPT_RT. */
    public static final Invariant NO_SLEEPING_LOCK_IN_FPREGS_LOCK = Invariant.of("no-sleeping-lock-in-fpregs-lock",
            "Under PREEMPT_RT no spinlock_t (a sleeping rt_spin_lock) is taken inside fpregs_lock (preempt_disable)",
            (step, arch) -> {
                List<Violation> out = List.of();
                if (!step.after().config().preemptRt()) {
                    return out;
                }
                for (KernelEvent e : step.events()) {
                    if (e.kind() != KernelEvent.Kind.SLEEP_IN_ATOMIC) {
                        continue;
                    }
                    String m = e.message();
                    int at = m.indexOf("Preemption disabled at:\n");
                    if (at < 0) {
                        continue;
                    }
                    String fn = m.substring(at + "Preemption disabled at:\n".length()).lines().findFirst().orElse("");
                    if (FPREGS_LOCK_CALLERS.contains(fn)) {
                        out = Violation.append(out, new Violation("no-sleeping-lock-in-fpregs-lock", 0, e.callPath(), e.task(), OptionalInt.of(e.cpu()),
                                Optional.of(Kernel.SIGLOCK.name()), Optional.of("taken after fpregs_unlock"),
                                Optional.of("taken inside fpregs_lock in " + fn),
                                "sleeping lock taken inside fpregs_lock (preemption disabled at " + fn + ")"));
                    }
                }
                return out;
            });

    /** X6 (exec): after {@code flush_thread} the fpstate is {@code init_fpstate} and must be loaded. */
    public static final Invariant EXEC_INIT_FPSTATE = Invariant.of("exec-init-fpstate",
            "Between flush_thread and the return to user, a task's fpstate is init_fpstate, TIF_NEED_FPU_LOAD is set, "
                    + "and perm/xfd are the defaults",
            (step, arch) -> {
                List<Violation> out = List.of();
                MachineState s = step.after();
                X86Machine m = s.ext(X86Machine.class);
                for (TaskState t : s.tasks()) {
                    FpuState f = t.ext(FpuState.class);
                    if (f.phase() != KernelPhase.EXECVE_FLUSHED) {
                        continue;
                    }
                    if (!t.saved().equals(X86Layout.INIT) || !f.needFpuLoad() || f.perm() != m.defaultFeatures()
                            || f.xfd() != X86.initXfd(s.config())) {
                        out = Violation.append(out, violation("exec-init-fpstate", t.name(), t.cpu(), "fpstate", "init_fpstate, TIF set",
                                f + " " + t.saved(), "Task '" + t.name() + "' is past flush_thread without the init state pending"));
                    }
                }
                return out;
            });

    /** X6 (clone): children get the default features only, and permissions per CLONE_THREAD. */
    public static final Invariant CLONE_FPU_INHERITANCE = Invariant.of("clone-fpu-inheritance",
            "A clone child starts with last_cpu -1, TIF set, no dynamic (AMX tile data) state, and the parent's permissions "
                    + "unless CLONE_THREAD (threads share the group leader's)",
            (step, arch) -> {
                List<Violation> out = List.of();
                MachineState before = step.before();
                MachineState after = step.after();
                if (after.tasks().size() == before.tasks().size() || step.cpu() < 0) {
                    return out;
                }
                Optional<TaskState> parent = before.running(step.cpu());
                for (TaskState t : after.tasks()) {
                    if (before.findTask(t.name()).isPresent() || !t.isUser() || parent.isEmpty()) {
                        continue;
                    }
                    FpuState f = t.ext(FpuState.class);
                    FpuState pf = parent.get().ext(FpuState.class);
                    if (f.lastCpu() != -1 || !f.needFpuLoad() || !t.saved().get("tiledata").isZero()) {
                        out = Violation.append(out, violation("clone-fpu-inheritance", t.name(), t.cpu(), "fpstate",
                                "last_cpu -1, TIF set, tiledata init", f + " tiledata " + (t.saved().get("tiledata").isZero() ? "init" : "copied"),
                                "Child '" + t.name() + "' does not start from a default-features copy"));
                    }
                    boolean process = f.groupLeader().equals(t.name());
                    if (process) {
                        long expected = after.ext(X86Machine.class).fpuStateSizeDynamic()
                                ? after.task(pf.groupLeader()).ext(FpuState.class).perm() : after.ext(X86Machine.class).defaultFeatures();
                        if (f.perm() != expected) {
                            out = Violation.append(out, violation("clone-fpu-inheritance", t.name(), t.cpu(), "perm", "0x" + Long.toHexString(expected),
                                    "0x" + Long.toHexString(f.perm()), "Child process '" + t.name() + "' did not inherit the FPU permissions"));
                        }
                    } else if (!f.groupLeader().equals(pf.groupLeader())) {
                        out = Violation.append(out, violation("clone-fpu-inheritance", t.name(), t.cpu(), "group_leader", pf.groupLeader(),
                                f.groupLeader(), "Thread '" + t.name() + "' is not in its parent's thread group"));
                    }
                }
                return out;
            });

    private static Violation violation(String id, String task, int cpu, String subject, String expected, String actual, String msg) {
        return new Violation(id, 0, List.of(), Optional.of(task), OptionalInt.of(cpu), Optional.of(subject),
                Optional.of(expected), Optional.of(actual), msg);
    }

    /** @return the x86 invariants, in checking order */
    public static List<Invariant> all() {
        return List.of(FPREGS_STATE_CONSISTENT, NO_SLEEPING_LOCK_IN_FPREGS_LOCK, EXEC_INIT_FPSTATE, CLONE_FPU_INHERITANCE);
    }
}

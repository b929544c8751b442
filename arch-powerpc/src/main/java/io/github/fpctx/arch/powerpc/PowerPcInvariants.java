package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Violation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The PowerPC invariants of kernel-semantics §9, checked after every step in addition to the core's. The
 * register-content properties P2/P3 (live registers are the task's while the user MSR says so; a save without
 * give-up leaves them bit-identical) are what the core's {@code user-registers-intact} checks through
 * {@code userView}; P6/P7 are path behaviours covered by the module's tests.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class PowerPcInvariants {
    private PowerPcInvariants() {
    }

    /** P1: {@code MSR_VSX} in a user MSR implies {@code MSR_FP} and {@code MSR_VEC} (WARNed by giveup_all/save_all). */
    public static final Invariant VSX_IMPLIES_FP_VEC = Invariant.of("ppc-vsx-implies-fp-vec",
            "A user MSR with MSR_VSX also has MSR_FP and MSR_VEC", PowerPcInvariants::checkVsx);

    /**
     * P4: a give-up that clears {@code MSR_FP} in a user MSR also clears {@code MSR_FE0}/{@code MSR_FE1}. Checked on
     * the transition (FP live before the step, not after), because {@code copy_thread} legitimately leaves a fork
     * child's inherited FE bits with FP off.
     */
    public static final Invariant FE_CLEAR_WHEN_FP_OFF = Invariant.of("ppc-fe-clear-when-fp-off",
            "Giving up a task's FP state clears MSR_FE0 and MSR_FE1 together with MSR_FP", PowerPcInvariants::checkFeClear);

    /** P5: while {@code MSR_FP} is live, the user MSR's FE0:FE1 equal {@code thread.fpexc_mode}. */
    public static final Invariant FE_MATCHES_FPEXC_MODE = Invariant.of("ppc-fe-matches-fpexc-mode",
            "While MSR_FP is set, MSR FE0:FE1 equal thread.fpexc_mode (what PR_GET_FPEXC reports)",
            PowerPcInvariants::checkFeMatches);

    /** P8: kernel FP use only with preemption off and the current task's user FP state given up. */
    public static final Invariant KERNEL_FP_NONPREEMPTIBLE = Invariant.of("ppc-kernel-fp-nonpreemptible",
            "Between enable_kernel_fp and disable_kernel_fp the CPU is not preemptible and the current task's MSR_FP is off",
            PowerPcInvariants::checkKernelFp);

    /** The user-visible side of P4/P5 (kernel-semantics §4.3): no SIGFPE while {@code PR_GET_FPEXC} says DISABLED. */
    public static final Invariant SIGFPE_MATCHES_FPEXC_MODE = Invariant.of("ppc-sigfpe-matches-fpexc-mode",
            "An FP-enabled exception delivers SIGFPE only to a task whose PR_GET_FPEXC mode is not PR_FP_EXC_DISABLED",
            PowerPcInvariants::checkSigfpe);

    /** @return the PowerPC invariants in checking order */
    public static List<Invariant> all() {
        return List.of(VSX_IMPLIES_FP_VEC, FE_CLEAR_WHEN_FP_OFF, FE_MATCHES_FPEXC_MODE, KERNEL_FP_NONPREEMPTIBLE,
                SIGFPE_MATCHES_FPEXC_MODE);
    }

    private static Optional<PowerPcThread> thread(MachineState s, String name) {
        return s.findTask(name).filter(TaskState::isUser).map(t -> t.ext(PowerPcThread.class));
    }

    private static Violation v(String id, TaskState t, String subject, String expected, String actual, String message) {
        return new Violation(id, 0, List.of(), Optional.of(t.name()), OptionalInt.of(t.cpu()), Optional.of(subject),
                Optional.of(expected), Optional.of(actual), message);
    }

    private static List<Violation> checkVsx(Step step, io.github.fpctx.core.Architecture arch) {
        List<Violation> out = List.of();
        for (TaskState t : step.after().tasks()) {
            Optional<PowerPcThread> th = thread(step.after(), t.name());
            if (th.isEmpty() || !bad(th.get())) {
                continue;
            }
            Optional<PowerPcThread> before = thread(step.before(), t.name());
            if (before.isPresent() && bad(before.get())) {
                continue;
            }
            out = Violation.append(out, v(VSX_IMPLIES_FP_VEC.id(), t, "MSR.VSX", "MSR[FP VEC VSX]", th.get().msr().toString(),
                    "Task '" + t.name() + "' has MSR_VSX without MSR_FP and MSR_VEC"));
        }
        return out;
    }

    private static boolean bad(PowerPcThread th) {
        return th.vsxLive() && !(th.fpLive() && th.vecLive());
    }

    private static List<Violation> checkFeClear(Step step, io.github.fpctx.core.Architecture arch) {
        List<Violation> out = List.of();
        for (TaskState t : step.after().tasks()) {
            Optional<PowerPcThread> after = thread(step.after(), t.name());
            Optional<PowerPcThread> before = thread(step.before(), t.name());
            if (after.isEmpty() || before.isEmpty() || !before.get().fpLive() || after.get().fpLive()) {
                continue;
            }
            long fe = after.get().msr().bits() & PowerPc.MSR_FE_MASK;
            if (fe != 0) {
                out = Violation.append(out, v(FE_CLEAR_WHEN_FP_OFF.id(), t, "MSR.FE_MODE", "disabled (FE0=FE1=0 with MSR_FP off)",
                        PowerPc.MSR_FE_MODE.nameOf(after.get().msrFeMode()).orElse("?") + " " + after.get().msr(),
                        "Task '" + t.name() + "' gave up FP with MSR_FE0/FE1 still set"));
            }
        }
        return out;
    }

    private static boolean mismatch(PowerPcThread th) {
        return th.fpLive() && (th.msr().bits() & PowerPc.MSR_FE_MASK) != th.fpexcMode().bits();
    }

    private static List<Violation> checkFeMatches(Step step, io.github.fpctx.core.Architecture arch) {
        List<Violation> out = List.of();
        for (TaskState t : step.after().tasks()) {
            Optional<PowerPcThread> after = thread(step.after(), t.name());
            if (after.isEmpty() || !mismatch(after.get())) {
                continue;
            }
            Optional<PowerPcThread> before = thread(step.before(), t.name());
            if (before.isPresent() && mismatch(before.get()) && before.get().msr().equals(after.get().msr())) {
                continue;
            }
            PowerPcThread th = after.get();
            out = Violation.append(out, v(FE_MATCHES_FPEXC_MODE.id(), t, "MSR.FE_MODE",
                    PowerPc.MSR_FE_MODE.nameOf(th.fpexcModeValue()).orElse("?"),
                    PowerPc.MSR_FE_MODE.nameOf(th.msrFeMode()).orElse("?"),
                    "Task '" + t.name() + "' runs with FP exception mode " + PowerPc.MSR_FE_MODE.nameOf(th.msrFeMode()).orElse("?")
                            + " but PR_GET_FPEXC reports " + PowerPc.MSR_FE_MODE.nameOf(th.fpexcModeValue()).orElse("?")));
        }
        return out;
    }

    private static List<Violation> checkKernelFp(Step step, io.github.fpctx.core.Architecture arch) {
        List<Violation> out = List.of();
        MachineState s = step.after();
        for (CpuState c : s.cpus()) {
            PowerPcCpu pc = c.ext(PowerPcCpu.class);
            if (pc.kernelUse().bits() == 0) {
                continue;
            }
            if (!c.exec().isAtomic(s.config())) {
                out = Violation.append(out, new Violation(KERNEL_FP_NONPREEMPTIBLE.id(), 0, List.of("enable_kernel_fp"), c.current(),
                        OptionalInt.of(c.id()), Optional.of("preempt_count"), Optional.of("> 0"), Optional.of(c.exec().toString()),
                        "CPU " + c.id() + " uses " + pc.kernelUse() + " in the kernel while preemptible"));
            }
            Optional<TaskState> cur = s.running(c.id());
            if (cur.isPresent() && cur.get().isUser() && cur.get().ext(PowerPcThread.class).fpLive()) {
                out = Violation.append(out, v(KERNEL_FP_NONPREEMPTIBLE.id(), cur.get(), "MSR.FP", "off (user state given up)",
                        cur.get().ext(PowerPcThread.class).msr().toString(),
                        "CPU " + c.id() + " uses FP in the kernel while '" + cur.get().name() + "' still has MSR_FP"));
            }
        }
        return out;
    }

    private static List<Violation> checkSigfpe(Step step, io.github.fpctx.core.Architecture arch) {
        List<Violation> out = List.of();
        for (KernelEvent e : step.events()) {
            if (e.kind() != KernelEvent.Kind.SIGNAL || !e.message().startsWith("SIGFPE") || e.task().isEmpty()) {
                continue;
            }
            Optional<PowerPcThread> th = thread(step.after(), e.task().get());
            if (th.isPresent() && th.get().fpexcModeValue() == PowerPc.PR_FP_EXC_DISABLED) {
                TaskState t = step.after().task(e.task().get());
                out = Violation.append(out, new Violation(SIGFPE_MATCHES_FPEXC_MODE.id(), 0, e.callPath(), Optional.of(t.name()),
                        OptionalInt.of(e.cpu()), Optional.of("SIGFPE"), Optional.of("no signal (PR_FP_EXC_DISABLED)"),
                        Optional.of("SIGFPE"), e.message()));
            }
        }
        return out;
    }
}

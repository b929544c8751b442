package io.github.fpctx.arch.x86;

import io.github.fpctx.arch.x86.internal.X86Actions;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineState;

import java.util.List;
import java.util.Optional;

/**
 * Typed x86 kernel paths as core {@link Action}s, at the granularity the seed schedules need: a syscall can be
 * entered in one step, preempted and migrated in others, and completed later.
 *
 * <pre>{@code
 * Architecture x86 = Architectures.load().require("x86_64");
 * MachineState s = x86.newMachine(MachineSpec.builder().cpus(2).userTask("T", 0).kernelThread("K", 0).build());
 * Trace t = x86.run(s, List.of(X86Paths.execveEnter("T"), X86Paths.schedule(0, "K"), X86Paths.schedule(1, "T"),
 *         X86Paths.flushThread("T"), X86Paths.migrate("T", 0), X86Paths.exitToUser("T")));
 * }</pre>
 *
 * <p>Actions check when they run whether they are possible ({@link Action#isEnabled}); the reason is given when
 * not.
 */
public final class X86Paths {
    private X86Paths() {
    }

    /**
     * User space writes a register; a first AMX use with XFD armed takes #NM ({@code handle_xfd_event}) and
     * gets {@code SIGILL} without permission.
     *
     * @param task     a running user task in user mode
     * @param register a register or view name of {@link X86#layout()}, available with the machine's CPU features
     * @param value    a value of the register's width
     * @return the action
     */
    public static Action userWrite(String task, String register, BitVector value) {
        return X86Actions.writeRegister(task, register, value);
    }

    /**
     * {@code execve()} entered: {@code __x64_sys_execve > do_execveat_common > bprm_execve}.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action execveEnter(String task) {
        return X86Actions.execveEnter(task);
    }

    /**
     * {@code begin_new_exec > flush_thread > fpu_flush_thread}: {@code fpstate_reset} and {@code fpu_reset_fpregs}
     * ({@link X86Errata#EXEC_FPU_DROP} switches its invalidation to {@code fpu__drop}).
     *
     * @param task a running task inside {@code execve()}
     * @return the action
     */
    public static Action flushThread(String task) {
        return X86Actions.flushThread(task);
    }

    /**
     * Return to user space from the kernel ({@code switch_fpu_return} if {@code TIF_NEED_FPU_LOAD}).
     *
     * @param task a running user task in the kernel, after an interrupt, after {@code flush_thread}, or a new child
     * @return the action
     */
    public static Action exitToUser(String task) {
        return X86Actions.exitToUser(task);
    }

    /**
     * A context switch on one CPU to a task ({@code __switch_to}); the task stays in the kernel.
     *
     * @param cpu  the CPU
     * @param task a task that is not running
     * @return the action
     */
    public static Action schedule(int cpu, String task) {
        return X86Actions.schedule(cpu, Optional.of(task));
    }

    /**
     * A context switch on one CPU to the idle task.
     *
     * @param cpu a busy CPU
     * @return the action
     */
    public static Action scheduleIdle(int cpu) {
        return X86Actions.schedule(cpu, Optional.empty());
    }

    /**
     * A running task moved to another CPU in one step (its CPU goes idle, the target CPU switches to it).
     *
     * @param task a running task
     * @param cpu  another CPU
     * @return the action
     */
    public static Action migrate(String task, int cpu) {
        return X86Actions.migrate(task, cpu);
    }

    /**
     * {@code kernel_fpu_begin()} ... {@code kernel_fpu_end()} on a CPU.
     *
     * @param cpu the CPU
     * @return the action
     */
    public static Action kernelFpu(int cpu) {
        return X86Actions.kernelFpu(cpu);
    }

    /**
     * {@code fork()}: {@code fpu_clone} without {@code CLONE_THREAD}.
     *
     * @param parent a running user task in user mode
     * @param child  a new task name
     * @return the action
     */
    public static Action fork(String parent, String child) {
        return X86Actions.forkProcess(parent, child);
    }

    /**
     * {@code clone(CLONE_THREAD)} ({@code pthread_create}).
     *
     * @param parent a running user task in user mode
     * @param child  a new task name
     * @return the action
     */
    public static Action cloneThread(String parent, String child) {
        return X86Actions.threadClone(parent, child);
    }

    /**
     * An io_uring worker: {@code create_io_thread}, a minimal clone (no FPU inheritance).
     *
     * @param parent a running user task in user mode
     * @param child  a new task name
     * @return the action
     */
    public static Action createIoWorker(String parent, String child) {
        return X86Actions.createIoWorker(parent, child);
    }

    /**
     * {@code arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)}.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action archPrctlReqXcompPerm(String task) {
        return X86Actions.archPrctlReqXcompPerm(task);
    }

    /**
     * A signal delivered, its handler run, and {@code rt_sigreturn}.
     *
     * @param task a running user task in user mode
     * @return the action
     */
    public static Action signal(String task) {
        return X86Actions.deliverSignal(task);
    }

    /**
     * A signal delivered as the task returns to user space from the kernel ({@code exit_to_user_mode_loop} ->
     * {@code arch_do_signal_or_restart}, before {@code switch_fpu_return}): with {@code TIF_NEED_FPU_LOAD} still
     * set, {@code copy_fpstate_to_sigframe} reloads the task's registers before it writes the frame. The task ends
     * in its handler, in user mode; {@code rt_sigreturn} is {@code Operations.sigreturn}. Not in the alphabet.
     *
     * @param task a running user task in the kernel, in a phase {@link #exitToUser} accepts
     * @return the action
     */
    public static Action signalOnReturn(String task) {
        return X86Actions.signalOnReturn(task);
    }

    /**
     * The exploration alphabet for a world: for each user task, a write of a token value to xmm0, execve entry,
     * {@code flush_thread}, return to user and a {@code fork} of {@code <task>-child}; for each such child, a write
     * and its first return to user; for each CPU, a switch to each task, a switch to idle, and kernel FPU use.
     * The same as {@code Architecture.actions(world)}.
     *
     * @param world the initial state
     * @return the actions, in a fixed order
     */
    public static List<Action> alphabet(MachineState world) {
        return X86Actions.alphabet(world);
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;

/**
 * The architecture-independent vocabulary of events every architecture models, each as an {@link Action}
 * that runs the architecture's real kernel paths (so the trace shows {@code __switch_to > giveup_all} on
 * PowerPC and {@code switch_fpu_prepare} on x86). Used by the testkit's scenarios and conformance kit.
 *
 * <p>Every action returns the task to user mode where the real event would, unless documented otherwise.
 */
public interface Operations {
    /**
     * User space writes a register (taking whatever facility-unavailable fault that needs first); the oracle
     * records the value.
     *
     * @param task     a user task running in user mode
     * @param register a register or view name of the layout
     * @param value    a value of the register's width
     * @return the action
     */
    Action userWrite(String task, String register, BitVector value);

    /**
     * A timer interrupt preempts the task in user mode; the scheduler switches its CPU to idle.
     *
     * @param task a running user task
     * @return the action
     */
    Action preempt(String task);

    /**
     * The scheduler switches a task that is not running in on an idle CPU (migrating it if the CPU differs from
     * its {@code task_cpu}); a user task then returns to user mode.
     *
     * @param task a task that is not running
     * @param cpu  an idle CPU
     * @return the action
     */
    Action resume(String task, int cpu);

    /**
     * A null syscall ({@code getppid}) and its return.
     *
     * @param task a user task in user mode
     * @return the action
     */
    Action syscall(String task);

    /**
     * An asynchronous interrupt (timer or IPI) taken in user mode and returned from without rescheduling.
     *
     * @param task a user task in user mode
     * @return the action
     */
    Action interrupt(String task);

    /**
     * A signal delivered to the task: the FP/vector state goes into the signal frame, the handler runs (and
     * clobbers the registers the ABI lets it), {@code sigreturn} restores the frame.
     *
     * @param task a user task in user mode
     * @return the action
     */
    Action signal(String task);

    /**
     * A signal delivered at the return from an interrupt, in steps: the FP/vector state goes into a new signal
     * frame and the handler starts running in user mode. Edit the frame with {@link #signalFrameWrite} and leave
     * the handler with {@link #sigreturn}. Architectures that model signal frames override this; the default
     * refuses.
     *
     * @param task a running user task in user mode
     * @return the action
     * @throws UnsupportedOperationException if the architecture does not model signal frames
     */
    default Action signalDelivery(String task) {
        throw noSignalFrames(task);
    }

    /**
     * The running signal handler writes a register into its innermost signal frame ({@code uc_mcontext}), as a
     * handler editing its {@code ucontext} does; what {@link #sigreturn} makes of the value is the kernel's business.
     *
     * @param task     a running user task in user mode, inside a handler
     * @param register a register or view name of the layout
     * @param value    a value of the register's width
     * @return the action
     * @throws UnsupportedOperationException if the architecture does not model signal frames
     */
    default Action signalFrameWrite(String task, String register, BitVector value) {
        throw noSignalFrames(task);
    }

    /**
     * {@code rt_sigreturn}: the task's registers come back from its innermost signal frame.
     *
     * @param task a running user task in user mode, inside a handler
     * @return the action
     * @throws UnsupportedOperationException if the architecture does not model signal frames
     */
    default Action sigreturn(String task) {
        throw noSignalFrames(task);
    }

    private static UnsupportedOperationException noSignalFrames(String task) {
        return new UnsupportedOperationException("This architecture does not model signal frames (task '" + task
                + "'); use signal(task), which delivers, runs the handler and returns in one step");
    }

    /**
     * {@code fork()}: the child gets a copy of the parent's user registers and is left runnable (not running)
     * on the parent's CPU; the parent returns to user mode.
     *
     * @param task  a user task in user mode
     * @param child the child's name, new in the machine
     * @return the action
     */
    Action fork(String task, String child);

    /**
     * {@code clone(CLONE_VM | CLONE_THREAD | ...)}, as {@code pthread_create} does: a new thread of the task's
     * process with a copy of its user registers, left runnable (not running) on the creator's CPU; the creator
     * returns to user mode. Architectures that model threads override this; the default refuses.
     *
     * @param task  a user task in user mode
     * @param child the new thread's name, new in the machine
     * @return the action
     * @throws UnsupportedOperationException if the architecture does not model thread creation
     */
    default Action cloneThread(String task, String child) {
        throw new UnsupportedOperationException("This architecture does not model clone(CLONE_THREAD) (task '" + task
                + "', new thread '" + child + "'); use fork(task, child) or an architecture-specific path");
    }

    /**
     * {@code execve()}: the task returns to user mode in a new program whose registers must be the
     * architecture's init state (the oracle becomes the init state).
     *
     * @param task a user task in user mode
     * @return the action
     */
    Action exec(String task);

    /**
     * The kernel uses FP/vector registers on a CPU ({@code enable_kernel_fp}/{@code kernel_fpu_begin} ...
     * end), e.g. for crypto in an interrupt or from the running task's syscall.
     *
     * @param cpu the CPU
     * @return the action
     */
    Action kernelFpUse(int cpu);
}

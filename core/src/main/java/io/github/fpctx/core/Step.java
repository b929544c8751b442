package io.github.fpctx.core;

import io.github.fpctx.core.state.MachineState;
import java.util.List;
import java.util.Optional;

/**
 * One step of a run: the action's label, the states before and after, the call tree it recorded and the
 * kernel events it reported.
 *
 * @param index  1-based position in the trace
 * @param label  the action's label, e.g. {@code mariadbd: user writes vs0}
 * @param cpu    the CPU the step ran on first, or -1
 * @param before the state before
 * @param after  the state after
 * @param calls  the call tree; its root is named by the label and holds the top-level kernel functions
 * @param events what the kernel reported
 * @param syscalls what the step's system calls returned to user space, in order
 * @implSpec This class is immutable and thread-safe.
 */
public record Step(int index, String label, int cpu, MachineState before, MachineState after, CallNode calls,
                   List<KernelEvent> events, List<SyscallResult> syscalls) {
    /**
     * Copies the events.
     *
     * @param index  index
     * @param label  label
     * @param cpu    CPU
     * @param before before
     * @param after  after
     * @param calls  call tree
     * @param events events
     * @param syscalls syscall results
     */
    public Step {
        events = List.copyOf(events);
        syscalls = List.copyOf(syscalls);
    }

    /**
     * A step without syscall results.
     *
     * @param index  index
     * @param label  label
     * @param cpu    CPU
     * @param before before
     * @param after  after
     * @param calls  call tree
     * @param events events
     */
    public Step(int index, String label, int cpu, MachineState before, MachineState after, CallNode calls, List<KernelEvent> events) {
        this(index, label, cpu, before, after, calls, events, List.of());
    }

    /**
     * @param syscall a call as the model names it, e.g. {@code prctl(PR_GET_FPEXC)}
     * @return what its last occurrence in this step returned, if the step made it
     */
    public Optional<SyscallResult> syscall(String syscall) {
        SyscallResult found = null;
        for (SyscallResult r : syscalls) {
            if (r.syscall().equals(syscall)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * @param function a kernel function name
     * @return whether the step passed through it
     */
    public boolean passesThrough(String function) {
        return calls.passesThrough(function);
    }

    /**
     * The call path (kernel functions only, outermost first) of the last function in the tree that changed
     * something whose path starts with {@code changePrefix}.
     *
     * @param changePrefix e.g. {@code cpu0.live.vs0}
     * @return the path, empty if nothing matched
     */
    public List<String> pathOfChange(String changePrefix) {
        List<String> best = List.of();
        for (List<String> p : CallTrees.pathsWithChange(calls, changePrefix)) {
            best = p;
        }
        return best;
    }
}

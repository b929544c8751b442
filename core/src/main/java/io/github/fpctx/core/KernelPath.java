package io.github.fpctx.core;

import java.util.List;

/**
 * A named, parameterised kernel path an architecture offers beyond {@link Operations}, e.g. PowerPC's
 * {@code io_uring_worker_at_interrupt_return(task)} or x86's {@code exec_preempted_and_migrated}.
 * {@link #bind(List)} turns it into an {@link Action}.
 */
public interface KernelPath {
    /** @return the path's name */
    String name();

    /** @return what it models, naming the kernel functions */
    String description();

    /** @return the names of its parameters, e.g. {@code [task]} or {@code [task, cpu]} */
    List<String> parameters();

    /**
     * Binds the parameters.
     *
     * @param arguments one per parameter, as text (task names, CPU numbers)
     * @return the action
     * @throws IllegalArgumentException if the count or a value is wrong
     */
    Action bind(List<String> arguments);
}

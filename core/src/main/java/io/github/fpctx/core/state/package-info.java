/**
 * Machine state: the immutable, hashable snapshot of a whole machine that kernel paths transform and the explorer
 * stores — {@link io.github.fpctx.core.state.MachineState} with its CPUs (live registers, current task, execution
 * context: preempt/softirq counts, interrupts, held locks) and tasks (saved area, mode, {@code task_cpu}, the
 * oracle of what user space last wrote), each carrying the architecture's typed extension record; the kernel
 * configuration; the specs ({@link io.github.fpctx.core.state.MachineSpec}) users build machines from; and the
 * record of a step's changes ({@link io.github.fpctx.core.state.StateChange}), each with the
 * {@link io.github.fpctx.core.state.Source} of the value written (user space, a save area, a CPU's live registers,
 * the init state, an {@code mffs}/{@code mfvscr} image, a kernel value).
 *
 * <p>May use {@link io.github.fpctx.core.register} and core's internal helpers; it does not depend on kernel
 * tracing, the explorer or the registry (Javadoc links to them aside).
 */
package io.github.fpctx.core.state;

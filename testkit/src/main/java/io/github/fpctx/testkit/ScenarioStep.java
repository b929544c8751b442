package io.github.fpctx.testkit;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.util.Checks;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One step of a {@link Scenario}, typed: what it is ({@link UserWrite}, {@link Preempt}, {@link Resume},
 * {@link Syscall}, ..., or {@link Path} for any architecture-specific {@link Action}) and whom it names. A step is
 * not a second scheduler: when its turn comes it becomes the architecture's own {@link Action}
 * ({@link #action(Architecture, MachineState)}), and the architecture's step engine decides whether it can run,
 * with the engine's reason when it cannot. The step only adds the words for an error message: what it needs
 * ({@link #needs()}) and how a scenario usually gets there ({@link #hint(MachineState)}).
 *
 * <p>To add a kind of step: a record here implementing these methods, a builder method on {@link Scenario} that
 * adds it, and a row in {@code docs/testkit.md}.
 */
public sealed interface ScenarioStep {
    /** @return the task the step names (the one that must be in a given state), if any */
    Optional<String> task();

    /** @return the CPU the step names, if any */
    default OptionalInt cpu() {
        return OptionalInt.empty();
    }

    /**
     * The architecture's action for this step in the state where its turn comes.
     *
     * @param arch  the architecture
     * @param state the state before the step
     * @return the action the engine runs
     */
    Action action(Architecture arch, MachineState state);

    /** @return what the step needs, e.g. {@code task 'a' running in user mode} */
    String needs();

    /**
     * What usually makes the step possible, for a state where the engine refuses it.
     *
     * @param state the state in which it cannot run
     * @return the hint, e.g. {@code resume it first}, or empty
     */
    default Optional<String> hint(MachineState state) {
        return task().filter(t -> state.findTask(t).isPresent() && !state.isRunning(t)).map(t -> "resume it first");
    }

    /** A step of a user task that must be running in user mode. */
    sealed interface OfUserTask extends ScenarioStep {
        /** @return the task */
        String name();

        @Override
        default Optional<String> task() {
            return Optional.of(name());
        }

        @Override
        default String needs() {
            return "task '" + name() + "' running in user mode";
        }

        /**
         * The generic operation of the architecture for the events that carry nothing but the task
         * ({@link Preempt}, {@link Interrupt}, {@link Syscall}, {@link Signal}, {@link Exec}); steps with more to say
         * override it.
         */
        @Override
        default Action action(Architecture arch, MachineState state) {
            Operations ops = arch.operations();
            if (this instanceof Preempt) {
                return ops.preempt(name());
            }
            if (this instanceof Interrupt) {
                return ops.interrupt(name());
            }
            if (this instanceof Syscall) {
                return ops.syscall(name());
            }
            if (this instanceof Signal) {
                return ops.signal(name());
            }
            if (this instanceof Exec) {
                return ops.exec(name());
            }
            throw new IllegalStateException("Step " + this + " must say which action it is");
        }
    }

    /**
     * User space writes a register ({@link io.github.fpctx.core.Operations#userWrite}).
     *
     * @param name     the task
     * @param register a register, view or alias
     * @param value    a value of its width
     */
    record UserWrite(String name, String register, BitVector value) implements OfUserTask {
        /**
         * @param name     not blank
         * @param register not null
         * @param value    not null
         */
        public UserWrite {
            Checks.name(name, "Task name");
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return arch.operations().userWrite(name, register, value);
        }
    }

    /**
     * User space changes one control field: a read-modify-write of the field layout's register, which becomes the
     * architecture's own register write of the new image when the step's turn comes.
     *
     * @param name          the task
     * @param fieldRegister a field layout, e.g. {@code FPSCR}
     * @param field         one of its fields
     * @param value         the field's new value
     */
    record UserWriteField(String name, String fieldRegister, String field, long value) implements OfUserTask {
        /**
         * @param name          not blank
         * @param fieldRegister not null
         * @param field         not null
         * @param value         the value
         */
        public UserWriteField {
            Checks.name(name, "Task name");
            Objects.requireNonNull(fieldRegister, "fieldRegister");
            Objects.requireNonNull(field, "field");
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            FieldLayout fl = arch.fieldLayout(fieldRegister);
            BitField f = fl.field(field);
            Register r = Scenario.controlRegister(arch, fl);
            TaskState t = state.task(name);
            long now = arch.engine().userView(state, t).getLong(r);
            long next = FieldRegister.of(fl, now & fl.writableMask()).with(f, value).bits() | (now & ~fl.writableMask());
            Action write = arch.operations().userWrite(name, r.name(), BitVector.of(r.width(), next));
            return Action.of(name + ": user writes " + fl.name() + "." + f.name() + " = " + f.nameOf(value).orElse(Long.toString(value)),
                    write::isEnabled, write::whyDisabled, write::apply);
        }
    }

    /**
     * User space reads a register; the value lands in {@link ScenarioResult#observations()}. Its guard is the
     * task being in user mode ({@link MachineState#isInUserMode(String)}); it changes nothing.
     *
     * @param name     the task
     * @param register a register, view or alias
     */
    record UserRead(String name, String register) implements OfUserTask {
        /**
         * @param name     not blank
         * @param register not null
         */
        public UserRead {
            Checks.name(name, "Task name");
            Objects.requireNonNull(register, "register");
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return Action.forUserTask(name + ": user reads " + register, name, ctx ->
                    ctx.note(() -> "reads " + register + " = " + ctx.architecture().engine().userView(ctx.state(), ctx.state().task(name)).get(register)));
        }
    }

    /**
     * A timer interrupt preempts the task; its CPU goes idle.
     *
     * @param name the task
     */
    record Preempt(String name) implements OfUserTask {
        /** @param name not blank */
        public Preempt {
            Checks.name(name, "Task name");
        }
    }

    /**
     * The scheduler switches a task in on an idle CPU.
     *
     * @param name  the task
     * @param onCpu the CPU
     */
    record Resume(String name, int onCpu) implements ScenarioStep {
        /**
         * @param name  not blank
         * @param onCpu 0 or more
         */
        public Resume {
            Checks.name(name, "Task name");
            Checks.range("CPU", onCpu, 0, Integer.MAX_VALUE);
        }

        @Override
        public Optional<String> task() {
            return Optional.of(name);
        }

        @Override
        public OptionalInt cpu() {
            return OptionalInt.of(onCpu);
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return arch.operations().resume(name, onCpu);
        }

        @Override
        public String needs() {
            return "task '" + name + "' not running and CPU " + onCpu + " idle";
        }

        @Override
        public Optional<String> hint(MachineState state) {
            if (state.isRunning(name)) {
                return Optional.of("preempt it first");
            }
            return onCpu < state.cpus().size() ? state.cpu(onCpu).current().map(o -> "preempt '" + o + "' first") : Optional.empty();
        }
    }

    /**
     * An interrupt or IPI taken in user mode and returned from.
     *
     * @param name the task
     */
    record Interrupt(String name) implements OfUserTask {
        /** @param name not blank */
        public Interrupt {
            Checks.name(name, "Task name");
        }
    }

    /**
     * A null syscall and its return.
     *
     * @param name the task
     */
    record Syscall(String name) implements OfUserTask {
        /** @param name not blank */
        public Syscall {
            Checks.name(name, "Task name");
        }
    }

    /**
     * A signal delivered, handled and returned from.
     *
     * @param name the task
     */
    record Signal(String name) implements OfUserTask {
        /** @param name not blank */
        public Signal {
            Checks.name(name, "Task name");
        }
    }

    /**
     * {@code fork()}, or with {@code thread} a {@code clone(CLONE_VM | CLONE_THREAD | ...)} as {@code pthread_create}
     * does; either way the new task is left runnable on the creator's CPU.
     *
     * @param name   the creating task
     * @param child  the new task's name, new in the machine
     * @param thread whether it is a thread clone rather than a fork
     */
    record Fork(String name, String child, boolean thread) implements OfUserTask {
        /**
         * @param name   not blank
         * @param child  not blank
         * @param thread fork or thread clone
         */
        public Fork {
            Checks.name(name, "Task name");
            Checks.name(child, thread ? "Thread name" : "Child task name");
        }

        /**
         * A {@code fork()}.
         *
         * @param name  the parent
         * @param child the child's name
         */
        public Fork(String name, String child) {
            this(name, child, false);
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return thread ? arch.operations().cloneThread(name, child) : arch.operations().fork(name, child);
        }

        @Override
        public String needs() {
            return "task '" + name + "' running in user mode and no task named '" + child + "'";
        }

        @Override
        public Optional<String> hint(MachineState state) {
            return state.findTask(child).isPresent() ? Optional.of(thread ? "name the thread differently" : "name the child differently")
                    : OfUserTask.super.hint(state);
        }
    }

    /**
     * {@code execve()}.
     *
     * @param name the task
     */
    record Exec(String name) implements OfUserTask {
        /** @param name not blank */
        public Exec {
            Checks.name(name, "Task name");
        }
    }

    /**
     * The kernel uses FP/vector registers on a CPU.
     *
     * @param onCpu the CPU
     */
    record KernelFpUse(int onCpu) implements ScenarioStep {
        /** @param onCpu 0 or more */
        public KernelFpUse {
            Checks.range("CPU", onCpu, 0, Integer.MAX_VALUE);
        }

        @Override
        public Optional<String> task() {
            return Optional.empty();
        }

        @Override
        public OptionalInt cpu() {
            return OptionalInt.of(onCpu);
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return arch.operations().kernelFpUse(onCpu);
        }

        @Override
        public String needs() {
            return "CPU " + onCpu + " able to use FP in the kernel";
        }
    }

    /**
     * Any action: an architecture's own kernel path ({@code PowerPcPaths.ioUringWorkerAtInterruptReturn("t")}), or a
     * named {@link io.github.fpctx.core.KernelPath} bound to arguments.
     *
     * @param path the action
     */
    record Path(Action path) implements ScenarioStep {
        /** @param path not null */
        public Path {
            Objects.requireNonNull(path, "action");
        }

        @Override
        public Optional<String> task() {
            return Optional.empty();
        }

        @Override
        public Action action(Architecture arch, MachineState state) {
            return path;
        }

        @Override
        public String needs() {
            return "a state in which '" + path.label() + "' is enabled";
        }

        @Override
        public Optional<String> hint(MachineState state) {
            return Optional.empty();
        }
    }
}

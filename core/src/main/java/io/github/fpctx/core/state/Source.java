package io.github.fpctx.core.state;

import io.github.fpctx.core.util.Checks;

import java.util.Optional;

/**
 * Where a value a kernel path writes came from: user space, a task's save area, a CPU's live registers, the init
 * state, the image of a control register that a move-from instruction leaves in a data register ({@code mffs},
 * {@code mfvscr}), or a value the kernel makes up itself. Kernel paths say it when they update the state
 * ({@link io.github.fpctx.core.KernelContext#update(MachineState, Source)}); every {@link StateChange} of a traced
 * step carries it, so a wrong register value can be followed back, change by change, to where it was born.
 *
 * <pre>{@code
 * static final Source MFFS = Source.image("FPSCR", "mffs");
 * ctx.update(s.withCpu(s.cpu(cpu).withLive(clobbered)), MFFS);                 // save_fpu's fr0
 * ctx.update(s.withCpu(s.cpu(cpu).withLive(t.saved())), ctx.saveArea(task));   // a restore
 * }</pre>
 *
 * <p>The sources that copy registers ({@link SaveArea}, {@link LiveRegisters}) name their {@link #location()}, the
 * state path the value was read from (the same register there), which is the link to the previous change.
 *
 * <p>The set of sources is closed so that tools (the testkit's explanations, timelines) can treat every case; a
 * kernel value that fits none of them is a {@link KernelValue} with a description.
 *
 * @implSpec Every implementation is an immutable record and thread-safe.
 */
public sealed interface Source {
    /** @return the source in words, e.g. {@code the FPSCR image (mffs)}, {@code task 'T''s save area} */
    String describe();

    /**
     * The state path the value was copied from, in {@link StateChange#path()} form without the register name:
     * {@code cpu0.live}, {@code task T.saved}.
     *
     * @return the path, or empty for a source that is not a copy of other registers
     */
    default Optional<String> location() {
        return Optional.empty();
    }

    /** @return whether a kernel path said where the value came from */
    default boolean isAttributed() {
        return true;
    }

    /**
     * User space of a task wrote the value (a register write, {@code ldmxcsr}, {@code mtfsf}).
     *
     * @param task the task
     */
    record UserSpace(String task) implements Source {
        /** @param task the task; not blank */
        public UserSpace {
            Checks.name(task, "Task name");
        }

        @Override
        public String describe() {
            return "user space of task '" + task + "'";
        }
    }

    /**
     * Loaded from a task's save area ({@code thread.fp_state}, {@code fpu->fpstate}, {@code thread.uw.fpsimd_state}).
     *
     * @param task the task whose save area it is
     */
    record SaveArea(String task) implements Source {
        /** @param task the task; not blank */
        public SaveArea {
            Checks.name(task, "Task name");
        }

        @Override
        public String describe() {
            return "task '" + task + "''s save area";
        }

        @Override
        public Optional<String> location() {
            return Optional.of("task " + task + ".saved");
        }
    }

    /**
     * Stored from a CPU's live registers (a save: {@code save_fpu}, {@code save_fpregs_to_fpstate}).
     *
     * @param cpu the CPU
     */
    record LiveRegisters(int cpu) implements Source {
        /** @param cpu the CPU, 0 or more */
        public LiveRegisters {
            Checks.range("CPU", cpu, 0, Integer.MAX_VALUE);
        }

        @Override
        public String describe() {
            return "CPU " + cpu + "'s live registers";
        }

        @Override
        public Optional<String> location() {
            return Optional.of("cpu" + cpu + ".live");
        }
    }

    /** The architecture's init state: what {@code execve} gives a new program. */
    record InitState() implements Source {
        @Override
        public String describe() {
            return "the init state";
        }
    }

    /**
     * The image of a control register that a move-from instruction writes into a data register ({@code mffs}
     * puts the FPSCR into fr0, {@code mfvscr} the VSCR into v0).
     *
     * @param register    the control register, e.g. {@code FPSCR}
     * @param instruction the instruction, e.g. {@code mffs}
     */
    record Image(String register, String instruction) implements Source {
        /**
         * @param register    not blank
         * @param instruction not blank
         */
        public Image {
            Checks.name(register, "Control register");
            Checks.name(instruction, "Instruction");
        }

        @Override
        public String describe() {
            return "the " + register + " image (" + instruction + ")";
        }
    }

    /**
     * A value the kernel makes up itself or takes from memory the model does not hold as registers: what kernel FP
     * code leaves behind, a signal frame, a KVM guest's registers, a field's reset value.
     *
     * @param what the value in words, e.g. {@code kernel FP code's scratch value}
     */
    record KernelValue(String what) implements Source {
        /** @param what not blank */
        public KernelValue {
            Checks.name(what, "Kernel value");
        }

        @Override
        public String describe() {
            return what;
        }
    }

    /** No kernel path said where the value came from (also every change {@link MachineState#diff} lists by itself). */
    record Unattributed() implements Source {
        @Override
        public String describe() {
            return "not recorded";
        }

        @Override
        public boolean isAttributed() {
            return false;
        }
    }

    /** The init state. */
    Source INIT_STATE = new InitState();

    /** No source recorded. */
    Source UNATTRIBUTED = new Unattributed();

    /**
     * @param task the task
     * @return user space of that task
     */
    static Source userSpace(String task) {
        return new UserSpace(task);
    }

    /**
     * @param task the task
     * @return that task's save area
     */
    static Source saveArea(String task) {
        return new SaveArea(task);
    }

    /**
     * A CPU's live registers; the instances for CPUs 0 to 63 are shared, so asking costs no allocation.
     *
     * @param cpu the CPU, 0 or more
     * @return its live registers
     */
    static Source live(int cpu) {
        return cpu >= 0 && cpu < Shared.LIVE.length ? Shared.LIVE[cpu] : new LiveRegisters(cpu);
    }

    /**
     * @param register    the control register, e.g. {@code FPSCR}
     * @param instruction the move-from instruction, e.g. {@code mffs}
     * @return the image source
     */
    static Source image(String register, String instruction) {
        return new Image(register, instruction);
    }

    /**
     * @param what the value in words
     * @return a kernel-made value
     */
    static Source kernelValue(String what) {
        return new KernelValue(what);
    }
}

/** Shared instances of {@link Source}. */
final class Shared {
    static final Source[] LIVE = new Source[64];

    static {
        for (int i = 0; i < LIVE.length; i++) {
            LIVE[i] = new Source.LiveRegisters(i);
        }
    }

    private Shared() {
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Trace;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says where a wrong register value came from, by searching a trace's states: another task's register, the same
 * task's earlier value (the pre-exec program's, or a stale one), a control register's image (the FPSCR image
 * {@code mffs} writes into fr0, the VSCR image {@code mfvscr} writes into v0), the init state, or a CPU's live
 * registers.
 */
public final class Provenance {
    private Provenance() {
    }

    /**
     * Explains a value.
     *
     * @param arch     the architecture
     * @param trace    the run
     * @param task     the task that sees the wrong value
     * @param register the register (name, view or alias) it is wrong in
     * @param actual   the wrong value
     * @param expected the right value
     * @return a sentence starting with "equal to", if an origin was found
     */
    public static Optional<String> explain(Architecture arch, Trace trace, String task, String register, BitVector actual,
                                           BitVector expected) {
        if (actual.equals(expected)) {
            return Optional.empty();
        }
        Register reg = arch.layout().register(register);
        List<MachineState> states = trace.states();
        boolean nonZero = !actual.isZero();
        // 1. another task's register (what it wrote)
        if (nonZero) {
            for (int i = states.size() - 1; i >= 0; i--) {
                for (TaskState u : states.get(i).tasks()) {
                    if (u.name().equals(task) || !u.isUser()) {
                        continue;
                    }
                    for (Register r : candidates(arch, reg)) {
                        if (u.oracle().get(r).equals(actual)) {
                            return Optional.of("equal to task '" + u.name() + "''s " + r.name() + " (what it wrote, as of "
                                    + at(i) + "): another task's register");
                        }
                    }
                }
            }
        }
        // 2. the same task's earlier value
        for (int i = states.size() - 2; i >= 0; i--) {
            Optional<TaskState> t = states.get(i).findTask(task);
            if (t.isEmpty() || !t.get().isUser() || !t.get().oracle().get(reg).equals(actual)) {
                continue;
            }
            Step changed = trace.steps().get(i); // the step after state i changed it
            boolean exec = changed.label().contains("exec") || changed.passesThrough("do_execve") || changed.passesThrough("begin_new_exec");
            return Optional.of(exec
                    ? "equal to the pre-exec program's " + reg.name() + " (what task '" + task + "' had written before step "
                    + changed.index() + ", " + changed.label() + ")"
                    : "equal to what task '" + task + "' had in " + reg.name() + " before step " + changed.index() + " ("
                    + changed.label() + "): a stale value");
        }
        // 3. a control register's image
        if (nonZero) {
            for (FieldLayout fl : arch.fieldLayouts()) {
                Optional<Register> c = arch.layout().find(fl.name().toLowerCase(Locale.ROOT));
                if (c.isEmpty() || c.get().width() > reg.width()) {
                    continue;
                }
                for (int i = states.size() - 1; i >= 0; i--) {
                    MachineState s = states.get(i);
                    for (TaskState u : s.tasks()) {
                        if (u.isUser() && containsImage(actual, arch.engine().userView(s, u).get(c.get()))) {
                            return Optional.of("equal to the " + fl.name() + " image (" + c.get().name() + " = "
                                    + arch.engine().userView(s, u).get(c.get()) + " as task '" + u.name() + "' saw it " + at(i)
                                    + "), as a move-from-" + fl.name() + " instruction writes it");
                        }
                    }
                    for (CpuState cpu : s.cpus()) {
                        if (containsImage(actual, cpu.live().get(c.get()))) {
                            return Optional.of("equal to the " + fl.name() + " image (" + c.get().name() + " live on CPU "
                                    + cpu.id() + " " + at(i) + ")");
                        }
                    }
                }
            }
        }
        // 4. the init state
        if (arch.machines().initRegisters(trace.initial().config()).get(reg).equals(actual)) {
            return Optional.of("equal to the init state (what exec loads)");
        }
        // 5. a CPU's live registers: where the value first appeared, other than the task's own CPU at the end
        if (nonZero) {
            int own = states.get(states.size() - 1).findTask(task).map(TaskState::cpu).orElse(-1);
            for (int i = 0; i < states.size(); i++) {
                for (CpuState cpu : states.get(i).cpus()) {
                    if (cpu.id() == own) {
                        continue;
                    }
                    for (Register r : candidates(arch, reg)) {
                        if (cpu.live().get(r).equals(actual)) {
                            return Optional.of("equal to " + r.name() + " live on CPU " + cpu.id() + " " + at(i));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<Register> candidates(Architecture arch, Register reg) {
        List<Register> same = new java.util.ArrayList<>();
        same.add(reg);
        for (Register r : arch.layout().allRegisters()) {
            if (r.width() == reg.width() && !r.name().equals(reg.name())) {
                same.add(r);
            }
        }
        return same;
    }

    private static boolean containsImage(BitVector value, BitVector image) {
        if (image.isZero() || image.width() > value.width()) {
            return false;
        }
        for (int lsb = 0; lsb + image.width() <= value.width(); lsb += image.width()) {
            if (value.slice(lsb, image.width()).equals(image)) {
                return true;
            }
        }
        return false;
    }

    private static String at(int stateIndex) {
        return stateIndex == 0 ? "initially" : "after step " + stateIndex;
    }
}

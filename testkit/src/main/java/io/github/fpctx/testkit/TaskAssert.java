package io.github.fpctx.testkit;

import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.testkit.internal.Provenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assertions on what one user task sees of its registers (the architecture's user view: the live registers where
 * its state is live, otherwise what the kernel would load); obtained from {@link ScenarioAssert#task(String)}.
 */
public final class TaskAssert {
    private final ScenarioAssert parent;
    private final ScenarioResult result;
    private final String task;
    private final int step;

    TaskAssert(ScenarioAssert parent, ScenarioResult result, String task, int step) {
        this.parent = parent;
        this.result = result;
        this.task = task;
        this.step = step;
    }

    /** @return the assertions on the whole result, to continue a chain */
    public ScenarioAssert and() {
        return parent;
    }

    private RegisterFile view() {
        return result.userView(task, step);
    }

    private String where() {
        MachineState s = result.stateAfter(step);
        TaskState t = s.task(task);
        String when = step == result.steps().size() ? "" : " after step " + step;
        if (s.isRunning(task) && t.mode() == TaskMode.USER) {
            return "Task '" + task + "' " + (step == 0 ? "runs" : "resumed") + " in user mode on CPU " + t.cpu() + when;
        }
        return "Task '" + task + "' (" + (s.isRunning(task) ? "in the kernel" : "not running") + ", task_cpu " + t.cpu() + ")" + when;
    }

    /**
     * The task sees a register value.
     *
     * @param register a register, view or alias
     * @param expected the value it should see
     * @return this
     */
    public TaskAssert sees(String register, BitVector expected) {
        return sees(Map.of(register, expected));
    }

    /**
     * The task sees a register value (registers of at most 64 bits).
     *
     * @param register a register of at most 64 bits
     * @param expected the value
     * @return this
     */
    public TaskAssert sees(String register, long expected) {
        return sees(register, BitVector.of(result.architecture().layout().register(register).width(), expected));
    }

    /**
     * The task sees several register values; a failure lists every one that differs.
     *
     * @param expected register names to values
     * @return this
     */
    public TaskAssert sees(Map<String, BitVector> expected) {
        RegisterFile v = view();
        Map<String, BitVector> want = new LinkedHashMap<>();
        Map<String, BitVector> got = new LinkedHashMap<>();
        for (Map.Entry<String, BitVector> e : expected.entrySet()) {
            Register r = result.architecture().layout().register(e.getKey());
            r.check(e.getValue());
            if (!v.get(r).equals(e.getValue())) {
                want.put(e.getKey(), e.getValue());
                got.put(e.getKey(), v.get(r));
            }
        }
        if (!want.isEmpty()) {
            failDiff(want, got, "");
        }
        return this;
    }

    /**
     * The task sees exactly what it last wrote (its oracle), in every register.
     *
     * @return this
     */
    public TaskAssert seesWhatItWrote() {
        TaskState t = result.stateAfter(step).task(task);
        return seesFile(t.oracle(), "what it last wrote");
    }

    /**
     * The task sees the architecture's init state (after {@code exec}).
     *
     * @return this
     */
    public TaskAssert seesInitState() {
        return seesFile(result.architecture().machines().initRegisters(result.initialState().config()), "the init state");
    }

    private TaskAssert seesFile(RegisterFile expected, String what) {
        List<RegisterDiff> d = expected.diff(view());
        if (!d.isEmpty()) {
            Map<String, BitVector> want = new LinkedHashMap<>();
            Map<String, BitVector> got = new LinkedHashMap<>();
            for (RegisterDiff x : d) {
                want.put(x.register(), x.before());
                got.put(x.register(), x.after());
            }
            failDiff(want, got, " (expected " + what + ")");
        }
        return this;
    }

    /**
     * The task sees a control field value, e.g. {@code seesField("FPSCR", "RN", 1)}, or a field of a register the
     * kernel keeps per task outside the layout, e.g. {@code seesField("MSR", "FE0", 1)} (PowerPC's user MSR).
     *
     * @param fieldRegister a field layout the architecture declares whose register is in the layout or kept per
     *                      task ({@code StepEngine.taskFieldRegister})
     * @param field         a field of it
     * @param expected      the value
     * @return this
     */
    public TaskAssert seesField(String fieldRegister, String field, long expected) {
        FieldLayout fl = result.architecture().fieldLayout(fieldRegister);
        BitField f = fl.field(field);
        MachineState s = result.stateAfter(step);
        Optional<FieldRegister> perTask = result.architecture().engine().taskFieldRegister(s, s.task(task), fl);
        Register r = perTask.isPresent() ? null : Scenario.controlRegister(result.architecture(), fl);
        long image = perTask.map(FieldRegister::bits).orElseGet(() -> view().getLong(r));
        long actual = f.extract(image);
        if (actual != expected) {
            String exp = f.nameOf(expected).map(n -> expected + " (" + n + ")").orElse(Long.toString(expected));
            String act = f.nameOf(actual).map(n -> actual + " (" + n + ")").orElse(Long.toString(actual));
            String reg = r == null || (image & fl.reservedMask()) == 0 ? FieldRegister.of(fl, image).toString()
                    : r.name() + " = " + view().get(r);
            ScenarioAssert.fail(where() + " with " + fl.name() + "." + f.name() + " changed (" + reg + ")", exp, act, result);
        }
        return this;
    }

    private void failDiff(Map<String, BitVector> want, Map<String, BitVector> got, String what) {
        RegisterFile v = view();
        TaskState t = result.stateAfter(step).task(task);
        StringBuilder sb = new StringBuilder(where()).append(" with ").append(String.join(", ", want.keySet())).append(" changed").append(what);
        // every register that differs from what the task last wrote, beyond those asserted
        List<String> extra = new ArrayList<>();
        for (RegisterDiff d : t.oracle().diff(v)) {
            if (!want.containsKey(d.register())) {
                extra.add(d.register() + ": wrote " + d.before() + ", sees " + d.after());
            }
        }
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        List<String> origins = new ArrayList<>();
        for (String r : want.keySet()) {
            if (want.size() > 1) {
                expected.append(r).append(" = ");
                actual.append(r).append(" = ");
            }
            expected.append(want.get(r)).append(want.size() > 1 ? "\n" : "");
            actual.append(got.get(r)).append(want.size() > 1 ? "\n" : "");
            Optional<String> o = Provenance.explain(result.architecture(), result.trace().steps().isEmpty() || step == result.steps().size()
                    ? result.trace() : new io.github.fpctx.core.Trace(result.initialState(), result.steps().subList(0, step), List.of()),
                    task, r, got.get(r), want.get(r));
            o.ifPresent(origins::add);
        }
        String exp = expected.toString().strip();
        String act = actual.toString().strip();
        StringBuilder msg = new StringBuilder(sb).append('\n');
        msg.append("expected: ").append(exp.contains("\n") ? "\n" + exp : exp).append('\n');
        msg.append(" but was: ").append(act.contains("\n") ? "\n" + act : act).append('\n');
        if (!extra.isEmpty()) {
            msg.append("Also differing from what the task last wrote:\n");
            extra.forEach(e -> msg.append("  ").append(e).append('\n'));
        }
        for (String o : origins) {
            msg.append("Where it came from: ").append(o).append('\n');
        }
        msg.append(io.github.fpctx.testkit.internal.FailureReports.write(sb.toString(), result.trace())).append('\n');
        msg.append(result.render());
        throw org.junit.jupiter.api.AssertionFailureBuilder.assertionFailure()
                .message(msg.toString())
                .expected(exp)
                .actual(act)
                .includeValuesInMessage(false)
                .build();
    }
}

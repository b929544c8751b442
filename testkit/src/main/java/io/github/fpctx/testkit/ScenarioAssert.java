package io.github.fpctx.testkit;

import io.github.fpctx.core.SyscallResult;
import io.github.fpctx.core.Violation;
import io.github.fpctx.testkit.internal.FailureReports;
import org.junit.jupiter.api.AssertionFailureBuilder;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Assertions on a {@link ScenarioResult}; obtained from {@link FpAssertions#assertThat(ScenarioResult)}. Each
 * returns this object (or a narrower one) so assertions chain.
 */
public final class ScenarioAssert {
    private final ScenarioResult result;

    ScenarioAssert(ScenarioResult result) {
        this.result = result;
    }

    /** @return the result under test */
    public ScenarioResult result() {
        return result;
    }

    /**
     * Fails with expected and actual values an IDE can diff; with a result, also writes its HTML timeline to
     * {@code target/fpctx-reports/<test>.html} and names it in the message, before the text timeline.
     */
    static void fail(String message, Object expected, Object actual, ScenarioResult result) {
        String report = result == null ? "" : FailureReports.write(message, result.trace()) + "\n";
        throw AssertionFailureBuilder.assertionFailure()
                .message(message + "\n" + "expected: " + expected + "\n but was: " + actual + "\n" + report
                        + (result == null ? "" : result.render()))
                .expected(expected)
                .actual(actual)
                .includeValuesInMessage(false)
                .build();
    }

    /** Fails an exploration assertion, writing the exploration's page (statistics chart, counterexample). */
    static void fail(String message, Object expected, Object actual, ExplorationReport report) {
        throw AssertionFailureBuilder.assertionFailure()
                .message(message + "\n" + "expected: " + expected + "\n but was: " + actual + "\n" + FailureReports.write(message, report)
                        + "\n" + report.counterexample().map(ScenarioResult::render).orElse(""))
                .expected(expected)
                .actual(actual)
                .includeValuesInMessage(false)
                .build();
    }

    private static String lines(List<Violation> vs) {
        return vs.stream().map(v -> "step " + v.step() + " " + Timeline.violation(v)).collect(Collectors.joining("\n"));
    }

    /**
     * No invariant was violated at any step.
     *
     * @return this
     */
    public ScenarioAssert isClean() {
        if (!result.isClean()) {
            List<Violation> vs = result.violations();
            fail(vs.size() + " invariant violation" + (vs.size() == 1 ? "" : "s") + " in " + result.architecture().id()
                    + ": " + Timeline.violation(vs.get(0)), "no violations", lines(vs), result);
        }
        return this;
    }

    /**
     * Same as {@link #isClean()}.
     *
     * @return this
     */
    public ScenarioAssert hasNoViolations() {
        return isClean();
    }

    /**
     * Some step violated an invariant.
     *
     * @param invariant an invariant id, e.g. {@code user-registers-intact}
     * @return this
     */
    public ScenarioAssert hasViolation(String invariant) {
        if (result.violations(invariant).isEmpty()) {
            fail("Expected a violation of " + invariant + "; " + (result.isClean() ? "the run is clean"
                    : "found only others"), "[" + invariant + "]", result.isClean() ? "no violations" : lines(result.violations()), result);
        }
        return this;
    }

    /**
     * Some step violated an invariant at a register or field.
     *
     * @param invariant an invariant id
     * @param subject   the register or field, e.g. {@code vs0} or {@code MSR.FE0}
     * @return this
     */
    public ScenarioAssert hasViolation(String invariant, String subject) {
        List<Violation> of = result.violations(invariant);
        if (of.stream().noneMatch(v -> v.subject().filter(subject::equals).isPresent())) {
            fail("Expected a violation of " + invariant + " at " + subject + "; " + (of.isEmpty() ? "found none of " + invariant
                    : "found it at " + of.stream().map(v -> v.subject().orElse("(no subject)")).distinct().toList()),
                    "[" + invariant + "] at " + subject, result.isClean() ? "no violations" : lines(result.violations()), result);
        }
        return this;
    }

    /**
     * No step violated an invariant.
     *
     * @param invariant an invariant id
     * @return this
     */
    public ScenarioAssert hasNoViolation(String invariant) {
        List<Violation> of = result.violations(invariant);
        if (!of.isEmpty()) {
            fail("Expected no violation of " + invariant + "; found " + of.size(), "no violations of " + invariant, lines(of), result);
        }
        return this;
    }

    /**
     * The last {@code syscall} of {@code task} in the run returned {@code value} (0 or more).
     *
     * @param task    a task
     * @param syscall the call as the model names it, e.g. {@code prctl(PR_SET_FPEXC)}
     * @param value   the expected return value
     * @return this
     */
    public ScenarioAssert returned(String task, String syscall, long value) {
        SyscallResult r = lastSyscall(task, syscall);
        if (r.isError() || r.value() != value) {
            fail(task + ": " + syscall + " returned " + r, syscall + " = " + value, r.toString(), result);
        }
        return this;
    }

    /**
     * The last {@code syscall} of {@code task} in the run failed with {@code errno}.
     *
     * @param task    a task
     * @param syscall the call as the model names it
     * @param errno   the expected error, e.g. {@code EINVAL}
     * @return this
     */
    public ScenarioAssert failedWith(String task, String syscall, String errno) {
        SyscallResult r = lastSyscall(task, syscall);
        if (!r.errno().equals(Optional.of(errno))) {
            fail(task + ": " + syscall + " returned " + r, syscall + " = -" + errno, r.toString(), result);
        }
        return this;
    }

    private SyscallResult lastSyscall(String task, String syscall) {
        List<SyscallResult> all = result.syscallResults();
        SyscallResult found = null;
        for (SyscallResult r : all) {
            if (r.task().equals(task) && r.syscall().equals(syscall)) {
                found = r;
            }
        }
        if (found == null) {
            fail("Task '" + task + "' made no " + syscall + "; its syscalls: "
                    + all.stream().filter(r -> r.task().equals(task)).map(SyscallResult::syscall).distinct().toList(),
                    syscall, "not called", result);
        }
        return found;
    }

    /**
     * Some step passed through a kernel function.
     *
     * @param function a kernel function name, e.g. {@code save_fpu}
     * @return this
     */
    public ScenarioAssert passesThrough(String function) {
        if (!result.passesThrough(function)) {
            fail("Expected the trace to pass through " + function + "; it does not", function, "not called", result);
        }
        return this;
    }

    /**
     * No step passed through a kernel function.
     *
     * @param function a kernel function name
     * @return this
     */
    public ScenarioAssert doesNotPassThrough(String function) {
        List<Integer> at = result.steps().stream().filter(s -> s.passesThrough(function)).map(s -> s.index()).toList();
        if (!at.isEmpty()) {
            fail("Expected the trace not to pass through " + function + "; steps " + at + " do", "not called",
                    function + " at steps " + at, result);
        }
        return this;
    }

    /**
     * Assertions on one task at the end of the run.
     *
     * @param name a user task of the final state
     * @return the task's assertions
     */
    public TaskAssert task(String name) {
        return task(name, result.steps().size());
    }

    /**
     * Assertions on one task after a step.
     *
     * @param name a user task existing then
     * @param step 0 (initial state) to the number of steps
     * @return the task's assertions
     */
    public TaskAssert task(String name, int step) {
        result.userView(name, step);
        return new TaskAssert(this, result, name, step);
    }
}

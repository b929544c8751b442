package io.github.fpctx.core;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A property checked after every step. Generic ones are in {@link CoreInvariants}; architectures add their own
 * (PowerPC's "FE0/FE1 clear when MSR_FP is off", x86's {@code fpregs_assert_state_consistent}).
 */
public interface Invariant {
    /** @return a short id, e.g. {@code user-registers-intact} */
    String id();

    /** @return what it checks, in one sentence */
    String description();

    /**
     * Checks the state after a step.
     *
     * @param step         the step (its {@link Step#after()} is the state to check; {@link Step#before()} is there
     *                     for properties of the transition)
     * @param architecture the architecture
     * @return the violations, empty if it holds; the step number in them is filled in by the caller
     */
    List<Violation> check(Step step, Architecture architecture);

    /**
     * An invariant from parts.
     *
     * @param id          its id
     * @param description what it checks
     * @param check       the check
     * @return the invariant
     */
    static Invariant of(String id, String description, BiFunction<Step, Architecture, List<Violation>> check) {
        Checks.name(id, "Invariant id");
        Objects.requireNonNull(check, "check");
        return new Invariant() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Violation> check(Step step, Architecture architecture) {
                return check.apply(step, architecture);
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}

package io.github.fpctx.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Violation}: its one-line rendering, {@code atStep} and {@code append}. */
class ViolationTest {
    static Violation full() {
        return new Violation("user-registers-intact", 3, List.of("__switch_to", "save_fpu"), Optional.of("a"),
                OptionalInt.of(1), Optional.of("v0"), Optional.of("0x7"), Optional.of("0x5"), "v0 changed");
    }

    @Test
    void rendersEveryPartThatIsPresent() {
        assertEquals("[user-registers-intact] step 3, task 'a', CPU 1, v0: v0 changed (expected 0x7, was 0x5)",
                full().toString());
    }

    @Test
    void leavesOutAbsentPartsAndMarksAMissingValue() {
        Violation bare = new Violation("no-kernel-warning", 2, List.of(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "WARNING: x");
        assertEquals("[no-kernel-warning] step 2: WARNING: x", bare.toString());
        Violation onlyExpected = new Violation("i", 0, List.of(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.of("IDLE"), Optional.empty(), "m");
        assertEquals("[i] step 0: m (expected IDLE, was ?)", onlyExpected.toString());
        Violation onlyActual = new Violation("i", 0, List.of(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.of("irqs_off"), "m");
        assertEquals("[i] step 0: m (expected ?, was irqs_off)", onlyActual.toString());
    }

    @Test
    void atStepChangesOnlyTheStep() {
        Violation v = full().atStep(9);
        assertEquals(9, v.step());
        assertEquals(full(), v.atStep(3));
    }

    @Test
    void appendMakesTheListOnTheFirstViolationAndGrowsItAfterwards() {
        List<Violation> out = Violation.append(List.of(), full());
        assertEquals(List.of(full()), out);
        List<Violation> again = Violation.append(out, full().atStep(4));
        assertSame(out, again);
        assertEquals(List.of(full(), full().atStep(4)), again);
        assertThrows(NullPointerException.class, () -> Violation.append(new ArrayList<>(), null));
    }

    @Test
    void copiesTheCallPath() {
        List<String> path = new ArrayList<>(List.of("giveup_all"));
        Violation v = new Violation("i", 0, path, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "m");
        path.add("later");
        assertEquals(List.of("giveup_all"), v.callPath());
    }
}

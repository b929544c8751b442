package io.github.fpctx.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Invariant#of}: the parts it is built from come back, and bad parts are refused. */
class InvariantTest {
    @Test
    void anInvariantFromPartsHasThemAndRunsItsCheck() {
        Violation v = new Violation("fe-clear", 0, List.of(), Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "FE0 set with MSR_FP off");
        Invariant i = Invariant.of("fe-clear", "FE0/FE1 clear when MSR_FP is off", (step, arch) -> List.of(v));
        assertEquals("fe-clear", i.id());
        assertEquals("FE0/FE1 clear when MSR_FP is off", i.description());
        assertEquals("fe-clear", i.toString());
        assertEquals(List.of(v), i.check(null, null));
    }

    @Test
    void refusesABlankIdAndAMissingCheck() {
        assertEquals("Invariant id must be a non-blank name; got ' '",
                assertThrows(IllegalArgumentException.class, () -> Invariant.of(" ", "d", (s, a) -> List.of())).getMessage());
        assertThrows(NullPointerException.class, () -> Invariant.of("x", "d", null));
    }

    @Test
    void theCoreInvariantsHaveTheirIdsInCheckingOrder() {
        assertEquals(List.of("user-registers-intact", "no-sleep-in-atomic", "no-kernel-warning", "balanced-at-user-return"),
                CoreInvariants.all().stream().map(Invariant::id).toList());
        assertEquals("No WARN_ON or BUG_ON fires", CoreInvariants.NO_KERNEL_WARNING.description());
    }
}

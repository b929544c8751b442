package io.github.fpctx.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KernelPath#of} and {@link KernelPath#intArgument}: binding checks the count and parses numbers. */
class KernelPathTest {
    static final Action NOTHING = Action.of("cpu0: kernel_fpu", s -> true, ctx -> ctx.onCpu(0));

    @Test
    void aPathFromPartsHasThemAndBindsExactlyItsArguments() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        List<String> params = new ArrayList<>(List.of("task", "cpu"));
        KernelPath p = KernelPath.of("exec_preempted_and_migrated", "execve > ...", params, a -> {
            seen.set(a);
            return NOTHING;
        });
        params.clear();
        assertEquals("exec_preempted_and_migrated", p.name());
        assertEquals("execve > ...", p.description());
        assertEquals(List.of("task", "cpu"), p.parameters());
        assertEquals("exec_preempted_and_migrated[task, cpu]", p.toString());
        assertSame(NOTHING, p.bind(List.of("a", "1")));
        assertEquals(List.of("a", "1"), seen.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.bind(List.of("a")));
        assertEquals("Kernel path exec_preempted_and_migrated takes 2 argument(s) [task, cpu]; got 1 [a]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.bind(List.of("a", "1", "2")));
    }

    @Test
    void aBinderThatReturnsNoActionIsAnError() {
        KernelPath p = KernelPath.of("broken", "d", List.of(), a -> null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> p.bind(List.of()));
        assertEquals("action of kernel path broken", e.getMessage());
    }

    @Test
    void refusesABlankName() {
        assertEquals("Kernel path name must be a non-blank name; got ''",
                assertThrows(IllegalArgumentException.class, () -> KernelPath.of("", "d", List.of(), a -> NOTHING)).getMessage());
    }

    @Test
    void intArgumentParsesDecimalsAndNamesPathAndParameterOtherwise() {
        assertEquals(3, KernelPath.intArgument("kernel_fpu", "cpu", " 3 "));
        assertEquals(-1, KernelPath.intArgument("kernel_fpu", "cpu", "-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelPath.intArgument("kernel_fpu", "cpu", "0x1"));
        assertEquals("Invalid value for cpu of kernel path kernel_fpu (expected a decimal number): '0x1'", e.getMessage());
        assertTrue(e.getCause() instanceof NumberFormatException);
    }
}

package io.github.fpctx.testkit;

import io.github.fpctx.core.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    @Test
    void rendersInitialCpusStepsAndKernelFpUse() {
        ScenarioResult r = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).kernelThread("kworker", 1)
                .resume("kworker", 1).kernelFpUse(0).run();
        String text = Timeline.render(r);
        assertTrue(text.startsWith("Steps:\n       initially: cpu0 a (user) | cpu1 idle\n     1. [cpu1] kworker: switched in on cpu1\n"), text);
        // kernel_fpu_begin itself only disabled preemption: bookkeeping, folded; its callees did the work
        assertTrue(text.contains("     2. [cpu0] cpu0: kernel FPU use (crypto)\n       kernel_fpu_begin > __save_init_fpu\n"), text);
        assertFalse(text.contains("preemptCount"), text);
        assertTrue(text.contains("       kernel_fpu_end   [stts: the next user FP use traps]\n"), text);
        assertTrue(text.contains("cpus: cpu0 a (user) | cpu1 kworker (kthread)"), text);
        assertEquals(text, r.render());
    }

    @Test
    void bookkeepingIsShownWhenAskedFor() {
        ScenarioResult r = Scenario.on("toy").cpus(2).task("a", t -> t.onCpu(0)).kernelFpUse(0).run();
        String all = Timeline.render(r, Timeline.Options.DEFAULT.withBookkeeping());
        assertTrue(all.contains("       kernel_fpu_begin\n           cpu0.exec.preemptCount: 0 -> 1\n"), all);
        assertEquals(all, Timeline.render(r.trace(), Timeline.Options.ALL));
        String tidy = Timeline.render(r);
        assertEquals(all.lines().filter(l -> !l.contains(".exec.") && !l.equals("       kernel_fpu_begin")).toList(), tidy.lines().toList(),
                "the tidy timeline is the full one without the bookkeeping lines");
    }

    @Test
    void rendersOneViolationPerLine() {
        Violation v = new Violation("user-registers-intact", 3, List.of("a", "b"), Optional.of("t"), OptionalInt.of(0),
                Optional.of("q0"), Optional.of("0x1"), Optional.of("0x2"), "Task 't' runs with q0 changed\nsecond line");
        assertEquals("[user-registers-intact] Task 't' runs with q0 changed (expected 0x1, was 0x2) in a > b", Timeline.violation(v));
    }
}

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

    /** A step whose outer function writes q0, calls a helper that writes q1, then writes q2 itself. */
    static io.github.fpctx.core.Trace writeCallWrite() {
        io.github.fpctx.core.Architecture toy = io.github.fpctx.core.Architectures.load().require("toy");
        io.github.fpctx.core.state.MachineState s0 = toy.machines().newMachine(
                io.github.fpctx.core.state.MachineSpec.builder().cpus(1).userTask("a", 0).build());
        io.github.fpctx.core.Action action = io.github.fpctx.core.Action.of("a: restore", s -> true, ctx -> {
            ctx.onCpu(0);
            ctx.call("restore_all", () -> {
                ctx.update(write(ctx.state(), "q0", 1), io.github.fpctx.core.state.Source.INIT_STATE);
                ctx.call("restore_helper", () -> ctx.update(write(ctx.state(), "q1", 2), io.github.fpctx.core.state.Source.INIT_STATE));
                ctx.call("note_only", () -> ctx.note("changes nothing"));
                ctx.update(write(ctx.state(), "q2", 3), io.github.fpctx.core.state.Source.INIT_STATE);
            });
        });
        return toy.engine().run(s0, List.of(action));
    }

    static io.github.fpctx.core.state.MachineState write(io.github.fpctx.core.state.MachineState s, String reg, long v) {
        io.github.fpctx.core.state.CpuState c = s.cpu(0);
        return s.withCpu(c.withLive(c.live().with(reg, io.github.fpctx.core.register.BitVector.ofWords(128, v, v))));
    }

    @Test
    void aFunctionsChangesPrintInTheOrderTheyHappenedAroundItsCallees() {
        String text = Timeline.render(writeCallWrite());
        List<String> lines = text.lines().map(String::strip).filter(l -> l.startsWith("restore_all") || l.startsWith("cpu0.live")).toList();
        assertEquals(List.of("restore_all", "cpu0.live.q0", "restore_all > restore_helper", "cpu0.live.q1",
                "restore_all > note_only   [changes nothing]", "restore_all   (continued)", "cpu0.live.q2"),
                lines.stream().map(l -> l.startsWith("cpu0") ? l.substring(0, l.indexOf(':')) : l).toList(), text);
    }

    @Test
    void theHtmlTimelineShowsTheSameOrder() {
        String html = io.github.fpctx.testkit.internal.HtmlTimeline.render(writeCallWrite(), "t", "order");
        int q0 = html.indexOf("data-shown=\"cpu0.live.q0\"");
        int q1 = html.indexOf("data-shown=\"cpu0.live.q1\"");
        int q2 = html.indexOf("data-shown=\"cpu0.live.q2\"");
        assertTrue(q0 > 0 && q0 < q1 && q1 < q2, html);
        int continued = html.indexOf("<span class=\"fn\">restore_all</span> <span class=\"notes\">(continued)</span>");
        assertTrue(q1 < continued && continued < q2, html);
    }
}

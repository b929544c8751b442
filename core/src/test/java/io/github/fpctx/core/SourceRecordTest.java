package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's provenance record: every change of a traced step carries its source and its order in the step. */
class SourceRecordTest {
    static final Source MFFS = Source.image("FPSCR", "mffs");
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    MachineState world() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("t", 0).build());
    }

    /** Writes f0 (bits 64..127 of v0, the toy's FP view) on a CPU. */
    static MachineState writeLive(MachineState s, int cpu, String reg, long v) {
        return s.withCpu(s.cpu(cpu).withLive(s.cpu(cpu).live().with(reg, BitVector.of(64, v))));
    }

    Step run(Consumer<KernelContext> body, boolean tracing) {
        return toy.engine().tryStep(world(), Action.of("test", s -> true, ctx -> {
            ctx.onCpu(0);
            body.accept(ctx);
        }), 1, tracing).orElseThrow();
    }

    @Test
    void updatesRecordTheirSourceAndTheirOrderInTheStep() {
        Step s = run(ctx -> ctx.call("outer", () -> {
            ctx.update(writeLive(ctx.state(), 0, "f0", 1), ctx.userSpace("t"));
            ctx.call("save_fpu", () -> ctx.update(writeLive(ctx.state(), 0, "f0", 2), MFFS));
            ctx.update(writeLive(ctx.state(), 1, "f0", 3), Source.live(0));
        }), true);
        CallNode outer = s.calls().children().get(0);
        assertEquals(List.of(new StateChange("cpu0.live.v0", BitVector.zero(128).toString(), BitVector.ofWords(128, 0L, 1L).toString(),
                        Source.userSpace("t"), 0),
                new StateChange("cpu1.live.v0", BitVector.zero(128).toString(), BitVector.ofWords(128, 0L, 3L).toString(), Source.live(0), 2)),
                outer.changes());
        StateChange clobber = outer.children().get(0).changes().get(0);
        assertEquals(MFFS, clobber.source());
        assertEquals(1, clobber.order());
        // execution order across the tree, and the function that made a change
        assertEquals(List.of(0, 1, 2), s.calls().allChanges().stream().map(StateChange::order).toList());
        assertEquals(List.of("test", "outer", "save_fpu"), s.calls().pathToChange(clobber));
        assertTrue(clobber.toString().endsWith("   <- the FPSCR image (mffs)"), clobber.toString());
    }

    @Test
    void fromScopesASourceAndNests() {
        Step s = run(ctx -> ctx.from(Source.INIT_STATE, () -> {
            ctx.update(writeLive(ctx.state(), 0, "f0", 1));
            ctx.from(Source.kernelValue("kernel FP code"), () -> ctx.update(writeLive(ctx.state(), 0, "f0", 2)));
            ctx.update(writeLive(ctx.state(), 0, "f0", 3));
            ctx.update(writeLive(ctx.state(), 0, "f0", 4), Source.live(1)); // an explicit source wins
        }), true);
        assertEquals(List.of(Source.INIT_STATE, Source.kernelValue("kernel FP code"), Source.INIT_STATE, Source.live(1)),
                s.calls().allChanges().stream().map(StateChange::source).toList());
        Step after = run(ctx -> {
            ctx.from(Source.INIT_STATE, () -> { });
            ctx.update(writeLive(ctx.state(), 0, "f0", 1));
        }, true);
        assertEquals(Source.UNATTRIBUTED, after.calls().allChanges().get(0).source(), "the scope ends with its body");
    }

    @Test
    void untracedStepsRecordNothingAndAllocateNoSources() {
        Step s = run(ctx -> {
            assertSame(Source.UNATTRIBUTED, ctx.saveArea("t"));
            assertSame(Source.UNATTRIBUTED, ctx.userSpace("t"));
            ctx.update(writeLive(ctx.state(), 0, "f0", 1), ctx.saveArea("t"));
        }, false);
        assertTrue(s.calls().allChanges().isEmpty());
        assertEquals(BitVector.of(64, 1), s.after().cpu(0).live().get("f0"));
        assertSame(Source.live(3), Source.live(3), "live sources of CPUs 0-63 are shared");
    }

    @Test
    void lazyNotesAndWarningTextsAreComputedOnlyWhenTheyAreRecorded() {
        int[] computed = {0};
        Consumer<KernelContext> body = ctx -> ctx.call("f", () -> {
            ctx.note(() -> "note " + ++computed[0]);
            ctx.warnOn(false, 0, () -> "never " + ++computed[0]);
        });
        Step untraced = run(body, false);
        assertEquals(0, computed[0], "an untraced step builds no note text, a warning that does not fire no message");
        assertTrue(untraced.events().isEmpty());
        Step traced = run(body, true);
        assertEquals(1, computed[0]);
        assertEquals(List.of("note 1"), traced.calls().children().get(0).notes());
        Step fired = run(ctx -> ctx.call("g", () -> ctx.warnOn(true, 0, () -> "fired " + ++computed[0])), false);
        assertEquals(2, computed[0]);
        assertEquals("WARNING: fired 2", fired.events().get(0).message());
    }

    @Test
    void violationAppendMakesItsListOnTheFirstViolation() {
        Violation v = new Violation("x", 0, List.of(), java.util.Optional.empty(), java.util.OptionalInt.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), "m");
        List<Violation> one = Violation.append(List.of(), v);
        assertEquals(List.of(v), one);
        assertSame(one, Violation.append(one, v));
        assertEquals(List.of(v, v), one);
    }

    @Test
    void sourcesDescribeThemselvesAndNameTheLocationTheyCopy() {
        assertEquals("task 'T''s save area", Source.saveArea("T").describe());
        assertEquals("task T.saved", Source.saveArea("T").location().orElseThrow());
        assertEquals("cpu2.live", Source.live(2).location().orElseThrow());
        assertEquals("the VSCR image (mfvscr)", Source.image("VSCR", "mfvscr").describe());
        assertFalse(Source.INIT_STATE.location().isPresent());
        assertFalse(Source.UNATTRIBUTED.isAttributed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Source.saveArea(" "));
        assertEquals("Task name must be a non-blank name; got ' '", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Source.live(-1));
        assertThrows(NullPointerException.class, () -> run(ctx -> ctx.update(ctx.state(), null), true));
    }

    @Test
    void registerWritesAreTheChangesOfLiveSavedAndOracleRegistersAndNewTasks() {
        assertTrue(new StateChange("cpu0.live.vs0", "a", "b").isRegisterWrite());
        assertTrue(new StateChange("task a.saved.vs0", "a", "b").isRegisterWrite());
        assertTrue(new StateChange("task a.oracle.vs0", "a", "b").isRegisterWrite());
        assertTrue(new StateChange("task c", "(absent)", "created, USER on cpu0").isRegisterWrite());
        assertFalse(new StateChange("task a.mode", "USER", "KERNEL").isRegisterWrite());
        assertFalse(new StateChange("cpu0.ext.owner", "(none)", "a").isRegisterWrite());
        assertFalse(new StateChange("cpu0.current", "(idle)", "a").isRegisterWrite());
    }
}

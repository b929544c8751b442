package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.fpctx.arch.powerpc.Ppc.PPC32;
import static io.github.fpctx.arch.powerpc.Ppc.PPC64;
import static io.github.fpctx.arch.powerpc.Ppc.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PowerPc#OPTION_ABSTRACT_LOAD_COUNTERS}: {@code restore_math}'s u8 {@code load_fp} counter kept as lazy/eager
 * with a separate wrap step, which makes the ppc64 anchor worlds finite; checked against the concrete counter.
 */
class LoadCounterAbstractionTest {
    private static final String WRAP = "wrapped to 0";

    private static MachineState step(Architecture a, MachineState s, Action x) {
        assertTrue(x.isEnabled(s), () -> x.label() + ": " + x.whyDisabled(s));
        return a.engine().step(s, x, 0).after();
    }

    private static Action action(ExplorationWorld w, String label) {
        return w.alphabet().stream().filter(x -> x.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no action '" + label + "' in " + w.alphabet()));
    }

    /** The world's state under the concrete (unabstracted) default configuration, same tasks. */
    private static MachineState concrete(ExplorationWorld w) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(w.initial().cpus().size()).config(PPC64.machines().defaultConfig());
        for (TaskState t : w.initial().tasks()) {
            b.task(new TaskSpec(t.name(), TaskKind.USER, 0, w.initial().isRunning(t.name()), Map.of()));
        }
        return PPC64.machines().newMachine(b.build());
    }

    @Test
    void theConcreteCounterWrapsAfter255EagerReloadsAndTheAbstractOneNeedsTheWrapStep() {
        ExplorationWorld w = PPC64.explorationWorld("anchor-fr0-1x1");
        assertTrue(w.initial().config().has(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS), w::description);
        Action write = action(w, "u0: user writes fr0 = " + io.github.fpctx.core.register.BitVector.parse("0x5555_5555_5555_5555"));
        Action preempt = action(w, "u0: preempted by timer interrupt");
        Action resume = action(w, "u0: scheduled in on CPU 0");
        Action wrap = action(w, "u0: restore_math's load_fp++ wrapped to 0 (the 256th eager reload)");

        // concrete: load_up_fpu sets load_fp = 1, every eager reload counts, the 255th leaves 0, the next one is lazy
        MachineState c = step(PPC64, concrete(w), write);
        assertEquals(1, thread(c, "u0").loadFp());
        assertFalse(wrap.isEnabled(c), "the wrap step belongs to the abstraction only");
        for (int k = 1; k <= 255; k++) {
            c = step(PPC64, step(PPC64, c, preempt), resume);
            assertTrue(thread(c, "u0").fpLive(), "reload " + k + " is eager");
            assertEquals((1 + k) & 0xFF, thread(c, "u0").loadFp(), "after reload " + k);
        }
        c = step(PPC64, step(PPC64, c, preempt), resume);
        assertFalse(thread(c, "u0").fpLive(), "load_fp == 0: restore_math leaves FP to the unavailable fault");

        // abstract: the counter stays 1 and every return is eager until the wrap step
        MachineState a = step(PPC64, w.initial(), write);
        for (int k = 0; k < 3; k++) {
            a = step(PPC64, step(PPC64, a, preempt), resume);
            assertTrue(thread(a, "u0").fpLive());
            assertEquals(1, thread(a, "u0").loadFp());
        }
        MachineState before = a;
        a = step(PPC64, a, wrap);
        assertEquals(0, thread(a, "u0").loadFp());
        assertEquals(before.task("u0").withExt(thread(before, "u0").withLoadCounters(0, 0)), a.task("u0"),
                "the wrap step changes the counter only");
        assertEquals(before.cpus(), a.cpus());
        assertFalse(wrap.isEnabled(a));
        assertTrue(wrap.whyDisabled(a).contains("load_fp = 0"), wrap.whyDisabled(a));
        a = step(PPC64, step(PPC64, a, preempt), resume);
        assertFalse(thread(a, "u0").fpLive(), "lazy after the wrap, as the concrete counter's 256th return");
        assertTrue(wrap.whyDisabled(a).contains("load_fp = 0"), wrap.whyDisabled(a));
        a = step(PPC64, a, write);
        assertTrue(wrap.isEnabled(a), "load_up_fpu set load_fp = 1 again");
    }

    @Test
    void everyConcreteStateWithinABoundIsAnAbstractStateWithoutItsCounterValue() {
        for (String name : List.of("anchor-fr0-1x1", "anchor-fr0-2x1")) {
            ExplorationWorld w = PPC64.explorationWorld(name);
            Set<List<Object>> abstractStates = new HashSet<>();
            ExplorationResult a = w.explorer(PPC64).exhaustive().onDistinctState(s -> abstractStates.add(key(s))).run();
            assertTrue(a.exhausted(), a::toString);
            List<Action> concreteAlphabet = w.alphabet().stream().filter(x -> !x.label().contains(WRAP)).toList();
            List<List<Object>> concreteStates = new ArrayList<>();
            ExplorationResult c = Explorer.on(PPC64, concrete(w)).actions(concreteAlphabet).bound(name.startsWith("anchor-fr0-1") ? 40 : 9)
                    .onDistinctState(s -> concreteStates.add(key(s))).run();
            assertFalse(c.exhausted(), "the concrete counter keeps the world growing: " + c);
            assertTrue(concreteStates.size() > 500, c::toString);
            for (List<Object> k : concreteStates) {
                assertTrue(abstractStates.contains(k), () -> name + ": concrete state not covered by the abstraction: " + k);
            }
        }
    }

    /** A state without its configuration, with every load counter mapped to 0 (lazy) or 1 (eager). */
    private static List<Object> key(MachineState s) {
        List<Object> k = new ArrayList<>();
        for (TaskState t : s.tasks()) {
            PowerPcThread th = t.ext(PowerPcThread.class);
            k.add(t.withExt(th.withLoadCounters(Math.min(th.loadFp(), 1), Math.min(th.loadVec(), 1))));
        }
        k.addAll(s.cpus());
        return k;
    }

    @ParameterizedTest
    @ValueSource(strings = {"anchor-fr0-3x1", "anchor-fr0-2x2"})
    void ppc64AnchorWorldsAreExhaustedCleanWithAndWithoutSymmetry(String name) {
        ExplorationWorld w = PPC64.explorationWorld(name);
        ExplorationResult plain = w.explorer(PPC64).exhaustive().storage(StateStorage.FINGERPRINT).run();
        ExplorationResult reduced = w.explorer(PPC64).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
        for (ExplorationResult r : List.of(plain, reduced)) {
            assertFalse(r.foundViolation(), () -> r.counterexample().get().render());
            assertTrue(r.exhausted(), r::toString);
        }
        assertTrue(reduced.statistics().distinctStates() * 3 / 2 < plain.statistics().distinctStates(), reduced + " vs " + plain);
        assertEquals(plain.statistics().distinctStates(), reduced.statistics().unreducedStates(),
                "orbit sizes add up to the plain count: " + reduced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64", "ppc32"})
    void twoCpuWorldFindsSeed000WithTheSameShortestCounterexampleReducedOrNot(String id) {
        Architecture a = id.equals("ppc64") ? PPC64 : PPC32;
        ExplorationWorld w = a.explorationWorld("anchor-fr0-2x2", PowerPcErrata.SAVE_FPU_CLOBBERS_FR0);
        assertEquals(2, w.initial().cpus().size());
        assertEquals(id.equals("ppc64"), w.initial().config().has(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS));
        assertEquals(id.equals("ppc64"), w.alphabet().stream().anyMatch(x -> x.label().contains(WRAP)));
        assertEquals(2, a.engine().symmetry(w.initial(), w.alphabet()).orElseThrow().groupOrder(), "2! tasks");
        ExplorationResult plain = w.explorer(a).exhaustive().run();
        ExplorationResult reduced = w.explorer(a).exhaustive().symmetryReduction().storage(StateStorage.FINGERPRINT).run();
        assertEquals(2, plain.counterexample().orElseThrow().steps().size(), plain::toString);
        assertEquals(2, reduced.counterexample().orElseThrow().steps().size(), reduced::toString);
    }

    @Test
    void withoutTheOptionTheWrapStepSaysWhatItNeeds() {
        MachineState s = PPC64.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build());
        Action wrap = PPC64.explorationWorld("anchor-fr0-1x1").alphabet().stream().filter(x -> x.label().contains(WRAP))
                .findFirst().orElseThrow();
        assertFalse(wrap.isEnabled(s));
        assertTrue(wrap.whyDisabled(s).contains(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS), wrap.whyDisabled(s));
        KernelConfig c = PPC64.machines().defaultConfig().with(PowerPc.OPTION_ABSTRACT_LOAD_COUNTERS);
        MachineState idle = PPC64.machines().newMachine(MachineSpec.builder().cpus(1).config(c)
                .task(new TaskSpec("u0", TaskKind.USER, 0, false, Map.of())).build());
        assertFalse(wrap.isEnabled(idle));
        assertTrue(wrap.whyDisabled(idle).contains("u0"), wrap.whyDisabled(idle));
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StepEngine}: guards, untraced steps, invariant checks per step, and what it forwards to the provider. */
class StepEngineTest {
    static final FieldLayout MSR = FieldLayout.builder("MSR", 64).build();
    static final Symmetry SWAP = Symmetry.of("none", 1, s -> s);

    /** The toy with the optional SPI parts answered, to see that the engine passes them on. */
    static final class Answering extends ForwardingProvider {
        Answering() {
            super(new ToyArchitecture());
        }

        @Override
        public Set<String> coverage(MachineState state) {
            return Set.of("owner:" + state.tasks().size());
        }

        @Override
        public Optional<Symmetry> symmetry(MachineState world, List<Action> alphabet) {
            return Optional.of(SWAP);
        }

        @Override
        public Optional<FieldRegister> taskFieldRegister(MachineState state, TaskState task, FieldLayout fieldRegister) {
            return Optional.of(FieldRegister.of(fieldRegister, task.pid()));
        }
    }

    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);
    final Architecture answering = Architectures.of(new Answering()).all().get(0);

    MachineState world(Architecture a) {
        return a.machines().newMachine(MachineSpec.builder().cpus(2).userTask("a", 0).build());
    }

    @Test
    void whyDisabledIsEmptyForAnEnabledActionAndTheActionsReasonOtherwise() {
        MachineState s = world(toy);
        Action off = Action.of("a: off", st -> false, st -> "never in " + st.architecture(), ctx -> ctx.onCpu(0));
        assertEquals(Optional.of("never in toy"), toy.engine().whyDisabled(s, off));
        assertEquals(Optional.empty(), toy.engine().whyDisabled(s, toy.operations().syscall("a")));
        assertEquals(Optional.empty(), toy.engine().tryStep(s, off, 1, true));
        assertEquals("Step 4 (a: off) cannot run: never in toy",
                assertThrows(IllegalStateException.class, () -> toy.engine().step(s, off, 4)).getMessage());
    }

    @Test
    void anUntracedStepHasTheSameStateAndEventsWithoutTheTree() {
        MachineState s = world(toy);
        Action write = toy.operations().userWrite("a", "f0", io.github.fpctx.core.register.BitVector.of(64, 3));
        Step traced = toy.engine().step(s, write, 2);
        Step fast = toy.engine().tryStep(s, write, 2, false).orElseThrow();
        assertEquals(traced.after(), fast.after());
        assertEquals(2, fast.index());
        assertTrue(traced.calls().children().size() > 0);
        assertEquals(List.of(), fast.calls().allChanges());
    }

    @Test
    void checkRunsEveryInvariantAndTagsTheStep() {
        MachineState s = world(toy);
        Step st = toy.engine().step(s, Action.of("a: warn twice", x -> true, ctx -> {
            ctx.onCpu(0);
            ctx.warnOn(true, 0, "one");
            ctx.warnOn(true, 1, "two");
        }), 5);
        List<Violation> v = toy.engine().check(st);
        assertEquals(List.of("WARNING: one", "WARNING: two"), v.stream().map(Violation::message).toList());
        assertTrue(v.stream().allMatch(x -> x.step() == 5));
        assertThrows(NullPointerException.class, () -> toy.engine().check(null));
    }

    @Test
    void forwardsAlphabetSymmetryCoverageAndFieldRegistersToTheProvider() {
        MachineState s = world(answering);
        StepEngine e = answering.engine();
        List<Action> alphabet = e.alphabet(s);
        assertEquals(new ToyArchitecture().actions(s).stream().map(Action::label).toList(),
                alphabet.stream().map(Action::label).toList());
        assertSame(SWAP, e.symmetry(s, alphabet).orElseThrow());
        assertEquals(Set.of("owner:1"), e.coverage(s));
        assertEquals(1, e.taskFieldRegister(s, s.task("a"), MSR).orElseThrow().bits());
        assertEquals("StepEngine[toy]", e.toString());
        // the plain toy offers none of them
        assertEquals(Optional.empty(), toy.engine().symmetry(world(toy), alphabet));
        assertEquals(Set.of(), toy.engine().coverage(world(toy)));
    }
}

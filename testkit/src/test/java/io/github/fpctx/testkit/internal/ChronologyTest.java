package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChronologyTest {
    static StateChange change(String path, int order) {
        return new StateChange(path, "0", "1").attributed(Source.UNATTRIBUTED, order);
    }

    static CallNode fn(String name, List<StateChange> changes, CallNode... children) {
        return new CallNode(name, 0, changes, List.of(), List.of(children));
    }

    /** The parts as text: own runs as their change paths (a continuation marked +), callees by name. */
    static List<String> shape(CallNode n) {
        List<String> out = new ArrayList<>();
        for (Chronology.Part p : Chronology.of(n)) {
            if (p instanceof Chronology.Callee c) {
                out.add(c.node().function() + "()");
            } else {
                Chronology.Own o = (Chronology.Own) p;
                out.add((o.afterCallee() ? "+" : "") + o.changes().stream().map(StateChange::path).toList());
            }
        }
        return out;
    }

    @Test
    void ownChangesAfterACalleeComeAfterIt() {
        CallNode giveup = fn("giveup_fpu", List.of(change("msr.FP", 2), change("saved.fr0", 0)),
                fn("save_fpu", List.of(change("saved.fpscr", 1))));
        assertEquals(List.of("[saved.fr0]", "save_fpu()", "+[msr.FP]"), shape(giveup));
    }

    @Test
    void aCalleeThatChangedNothingGoesWhereTheNextCalleeThatDidGoes() {
        // kernel_fpu_begin: preempt_disable (own), __save_init_fpu (nothing to save), then clearing the owner
        CallNode begin = fn("kernel_fpu_begin", List.of(change("exec.preemptCount", 0)),
                fn("__save_init_fpu", List.of()), fn("__thread_clear_has_fpu", List.of(change("owner", 1))));
        assertEquals(List.of("[exec.preemptCount]", "__save_init_fpu()", "__thread_clear_has_fpu()"), shape(begin));
        // with no later change at all it keeps its place before the remaining own changes
        CallNode tail = fn("f", List.of(change("a", 0), change("b", 2)),
                fn("g", List.of(change("c", 1))), fn("note_only", List.of()));
        assertEquals(List.of("[a]", "g()", "note_only()", "+[b]"), shape(tail));
    }

    @Test
    void aLeafIsOneRunAndTheFirstPartIsAlwaysTheFunctionsOwn() {
        assertEquals(List.of("[x, y]"), shape(fn("leaf", List.of(change("y", 1), change("x", 0)))));
        assertEquals(List.of("[]", "g()", "+[a]"), shape(fn("f", List.of(change("a", 5)), fn("g", List.of(change("c", 1))))));
    }
}

package io.github.fpctx.core;

import io.github.fpctx.core.internal.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounded exhaustive exploration: breadth-first search over sequences of actions from an initial state,
 * checking every invariant after every step, de-duplicating equal states, and returning the <em>shortest</em>
 * counterexample as a normal {@link Trace} (replayed with tracing, so it renders like any scenario).
 *
 * <pre>{@code
 * ExplorationResult r = Explorer.on(arch, world).bound(8).run();
 * r.counterexample().ifPresent(t -> System.out.println(t.render()));
 * System.out.println(r.statistics());
 * }</pre>
 *
 * <p>Deterministic: actions are tried in alphabet order and states in breadth-first order, so the same input
 * gives the same counterexample and the same counts (only the elapsed time varies).
 */
public final class Explorer {
    private final Architecture architecture;
    private final MachineState initial;
    private List<Action> actions;
    private List<Invariant> invariants;
    private int bound = 8;
    private java.util.function.Consumer<MachineState> distinctStateVisitor;

    private Explorer(Architecture architecture, MachineState initial) {
        this.architecture = Checks.notNull(architecture, "architecture");
        this.initial = Checks.notNull(initial, "initial state");
    }

    /**
     * Starts an exploration.
     *
     * @param architecture the architecture
     * @param initial      the initial world
     * @return the explorer, with the architecture's alphabet and invariants and bound 8
     */
    public static Explorer on(Architecture architecture, MachineState initial) {
        return new Explorer(architecture, initial);
    }

    /**
     * @param alphabet the actions to explore with (default: {@link Architecture#actions(MachineState)})
     * @return this explorer
     */
    public Explorer actions(List<Action> alphabet) {
        this.actions = List.copyOf(Checks.notNull(alphabet, "actions"));
        return this;
    }

    /**
     * @param checked the invariants to check (default: all of the architecture's)
     * @return this explorer
     */
    public Explorer invariants(List<Invariant> checked) {
        this.invariants = List.copyOf(Checks.notNull(checked, "invariants"));
        return this;
    }

    /**
     * @param maxSteps the longest action sequence to try, 1 to 1000
     * @return this explorer
     */
    public Explorer bound(int maxSteps) {
        Checks.range("exploration bound", maxSteps, 1, 1000);
        this.bound = maxSteps;
        return this;
    }

    /**
     * Registers a visitor called once for every distinct state the search stores, the initial state included, in
     * the order they are stored (for coverage reports). Not called for the violating state that ends a search.
     *
     * @param visitor the visitor; it must not throw
     * @return this explorer
     */
    public Explorer onDistinctState(java.util.function.Consumer<MachineState> visitor) {
        this.distinctStateVisitor = Checks.notNull(visitor, "visitor");
        return this;
    }

    private void visit(MachineState s) {
        if (distinctStateVisitor != null) {
            distinctStateVisitor.accept(s);
        }
    }

    private static final class Node {
        final Node parent;
        final int action;

        Node(Node parent, int action) {
            this.parent = parent;
            this.action = action;
        }
    }

    /**
     * Runs the search.
     *
     * @return the shortest counterexample, or none up to the bound, with statistics
     */
    public ExplorationResult run() {
        List<Action> alphabet = actions != null ? actions : architecture.actions(initial);
        List<Invariant> checked = invariants != null ? invariants : architecture.invariants();
        long start = System.nanoTime();
        Map<MachineState, Node> visited = new HashMap<>();
        Node root = new Node(null, -1);
        visited.put(initial, root);
        visit(initial);
        List<MachineState> frontier = new ArrayList<>(List.of(initial));
        List<Node> frontierNodes = new ArrayList<>(List.of(root));
        long generated = 0;
        int depth = 0;
        while (depth < bound && !frontier.isEmpty()) {
            List<MachineState> next = new ArrayList<>();
            List<Node> nextNodes = new ArrayList<>();
            for (int f = 0; f < frontier.size(); f++) {
                MachineState s = frontier.get(f);
                Node n = frontierNodes.get(f);
                for (int i = 0; i < alphabet.size(); i++) {
                    Action a = alphabet.get(i);
                    if (!a.isEnabled(s)) {
                        continue;
                    }
                    Step step;
                    try {
                        step = architecture.step(s, a, depth + 1, false);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("Action '" + a.label() + "' failed during exploration at depth "
                                + (depth + 1) + ": " + e.getMessage(), e);
                    }
                    generated++;
                    Node child = new Node(n, i);
                    if (violates(step, checked)) {
                        Trace t = replay(child, alphabet, checked);
                        return new ExplorationResult(Optional.of(t), new ExplorationStatistics(generated,
                                visited.size(), depth + 1, System.nanoTime() - start), bound);
                    }
                    if (!visited.containsKey(step.after())) {
                        visited.put(step.after(), child);
                        visit(step.after());
                        next.add(step.after());
                        nextNodes.add(child);
                    }
                }
            }
            frontier = next;
            frontierNodes = nextNodes;
            depth++;
        }
        return new ExplorationResult(Optional.empty(),
                new ExplorationStatistics(generated, visited.size(), depth, System.nanoTime() - start), bound);
    }

    private boolean violates(Step step, List<Invariant> checked) {
        for (Invariant inv : checked) {
            if (!inv.check(step, architecture).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Trace replay(Node leaf, List<Action> alphabet, List<Invariant> checked) {
        List<Action> path = new ArrayList<>();
        for (Node n = leaf; n.parent != null; n = n.parent) {
            path.add(alphabet.get(n.action));
        }
        Collections.reverse(path);
        List<Step> steps = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        MachineState s = initial;
        int i = 1;
        for (Action a : path) {
            Step st = architecture.step(s, a, i++, true);
            steps.add(st);
            for (Invariant inv : checked) {
                for (Violation v : inv.check(st, architecture)) {
                    violations.add(v.atStep(st.index()));
                }
            }
            s = st.after();
        }
        return new Trace(initial, steps, violations);
    }
}

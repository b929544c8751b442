package io.github.fpctx.core.explore;

import java.util.Objects;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Invariant;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.StepEngine;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.internal.IntList;
import io.github.fpctx.core.internal.LongSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Exhaustive state-space exploration: breadth-first search over sequences of actions from an initial state,
 * checking every invariant after every step, de-duplicating states, and returning the <em>shortest</em>
 * counterexample as a normal {@link Trace} (replayed with tracing, so it renders like any scenario).
 *
 * <pre>{@code
 * ExplorationResult r = Explorer.on(arch, world).bound(8).run();           // bounded, full states
 * ExplorationResult e = Explorer.on(arch, world).exhaustive()              // until no new states
 *         .storage(StateStorage.FINGERPRINT).symmetryReduction().parallelism(2).run();
 * r.counterexample().ifPresent(t -> System.out.println(t.render()));
 * System.out.println(e.statistics());
 * }</pre>
 *
 * <p>Options, none of which changes the verdict or the length of the shortest counterexample:
 * <ul>
 *   <li>{@link #bound(int)} or {@link #exhaustive()}: stop at a depth, or when a level adds no new state (the
 *       result then says {@link ExplorationResult#exhausted()});</li>
 *   <li>{@link #storage(StateStorage)}: full states ({@link StateStorage#EXACT}, the default) or 64-bit
 *       fingerprints with the collision probability reported, as TLC does. Either way the path to each stored state
 *       is kept as a parent index and an action index in two {@code int} columns, so the shortest counterexample is
 *       rebuilt by replaying the actions from the initial state;</li>
 *   <li>{@link #symmetryReduction()} or {@link #symmetry(Symmetry)}: store one state per orbit of a
 *       {@link Symmetry} (interchangeable CPUs and same-role tasks) while exploring the actual states, so the
 *       counterexample is a real path (see {@link Symmetry} for the soundness conditions);</li>
 *   <li>{@link #parallelism(int)}: compute successors on several threads, level by level, in blocks of the
 *       frontier, and merge each block's successors in frontier order and action order on the calling thread: the
 *       states stored, their order, the counts and the counterexample are exactly those of the sequential search.</li>
 * </ul>
 *
 * <p>Deterministic: actions are tried in alphabet order and states in breadth-first order, so the same input
 * gives the same counterexample and the same counts (only the elapsed time varies). Actions, invariants, the
 * architecture's steps and the symmetry must be pure functions of their arguments for the parallel mode.
 */
public final class Explorer {
    /** Frontier states expanded per parallel block (bounds the successors buffered before a merge). */
    private static final int BLOCK = 2048;

    private final Architecture architecture;
    private final StepEngine engine;
    private final MachineState initial;
    private List<Action> actions;
    private List<Invariant> invariants;
    private int bound = 8;
    private Consumer<MachineState> distinctStateVisitor;
    private StateStorage storage = StateStorage.EXACT;
    private boolean reduce;
    private Symmetry symmetry;
    private int threads = 1;
    /** Whether orbit sizes are being summed (set by {@link #run()} before any worker starts). */
    private boolean orbits;

    private Explorer(Architecture architecture, MachineState initial) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.engine = architecture.engine();
        this.initial = Objects.requireNonNull(initial, "initial state");
    }

    /**
     * Starts an exploration.
     *
     * @param architecture the architecture
     * @param initial      the initial world
     * @return the explorer, with the architecture's alphabet and invariants, bound 8, exact storage, no
     *         symmetry reduction, one thread
     */
    public static Explorer on(Architecture architecture, MachineState initial) {
        return new Explorer(architecture, initial);
    }

    /**
     * @param alphabet the actions to explore with (default: {@link io.github.fpctx.core.StepEngine#alphabet(MachineState)})
     * @return this explorer
     */
    public Explorer actions(List<Action> alphabet) {
        this.actions = List.copyOf(Objects.requireNonNull(alphabet, "actions"));
        return this;
    }

    /**
     * @param checked the invariants to check (default: all of the architecture's)
     * @return this explorer
     */
    public Explorer invariants(List<Invariant> checked) {
        this.invariants = List.copyOf(Objects.requireNonNull(checked, "invariants"));
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
     * Searches without a depth bound, until a level adds no new state (or a violation is found). The world and
     * alphabet must have a finite state space, as the exploration alphabets of the architectures do.
     *
     * @return this explorer
     */
    public Explorer exhaustive() {
        this.bound = ExplorationResult.UNBOUNDED;
        return this;
    }

    /**
     * @param how how to store visited states (default {@link StateStorage#EXACT})
     * @return this explorer
     */
    public Explorer storage(StateStorage how) {
        this.storage = Objects.requireNonNull(how, "storage");
        return this;
    }

    /**
     * Reduces by the architecture's symmetry for this world and alphabet
     * ({@link io.github.fpctx.core.StepEngine#symmetry(MachineState, List)}); if the architecture offers none, the search is plain and
     * the statistics say {@code symmetry: none}.
     *
     * @return this explorer
     */
    public Explorer symmetryReduction() {
        this.reduce = true;
        return this;
    }

    /**
     * Reduces by a given symmetry (which must meet {@link Symmetry}'s conditions for this world and alphabet).
     *
     * @param sym the symmetry
     * @return this explorer
     */
    public Explorer symmetry(Symmetry sym) {
        this.symmetry = Objects.requireNonNull(sym, "symmetry");
        this.reduce = true;
        return this;
    }

    /**
     * @param workers threads computing successors, 1 (sequential, the default) to 256; results are identical
     * @return this explorer
     */
    public Explorer parallelism(int workers) {
        Checks.range("explorer parallelism", workers, 1, 256);
        this.threads = workers;
        return this;
    }

    /**
     * Registers a visitor called once for every distinct state the search stores, the initial state included, in
     * the order they are stored (for coverage reports); with symmetry reduction, once per stored representative's
     * actual state. Not called for the violating state that ends a search. Always called on the thread that
     * called {@link #run()}.
     *
     * @param visitor the visitor; it must not throw
     * @return this explorer
     */
    public Explorer onDistinctState(Consumer<MachineState> visitor) {
        this.distinctStateVisitor = Objects.requireNonNull(visitor, "visitor");
        return this;
    }

    /** The visited set: fingerprints or full (canonical) states; each successor's key was computed on a worker. */
    private interface Visited {
        boolean add(Expansion e, int j);

        long size();

        long bytes();
    }

    private static final class FingerprintVisited implements Visited {
        final LongSet set = new LongSet(1 << 12);

        @Override
        public boolean add(Expansion e, int j) {
            return set.add(e.fp[j]);
        }

        @Override
        public long size() {
            return set.size();
        }

        @Override
        public long bytes() {
            return set.tableBytes();
        }
    }

    private static final class ExactVisited implements Visited {
        final Set<MachineState> set = new HashSet<>();

        @Override
        public boolean add(Expansion e, int j) {
            return set.add(e.key[j]);
        }

        @Override
        public long size() {
            return set.size();
        }

        @Override
        public long bytes() {
            return 0;
        }
    }

    /** The successors of one frontier state, in action order, up to the first violating one. */
    private static final class Expansion {
        final MachineState[] after;
        final MachineState[] key;
        final long[] fp;
        final long[] orbit;
        final int[] action;
        int count;
        boolean violated;

        Expansion(int alphabetSize) {
            after = new MachineState[alphabetSize];
            key = new MachineState[alphabetSize];
            fp = new long[alphabetSize];
            orbit = new long[alphabetSize];
            action = new int[alphabetSize];
        }
    }

    /**
     * Runs the search.
     *
     * @return the shortest counterexample, or none up to the bound or in the whole space, with statistics
     */
    public ExplorationResult run() {
        List<Action> alphabet = actions != null ? actions : architecture.engine().alphabet(initial);
        List<Invariant> checked = invariants != null ? invariants : architecture.invariants();
        Symmetry sym = symmetry;
        if (reduce && sym == null) {
            sym = architecture.engine().symmetry(initial, alphabet).orElse(null);
        }
        long start = System.nanoTime();
        Visited visited = storage == StateStorage.FINGERPRINT ? new FingerprintVisited() : new ExactVisited();
        IntList parents = new IntList();
        IntList via = new IntList();
        Expansion first = new Expansion(1);
        orbits = false;
        key(sym, initial, first, 0);
        visited.add(first, 0);
        long unreduced = orbit(sym, initial);
        orbits = sym != null && unreduced >= 0;
        parents.add(-1);
        via.add(-1);
        visit(initial);
        List<MachineState> frontier = new ArrayList<>(List.of(initial));
        IntList frontierIdx = new IntList();
        frontierIdx.add(0);
        long generated = 0;
        int depth = 0;
        // per depth: distinct states first stored there (the next frontier) and successors computed into it
        List<Long> distinctPerDepth = new ArrayList<>(List.of(1L));
        List<Long> generatedPerDepth = new ArrayList<>(List.of(0L));
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fpctx-explorer");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            // sequential: one state at a time; parallel: two block buffers, so that the workers expand the next
            // block while this thread merges the current one (the merge order, hence the result, is unchanged)
            Expansion[][] bufs = new Expansion[pool == null ? 1 : 2][pool == null ? 1 : BLOCK];
            for (Expansion[] set : bufs) {
                for (int i = 0; i < set.length; i++) {
                    set[i] = new Expansion(alphabet.size());
                }
            }
            int blockLen = bufs[0].length;
            while (depth < bound && !frontier.isEmpty()) {
                distinctPerDepth.add(0L);
                generatedPerDepth.add(0L);
                List<MachineState> next = new ArrayList<>();
                IntList nextIdx = new IntList();
                int size = frontier.size();
                List<Future<?>> pending = pool == null ? null
                        : submit(pool, frontier, 0, Math.min(blockLen, size), depth, alphabet, checked, sym, bufs[0]);
                for (int b = 0, slot = 0; b < size; b += blockLen, slot = bufs.length - 1 - slot) {
                    int n = Math.min(blockLen, size - b);
                    Expansion[] buf = bufs[slot];
                    if (pool == null) {
                        expand(frontier.get(b), depth, alphabet, checked, sym, buf[0]);
                    } else {
                        List<Future<?>> current = pending;
                        int nb = b + blockLen;
                        pending = nb < size ? submit(pool, frontier, nb, Math.min(blockLen, size - nb), depth, alphabet, checked, sym,
                                bufs[1 - slot]) : null;
                        await(current);
                    }
                    for (int k = 0; k < n; k++) {
                        Expansion e = buf[k];
                        int parent = frontierIdx.get(b + k);
                        for (int j = 0; j < e.count; j++) {
                            generated++;
                            generatedPerDepth.set(depth + 1, generatedPerDepth.get(depth + 1) + 1);
                            if (e.violated && j == e.count - 1) {
                                Trace t = replay(parents, via, parent, e.action[j], alphabet, checked);
                                return result(Optional.of(t), generated, visited, parents, depth + 1, false, sym, start, unreduced,
                                        distinctPerDepth, generatedPerDepth);
                            }
                            if (visited.add(e, j)) {
                                distinctPerDepth.set(depth + 1, distinctPerDepth.get(depth + 1) + 1);
                                if (orbits) {
                                    unreduced += e.orbit[j];
                                }
                                int idx = parents.size();
                                parents.add(parent);
                                via.add(e.action[j]);
                                visit(e.after[j]);
                                next.add(e.after[j]);
                                nextIdx.add(idx);
                            }
                        }
                        java.util.Arrays.fill(e.after, 0, e.count, null);
                        java.util.Arrays.fill(e.key, 0, e.count, null);
                    }
                }
                frontier = next;
                frontierIdx = nextIdx;
                depth++;
            }
            return result(Optional.empty(), generated, visited, parents, depth, frontier.isEmpty(), sym, start, unreduced,
                    distinctPerDepth, generatedPerDepth);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private ExplorationResult result(Optional<Trace> cex, long generated, Visited visited, IntList parents, int depth,
                                     boolean exhausted, Symmetry sym, long start, long unreduced,
                                     List<Long> distinctPerDepth, List<Long> generatedPerDepth) {
        boolean fp = storage == StateStorage.FINGERPRINT;
        long n = visited.size();
        ExplorationStatistics st = new ExplorationStatistics(generated, n, depth, System.nanoTime() - start, exhausted,
                storage, fp ? ExplorationStatistics.fingerprintCollisionProbability(n) : 0.0,
                sym == null ? "none" : sym.description(), threads, fp ? visited.bytes() + 2 * parents.bytes() : 0,
                sym == null ? n : unreduced, distinctPerDepth, generatedPerDepth);
        return new ExplorationResult(cex, st, bound);
    }

    /**
     * Computes successor j's visited-set key (its representative's fingerprint, or its canonical state) and, while
     * the symmetry knows orbit sizes, its orbit size, both on the worker.
     */
    private void key(Symmetry sym, MachineState after, Expansion e, int j) {
        if (storage == StateStorage.FINGERPRINT) {
            e.fp[j] = sym == null ? after.fingerprint() : sym.fingerprint(after);
        } else {
            e.key[j] = canonical(sym, after);
        }
        if (orbits) {
            e.orbit[j] = orbit(sym, after);
            if (e.orbit[j] < 0) {
                throw new IllegalStateException("Symmetry '" + sym.description() + "' knew the orbit size of the initial state "
                        + "but not of a later one");
            }
        }
    }

    /** The orbit size of a stored state: 1 without a symmetry, -1 when the symmetry does not know. */
    private static long orbit(Symmetry sym, MachineState s) {
        if (sym == null) {
            return 1;
        }
        long o = sym.orbitSize(s);
        if (o != -1 && (o < 1 || o > sym.groupOrder())) {
            throw new IllegalStateException("Symmetry '" + sym.description() + "' gave orbit size " + o + "; valid values 1 - "
                    + sym.groupOrder() + " or -1 (unknown)");
        }
        return o;
    }

    private static MachineState canonical(Symmetry sym, MachineState s) {
        if (sym == null) {
            return s;
        }
        MachineState c = sym.canonical(s);
        if (c == null) {
            throw new IllegalStateException("Symmetry '" + sym.description() + "' returned no canonical state");
        }
        return c;
    }

    /** Starts expanding frontier states {@code from .. from + n - 1} into {@code buf}, split among the workers. */
    private List<Future<?>> submit(ExecutorService pool, List<MachineState> frontier, int from, int n, int depth,
                                   List<Action> alphabet, List<Invariant> checked, Symmetry sym, Expansion[] buf) {
        int chunk = (n + threads - 1) / threads;
        List<Future<?>> futures = new ArrayList<>();
        for (int lo = 0; lo < n; lo += chunk) {
            int a = lo;
            int z = Math.min(n, lo + chunk);
            futures.add(pool.submit(() -> {
                for (int k = a; k < z; k++) {
                    expand(frontier.get(from + k), depth, alphabet, checked, sym, buf[k]);
                }
            }));
        }
        return futures;
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Exploration interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c);
            }
        }
    }

    private void expand(MachineState s, int depth, List<Action> alphabet, List<Invariant> checked, Symmetry sym, Expansion e) {
        e.count = 0;
        e.violated = false;
        for (int i = 0; i < alphabet.size(); i++) {
            Action a = alphabet.get(i);
            Step step;
            try {
                step = engine.tryStep(s, a, depth + 1, false).orElse(null);
            } catch (RuntimeException ex) {
                throw new IllegalStateException("Action '" + a.label() + "' failed during exploration at depth "
                        + (depth + 1) + ": " + ex.getMessage(), ex);
            }
            if (step == null) {
                continue;
            }
            int j = e.count++;
            e.action[j] = i;
            if (violates(step, checked)) {
                e.violated = true;
                return;
            }
            MachineState after = step.after();
            e.after[j] = after;
            key(sym, after, e, j);
        }
    }

    private void visit(MachineState s) {
        if (distinctStateVisitor != null) {
            distinctStateVisitor.accept(s);
        }
    }

    private boolean violates(Step step, List<Invariant> checked) {
        for (Invariant inv : checked) {
            if (!inv.check(step, architecture).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Trace replay(IntList parents, IntList via, int parent, int lastAction, List<Action> alphabet,
                         List<Invariant> checked) {
        List<Action> path = new ArrayList<>();
        path.add(alphabet.get(lastAction));
        for (int n = parent; parents.get(n) >= 0; n = parents.get(n)) {
            path.add(alphabet.get(via.get(n)));
        }
        Collections.reverse(path);
        List<Step> steps = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        MachineState s = initial;
        int i = 1;
        for (Action a : path) {
            Step st = architecture.engine().step(s, a, i++);
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

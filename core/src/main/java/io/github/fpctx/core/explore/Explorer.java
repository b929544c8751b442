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
 *
 * <p>A plain search (no symmetry reduction) still keys its visited set by the world symmetry's normalisation of
 * dead components ({@link Symmetry#deadComponentsOnly()}) when the architecture offers a symmetry for the world and
 * alphabet, so that, e.g., the dead {@code task_cpu} of a runnable task does not multiply the plain count.
 *
 * @implSpec An {@code Explorer} is an immutable configuration: every option method returns a new explorer, and
 *           {@link #run()} keeps all its working state in a per-run object. One configured explorer can therefore
 *           run any number of times, also from several threads at once, with equal results. It is thread-safe if
 *           the distinct-state visitor is.
 */
public final class Explorer {
    /** Frontier states expanded per parallel block (bounds the successors buffered before a merge). */
    private static final int BLOCK = 2048;

    private final Architecture architecture;
    private final MachineState initial;
    private final List<Action> actions;
    private final List<Invariant> invariants;
    private final int bound;
    private final Consumer<MachineState> distinctStateVisitor;
    private final StateStorage storage;
    private final boolean reduce;
    private final Symmetry symmetry;
    private final int threads;

    private Explorer(Architecture architecture, MachineState initial, List<Action> actions, List<Invariant> invariants,
                     int bound, Consumer<MachineState> distinctStateVisitor, StateStorage storage, boolean reduce,
                     Symmetry symmetry, int threads) {
        this.architecture = architecture;
        this.initial = initial;
        this.actions = actions;
        this.invariants = invariants;
        this.bound = bound;
        this.distinctStateVisitor = distinctStateVisitor;
        this.storage = storage;
        this.reduce = reduce;
        this.symmetry = symmetry;
        this.threads = threads;
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
        return new Explorer(Objects.requireNonNull(architecture, "architecture"), Objects.requireNonNull(initial, "initial state"),
                null, null, 8, null, StateStorage.EXACT, false, null, 1);
    }

    /**
     * @param alphabet the actions to explore with (default: {@link io.github.fpctx.core.StepEngine#alphabet(MachineState)})
     * @return an explorer with this alphabet
     */
    public Explorer actions(List<Action> alphabet) {
        return new Explorer(architecture, initial, List.copyOf(Objects.requireNonNull(alphabet, "actions")), invariants, bound,
                distinctStateVisitor, storage, reduce, symmetry, threads);
    }

    /**
     * @param checked the invariants to check (default: all of the architecture's)
     * @return an explorer checking these
     */
    public Explorer invariants(List<Invariant> checked) {
        return new Explorer(architecture, initial, actions, List.copyOf(Objects.requireNonNull(checked, "invariants")), bound,
                distinctStateVisitor, storage, reduce, symmetry, threads);
    }

    /**
     * @param maxSteps the longest action sequence to try, 1 to 1000
     * @return an explorer with this bound
     */
    public Explorer bound(int maxSteps) {
        Checks.range("exploration bound", maxSteps, 1, 1000);
        return new Explorer(architecture, initial, actions, invariants, maxSteps, distinctStateVisitor, storage, reduce, symmetry,
                threads);
    }

    /**
     * Searches without a depth bound, until a level adds no new state (or a violation is found). The world and
     * alphabet must have a finite state space, as the exploration alphabets of the architectures do.
     *
     * @return an exhaustive explorer
     */
    public Explorer exhaustive() {
        return new Explorer(architecture, initial, actions, invariants, ExplorationResult.UNBOUNDED, distinctStateVisitor, storage,
                reduce, symmetry, threads);
    }

    /**
     * @param how how to store visited states (default {@link StateStorage#EXACT})
     * @return an explorer storing that way
     */
    public Explorer storage(StateStorage how) {
        return new Explorer(architecture, initial, actions, invariants, bound, distinctStateVisitor,
                Objects.requireNonNull(how, "storage"), reduce, symmetry, threads);
    }

    /**
     * Reduces by the architecture's symmetry for this world and alphabet
     * ({@link io.github.fpctx.core.StepEngine#symmetry(MachineState, List)}); if the architecture offers none, the search is plain and
     * the statistics say {@code symmetry: none}.
     *
     * @return a reducing explorer
     */
    public Explorer symmetryReduction() {
        return new Explorer(architecture, initial, actions, invariants, bound, distinctStateVisitor, storage, true, symmetry, threads);
    }

    /**
     * Reduces by a given symmetry (which must meet {@link Symmetry}'s conditions for this world and alphabet).
     *
     * @param sym the symmetry
     * @return an explorer reducing by it
     */
    public Explorer symmetry(Symmetry sym) {
        return new Explorer(architecture, initial, actions, invariants, bound, distinctStateVisitor, storage, true,
                Objects.requireNonNull(sym, "symmetry"), threads);
    }

    /**
     * @param workers threads computing successors, 1 (sequential, the default) to 256; results are identical
     * @return an explorer with that many workers
     */
    public Explorer parallelism(int workers) {
        Checks.range("explorer parallelism", workers, 1, 256);
        return new Explorer(architecture, initial, actions, invariants, bound, distinctStateVisitor, storage, reduce, symmetry, workers);
    }

    /**
     * Registers a visitor called once for every distinct state the search stores, the initial state included, in
     * the order they are stored (for coverage reports); with symmetry reduction, once per stored representative's
     * actual state. Not called for the violating state that ends a search. Always called on the thread that
     * called {@link #run()}.
     *
     * @param visitor the visitor; it must not throw
     * @return an explorer with this visitor
     */
    public Explorer onDistinctState(Consumer<MachineState> visitor) {
        return new Explorer(architecture, initial, actions, invariants, bound, Objects.requireNonNull(visitor, "visitor"), storage,
                reduce, symmetry, threads);
    }

    /**
     * Runs the search. Each call is independent: it keeps its working state (visited set, frontier, parent
     * columns, worker threads, the symmetry's scratch) in a per-run object.
     *
     * @return the shortest counterexample, or none up to the bound or in the whole space, with statistics
     */
    public ExplorationResult run() {
        List<Action> alphabet = actions != null ? actions : architecture.engine().alphabet(initial);
        List<Invariant> checked = invariants != null ? invariants : architecture.invariants();
        Symmetry sym = symmetry;
        boolean reducing = reduce;
        if (sym == null) {
            Optional<Symmetry> offered = architecture.engine().symmetry(initial, alphabet);
            if (reduce && offered.isPresent()) {
                sym = offered.get();
            } else {
                reducing = false;
                sym = offered.flatMap(Symmetry::deadComponentsOnly).orElse(null);
            }
        }
        return new Run(alphabet, checked, sym, reducing).search();
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

    /** One search: everything that changes while it runs. */
    private final class Run {
        final StepEngine engine = architecture.engine();
        final List<Action> alphabet;
        final Action[] alpha;
        final List<Invariant> checked;
        final Invariant[] inv;
        final Symmetry sym;
        final boolean reducing;
        final boolean exact = storage == StateStorage.EXACT;
        final long start = System.nanoTime();
        final Visited visited = exact ? new ExactVisited() : new FingerprintVisited();
        final IntList parents = new IntList();
        final IntList via = new IntList();
        /** Whether orbit sizes are summed (decided on the initial state, before any worker starts). */
        boolean orbits;
        long unreduced;
        long generated;
        // per depth: distinct states first stored there (the next frontier) and successors computed into it
        final List<Long> distinctPerDepth = new ArrayList<>(List.of(1L));
        final List<Long> generatedPerDepth = new ArrayList<>(List.of(0L));

        Run(List<Action> alphabet, List<Invariant> checked, Symmetry sym, boolean reducing) {
            this.alphabet = alphabet;
            this.alpha = alphabet.toArray(new Action[0]);
            this.checked = checked;
            this.inv = checked.toArray(new Invariant[0]);
            this.sym = sym;
            this.reducing = reducing;
        }

        ExplorationResult search() {
            Expansion first = new Expansion(1);
            Symmetry.Orbit holder = new Symmetry.Orbit(exact);
            key(holder, initial, first, 0);
            visited.add(first, 0);
            unreduced = sym == null ? 1 : first.orbit[0];
            orbits = sym != null && unreduced >= 0;
            parents.add(-1);
            via.add(-1);
            visit(initial);
            List<MachineState> frontier = new ArrayList<>(List.of(initial));
            IntList frontierIdx = new IntList();
            frontierIdx.add(0);
            int depth = 0;
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
                        set[i] = new Expansion(alpha.length);
                    }
                }
                // one orbit holder per worker slot (parallel) or for the calling thread (sequential)
                Symmetry.Orbit[] holders = new Symmetry.Orbit[pool == null ? 1 : 2 * threads];
                for (int i = 0; i < holders.length; i++) {
                    holders[i] = new Symmetry.Orbit(exact);
                }
                int blockLen = bufs[0].length;
                while (depth < bound && !frontier.isEmpty()) {
                    distinctPerDepth.add(0L);
                    generatedPerDepth.add(0L);
                    List<MachineState> next = new ArrayList<>();
                    IntList nextIdx = new IntList();
                    // this level's counts, kept unboxed while merging and written to the per-depth lists at its end
                    long genHere = 0;
                    long newHere = 0;
                    int size = frontier.size();
                    List<Future<?>> pending = pool == null ? null
                            : submit(pool, frontier, 0, Math.min(blockLen, size), depth, bufs[0], holders, 0);
                    for (int b = 0, slot = 0; b < size; b += blockLen, slot = bufs.length - 1 - slot) {
                        int n = Math.min(blockLen, size - b);
                        Expansion[] buf = bufs[slot];
                        if (pool == null) {
                            expand(frontier.get(b), depth, buf[0], holders[0]);
                        } else {
                            List<Future<?>> current = pending;
                            int nb = b + blockLen;
                            pending = nb < size ? submit(pool, frontier, nb, Math.min(blockLen, size - nb), depth, bufs[1 - slot],
                                    holders, (1 - slot) * threads) : null;
                            await(current);
                        }
                        for (int k = 0; k < n; k++) {
                            Expansion e = buf[k];
                            int parent = frontierIdx.get(b + k);
                            for (int j = 0; j < e.count; j++) {
                                generated++;
                                genHere++;
                                if (e.violated && j == e.count - 1) {
                                    generatedPerDepth.set(depth + 1, genHere);
                                    distinctPerDepth.set(depth + 1, newHere);
                                    Trace t = replay(parent, e.action[j]);
                                    return result(Optional.of(t), depth + 1, false);
                                }
                                if (visited.add(e, j)) {
                                    newHere++;
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
                            if (exact) {
                                java.util.Arrays.fill(e.key, 0, e.count, null);
                            }
                            // an expanded and merged state is not needed again (its index stays in frontierIdx):
                            // drop it, so the level being expanded shrinks while the next one grows
                            frontier.set(b + k, null);
                        }
                    }
                    generatedPerDepth.set(depth + 1, genHere);
                    distinctPerDepth.set(depth + 1, newHere);
                    frontier = next;
                    frontierIdx = nextIdx;
                    depth++;
                }
                return result(Optional.empty(), depth, frontier.isEmpty());
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }

        private ExplorationResult result(Optional<Trace> cex, int depth, boolean exhausted) {
            boolean fp = storage == StateStorage.FINGERPRINT;
            long n = visited.size();
            ExplorationStatistics st = new ExplorationStatistics(generated, n, depth, System.nanoTime() - start, exhausted,
                    storage, fp ? ExplorationStatistics.fingerprintCollisionProbability(n) : 0.0,
                    reducing ? sym.description() : "none", threads, fp ? visited.bytes() + 2 * parents.bytes() : 0,
                    !reducing ? n : orbits ? unreduced : -1, distinctPerDepth, generatedPerDepth);
            return new ExplorationResult(cex, st, bound);
        }

        /**
         * Computes successor j's visited-set key (its representative's fingerprint, or its canonical state) and, while
         * the symmetry knows orbit sizes, its orbit size, both on the worker, in one call to the symmetry.
         */
        private void key(Symmetry.Orbit holder, MachineState after, Expansion e, int j) {
            if (sym == null) {
                if (exact) {
                    e.key[j] = after;
                } else {
                    e.fp[j] = after.fingerprint();
                }
                e.orbit[j] = 1;
                return;
            }
            sym.reduce(after, holder);
            if (exact) {
                e.key[j] = holder.representative();
            } else {
                e.fp[j] = holder.fingerprint();
            }
            long o = holder.size();
            if (o != -1 && o > sym.groupOrder()) {
                throw new IllegalStateException("Symmetry '" + sym.description() + "' gave orbit size " + o + "; valid values 1 - "
                        + sym.groupOrder() + " or -1 (unknown)");
            }
            if (orbits && o < 0) {
                throw new IllegalStateException("Symmetry '" + sym.description() + "' knew the orbit size of the initial state "
                        + "but not of a later one");
            }
            e.orbit[j] = o;
        }

        /** Starts expanding frontier states {@code from .. from + n - 1} into {@code buf}, split among the workers. */
        private List<Future<?>> submit(ExecutorService pool, List<MachineState> frontier, int from, int n, int depth,
                                       Expansion[] buf, Symmetry.Orbit[] holders, int holderBase) {
            int chunk = (n + threads - 1) / threads;
            List<Future<?>> futures = new ArrayList<>();
            int w = 0;
            for (int lo = 0; lo < n; lo += chunk, w++) {
                int a = lo;
                int z = Math.min(n, lo + chunk);
                Symmetry.Orbit holder = holders[holderBase + w];
                futures.add(pool.submit(() -> {
                    for (int k = a; k < z; k++) {
                        expand(frontier.get(from + k), depth, buf[k], holder);
                    }
                }));
            }
            return futures;
        }

        private void expand(MachineState s, int depth, Expansion e, Symmetry.Orbit holder) {
            e.count = 0;
            e.violated = false;
            Action[] as = alpha;
            for (int i = 0; i < as.length; i++) {
                Action a = as[i];
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
                if (violates(step)) {
                    e.violated = true;
                    return;
                }
                MachineState after = step.after();
                e.after[j] = after;
                key(holder, after, e, j);
            }
        }

        private void visit(MachineState s) {
            if (distinctStateVisitor != null) {
                distinctStateVisitor.accept(s);
            }
        }

        private boolean violates(Step step) {
            for (Invariant i : inv) {
                if (!i.check(step, architecture).isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        private Trace replay(int parent, int lastAction) {
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
                Step st = engine.step(s, a, i++);
                steps.add(st);
                for (Invariant c : checked) {
                    for (Violation v : c.check(st, architecture)) {
                        violations.add(v.atStep(st.index()));
                    }
                }
                s = st.after();
            }
            return new Trace(initial, steps, violations);
        }
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
}

package io.github.fpctx.samples.bench;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.StepEngine;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.explore.Symmetry;
import io.github.fpctx.core.state.MachineState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two halves of a reduced search's transition, apart, on states held in cache: {@link #reduceSuccessor} is one
 * {@link Symmetry#reduce} of a successor (canonical fingerprint and orbit size, as the explorer's workers compute
 * them for every transition), {@link #expandState} tries the world's whole alphabet on one frontier state (guards
 * and the enabled steps' kernel paths, untraced; no invariants). Divide {@code expandState} by the successors per
 * state printed at setup for a figure per transition.
 *
 * <p>Workload: the states of an x86 exec anchor world ({@code anchor-exec-NxM}, fixed model) found by a reduced
 * search bounded to {@link #depth} steps; the last 200 of them and their successors (2,134 at 4 &times; 3, depth 12)
 * are cycled through, so everything the calls read stays in the processor's caches. This is the symmetry's own
 * cost, without the cache misses of a large frontier.
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -jar samples/target/fpctx-benchmarks.jar SymmetryBench -p world=anchor-exec-3x3,anchor-exec-4x3 \
 *      -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SymmetryBench {
    /** Frontier states whose successors are the workload. */
    private static final int STATES = 200;

    /** An x86 exec anchor world. */
    @Param({"anchor-exec-4x3"})
    public String world;

    /** The bound of the search that collects the states. */
    @Param({"12"})
    public int depth;

    private Symmetry symmetry;
    private StepEngine engine;
    private Action[] alphabet;
    private MachineState[] frontier;
    private MachineState[] successors;
    private final Symmetry.Orbit orbit = new Symmetry.Orbit(false);
    private int nextSuccessor;
    private int nextState;

    /** Collects the states and their successors. */
    @Setup
    public void setup() {
        Architecture x86 = Architectures.load().require("x86_64");
        ExplorationWorld w = x86.explorationWorld(world);
        List<MachineState> states = new ArrayList<>();
        w.explorer(x86).exhaustive().storage(StateStorage.FINGERPRINT).symmetryReduction().bound(depth)
                .onDistinctState(states::add).run();
        engine = x86.engine();
        symmetry = engine.symmetry(w.initial(), w.alphabet())
                .orElseThrow(() -> new IllegalStateException("x86_64 offers no symmetry for " + world));
        alphabet = w.alphabet().toArray(new Action[0]);
        frontier = states.subList(Math.max(0, states.size() - STATES), states.size()).toArray(new MachineState[0]);
        List<MachineState> succ = new ArrayList<>();
        for (MachineState s : frontier) {
            for (Action a : alphabet) {
                engine.tryStep(s, a, 1, false).ifPresent(st -> succ.add(st.after()));
            }
        }
        successors = succ.toArray(new MachineState[0]);
        System.out.printf("%n%s, depth %d: %d frontier states, %d successors (%.2f per state)%n", world, depth,
                frontier.length, successors.length, successors.length / (double) frontier.length);
    }

    /**
     * @return the canonical fingerprint of the next successor
     */
    @Benchmark
    public long reduceSuccessor() {
        MachineState s = successors[nextSuccessor];
        nextSuccessor = nextSuccessor + 1 == successors.length ? 0 : nextSuccessor + 1;
        symmetry.reduce(s, orbit);
        return orbit.fingerprint() + orbit.size();
    }

    /**
     * @return the number of enabled actions of the next frontier state (its successors are built and dropped)
     */
    @Benchmark
    public int expandState() {
        MachineState s = frontier[nextState];
        nextState = nextState + 1 == frontier.length ? 0 : nextState + 1;
        int enabled = 0;
        for (Action a : alphabet) {
            if (engine.tryStep(s, a, 1, false).isPresent()) {
                enabled++;
            }
        }
        return enabled;
    }
}

package io.github.fpctx.samples.bench;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.state.StateChange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Whole-machine operations on a {@link MachineState} of 3 CPUs and 3 tasks built from core API
 * ({@link BenchMachines}): hashing (cached and after a transition), equality, diff, one user register write
 * and one core-only context switch, each a complete new immutable state.
 *
 * <p>Workload: 9 full register files per state (3 CPUs' live registers, 3 tasks' saved areas and oracles),
 * layout {@code ppc64} (9 x 1,048 bytes) or {@code x86_64} (9 x 2,320 bytes), seeded contents. Writes alternate
 * between two values so every transition produces a new state; states are returned so JMH consumes them.
 * The floor {@link #floorArraysHashCodeAllFiles()} is what hashing the same data naively costs.
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -jar samples/target/fpctx-benchmarks.jar MachineStateBench -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MachineStateBench {
    /** Which layout: {@code ppc64} (1 KiB files) or {@code x86_64} (2.3 KiB files). */
    @Param({"ppc64", "x86_64"})
    public String layout;

    private MachineState state;
    private MachineState equalCopy;
    private MachineState oneWrite;
    private MachineState switched;
    private Register view;
    private BitVector[] values;
    private int tick;
    private long[] allWords;

    /** Builds the state, an equal copy built separately, and the transitions' results used by the diffs. */
    @Setup
    public void setUp() {
        RegisterLayout l = BenchLayouts.byName(layout);
        state = BenchMachines.initial(l, BenchLayouts.SEED);
        equalCopy = BenchMachines.initial(l, BenchLayouts.SEED);
        view = BenchLayouts.view(l);
        SplittableRandom rnd = new SplittableRandom(BenchLayouts.SEED + 2);
        values = new BitVector[] {BenchLayouts.random(view.width(), rnd), BenchLayouts.random(view.width(), rnd)};
        oneWrite = BenchMachines.userWrite(state, 0, view, values[0]);
        switched = BenchMachines.contextSwitch(state, 0, "T2");
        allWords = new long[9 * l.storageWords()];
        for (int i = 0; i < allWords.length; i++) {
            allWords[i] = rnd.nextLong();
        }
        state.hashCode();
        equalCopy.hashCode();
    }

    /**
     * {@link MachineState#hashCode()} of an existing state (cached after the first call).
     *
     * @return the hash
     */
    @Benchmark
    public int hashCodeCached() {
        return state.hashCode();
    }

    /**
     * {@link MachineState#fingerprint()} of an existing state (cached after the first call).
     *
     * @return the 64-bit fingerprint
     */
    @Benchmark
    public long fingerprintCached() {
        return state.fingerprint();
    }

    /**
     * The floor: {@code Arrays.hashCode} over as many words as the state's 9 register files hold.
     *
     * @return the hash
     */
    @Benchmark
    public int floorArraysHashCodeAllFiles() {
        return Arrays.hashCode(allWords);
    }

    /**
     * One user register write ({@code fr5} / {@code xmm5}) on CPU 0: the live file and the task's oracle
     * change; a new machine state. No hashing.
     *
     * @return the new state
     */
    @Benchmark
    public MachineState userWrite() {
        return BenchMachines.userWrite(state, 0, view, values[tick++ & 1]);
    }

    /**
     * {@link #userWrite()} and then the new state's {@link MachineState#hashCode()}: what an explorer pays per
     * generated successor before the visited-set lookup.
     *
     * @return the new state's hash
     */
    @Benchmark
    public int userWriteThenHash() {
        return BenchMachines.userWrite(state, 0, view, values[tick++ & 1]).hashCode();
    }

    /**
     * One context switch on CPU 0 from {@code T0} to {@code T2} (save, owner, eager load; see
     * {@link BenchMachines#contextSwitch}); a new machine state, then its hash.
     *
     * @return the new state's hash
     */
    @Benchmark
    public int contextSwitchThenHash() {
        return BenchMachines.contextSwitch(state, 0, "T2").hashCode();
    }

    /**
     * {@link MachineState#equals(Object)} of two equal states built separately (nothing shared): a
     * visited-set hit.
     *
     * @return whether equal (always true)
     */
    @Benchmark
    public boolean equalsEqualState() {
        return state.equals(equalCopy);
    }

    /**
     * {@link MachineState#diff(MachineState)} against the state after one user register write (two changes:
     * live and oracle).
     *
     * @return the changes
     */
    @Benchmark
    public List<StateChange> diffAfterUserWrite() {
        return state.diff(oneWrite);
    }

    /**
     * {@link MachineState#diff(MachineState)} against the state after a context switch (live registers, owner,
     * current task, both tasks' modes and ext records, the saved area).
     *
     * @return the changes
     */
    @Benchmark
    public List<StateChange> diffAfterContextSwitch() {
        return state.diff(switched);
    }
}

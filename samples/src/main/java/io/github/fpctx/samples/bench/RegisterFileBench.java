package io.github.fpctx.samples.bench;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
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
 * Single-register updates, hashing, equality and diff of one immutable {@link RegisterFile}, next to the raw
 * floor of the same operations on a plain {@code long[]} of exactly the file's storage size.
 *
 * <p>Workload: layout {@code ppc64} (131 words, 1,048 bytes) or {@code x86_64} (290 words, 2,320 bytes) from
 * {@link BenchLayouts}, every register filled with seeded pseudo-random bits. Each update alternates between
 * two different values, so every call really changes the file (a write of the value already there returns
 * the same instance and would measure nothing). The results are returned, so JMH consumes them.
 *
 * <p>The floor is the naive immutable update the issue names: {@code long[].clone()} plus one store
 * (60 ns at 1 KiB, 166 ns at 2.5 KiB in {@code docs/anchors/jmh}). The target is that a register-file
 * update is below it and does not grow with the file.
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -jar samples/target/fpctx-benchmarks.jar RegisterFileBench -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegisterFileBench {
    /** Which layout: {@code ppc64} (1 KiB) or {@code x86_64} (2.3 KiB). */
    @Param({"ppc64", "x86_64"})
    public String layout;

    private RegisterFile file;
    private RegisterFile equalCopy;
    private RegisterFile oneChanged;
    private Register backing;
    private Register view;
    private Register control;
    private BitVector[] backingValues;
    private BitVector[] viewValues;
    private long[] controlValues;
    private int tick;

    private long[] floor;
    private long[] floorCopy;
    private int floorSlot;

    /** Builds the file, its equal copy, the values to write and the floor array. */
    @Setup
    public void setUp() {
        RegisterLayout l = BenchLayouts.byName(layout);
        file = BenchLayouts.randomFile(l, BenchLayouts.SEED);
        equalCopy = BenchLayouts.randomFile(l, BenchLayouts.SEED);
        backing = BenchLayouts.midBacking(l);
        view = BenchLayouts.view(l);
        control = BenchLayouts.control(l);
        SplittableRandom rnd = new SplittableRandom(BenchLayouts.SEED + 1);
        backingValues = new BitVector[] {BenchLayouts.random(backing.width(), rnd), BenchLayouts.random(backing.width(), rnd)};
        viewValues = new BitVector[] {BenchLayouts.random(view.width(), rnd), BenchLayouts.random(view.width(), rnd)};
        controlValues = new long[] {0x1F80L, 0x1FA0L};
        oneChanged = file.with(backing, backingValues[0]);
        floor = new long[l.storageWords()];
        for (int i = 0; i < floor.length; i++) {
            floor[i] = rnd.nextLong();
        }
        floorCopy = floor.clone();
        floorSlot = floor.length / 2;
    }

    /**
     * Writes one whole backing register ({@code vs40}, 128 bits / {@code zmm20}, 512 bits) through its handle.
     *
     * @return the new file
     */
    @Benchmark
    public RegisterFile updateBackingRegister() {
        return file.with(backing, backingValues[tick++ & 1]);
    }

    /**
     * Writes one alias view ({@code fr5}: bits 64..127 of vs5 / {@code xmm5}: bits 0..127 of zmm5).
     *
     * @return the new file
     */
    @Benchmark
    public RegisterFile updateView() {
        return file.with(view, viewValues[tick++ & 1]);
    }

    /**
     * Writes a control register from a {@code long} ({@code fpscr} / {@code mxcsr}), which also allocates the
     * {@link BitVector} the API takes.
     *
     * @return the new file
     */
    @Benchmark
    public RegisterFile updateControlFromLong() {
        return file.withLong(control, controlValues[tick++ & 1]);
    }

    /**
     * Writes a register by name (a map lookup on top of {@link #updateBackingRegister()}).
     *
     * @return the new file
     */
    @Benchmark
    public RegisterFile updateByName() {
        return file.with(backing.name(), backingValues[tick++ & 1]);
    }

    /**
     * The floor: the naive immutable update, {@code long[].clone()} of the file's size plus one store.
     *
     * @return the new array
     */
    @Benchmark
    public long[] floorCloneAndStore() {
        long[] c = floor.clone();
        c[floorSlot] = tick++;
        return c;
    }

    /**
     * {@link RegisterFile#hashCode()} of the whole file (maintained incrementally by every write).
     *
     * @return the hash
     */
    @Benchmark
    public int hashCodeWholeFile() {
        return file.hashCode();
    }

    /**
     * {@link RegisterFile#fingerprint()}, the 64-bit hash.
     *
     * @return the fingerprint
     */
    @Benchmark
    public long fingerprintWholeFile() {
        return file.fingerprint();
    }

    /**
     * The floor for hashing: {@code Arrays.hashCode} over the file's words.
     *
     * @return the hash
     */
    @Benchmark
    public int floorArraysHashCode() {
        return Arrays.hashCode(floor);
    }

    /**
     * {@link RegisterFile#equals(Object)} of two equal files built separately (nothing shared): the cost of a
     * visited-set hit.
     *
     * @return whether equal (always true)
     */
    @Benchmark
    public boolean equalsEqualFile() {
        return file.equals(equalCopy);
    }

    /**
     * The floor for equality: {@code Arrays.equals} on two equal arrays of the file's size.
     *
     * @return whether equal (always true)
     */
    @Benchmark
    public boolean floorArraysEquals() {
        return Arrays.equals(floor, floorCopy);
    }

    /**
     * {@link RegisterFile#diff(RegisterFile)} of the file against a version with one backing register
     * changed: one {@link RegisterDiff} with both values.
     *
     * @return the diff
     */
    @Benchmark
    public List<RegisterDiff> diffOneRegisterChanged() {
        return file.diff(oneChanged);
    }

    /**
     * {@link RegisterFile#diff(RegisterFile)} of two equal files built separately (the "nothing changed" answer
     * a trace asks for most often).
     *
     * @return the diff (empty)
     */
    @Benchmark
    public List<RegisterDiff> diffEqualFiles() {
        return file.diff(equalCopy);
    }
}

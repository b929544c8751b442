package io.github.fpctx.core.explore;

/**
 * One explorer thread's memory of recent {@link Symmetry#reduce} results, keyed by the reduced state's own 64-bit
 * {@link io.github.fpctx.core.state.MachineState#fingerprint() fingerprint}: a search reaches the same state (not
 * only the same orbit) many times (at x86 3 × 3, 2.05 M successors are 0.76 M distinct states), and the state's
 * fingerprint is kept incrementally, so a hit replaces the canonical form by one table probe.
 *
 * <p>Used only with {@link StateStorage#FINGERPRINT}, which already identifies a state by a 64-bit hash: a hit on
 * an equal fingerprint of a different state is the same kind of collision, of the same order of probability
 * ({@link ExplorationStatistics#fingerprintCollisionProbability}). {@link StateStorage#EXACT} never uses it.
 *
 * <p>Direct-mapped, fixed size (a slot keeps the last state hashed to it), so it never grows: 32 B per slot.
 *
 * @implSpec Not thread-safe: one per thread.
 */
final class ReductionMemo {
    /** Slots: 2^19 = 524,288 (16 MiB). */
    static final int BITS = 19;

    /** Per slot four longs (key, fingerprint, orbit size, unused), so that a probe touches one cache line. */
    private final long[] table = new long[4 << BITS];
    private long hits;

    private static int slot(long key) {
        return ((int) (key ^ (key >>> 32)) & ((1 << BITS) - 1)) << 2;
    }

    /**
     * @param key a state's fingerprint (0 is never stored)
     * @return whether the result for {@code key} is here; then {@link #fingerprint(long)} and {@link #size(long)}
     *         read it
     */
    boolean has(long key) {
        if (key != 0 && table[slot(key)] == key) {
            hits++;
            return true;
        }
        return false;
    }

    long fingerprint(long key) {
        return table[slot(key) + 1];
    }

    long size(long key) {
        return table[slot(key) + 2];
    }

    void put(long key, long fingerprint, long size) {
        int s = slot(key);
        table[s] = key;
        table[s + 1] = fingerprint;
        table[s + 2] = size;
    }

    long hits() {
        return hits;
    }

    /** An explorer worker thread, carrying its memo (made on first use). */
    static final class Worker extends Thread {
        private ReductionMemo memo;

        Worker(Runnable r) {
            super(r, "fpctx-explorer");
            setDaemon(true);
        }

        ReductionMemo memo() {
            if (memo == null) {
                memo = new ReductionMemo();
            }
            return memo;
        }
    }
}

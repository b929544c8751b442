package io.github.fpctx.core.explore;

import java.util.List;

/**
 * What an exploration did.
 *
 * @param statesGenerated      successor states computed (transitions taken)
 * @param distinctStates       distinct states stored (symmetry representatives when reducing), initial state included
 * @param depthReached         the deepest level searched
 * @param elapsedNanos         wall-clock time (the only figure that varies between identical runs)
 * @param exhausted            whether the search ran out of new states (the whole reachable space, or its quotient
 *                             under the symmetry, was explored) rather than stopping at the bound or at a violation
 * @param storage              how visited states were stored
 * @param collisionProbability with {@link StateStorage#FINGERPRINT}, the estimated probability that two distinct
 *                             stored states had the same fingerprint (n<sup>2</sup>/2<sup>65</sup> for n distinct
 *                             states, the birthday bound TLC reports as its "optimistic" estimate); 0 when exact
 * @param symmetry             the symmetry used ({@link Symmetry#description()}), or {@code "none"}
 * @param threads              worker threads used to compute successors (1 = sequential)
 * @param visitedBytes         with {@link StateStorage#FINGERPRINT}, the bytes of the visited set: fingerprint table
 *                             plus parent and action columns (the frontier's states are not included); 0 when exact
 * @param unreducedStates      how many states the search without symmetry reduction would have stored: the sum of the
 *                             orbit sizes of the stored representatives ({@link Symmetry#reduce}); equal to
 *                             {@code distinctStates} without a symmetry; -1 when the symmetry does not know its orbits
 * @param distinctPerDepth     per depth d (index 0 = the initial state), the distinct states first stored at depth d:
 *                             the breadth-first frontier expanded at level d; they sum to {@code distinctStates}. Empty
 *                             when the producer did not count per depth
 * @param generatedPerDepth    per depth d, the successor states computed into depth d (index 0 is always 0); they sum
 *                             to {@code statesGenerated}. Empty when the producer did not count per depth
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationStatistics(long statesGenerated, long distinctStates, int depthReached, long elapsedNanos,
                                    boolean exhausted, StateStorage storage, double collisionProbability,
                                    String symmetry, int threads, long visitedBytes, long unreducedStates,
                                    List<Long> distinctPerDepth, List<Long> generatedPerDepth) {
    /**
     * Statistics without per-depth counts (the form before they were added).
     *
     * @param statesGenerated      successor states computed
     * @param distinctStates       distinct states stored
     * @param depthReached         the deepest level searched
     * @param elapsedNanos         wall-clock time
     * @param exhausted            whether the state space ran out
     * @param storage              how visited states were stored
     * @param collisionProbability estimated fingerprint collision probability
     * @param symmetry             the symmetry's description or {@code "none"}
     * @param threads              worker threads
     * @param visitedBytes         bytes of the visited set
     * @param unreducedStates      states without symmetry reduction, or -1
     */
    public ExplorationStatistics(long statesGenerated, long distinctStates, int depthReached, long elapsedNanos,
                                 boolean exhausted, StateStorage storage, double collisionProbability, String symmetry,
                                 int threads, long visitedBytes, long unreducedStates) {
        this(statesGenerated, distinctStates, depthReached, elapsedNanos, exhausted, storage, collisionProbability, symmetry,
                threads, visitedBytes, unreducedStates, List.of(), List.of());
    }

    /**
     * Statistics of a sequential search with full states and no symmetry, as earlier versions reported them.
     *
     * @param statesGenerated successor states computed
     * @param distinctStates  distinct states stored
     * @param depthReached    the deepest level searched
     * @param elapsedNanos    wall-clock time
     */
    public ExplorationStatistics(long statesGenerated, long distinctStates, int depthReached, long elapsedNanos) {
        this(statesGenerated, distinctStates, depthReached, elapsedNanos, false, StateStorage.EXACT, 0.0, "none", 1, 0,
                distinctStates);
    }

    /**
     * Validates the components.
     */
    public ExplorationStatistics {
        if (statesGenerated < 0 || distinctStates < 0 || depthReached < 0) {
            throw new IllegalArgumentException("Exploration counts must be non-negative; got generated=" + statesGenerated
                    + " distinct=" + distinctStates + " depth=" + depthReached);
        }
        if (storage == null || symmetry == null) {
            throw new IllegalArgumentException("storage and symmetry must not be null");
        }
        if (!(collisionProbability >= 0.0 && collisionProbability <= 1.0)) {
            throw new IllegalArgumentException("Invalid collision probability (valid values 0 - 1): " + collisionProbability);
        }
        if (visitedBytes < 0) {
            throw new IllegalArgumentException("visitedBytes must be non-negative; got " + visitedBytes);
        }
        if (unreducedStates < -1 || (unreducedStates >= 0 && unreducedStates < distinctStates)) {
            throw new IllegalArgumentException("unreducedStates must be -1 (unknown) or at least distinctStates (" + distinctStates
                    + "); got " + unreducedStates);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid thread count (valid values >= 1): " + threads);
        }
        distinctPerDepth = List.copyOf(java.util.Objects.requireNonNull(distinctPerDepth, "distinctPerDepth"));
        generatedPerDepth = List.copyOf(java.util.Objects.requireNonNull(generatedPerDepth, "generatedPerDepth"));
        if (!distinctPerDepth.isEmpty() && distinctPerDepth.stream().mapToLong(Long::longValue).sum() != distinctStates) {
            throw new IllegalArgumentException("distinctPerDepth must sum to distinctStates (" + distinctStates + "); got "
                    + distinctPerDepth);
        }
        if (!generatedPerDepth.isEmpty() && generatedPerDepth.stream().mapToLong(Long::longValue).sum() != statesGenerated) {
            throw new IllegalArgumentException("generatedPerDepth must sum to statesGenerated (" + statesGenerated + "); got "
                    + generatedPerDepth);
        }
    }

    /**
     * The birthday-bound estimate of a fingerprint collision among {@code n} distinct 64-bit fingerprints.
     *
     * @param n distinct states stored
     * @return min(1, n<sup>2</sup> / 2<sup>65</sup>)
     */
    public static double fingerprintCollisionProbability(long n) {
        double p = (double) n * (double) n / 0x1p65;
        return Math.min(1.0, p);
    }

    @Override
    public String toString() {
        String s = String.format("%,d states generated, %,d distinct, depth %d, %.1f ms", statesGenerated, distinctStates,
                depthReached, elapsedNanos / 1e6);
        if (exhausted) {
            s += ", state space exhausted";
        }
        if (storage == StateStorage.FINGERPRINT) {
            s += String.format(", fingerprints (collision probability %.1e, %.1f B/state)", collisionProbability,
                    distinctStates == 0 ? 0.0 : (double) visitedBytes / distinctStates);
        }
        if (!symmetry.equals("none")) {
            s += ", symmetry: " + symmetry;
            if (unreducedStates >= 0) {
                s += String.format(" (%,d states unreduced, %.1fx)", unreducedStates, distinctStates == 0 ? 1.0
                        : (double) unreducedStates / distinctStates);
            }
        }
        if (threads > 1) {
            s += ", " + threads + " threads";
        }
        return s;
    }
}

package io.github.fpctx.core;

/**
 * What an exploration did.
 *
 * @param statesGenerated successor states computed (transitions taken)
 * @param distinctStates  distinct states stored
 * @param depthReached    the deepest level searched
 * @param elapsedNanos    wall-clock time (the only figure that varies between identical runs)
 * @implSpec This class is immutable and thread-safe.
 */
public record ExplorationStatistics(long statesGenerated, long distinctStates, int depthReached, long elapsedNanos) {
    @Override
    public String toString() {
        return String.format("%,d states generated, %,d distinct, depth %d, %.1f ms", statesGenerated, distinctStates,
                depthReached, elapsedNanos / 1e6);
    }
}

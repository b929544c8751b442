package io.github.fpctx.core.explore;

import io.github.fpctx.core.state.MachineState;

/**
 * How the {@link Explorer} remembers the states it has seen.
 */
public enum StateStorage {
    /**
     * A 64-bit fingerprint per distinct state ({@link MachineState#fingerprint()}, of the symmetry representative
     * when reducing) in an open-addressing {@code long[]} table, plus a parent index and an action index per state
     * for path reconstruction: about 24-40 bytes per state. Two different states with the same fingerprint would
     * make the search skip the second one; the probability of any such collision is reported in
     * {@link ExplorationStatistics#collisionProbability()} as TLC does (n<sup>2</sup>/2<sup>65</sup>).
     */
    FINGERPRINT,
    /**
     * The full states (structurally shared with their parents) in a hash set: no collisions possible, several
     * hundred bytes per state.
     */
    EXACT
}

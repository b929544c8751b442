package io.github.fpctx.core.explore;

import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.state.MachineState;

/**
 * A symmetry of an exploration world: maps a state to a representative of its orbit under a group of
 * permutations of interchangeable CPUs and same-role tasks (with whatever the permutation must carry along,
 * such as the register tokens each task writes), so that the {@link Explorer} stores one state per orbit.
 *
 * <p>Soundness conditions an implementation must meet (the explorer cannot check them):
 * <ul>
 *   <li>{@link #canonical} returns a state <em>in the orbit</em> of its argument, i.e. the image of the state under
 *       some permutation of the group (it need not be the same representative for every member of an orbit;
 *       a weaker canonical form only reduces less). It may in addition normalise <em>dead</em> components: ones
 *       that no action of the alphabet and no checked invariant reads before overwriting them (as SPIN drops dead
 *       variables), e.g. the {@code task_cpu} of a task that is not running in a world whose only way back onto a
 *       CPU sets it;</li>
 *   <li>the exploration alphabet is closed under the group: the image of every action of the alphabet under
 *       every permutation is again an action of the alphabet (e.g. every task of a role writes a token of its
 *       own and the permutation maps tokens with the tasks), and the architecture's steps commute with the
 *       permutation;</li>
 *   <li>the checked invariants are symmetric: a state violates one exactly when its image does.</li>
 * </ul>
 * Under these conditions a breadth-first search over representatives reaches a violation at the same depth as
 * the plain search, and the counterexample it returns is a real path of the unreduced system (the explorer
 * keeps exploring actual states and only uses the representative as the visited-set key).
 *
 * <p>Architectures offer symmetries through
 * {@link io.github.fpctx.core.spi.ArchitectureProvider#symmetry(MachineState, java.util.List)}.
 */
public interface Symmetry {
    /**
     * @param state a state reachable in the world this symmetry was made for
     * @return a state of its orbit, the same for as many members of the orbit as the implementation manages
     */
    MachineState canonical(MachineState state);

    /** @return what is permuted, e.g. {@code "3 user tasks (with their tokens) x 3 CPUs: 36 permutations"} */
    String description();

    /** @return the number of permutations in the group (the best possible reduction factor) */
    long groupOrder();

    /**
     * The visited-set key of a state's representative under {@link StateStorage#FINGERPRINT}: equal for any two
     * states whose {@link #canonical} forms are equal, and as unlikely to coincide for different ones as
     * {@link MachineState#fingerprint()}. An implementation that computes it without building the canonical state
     * (from a packed image, say) saves the explorer most of the reduction's cost.
     *
     * @param state a state reachable in the world this symmetry was made for
     * @return the fingerprint of its representative
     * @implSpec The default is {@code canonical(state).fingerprint()}.
     */
    default long fingerprint(MachineState state) {
        return canonical(state).fingerprint();
    }

    /**
     * The number of states the representative of {@code state} stands for: the size of its orbit (with dead
     * components normalised), i.e. the group order divided by the order of the state's stabiliser. The explorer sums
     * it over the representatives it stores to report how many states the unreduced search would have stored.
     *
     * @param state a state reachable in the world this symmetry was made for
     * @return the orbit size, 1 to {@link #groupOrder()}, or -1 if the implementation does not know it
     * @implSpec The default returns -1.
     */
    default long orbitSize(MachineState state) {
        return -1;
    }
}

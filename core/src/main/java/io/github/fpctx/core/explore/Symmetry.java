package io.github.fpctx.core.explore;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.github.fpctx.core.state.MachineState;

/**
 * A symmetry of an exploration world: maps a state to a representative of its orbit under a group of
 * permutations of interchangeable CPUs and same-role tasks (with whatever the permutation must carry along,
 * such as the register tokens each task writes), so that the {@link Explorer} stores one state per orbit.
 *
 * <p>One call, {@link #reduce(MachineState, Orbit)}, gives everything the explorer needs about a state's orbit:
 * the representative's fingerprint (the visited-set key), the orbit size (to report the unreduced count) and, when
 * asked, the representative itself (for {@link StateStorage#EXACT}). The caller passes a reusable {@link Orbit}
 * holder, one per thread, which also carries the symmetry's per-thread scratch ({@link Orbit#scratch}), so an
 * implementation needs no {@code ThreadLocal} and the hot path allocates nothing.
 *
 * <p>Most plugins need not implement this interface: {@link StructuralSymmetry} derives the symmetry from the
 * state's structure and a short declaration of what is interchangeable.
 *
 * <p>Soundness conditions an implementation must meet (the explorer cannot check them):
 * <ul>
 *   <li>the representative is <em>in the orbit</em> of the state, i.e. its image under some permutation of the
 *       group (a weaker canonical form only reduces less). It may in addition normalise <em>dead</em> components:
 *       ones that no action of the alphabet and no checked invariant reads before overwriting them (as SPIN drops
 *       dead variables), e.g. the {@code task_cpu} of a task that is not running in a world whose only way back onto
 *       a CPU sets it;</li>
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
 *
 * @implSpec Implementations must be immutable and thread-safe: the explorer calls {@link #reduce} from several
 *           threads at once, each with its own {@link Orbit}.
 */
public interface Symmetry {
    /** @return what is permuted, e.g. {@code "3 user tasks (with their tokens) x 3 CPUs: 36 permutations"} */
    String description();

    /** @return the number of permutations in the group (the best possible reduction factor) */
    long groupOrder();

    /**
     * Reduces a state: writes its representative's fingerprint, its orbit size and, if {@code out} asks for it
     * ({@link Orbit#wantsRepresentative()}), the representative into {@code out}, through
     * {@link Orbit#set(long, long, MachineState)}.
     *
     * <p>The fingerprint is equal for any two states whose representatives are equal, and as unlikely to coincide
     * for different ones as {@link MachineState#fingerprint()}. The orbit size is the number of states the
     * representative stands for (with dead components normalised), i.e. the group order divided by the order of
     * the state's stabiliser, 1 to {@link #groupOrder()}, or -1 if the implementation does not know it.
     *
     * @param state a state reachable in the world this symmetry was made for
     * @param out   the caller's holder, reused from call to call on one thread
     */
    void reduce(MachineState state, Orbit out);

    /**
     * Reduces a state into a fresh holder, representative included (for tests and one-off use; the explorer reuses
     * one holder per thread).
     *
     * @param state a state reachable in the world this symmetry was made for
     * @return its orbit's representative, fingerprint and size
     */
    default Orbit reduce(MachineState state) {
        Orbit o = new Orbit(true);
        reduce(Objects.requireNonNull(state, "state"), o);
        return o;
    }

    /**
     * The identity group with this symmetry's normalisation of dead components, which the explorer uses as the
     * visited-set key of a <em>plain</em> search (so that, e.g., a runnable task's dead {@code task_cpu} does not
     * double the plain state count).
     *
     * @return that trivial symmetry, or empty if this symmetry normalises nothing
     * @implSpec The default is empty.
     */
    default Optional<Symmetry> deadComponentsOnly() {
        return Optional.empty();
    }

    /**
     * A symmetry from a canonical-form function, for tests and simple plugins: the fingerprint is the canonical
     * state's {@link MachineState#fingerprint()}, the orbit size unknown (-1).
     *
     * @param description what is permuted
     * @param groupOrder  the group's order, 1 or more
     * @param canonical   a pure function mapping a state to a state of its orbit
     * @return the symmetry
     */
    static Symmetry of(String description, long groupOrder, UnaryOperator<MachineState> canonical) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(canonical, "canonical");
        if (groupOrder < 1) {
            throw new IllegalArgumentException("Invalid group order of symmetry '" + description + "' (valid values 1 or more): " + groupOrder);
        }
        return new Symmetry() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public long groupOrder() {
                return groupOrder;
            }

            @Override
            public void reduce(MachineState state, Orbit out) {
                MachineState c = canonical.apply(state);
                if (c == null) {
                    throw new IllegalStateException("Symmetry '" + description + "' returned no canonical state");
                }
                out.set(c.fingerprint(), -1, c);
            }
        };
    }

    /**
     * The result of {@link Symmetry#reduce}: a small mutable holder the caller owns and reuses (one per thread),
     * so reducing a state allocates nothing. It also keeps one scratch object of the symmetry's choosing
     * ({@link #scratch}), the symmetry's per-thread working memory.
     *
     * @implSpec Not thread-safe: one holder per thread.
     */
    final class Orbit {
        private final boolean withRepresentative;
        private long fingerprint;
        private long size;
        private MachineState representative;
        private boolean set;
        private Object scratch;
        private Object scratchOwner;

        /**
         * @param withRepresentative whether the caller needs the representative state itself (an exact visited set
         *                           does; a fingerprint set does not, and reducing is then cheaper)
         */
        public Orbit(boolean withRepresentative) {
            this.withRepresentative = withRepresentative;
        }

        /** @return whether {@link Symmetry#reduce} must supply the representative */
        public boolean wantsRepresentative() {
            return withRepresentative;
        }

        /**
         * Records the result of a reduction.
         *
         * @param representativeFingerprint the representative's fingerprint (the visited-set key)
         * @param orbitSize                 1 or more, or -1 if unknown
         * @param representativeState       the representative; may be null when {@link #wantsRepresentative()} is
         *                                  false
         * @throws IllegalArgumentException if the orbit size is 0 or below -1, or the representative is missing
         *                                  although it was asked for
         */
        public void set(long representativeFingerprint, long orbitSize, MachineState representativeState) {
            if (orbitSize == 0 || orbitSize < -1) {
                throw new IllegalArgumentException("Invalid orbit size (valid values 1 or more, or -1 for unknown): " + orbitSize);
            }
            if (withRepresentative && representativeState == null) {
                throw new IllegalArgumentException("The representative was asked for but not given");
            }
            this.fingerprint = representativeFingerprint;
            this.size = orbitSize;
            this.representative = withRepresentative ? representativeState : null;
            this.set = true;
        }

        /** @return the representative's fingerprint */
        public long fingerprint() {
            check();
            return fingerprint;
        }

        /** @return the orbit size, or -1 if the symmetry does not know it */
        public long size() {
            check();
            return size;
        }

        /**
         * @return the representative
         * @throws IllegalStateException if this holder was made without {@code withRepresentative}
         */
        public MachineState representative() {
            check();
            if (!withRepresentative) {
                throw new IllegalStateException("This orbit holder was made without the representative (new Orbit(false))");
            }
            return representative;
        }

        private void check() {
            if (!set) {
                throw new IllegalStateException("No state has been reduced into this orbit holder yet");
            }
        }

        /**
         * The symmetry's per-thread scratch kept in this holder: created on first use by {@code owner}, then reused
         * (and made afresh if another symmetry uses the holder).
         *
         * @param owner  the symmetry asking (compared by identity)
         * @param type   the scratch's class
         * @param create makes it
         * @param <T>    its type
         * @return the scratch object
         */
        public <T> T scratch(Object owner, Class<T> type, Supplier<T> create) {
            Objects.requireNonNull(owner, "owner");
            Object s = scratch;
            if (s == null || scratchOwner != owner || !type.isInstance(s)) {
                s = Objects.requireNonNull(create.get(), "scratch");
                scratch = s;
                scratchOwner = owner;
            }
            return type.cast(s);
        }

        @Override
        public String toString() {
            return set ? "orbit[fingerprint=" + Long.toHexString(fingerprint) + " size=" + size + "]" : "orbit[unset]";
        }
    }
}

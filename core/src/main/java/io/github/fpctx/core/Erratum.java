package io.github.fpctx.core;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;

import java.util.List;
import java.util.Optional;

/**
 * A switchable variant of an architecture's kernel paths: a historical bug (on = the buggy kernel), a wrong
 * fix, or an alternative fix, with its facts. A machine with no variant enabled is today's fixed kernel.
 *
 * @param id               a stable id, e.g. {@code save-fpu-clobbers-fr0}
 * @param kind             bug, wrong fix, or alternative fix
 * @param title            a one-line title
 * @param introducedBy     the commit that introduced the bug (12+ hex digits), empty if not known
 * @param fixedBy          the commit that fixed it (for a wrong fix: the patch that did not land; may be empty)
 * @param seeds            the seed threads it comes from, e.g. {@code ["000", "001"]}
 * @param summary          what goes wrong, in one line
 * @param amends           for a fix variant, the id of the bug it claims to fix
 * @param explorationBound the action-sequence length within which the explorer must find the bug from the
 *                         alphabet (0 for fix variants)
 * @implSpec This class is immutable and thread-safe.
 */
public record Erratum(String id, Kind kind, String title, String introducedBy, String fixedBy, List<String> seeds,
                      String summary, Optional<String> amends, int explorationBound) {
    /** Kinds of variant. */
    public enum Kind {
        /** The historical bug: enabling it reproduces the misbehaviour. */
        BUG,
        /** A fix that was proposed and does not cure the bug (seed 001's {@code lwsync} patch). */
        WRONG_FIX,
        /** A fix discussed but not adopted, which also cures the bug (seed 002's "invalidate both"). */
        ALTERNATIVE_FIX
    }

    /**
     * Validates the parts.
     *
     * @param id               id
     * @param kind             kind
     * @param title            title
     * @param introducedBy     introducing commit
     * @param fixedBy          fixing commit
     * @param seeds            seed threads
     * @param summary          summary
     * @param amends           the bug a fix variant applies to
     * @param explorationBound the explorer's bound
     */
    public Erratum {
        Checks.name(id, "Erratum id");
        Objects.requireNonNull(kind, "kind");
        Checks.name(title, "Erratum title");
        Objects.requireNonNull(introducedBy, "introducedBy");
        Objects.requireNonNull(fixedBy, "fixedBy");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(amends, "amends");
        if (kind != Kind.BUG && amends.isEmpty()) {
            throw new IllegalArgumentException("Fix variant " + id + " must name the bug it amends");
        }
        Checks.range("exploration bound of " + id, explorationBound, 0, 1000);
    }

    /**
     * A historical bug.
     *
     * @param id               id
     * @param title            title
     * @param introducedBy     introducing commit
     * @param fixedBy          fixing commit
     * @param seeds            seed threads
     * @param summary          summary
     * @param explorationBound the bound within which the explorer finds it
     * @return the erratum
     */
    public static Erratum bug(String id, String title, String introducedBy, String fixedBy, List<String> seeds,
                              String summary, int explorationBound) {
        return new Erratum(id, Kind.BUG, title, introducedBy, fixedBy, seeds, summary, Optional.empty(), explorationBound);
    }

    /** @return {@code id (introduced X, fixed Y)} */
    @Override
    public String toString() {
        return id + " (" + kind + ", introduced " + (introducedBy.isEmpty() ? "?" : introducedBy) + ", fixed "
                + (fixedBy.isEmpty() ? "?" : fixedBy) + ")";
    }
}

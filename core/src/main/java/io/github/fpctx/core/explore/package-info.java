/**
 * The explorer: bounded exhaustive breadth-first search over an architecture's action alphabet, returning the
 * shortest counterexample to the checked invariants, with state de-duplication (exact or by fingerprint),
 * symmetry reduction over interchangeable CPUs and tasks, statistics, and the named exploration worlds plugins
 * provide.
 *
 * <p>May use {@link io.github.fpctx.core.register}, {@link io.github.fpctx.core.state} and the root package (the
 * step engine, actions, invariants, traces); nothing in those depends on it.
 */
package io.github.fpctx.core.explore;

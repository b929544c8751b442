/**
 * Argument checks shared by every module and plugin ({@link io.github.fpctx.core.util.Checks}): the bottom layer of
 * core, depending on nothing else in fpctx.
 *
 * <p><b>Null policy</b> of the whole project: parameters are non-null unless their Javadoc says otherwise; a
 * {@code null} argument is refused at once with {@link java.util.Objects#requireNonNull(Object, String)} naming the
 * parameter (a {@link java.lang.NullPointerException}, as java.time does), before any state changes. Absent values
 * are {@link java.util.Optional}s, never {@code null}. Every other bad value gets an
 * {@link java.lang.IllegalArgumentException} whose message names the subject, the rejected value and what is
 * allowed; an impossible machine state an {@link java.lang.IllegalStateException}.
 */
package io.github.fpctx.core.util;

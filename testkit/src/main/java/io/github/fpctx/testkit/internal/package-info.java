/**
 * Testkit internals: the shared architecture registry and the search for where a wrong register value came
 * from. Not exported.
 */
package io.github.fpctx.testkit.internal;

/**
 * Internals of the core: checking helpers, hashing and the registry's loading code. Not exported; nothing
 * here is API.
 */
package io.github.fpctx.core.internal;

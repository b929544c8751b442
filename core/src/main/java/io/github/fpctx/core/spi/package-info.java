/**
 * The service provider interface architecture modules implement: {@link io.github.fpctx.core.spi.ArchitectureProvider}.
 */
package io.github.fpctx.core.spi;

/**
 * JUnit 5 integration of the fpctx testkit: {@link io.github.fpctx.testkit.junit.ForEachArchitecture} test
 * templates over every discovered architecture, {@link io.github.fpctx.core.Architecture} parameter resolution
 * ({@link io.github.fpctx.testkit.junit.ArchitectureExtension}, {@link io.github.fpctx.testkit.junit.ArchitectureId}),
 * and the {@link io.github.fpctx.testkit.junit.ArchitectureConformanceKit} plugins extend in one line.
 */
package io.github.fpctx.testkit.junit;

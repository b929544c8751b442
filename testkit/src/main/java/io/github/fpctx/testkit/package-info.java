/**
 * The fpctx testkit: fluent {@link io.github.fpctx.testkit.Scenario}s whose
 * {@link io.github.fpctx.testkit.ScenarioResult}s render as a kernel call-path {@link io.github.fpctx.testkit.Timeline},
 * JUnit assertions on them ({@link io.github.fpctx.testkit.FpAssertions}), the explorer's fluent front
 * ({@link io.github.fpctx.testkit.Exploration}) and ownership-state coverage reports
 * ({@link io.github.fpctx.testkit.CoverageReport}).
 *
 * <pre>{@code
 * ScenarioResult run = Scenario.on("x86_64")
 *     .cpus(2)
 *     .task("T", t -> t.onCpu(0).userWrites("xmm0", BitVector.of(128, 0x55)))
 *     .migrate("T", 1)
 *     .exec("T")
 *     .run();
 * FpAssertions.assertThat(run).isClean();
 * }</pre>
 */
package io.github.fpctx.testkit;

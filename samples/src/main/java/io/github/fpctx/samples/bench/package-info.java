/**
 * JMH benchmarks of the core value types: single-register updates of immutable register files against the
 * raw {@code long[]} copy floor, whole-file and whole-machine hashing, equality and diff, and a core-only
 * context-switch transition; plus {@link io.github.fpctx.samples.bench.StateMemory}, which estimates the
 * bytes a stored machine state costs.
 *
 * <p>Nothing here runs in the default build: the annotation processor only generates the harness classes.
 * Build and run with the {@code bench} profile (see {@code docs/PERFORMANCE.md}):
 * <pre>
 * mvn -o -q -B -Pbench -pl samples -am package -DskipTests
 * java -jar samples/target/fpctx-benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
package io.github.fpctx.samples.bench;

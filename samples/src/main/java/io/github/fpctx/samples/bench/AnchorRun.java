package io.github.fpctx.samples.bench;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.explore.StateStorage;

import java.util.Locale;

/**
 * One exhaustive search of an anchor world on a cold JVM, for the side-by-side run with SPIN and TLC
 * ({@code docs/bench/run-side-by-side.sh}): prints one tab-separated line {@code world, bug|fixed, symmetry, threads,
 * violation, trail steps, distinct states, states generated, depth, exhausted, explorer seconds, unreduced states}
 * to standard output (distinct states are symmetry representatives when reducing; unreduced states is the sum of
 * their orbit sizes, what SPIN and TLC count, or -1 when the symmetry does not know its orbits).
 * While it runs it prints a progress line to standard error every 2^20 distinct states (elapsed seconds since the
 * search began), so a run stopped by a time limit still says how far it got.
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -Xms384m -Xmx384m -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -XX:+UseParallelGC \
 *      -cp samples/target/fpctx-benchmarks.jar io.github.fpctx.samples.bench.AnchorRun anchor-exec-3x3 fixed true 2
 * </pre>
 * A fixed, pre-touched heap keeps allocation from meeting fresh pages during the search; on transparent huge pages
 * pre-touching it costs a fraction of a second instead of about two seconds per GiB on the machines of
 * {@code docs/PERFORMANCE.md}. The reduced 3 &times; 3 search fits in 384 MiB; the plain one needs 3 GiB, 4 &times; 4
 * reduced 8 GiB.
 * Arguments: world ({@code anchor-exec-NxM} on x86-64, {@code anchor-fr0-NxM} on ppc32 unless the fifth argument
 * names {@code ppc64}), {@code bug} (seed 002's
 * {@code exec-fpu-drop} or seed 000's {@code save-fpu-clobbers-fr0}) or {@code fixed}, symmetry reduction
 * {@code true}/{@code false}, worker threads. Fingerprint storage.
 */
public final class AnchorRun {
    private AnchorRun() {
    }

    /**
     * @param args world, bug|fixed, symmetry, threads[, architecture id]
     */
    public static void main(String[] args) {
        if (args.length < 4 || args.length > 5 || !args[1].matches("bug|fixed") || !args[2].matches("true|false")
                || !args[3].matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("Usage: AnchorRun <world> <bug|fixed> <true|false (symmetry)> <threads> "
                    + "[architecture id, default x86_64 for anchor-exec-*, ppc32 for anchor-fr0-*]; got " + String.join(" ", args));
        }
        boolean ppc = args[0].startsWith("anchor-fr0-");
        Architecture a = Architectures.load().require(args.length == 5 ? args[4] : ppc ? "ppc32" : "x86_64");
        boolean bug = args[1].equals("bug");
        ExplorationWorld w = bug ? a.explorationWorld(args[0], ppc ? PowerPcErrata.SAVE_FPU_CLOBBERS_FR0 : X86Errata.EXEC_FPU_DROP)
                : a.explorationWorld(args[0]);
        long t0 = System.nanoTime();
        long[] seen = new long[1];
        Explorer e = w.explorer(a).exhaustive().storage(StateStorage.FINGERPRINT).parallelism(Integer.parseInt(args[3]))
                .onDistinctState(s -> {
                    if ((++seen[0] & ((1 << 20) - 1)) == 0) {
                        System.err.printf(Locale.ROOT, "%s: %,d distinct states after %.1f s%n", args[0], seen[0],
                                (System.nanoTime() - t0) / 1e9);
                    }
                });
        if (Boolean.parseBoolean(args[2])) {
            e = e.symmetryReduction();
        }
        ExplorationResult r = e.run();
        var st = r.statistics();
        System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%.3f\t%d%n", args[0], args[1], args[2], args[3],
                r.foundViolation(), r.counterexample().map(t -> String.valueOf(t.steps().size())).orElse("-"),
                st.distinctStates(), st.statesGenerated(), st.depthReached(), r.exhausted(), st.elapsedNanos() / 1e9,
                st.unreducedStates());
    }
}

package io.github.fpctx.samples.bench;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Estimates the heap bytes one stored {@link MachineState} costs, by {@link Runtime} memory deltas over many
 * states (no {@code java.lang.instrument}, no JOL).
 *
 * <p>Workload: the {@link BenchMachines} world (3 CPUs, 3 tasks, 9 register files) walked by a seeded random
 * sequence of transitions, each state derived from the previous one as an explorer derives a successor from
 * its parent: a user write of one of 8 registers (a 64-bit FPR/128-bit XMM view or a 128/512-bit backing
 * register) with one of 4 values on CPU 0 or 1, or a context switch on CPU 0 between {@code T0} and
 * {@code T2}. Every state is kept, so unchanged chunks, files, CPUs and tasks are shared exactly as in a
 * visited set of an exhaustive search. Three figures are printed per layout:
 * <ol>
 *   <li>bytes per state retained in an {@code ArrayList} (the states themselves, with sharing);</li>
 *   <li>bytes per distinct state in a {@code HashSet<MachineState>} (adds the set's entries);</li>
 *   <li>bytes per distinct state in an open-addressing {@code long[]} set of 64-bit fingerprints at load
 *       factor 0.5 (what a fingerprint visited set needs; the states themselves are then not kept).</li>
 * </ol>
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -Xms2g -Xmx2g -XX:+UseParallelGC -cp samples/target/fpctx-benchmarks.jar io.github.fpctx.samples.bench.StateMemory 200000
 * </pre>
 * Figures are estimates: they include whatever else the JVM allocated meanwhile, averaged over the states.
 */
public final class StateMemory {
    private StateMemory() {
    }

    /**
     * Prints the estimates for both layouts.
     *
     * @param args optional: the number of states (default 200,000; 1,000 to 5,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        if (n < 1_000 || n > 5_000_000) {
            throw new IllegalArgumentException("Number of states must be 1,000 - 5,000,000; got " + n);
        }
        for (String name : List.of("ppc64", "x86_64")) {
            measure(BenchLayouts.byName(name), n);
        }
    }

    private static void measure(RegisterLayout layout, int n) {
        MachineState start = BenchMachines.initial(layout, BenchLayouts.SEED);
        String[] names = layout.name().equals("ppc64")
                ? new String[] {"fr0", "fr1", "fr5", "fr13", "vs32", "vs40", "vr7", "vs63"}
                : new String[] {"xmm0", "xmm1", "xmm5", "xmm15", "zmm0", "zmm20", "ymm7", "zmm31"};
        Register[] regs = new Register[names.length];
        BitVector[][] values = new BitVector[names.length][4];
        SplittableRandom vr = new SplittableRandom(BenchLayouts.SEED + 3);
        for (int i = 0; i < names.length; i++) {
            regs[i] = layout.register(names[i]);
            for (int v = 0; v < 4; v++) {
                values[i][v] = BenchLayouts.random(regs[i].width(), vr);
            }
        }

        long before = usedAfterGc();
        List<MachineState> kept = new ArrayList<>(n);
        walk(start, n, regs, values, kept);
        long afterList = usedAfterGc();
        Set<MachineState> set = new HashSet<>(kept);
        long afterSet = usedAfterGc();
        int distinct = set.size();
        long[] table = new long[Integer.highestOneBit(distinct * 2 - 1) << 1];
        int mask = table.length - 1;
        for (MachineState s : set) {
            long f = s.fingerprint();
            f = f == 0 ? 1 : f;
            int i = (int) (f ^ (f >>> 32)) & mask;
            while (table[i] != 0 && table[i] != f) {
                i = (i + 1) & mask;
            }
            table[i] = f;
        }
        long listBytes = afterList - before;
        long setBytes = afterSet - afterList;
        System.out.printf("%s: %d states walked, %d distinct, file %d B, 9 files per state%n",
                layout.name(), n, distinct, layout.storageBytes());
        System.out.printf("  states kept in an ArrayList:  %,d B total, %.0f B/state%n", listBytes, (double) listBytes / n);
        System.out.printf("  + HashSet<MachineState>:      %,d B more, %.0f B/distinct state for the set alone, %.0f B/distinct state with the states%n",
                setBytes, (double) setBytes / distinct, (double) (listBytes + setBytes) / distinct);
        System.out.printf("  fingerprint set (long[%d]):   %.1f B/distinct state%n", table.length, 8.0 * table.length / distinct);
        if (kept.size() != n || table.length == 0) {
            throw new IllegalStateException("walk lost states");
        }
    }

    private static void walk(MachineState start, int n, Register[] regs, BitVector[][] values, List<MachineState> out) {
        SplittableRandom rnd = new SplittableRandom(BenchLayouts.SEED);
        MachineState s = start;
        for (int i = 0; i < n; i++) {
            int op = rnd.nextInt(10);
            if (op == 0) {
                String next = s.isRunning("T0") ? "T2" : "T0";
                s = BenchMachines.contextSwitch(s, 0, next);
            } else {
                int r = rnd.nextInt(regs.length);
                s = BenchMachines.userWrite(s, op & 1, regs[r], values[r][rnd.nextInt(4)]);
            }
            s.fingerprint();
            out.add(s);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}

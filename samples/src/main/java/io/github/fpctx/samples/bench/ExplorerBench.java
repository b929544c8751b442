package io.github.fpctx.samples.bench;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcInvariants;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.arch.x86.X86Errata;
import io.github.fpctx.arch.x86.X86Paths;
import io.github.fpctx.arch.x86.X86Steps;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.explore.StateStorage;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The explorer on the seed models, with the real x86 and PowerPC plugins:
 * <ul>
 *   <li>{@link #seedCounterexample}: time to the shortest counterexample of each seed erratum in the world and at
 *       the bound its tests use (seed 000: ppc64 {@code save-fpu-clobbers-fr0}; 001: ppc64 the wrong
 *       {@code lwsync} fix together with the fr0 clobber; 002: x86 {@code exec-fpu-drop}; 003: ppc32
 *       {@code giveup-fpu-keeps-fe01}, SIGFPE invariant; 004: x86 PREEMPT_RT + AMX
 *       {@code clone-inherit-perms-under-fpregs-lock}); the target is &lt; 20 ms each;</li>
 *   <li>{@link #anchorBuggy}: the shortest counterexample in an anchor world: seed 002 ({@code exec-fpu-drop}) in
 *       the x86 world {@code anchor-exec-NxM} (SPIN: 10 steps), seed 000 ({@code save-fpu-clobbers-fr0}) in the
 *       ppc32 world {@code anchor-fr0-Nx1} (SPIN: 5 steps);</li>
 *   <li>{@link #anchorFixedExhaustive}: exhaustive search of the fixed model in an anchor world (the issue's
 *       target: {@code anchor-exec-3x3} in at most 3 s; SPIN 29 s, TLC 149 s for its 7,172,144 states, which the
 *       reduced search's orbit sizes add up to); divide the reported distinct-state count
 *       ({@code ExplorationStatistics}) by the time for representatives/s;</li>
 *   <li>{@link #contextSwitchX86} and {@link #contextSwitchPpc64}: one context-switch transition per architecture
 *       through the plugin's real kernel path (untraced, as the explorer runs it).</li>
 * </ul>
 * Fingerprint storage throughout; {@code symmetry} and {@code threads} select reduction and parallelism.
 *
 * <p>Run (from the repository root, after building the {@code bench} profile jar):
 * <pre>
 * java -jar samples/target/fpctx-benchmarks.jar ExplorerBench -f 1 -wi 2 -w 2s -i 3 -r 2s \
 *      -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch" -rf json -rff docs/bench/jmh-explorer.json
 * </pre>
 * The x86 3 x 3 target alone, sequential and on both cores:
 * <pre>
 * java -jar samples/target/fpctx-benchmarks.jar 'ExplorerBench.anchor(Fixed|Buggy)' -p world=anchor-exec-3x3 \
 *      -p threads=1,2 -p seed=000 -f 1 -wi 3 -w 4s -i 5 -r 4s -jvmArgsAppend "-Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:+UseParallelGC" \
 *      -rf json -rff docs/bench/jmh-x86-3x3.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExplorerBench {
    /** Seed number for {@link #seedCounterexample}. */
    @Param({"000", "001", "002", "003", "004"})
    public String seed;

    /**
     * Anchor world for the anchor benchmarks: {@code anchor-exec-*} worlds are x86-64, {@code anchor-fr0-*} worlds
     * ppc32 (lazy FP only, as the anchor models; the ppc64 worlds, which abstract restore_math's u8 {@code load_fp}
     * counter, are timed with {@code AnchorRun ... ppc64}: see {@code docs/PERFORMANCE.md}).
     */
    @Param({"anchor-exec-3x3", "anchor-fr0-3x1"})
    public String world;

    /** Whether to reduce by the architecture's symmetry. */
    @Param({"true"})
    public boolean symmetry;

    /** Worker threads. */
    @Param({"1"})
    public int threads;

    private Architecture x86;
    private Architecture ppc64;
    private Architecture ppc32;
    private Explorer seedExplorer;
    private Architecture worldArch;
    private ExplorationWorld buggy;
    private ExplorationWorld fixed;
    private MachineState x86Running;
    private Action x86Switch;
    private MachineState ppcRunning;
    private Action ppcSwitch;

    /** Builds the worlds. */
    @Setup
    public void setup() {
        Architectures all = Architectures.load();
        x86 = all.require("x86_64");
        ppc64 = all.require("ppc64");
        ppc32 = all.require("ppc32");
        seedExplorer = seedExplorer(seed);
        boolean ppc = world.startsWith("anchor-fr0-");
        worldArch = ppc ? ppc32 : x86;
        buggy = worldArch.explorationWorld(world, ppc ? PowerPcErrata.SAVE_FPU_CLOBBERS_FR0 : X86Errata.EXEC_FPU_DROP);
        fixed = worldArch.explorationWorld(world);
        x86Running = x86.machines().newMachine(MachineSpec.builder().cpus(2)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .task(new TaskSpec("U", TaskKind.USER, 0, false, Map.of())).build());
        x86Switch = X86Paths.schedule(0, "U");
        ppcRunning = ppc64.machines().newMachine(MachineSpec.builder().cpus(1).userTask("mariadbd", 0)
                .task(new TaskSpec("other", TaskKind.USER, 0, false, Map.of())).build());
        ppcSwitch = ppc64.operations().resume("other", 0);
        if (!ppcSwitch.isEnabled(ppcRunning)) {
            ppcRunning = ppc64.engine().step(ppcRunning, ppc64.operations().preempt("mariadbd"), 1).after();
        }
    }

    private Explorer seedExplorer(String s) {
        return switch (s) {
            case "000" -> Explorer.on(ppc64, ppcWorld(ppc64, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0))
                    .bound(ppc64.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).explorationBound());
            case "001" -> Explorer.on(ppc64, ppcWorld(ppc64, PowerPcErrata.IPI_LWSYNC_BARRIER, PowerPcErrata.SAVE_FPU_CLOBBERS_FR0))
                    .bound(3);
            case "002" -> Explorer.on(x86, x86World(x86.machines().defaultConfig(), X86Errata.EXEC_FPU_DROP))
                    .bound(x86.erratum(X86Errata.EXEC_FPU_DROP).explorationBound());
            case "003" -> Explorer.on(ppc32, ppcWorld(ppc32, PowerPcErrata.GIVEUP_FPU_KEEPS_FE01))
                    .invariants(List.of(PowerPcInvariants.SIGFPE_MATCHES_FPEXC_MODE)).bound(5);
            case "004" -> Explorer.on(x86, x86World(KernelConfig.of(Set.of(KernelConfig.PREEMPT_RT), X86.FEATURES_AMX),
                    X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK))
                    .bound(x86.erratum(X86Errata.CLONE_INHERIT_PERMS_UNDER_FPREGS_LOCK).explorationBound());
            default -> throw new IllegalArgumentException("Unknown seed '" + s + "'; valid: 000 - 004");
        };
    }

    private static MachineState ppcWorld(Architecture a, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(1).userTask("mariadbd", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return a.machines().newMachine(b.build());
    }

    private MachineState x86World(KernelConfig config, String erratum) {
        return x86.machines().newMachine(MachineSpec.builder().cpus(2).config(config)
                .task(TaskSpec.running("T", 0).withRegister("xmm0", X86Steps.OLD_PROGRAM_XMM0))
                .kernelThread("K", 0).erratum(erratum).build());
    }

    private Explorer tuned(Explorer e) {
        Explorer t = e.storage(StateStorage.FINGERPRINT).parallelism(threads);
        return symmetry ? t.symmetryReduction() : t;
    }

    /**
     * @return the search result (a counterexample is expected)
     */
    @Benchmark
    public ExplorationResult seedCounterexample() {
        ExplorationResult r = seedExplorer.storage(StateStorage.FINGERPRINT).run();
        if (!r.foundViolation()) {
            throw new IllegalStateException("seed " + seed + " not found: " + r);
        }
        return r;
    }

    /**
     * @return the search result (a counterexample is expected)
     */
    @Benchmark
    public ExplorationResult anchorBuggy() {
        ExplorationResult r = tuned(buggy.explorer(worldArch).exhaustive()).run();
        if (!r.foundViolation()) {
            throw new IllegalStateException("seed bug not found in " + world + ": " + r);
        }
        return r;
    }

    /**
     * @return the search result (exhausted, no counterexample expected)
     */
    @Benchmark
    public ExplorationResult anchorFixedExhaustive() {
        ExplorationResult r = tuned(fixed.explorer(worldArch).exhaustive()).run();
        if (r.foundViolation() || !r.exhausted()) {
            throw new IllegalStateException("fixed model in " + world + ": " + r);
        }
        return r;
    }

    /**
     * @return the step: CPU 0 switches from T (user, live state) to U, x86 {@code __switch_to}
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Step contextSwitchX86() {
        return x86.engine().tryStep(x86Running, x86Switch, 1, false).orElseThrow();
    }

    /**
     * @return the step: ppc64 context switch to {@code other} ({@code __switch_to})
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Step contextSwitchPpc64() {
        return ppc64.engine().tryStep(ppcRunning, ppcSwitch, 1, false).orElseThrow();
    }
}

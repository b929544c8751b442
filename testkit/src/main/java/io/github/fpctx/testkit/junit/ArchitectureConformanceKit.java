package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.register.BitField;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Erratum;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.FieldRegister;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.TaskKind;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.testkit.Exploration;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.internal.Registry;
import org.junit.jupiter.api.AssertionFailureBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static io.github.fpctx.testkit.FpAssertions.assertThat;

/**
 * The conformance kit (java.time's TCK idea) every architecture plugin's tests extend in one line:
 *
 * <pre>{@code
 * class PowerPc64ConformanceTest extends ArchitectureConformanceKit {
 *     PowerPc64ConformanceTest() { super("ppc64"); }
 * }
 * }</pre>
 *
 * <p>On the plugin's fixed model (all errata off) it checks, through {@link Architecture#operations()}: FP/vector
 * registers survive preemption and migration (the {@code fpu_preempt}/{@code vmx_preempt}/{@code vsx_preempt}
 * selftests), signal delivery and {@code sigreturn} ({@code fpu_signal}), syscalls except the ABI-volatile
 * registers and, under {@link KernelConfig#STRICT_SYSCALL_ABI}, all registers ({@code fpu_syscall}), fork in child
 * and parent, exec loads the init state, kernel FP use is invisible to user space; every alias view agrees with its
 * backing register after any write, and every register reads back what was written (property-style, seeded
 * {@link Random}; registers without a declared write effect leave all other backing registers alone); control-field writes respect each
 * {@link FieldLayout}'s reserved mask; and for each erratum of kind {@link Erratum.Kind#BUG}, the explorer finds a
 * counterexample within {@link Erratum#explorationBound()} from {@link io.github.fpctx.core.StepEngine#alphabet(MachineState)} with the
 * erratum on, while the fixed model has none to that bound; and every register write of every kernel path says where
 * its value came from ({@link Source}).
 *
 * <p>The world the checks start from is {@link #world()}: by default 2 CPUs and two user tasks {@code A} (CPU 0)
 * and {@code B} (CPU 1), each running in user mode with distinct non-zero values in its data registers
 * ({@link #userRegisters(int)}). Override it (or {@link #world(Erratum)} per erratum) where the architecture needs
 * another shape, e.g. features switched on in the configuration.
 */
public abstract class ArchitectureConformanceKit {
    private final String idOrAlias;
    private Architecture architecture;
    { io.github.fpctx.testkit.internal.JUnitPlatformCheck.requireCompatible(); } // JUnit jars of the version the kit needs

    /**
     * A kit for an architecture found on the class or module path.
     *
     * @param idOrAlias its id or alias
     */
    protected ArchitectureConformanceKit(String idOrAlias) {
        if (idOrAlias == null || idOrAlias.isBlank()) {
            throw new IllegalArgumentException("Architecture id must be a non-blank name; got " + idOrAlias);
        }
        this.idOrAlias = idOrAlias;
    }

    /**
     * A kit for a given architecture (e.g. one built with {@code Architectures.of(provider).all().get(0)}).
     *
     * @param architecture the architecture; not null
     */
    protected ArchitectureConformanceKit(Architecture architecture) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture must not be null");
        }
        this.idOrAlias = architecture.id();
        this.architecture = architecture;
    }

    /** @return the architecture under test */
    protected Architecture architecture() {
        if (architecture == null) {
            architecture = Registry.architectures().require(idOrAlias);
        }
        return architecture;
    }

    /** @return the world the checks start from: 2 CPUs, user tasks {@code A} on CPU 0 and {@code B} on CPU 1 */
    protected MachineSpec world() {
        MachineSpec.Builder b = MachineSpec.builder().cpus(2);
        TaskSpec a = TaskSpec.running("A", 0);
        TaskSpec bb = TaskSpec.running("B", 1);
        for (Map.Entry<String, BitVector> e : userRegisters(0).entrySet()) {
            a = a.withRegister(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, BitVector> e : userRegisters(1).entrySet()) {
            bb = bb.withRegister(e.getKey(), e.getValue());
        }
        return b.task(a).task(bb).build();
    }

    /**
     * The world an erratum is explored in (with the erratum enabled by the kit, and without it for the fixed model).
     *
     * @param erratum a {@link Erratum.Kind#BUG} of the architecture
     * @return the world; default {@link #world()}
     */
    protected MachineSpec world(Erratum erratum) {
        return world();
    }

    /**
     * The registers a task of the default world starts with: every backing register 64 to 512 bits wide that no
     * {@link FieldLayout} describes (control registers keep their init values), each with a distinct non-zero value.
     *
     * @param taskIndex 0 for {@code A}, 1 for {@code B}
     * @return register names to values
     */
    protected Map<String, BitVector> userRegisters(int taskIndex) {
        Set<String> control = new LinkedHashSet<>();
        architecture().fieldLayouts().forEach(f -> control.add(f.name().toLowerCase(Locale.ROOT)));
        Map<String, BitVector> out = new LinkedHashMap<>();
        int r = 0;
        for (Register reg : architecture().layout().registers()) {
            r++;
            if (reg.width() < 64 || reg.width() > 512 || control.contains(reg.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.put(reg.name(), pattern(reg.width(), taskIndex, r));
        }
        return out;
    }

    private static BitVector pattern(int width, int task, int reg) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = (0x0101_0101_0101_0101L * (task + 1)) ^ ((long) reg << 40) ^ ((long) (i + 1) << 16) ^ 0x8000_0000L;
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /** @return the seed of the property-style checks; fixed so failures replay */
    protected long seed() {
        return 0x5EED_F9C7L;
    }

    /** @return how many random writes the property-style checks try */
    protected int propertyTrials() {
        return 300;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private MachineState machine(MachineSpec spec) {
        return architecture().machines().newMachine(spec);
    }

    private ScenarioResult run(MachineState initial, List<Action> actions) {
        return new ScenarioResult(architecture(), architecture().engine().run(initial, actions));
    }

    private List<TaskState> runningUserTasks(MachineState s) {
        List<TaskState> out = new ArrayList<>();
        for (TaskState t : s.tasks()) {
            if (t.isUser() && s.isRunning(t.name())) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("The conformance world of " + architecture().id()
                    + " has no user task running; override world() to run at least one");
        }
        return out;
    }

    private static MachineSpec withConfig(MachineSpec spec, KernelConfig config) {
        return new MachineSpec(Optional.of(config), spec.errata(), spec.cpus(), spec.tasks());
    }

    private static MachineSpec withErrata(MachineSpec spec, Set<String> errata) {
        return new MachineSpec(spec.config(), errata, spec.cpus(), spec.tasks());
    }

    private void assertSeesWorldValues(ScenarioResult r, MachineState initial) {
        assertThat(r).isClean();
        for (TaskState t : initial.tasks()) {
            if (t.isUser() && r.finalState().findTask(t.name()).isPresent()) {
                assertThat(r).task(t.name()).seesWhatItWrote().sees(architecture().engine().userView(initial, t).toMap());
            }
        }
    }

    /**
     * User writes that make every running user task's live registers differ from what the world started with,
     * so a path that forgets to save (and later reloads a stale save area) cannot pass by luck.
     */
    private List<Action> freshWrites(MachineState s) {
        List<Action> out = new ArrayList<>();
        Operations ops = architecture().operations();
        int i = 0;
        for (TaskState t : s.tasks()) {
            if (t.isUser() && s.isRunning(t.name())) {
                for (Map.Entry<String, BitVector> e : userRegisters(i).entrySet()) {
                    out.add(ops.userWrite(t.name(), e.getKey(), e.getValue().xor(BitVector.ones(e.getValue().width()))));
                }
            }
            i++;
        }
        return out;
    }

    private void assertSeesWhatItWrote(ScenarioResult r) {
        assertThat(r).isClean();
        for (TaskState t : r.finalState().tasks()) {
            if (t.isUser() && r.finalState().isRunning(t.name())) {
                assertThat(r).task(t.name()).seesWhatItWrote();
            }
        }
    }

    private static void fail(String message, Object expected, Object actual) {
        throw AssertionFailureBuilder.assertionFailure().message(message).expected(expected).actual(actual).build();
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    /** Registers survive preemption in place, and migration to another CPU and back ({@code fpu_preempt}). */
    @Test
    public void registersSurvivePreemptionAndMigration() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        List<TaskState> ts = runningUserTasks(s);
        int n = s.cpus().size();
        List<Action> actions = new ArrayList<>();
        TaskState first = ts.get(0);
        actions.add(ops.preempt(first.name()));
        actions.add(ops.resume(first.name(), first.cpu()));
        ts.forEach(t -> actions.add(ops.preempt(t.name())));
        ts.forEach(t -> actions.add(ops.resume(t.name(), (t.cpu() + 1) % n)));
        ts.forEach(t -> actions.add(ops.preempt(t.name())));
        ts.forEach(t -> actions.add(ops.resume(t.name(), t.cpu())));
        assertSeesWorldValues(run(s, actions), s);
        List<Action> again = new ArrayList<>(freshWrites(s));
        again.addAll(actions);
        assertSeesWhatItWrote(run(s, again));
    }

    /** The signal frame holds the interrupted registers and {@code sigreturn} restores them ({@code fpu_signal}). */
    @Test
    public void registersSurviveSignalDeliveryAndSigreturn() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        List<Action> actions = new ArrayList<>();
        for (TaskState t : runningUserTasks(s)) {
            actions.add(ops.signal(t.name()));
            actions.add(ops.signal(t.name()));
        }
        assertSeesWorldValues(run(s, actions), s);
        List<Action> again = new ArrayList<>(freshWrites(s));
        again.addAll(actions);
        assertSeesWhatItWrote(run(s, again));
    }

    /** A syscall preserves every register the function-call ABI does not make volatile ({@code fpu_syscall}). */
    @Test
    public void syscallPreservesNonVolatileRegisters() {
        MachineState s = machine(world());
        KernelConfig config = s.config();
        Operations ops = architecture().operations();
        List<Action> actions = new ArrayList<>();
        List<TaskState> ts = runningUserTasks(s);
        ts.forEach(t -> actions.add(ops.syscall(t.name())));
        ScenarioResult r = run(s, actions);
        assertThat(r).isClean();
        Map<String, BitVector> volatileMask = volatileMasks(config);
        for (TaskState t : ts) {
            RegisterFile before = architecture().engine().userView(s, t);
            RegisterFile after = r.userView(t.name());
            for (Register reg : architecture().layout().registers()) {
                BitVector changed = before.get(reg).xor(after.get(reg));
                BitVector mask = volatileMask.getOrDefault(reg.name(), BitVector.zero(reg.width()));
                if (!changed.and(mask.xor(BitVector.ones(reg.width()))).isZero()) {
                    fail("Task '" + t.name() + "' returned from a syscall with non-volatile bits of " + reg.name()
                            + " changed (volatile: " + architecture().machines().abiVolatileRegisters(config) + ")\n" + r.render(),
                            before.get(reg).toString(), after.get(reg).toString());
                }
            }
        }
    }

    private Map<String, BitVector> volatileMasks(KernelConfig config) {
        Map<String, BitVector> masks = new HashMap<>();
        for (String name : architecture().machines().abiVolatileRegisters(config)) {
            Register v = architecture().layout().register(name);
            Register backing = architecture().layout().register(v.backing());
            BitVector m = masks.getOrDefault(backing.name(), BitVector.zero(backing.width()));
            masks.put(backing.name(), m.withSlice(v.lsb(), BitVector.ones(v.width())));
        }
        return masks;
    }

    /** Under the strict syscall ABI every register survives a syscall. */
    @Test
    public void strictSyscallAbiPreservesEveryRegister() {
        MachineSpec spec = world();
        KernelConfig base = spec.config().orElse(architecture().machines().defaultConfig());
        MachineState s = machine(withConfig(spec, base.with(KernelConfig.STRICT_SYSCALL_ABI)));
        Operations ops = architecture().operations();
        List<Action> actions = new ArrayList<>();
        for (TaskState t : runningUserTasks(s)) {
            actions.add(ops.syscall(t.name()));
            actions.add(ops.syscall(t.name()));
        }
        assertSeesWorldValues(run(s, actions), s);
    }

    /** {@code fork}: the child sees the parent's registers, and the parent keeps them. */
    @Test
    public void forkCopiesRegistersToChildAndKeepsParents() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        TaskState parent = runningUserTasks(s).get(0);
        String child = parent.name() + "-child";
        RegisterFile values = architecture().engine().userView(s, parent);
        ScenarioResult afterFork = run(s, List.of(ops.fork(parent.name(), child)));
        assertThat(afterFork).isClean().task(parent.name()).sees(values.toMap());
        ScenarioResult r = run(s, List.of(ops.fork(parent.name(), child), ops.preempt(parent.name()),
                ops.resume(child, parent.cpu())));
        assertThat(r).isClean().task(child).seesWhatItWrote().sees(values.toMap());
        ScenarioResult back = run(s, List.of(ops.fork(parent.name(), child), ops.preempt(parent.name()),
                ops.resume(child, parent.cpu()), ops.preempt(child), ops.resume(parent.name(), parent.cpu())));
        assertThat(back).isClean().task(parent.name()).seesWhatItWrote().sees(values.toMap());
    }

    /** {@code execve} leaves the task with the init registers, also after it is switched out and back in. */
    @Test
    public void execLoadsInitState() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        TaskState t = runningUserTasks(s).get(0);
        ScenarioResult r = run(s, List.of(ops.exec(t.name())));
        assertThat(r).isClean().task(t.name()).seesInitState();
        ScenarioResult later = run(s, List.of(ops.exec(t.name()), ops.preempt(t.name()), ops.resume(t.name(), t.cpu())));
        assertThat(later).isClean().task(t.name()).seesInitState();
    }

    /** The kernel's use of FP/vector registers, on a busy or an idle CPU, is invisible to user space. */
    @Test
    public void kernelFpUseIsInvisibleToUserSpace() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        List<TaskState> ts = runningUserTasks(s);
        List<Action> actions = new ArrayList<>();
        for (int c = 0; c < s.cpus().size(); c++) {
            actions.add(ops.kernelFpUse(c));
        }
        for (TaskState t : ts) {
            actions.add(ops.preempt(t.name()));
            actions.add(ops.kernelFpUse(t.cpu()));
            actions.add(ops.resume(t.name(), t.cpu()));
            actions.add(ops.kernelFpUse(t.cpu()));
        }
        assertSeesWorldValues(run(s, actions), s);
        // again after user space changed its registers since the world was built
        List<Action> again = new ArrayList<>(freshWrites(s));
        for (TaskState t : ts) {
            again.add(ops.kernelFpUse(t.cpu()));
            again.add(ops.preempt(t.name()));
            again.add(ops.kernelFpUse(t.cpu()));
            again.add(ops.resume(t.name(), t.cpu()));
        }
        assertSeesWhatItWrote(run(s, again));
    }

    /** After any write through any name, every view equals its slice of the backing register. */
    @Test
    public void aliasViewsAgreeWithBackingRegistersAfterAnyWrite() {
        Random random = new Random(seed());
        List<Register> all = architecture().layout().allRegisters();
        RegisterFile f = architecture().machines().initRegisters(architecture().machines().defaultConfig());
        for (String name : architecture().layout().names()) {
            Register r = architecture().layout().register(name);
            if (!all.contains(r)) {
                fail("Name '" + name + "' of layout " + architecture().layout().name() + " resolves to a register the layout does not list",
                        "one of " + all.size() + " registers", r.toString());
            }
        }
        for (int i = 0; i < propertyTrials(); i++) {
            Register r = all.get(random.nextInt(all.size()));
            BitVector v = randomValue(r, random);
            RegisterFile g = f.with(r, v);
            // a register reads back what was written, whatever side effects the write has elsewhere
            if (!g.get(r).equals(v)) {
                fail("Trial " + i + " (seed " + seed() + "): " + r.name() + " does not read back what was written", v.toString(),
                        g.get(r).toString());
            }
            if (r.effect().isEmpty()) {
                for (Register other : architecture().layout().registers()) {
                    if (!other.name().equals(r.backing()) && !g.get(other).equals(f.get(other))) {
                        fail("Trial " + i + " (seed " + seed() + "): writing " + r.name() + " changed " + other.name(),
                                f.get(other).toString(), g.get(other).toString());
                    }
                }
            }
            for (Register view : all) {
                BitVector slice = g.get(architecture().layout().register(view.backing())).slice(view.lsb(), view.width());
                if (!g.get(view).equals(slice)) {
                    fail("Trial " + i + " (seed " + seed() + "): after writing " + r.name() + ", view " + view.name()
                            + " disagrees with bits " + view.lsb() + ".." + (view.lsb() + view.width() - 1) + " of " + view.backing(),
                            slice.toString(), g.get(view).toString());
                }
            }
            f = g;
        }
    }

    /**
     * A random value for a register in the alias check. Override it for registers whose writes refuse some bit
     * patterns (e.g. reserved bits of a control register held in the file), so the check writes only values the
     * architecture accepts.
     *
     * @param register the register about to be written
     * @param random   the seeded source
     * @return a value exactly as wide as the register
     */
    protected BitVector randomValue(Register register, Random random) {
        return randomBits(random, register.width());
    }

    private static BitVector randomBits(Random random, int width) {
        long[] w = new long[(width + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextLong();
        }
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
        return BitVector.ofWords(width, w);
    }

    /** Reserved bits of every field register are refused, never set by field writes, and clear in init images. */
    @Test
    public void controlFieldWritesRespectReservedMasks() {
        Random random = new Random(seed());
        for (FieldLayout fl : architecture().fieldLayouts()) {
            long reserved = fl.reservedMask();
            for (int b = 0; b < fl.width(); b++) {
                if ((reserved >>> b & 1) != 0) {
                    try {
                        FieldRegister.of(fl, 1L << b);
                        fail(fl.name() + " accepts reserved bit " + b, "IllegalArgumentException", "accepted");
                    } catch (IllegalArgumentException expected) {
                        // refused, as it must be
                    }
                }
            }
            for (int i = 0; i < propertyTrials(); i++) {
                FieldRegister v = fl.reset().withWritableBits(random.nextLong());
                if ((v.bits() & reserved) != 0) {
                    fail(fl.name() + ": a write of writable bits set reserved bits", "0", Long.toHexString(v.bits() & reserved));
                }
                for (BitField f : fl.fields()) {
                    if (f.isView()) {
                        continue;
                    }
                    long x = f.maxValue() == -1L ? random.nextLong() : Math.floorMod(random.nextLong(), f.maxValue() + 1);
                    FieldRegister w = v.with(f, x);
                    if (w.field(f) != x || ((w.bits() ^ v.bits()) & ~f.mask()) != 0 || (w.bits() & reserved) != 0) {
                        fail(fl.name() + "." + f.name() + " = " + x + " changed other bits or reserved bits", Long.toHexString(v.bits()),
                                Long.toHexString(w.bits()));
                    }
                }
            }
            Optional<Register> reg = architecture().layout().find(fl.name().toLowerCase(Locale.ROOT));
            if (reg.isPresent() && reg.get().width() <= 64 && reg.get().width() == fl.width()) {
                MachineState s = machine(world());
                long init = architecture().machines().initRegisters(s.config()).getLong(reg.get());
                if ((init & reserved) != 0) {
                    fail("The init image of " + reg.get().name() + " sets reserved bits of " + fl.name(), "0",
                            Long.toHexString(init & reserved));
                }
                for (TaskState t : s.tasks()) {
                    if (t.isUser()) {
                        long image = architecture().engine().userView(s, t).getLong(reg.get());
                        if ((image & reserved) != 0) {
                            fail("Task '" + t.name() + "' starts with reserved bits of " + fl.name() + " set", "0", Long.toHexString(image & reserved));
                        }
                    }
                }
            }
        }
    }

    /** Each declared bug is found by the explorer, from the alphabet alone, within the bound it declares. */
    @Test
    public void explorerFindsEveryBugWithinItsBound() {
        for (Erratum e : architecture().errata()) {
            if (e.kind() != Erratum.Kind.BUG) {
                continue;
            }
            MachineSpec spec = world(e);
            Set<String> errata = new LinkedHashSet<>(spec.errata());
            errata.add(e.id());
            MachineState s = machine(withErrata(spec, errata));
            ExplorationReport r = Exploration.of(architecture(), s).bound(e.explorationBound()).run();
            if (!r.foundViolation()) {
                fail("Erratum " + e + " of " + architecture().id() + " is not found from the alphabet within its bound "
                        + e.explorationBound() + " (" + r.statistics() + ")", "a counterexample", "none up to bound " + e.explorationBound());
            }
        }
    }

    /** The fixed model has no counterexample up to the bound of any declared bug. */
    @Test
    public void fixedModelIsCleanToEveryBugsBound() {
        Map<MachineSpec, Integer> bounds = new LinkedHashMap<>();
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG) {
                MachineSpec spec = withErrata(world(e), Set.of());
                bounds.merge(spec, e.explorationBound(), Math::max);
            }
        }
        for (Map.Entry<MachineSpec, Integer> w : bounds.entrySet()) {
            ExplorationReport r = Exploration.of(architecture(), machine(w.getKey())).bound(w.getValue()).run();
            r.counterexample().ifPresent(cx -> fail("The fixed model of " + architecture().id() + " (all errata off) has a counterexample of "
                    + cx.steps().size() + " steps within bound " + w.getValue() + "\n" + cx.render(),
                    "none up to bound " + w.getValue(), String.join("; ", cx.labels())));
        }
    }

    /** @return how many steps the source check walks through the alphabet, per model (fixed, and each bug on) */
    protected int sourceWalkSteps() {
        return 120;
    }

    /**
     * Every register write a kernel path makes says where its value came from (a {@link Source}: user space, a save
     * area, a CPU's live registers, the init state, a control register image, a kernel value), so failures can be
     * explained from the engine's record: the generic operations on {@link #world()}, then a seeded walk over
     * {@link io.github.fpctx.core.StepEngine#alphabet(MachineState)} on the fixed model and with each bug on.
     */
    @Test
    public void everyRegisterWriteSaysWhereItsValueCameFrom() {
        MachineState s = machine(world());
        Operations ops = architecture().operations();
        TaskState t = runningUserTasks(s).get(0);
        List<Action> actions = new ArrayList<>(freshWrites(s));
        actions.addAll(List.of(ops.interrupt(t.name()), ops.syscall(t.name()), ops.signal(t.name()), ops.fork(t.name(), "conformance-child"),
                ops.preempt(t.name()), ops.kernelFpUse(t.cpu()), ops.resume(t.name(), t.cpu()), ops.exec(t.name())));
        assertAttributed(run(s, actions).trace().steps());
        Map<String, Set<String>> models = new LinkedHashMap<>();
        models.put("the fixed model", Set.of());
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG) {
                models.put("erratum " + e.id(), Set.of(e.id()));
            }
        }
        Random random = new Random(seed());
        for (Map.Entry<String, Set<String>> m : models.entrySet()) {
            MachineState w = machine(withErrata(world(), m.getValue()));
            List<Action> alphabet = architecture().engine().alphabet(w);
            List<io.github.fpctx.core.Step> steps = new ArrayList<>();
            MachineState cur = w;
            for (int i = 1; i <= sourceWalkSteps(); i++) {
                List<Action> enabled = new ArrayList<>();
                for (Action a : alphabet) {
                    if (architecture().engine().isEnabled(cur, a)) {
                        enabled.add(a);
                    }
                }
                if (enabled.isEmpty()) {
                    break;
                }
                io.github.fpctx.core.Step st = architecture().engine().step(cur, enabled.get(random.nextInt(enabled.size())), i);
                steps.add(st);
                cur = st.after();
            }
            assertAttributed(steps);
        }
    }

    private void assertAttributed(List<io.github.fpctx.core.Step> steps) {
        for (io.github.fpctx.core.Step st : steps) {
            for (StateChange c : st.calls().allChanges()) {
                if (c.isRegisterWrite() && !c.source().isAttributed()) {
                    fail("Step " + st.index() + " (" + st.label() + ") of " + architecture().id() + " writes " + c.path() + " in "
                            + String.join(" > ", st.calls().pathToChange(c)) + " without saying where the value came from; pass a "
                            + "Source to KernelContext.update (ctx.saveArea(task), Source.live(cpu), Source.INIT_STATE, ...)",
                            "a source", c.toString());
                }
            }
        }
    }

    /** Bugs declare a positive exploration bound and a summary; fix variants amend a declared bug. */
    @Test
    public void errataDeclareTheirFacts() {
        for (Erratum e : architecture().errata()) {
            if (e.kind() == Erratum.Kind.BUG && (e.explorationBound() < 1 || e.summary().isBlank())) {
                fail("Bug " + e + " needs an exploration bound of at least 1 and a summary", "bound >= 1, summary",
                        "bound " + e.explorationBound() + ", summary '" + e.summary() + "'");
            }
            if (e.kind() != Erratum.Kind.BUG) {
                String amended = e.amends().orElse("");
                if (architecture().findErratum(amended).filter(x -> x.kind() == Erratum.Kind.BUG).isEmpty()) {
                    fail("Fix variant " + e + " amends '" + amended + "', which is not a declared bug", "a bug id", amended);
                }
            }
        }
        MachineState s = machine(world());
        for (TaskState t : s.tasks()) {
            if (t.kind() == TaskKind.USER && !architecture().engine().userView(s, t).equals(t.oracle())) {
                fail("In the initial world task '" + t.name() + "' does not see what it wrote", t.oracle().toString(),
                        architecture().engine().userView(s, t).toString());
            }
        }
    }
}

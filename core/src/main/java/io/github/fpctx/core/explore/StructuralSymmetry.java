package io.github.fpctx.core.explore;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.fpctx.core.internal.Hashing;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.CpuExtension;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.ExecContext;
import io.github.fpctx.core.state.HeldLock;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskExtension;
import io.github.fpctx.core.state.TaskState;

/**
 * Task and CPU permutation symmetry derived from the state's structure, for any plugin: the plugin declares what is
 * interchangeable (the user tasks of one role, all CPUs) and how its extension records refer to tasks and CPUs
 * (which record components hold a task name or a CPU number), and which register values move with a task (the
 * token each task writes); core builds the canonical form, the fingerprint and the orbit size.
 *
 * <pre>{@code
 * Symmetry sym = StructuralSymmetry.builder(world)
 *         .interchangeableTasks(List.of("u0", "u1", "u2"))       // one role
 *         .interchangeableCpus()                                 // all CPUs
 *         .taskExtensionTaskRefs("groupLeader")                  // FpuState.groupLeader names a task
 *         .taskExtensionCpuRefs("lastCpu")                       // FpuState.lastCpu is a CPU number (-1: none)
 *         .cpuExtensionTaskRefs("fpregsOwner")                   // X86Cpu.fpregsOwner names a task
 *         .token(xmm0, Map.of("u0", t0, "u1", t1, "u2", t2))     // the value each task writes moves with it
 *         .deadTaskCpuUnlessRunning()                            // task_cpu of a task not running is never read
 *         .build();
 * }</pre>
 *
 * <h2>The canonical form</h2>
 * A state is read into arrays: per task its plain fields (kind, mode, the non-reference components of its
 * extension), its references (running or not, {@code task_cpu}, the CPU- and task-valued extension components) and
 * its two register files; per CPU its current task, live file, execution context and extension. A register file
 * is classified as (fingerprint with the token register cleared, owner of the token it holds) when it holds a
 * declared token, else (fingerprint, none), computed from the file's incremental hash without building a file.
 * <ol>
 *   <li>Each task gets a signature that no permutation changes (its plain fields, and its references described
 *       relative to itself: "my own token", "another task's", "the CPU I run on", ...). Within a role, only the task
 *       permutations that put the tasks in signature order are tried: every member of an orbit has the same
 *       sorted signatures, so the set of images tried is the same for the whole orbit. Usually one permutation is
 *       tried; ties try every order of the tied tasks.</li>
 *   <li>For each such task permutation, each CPU gets a signature in terms of the permuted tasks: what it holds and
 *       every reference to it (which task runs there, which tasks' {@code task_cpu} or extension components name it).
 *       The CPUs are sorted by it; CPUs with equal signatures are identical, so their order does not matter.</li>
 *   <li>The image is hashed (tasks in their new slots, then CPUs in sorted order). The smallest hash over the
 *       tried permutations is the orbit's fingerprint; the representative is the image that has it; the
 *       stabiliser's order is the number of tried permutations reaching it times the factorials of the runs of
 *       equal CPUs, which gives the orbit size (group order / stabiliser order).</li>
 * </ol>
 * The form is perfect: every member of an orbit gets the same fingerprint, and two orbits share one only by a
 * 64-bit hash collision (the risk {@link StateStorage#FINGERPRINT} takes anyway; {@link StateStorage#EXACT}
 * compares the representatives in full). Slots keep their names and pids: a task's contents move to another
 * slot, and every reference to it is renamed.
 *
 * <p>Preconditions the plugin asserts by declaring (core cannot check them; see {@link Symmetry}): the tasks of a
 * role and the CPUs are interchangeable in the world and its alphabet (the alphabet is closed under the
 * permutations, invariants are symmetric); the declared components are every reference the extension records make
 * to tasks and CPUs (a CPU extension may not name CPUs; the machine-wide extension may name neither); a dead
 * {@code task_cpu} is really never read before being overwritten. States whose task names differ from the world's
 * (a fork's child, say) are refused with an {@link IllegalStateException}.
 *
 * @implSpec This class is immutable and thread-safe; its per-thread scratch lives in the caller's
 *           {@link Symmetry.Orbit}.
 */
public final class StructuralSymmetry implements Symmetry {
    private static final long MUL = 0x9E3779B97F4A7C15L;

    private final String description;
    private final int n;
    private final int m;
    private final String[] names;
    private final int[] pids;
    /** role[i]: the role of task slot i, -1 for a task that is not permuted. */
    private final int[] role;
    /** roleSlots[r]: the slots of role r, ascending. */
    private final int[][] roleSlots;
    private final boolean cpusPermute;
    private final boolean deadTaskCpu;
    private final long group;
    private final Register tokenRegister;
    /** Whether register files are classified by the token they hold (not in the trivial group: nothing moves). */
    private final boolean tokensMove;
    /** tokens[i]: the token of task slot i, or null. */
    private final BitVector[] tokens;
    private final BitVector tokenCleared;
    private final RecordShape taskShape;
    private final RecordShape cpuShape;
    /** The identity group with the same normalisation (itself, for the trivial symmetry). */
    private final StructuralSymmetry trivial;
    /** Makes a thread's scratch (one instance, so that reducing a state captures nothing). */
    private final java.util.function.Supplier<Work> newWork = Work::new;

    private StructuralSymmetry(Builder b, boolean trivial) {
        MachineState w = b.world;
        this.n = w.tasks().size();
        this.m = w.cpus().size();
        this.names = new String[n];
        this.pids = new int[n];
        for (int i = 0; i < n; i++) {
            names[i] = w.tasks().get(i).name();
            pids[i] = w.tasks().get(i).pid();
        }
        this.role = new int[n];
        Arrays.fill(role, -1);
        List<int[]> slots = new ArrayList<>();
        long g = 1;
        if (!trivial) {
            for (List<String> r : b.roles) {
                int[] s = new int[r.size()];
                for (int k = 0; k < r.size(); k++) {
                    s[k] = w.taskNames().indexOf(r.get(k));
                    role[s[k]] = slots.size();
                }
                Arrays.sort(s);
                slots.add(s);
                g *= factorial(s.length);
            }
            if (b.cpus) {
                g *= factorial(m);
            }
        }
        this.roleSlots = slots.toArray(new int[0][]);
        this.cpusPermute = !trivial && b.cpus;
        this.group = g;
        this.deadTaskCpu = b.deadTaskCpu;
        this.tokenRegister = b.tokenRegister;
        this.tokensMove = !trivial && b.tokenRegister != null;
        this.tokens = new BitVector[n];
        for (Map.Entry<String, BitVector> e : b.tokens.entrySet()) {
            tokens[w.taskNames().indexOf(e.getKey())] = e.getValue();
        }
        this.tokenCleared = tokenRegister == null ? null : BitVector.zero(tokenRegister.width());
        this.taskShape = b.taskShape;
        this.cpuShape = b.cpuShape;
        this.description = trivial ? "identity" + (deadTaskCpu ? " (task_cpu of tasks not running normalised)" : "")
                : describe(b);
        this.trivial = trivial ? this : new StructuralSymmetry(b, true);
    }

    private String describe(Builder b) {
        StringBuilder sb = new StringBuilder();
        for (List<String> r : b.roles) {
            if (sb.length() > 0) {
                sb.append(" x ");
            }
            sb.append(r.size()).append(" tasks ").append(r);
            if (tokenRegister != null) {
                sb.append(" (with their ").append(tokenRegister.name()).append(" tokens)");
            }
        }
        if (b.cpus) {
            if (sb.length() > 0) {
                sb.append(" x ");
            }
            sb.append(m).append(" CPUs");
        }
        return sb.append(": ").append(group).append(" permutations").toString();
    }

    /**
     * Starts a declaration for a world.
     *
     * @param world the initial state; its tasks are the slots the symmetry permutes
     * @return the builder
     */
    public static Builder builder(MachineState world) {
        return new Builder(Objects.requireNonNull(world, "world"));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long groupOrder() {
        return group;
    }

    @Override
    public Optional<Symmetry> deadComponentsOnly() {
        return deadTaskCpu ? Optional.of(trivial) : Optional.empty();
    }

    @Override
    public void reduce(MachineState state, Orbit out) {
        Objects.requireNonNull(state, "state");
        if (trivial == this) {
            // the identity group (plain searches): nothing moves, so the image is the state itself with the dead
            // task_cpu of tasks not running set to 0, as build() writes it; no record decoding, no image hashing
            MachineState img = deadTaskCpu ? state.withWaitingTasksOnCpu0() : state;
            out.set(img.fingerprint(), 1, out.wantsRepresentative() ? img : null);
            return;
        }
        Work w = out.scratch(this, Work.class, newWork);
        w.load(state);
        w.minimise();
        long stab = w.stabiliser;
        if (stab <= 0 || group % stab != 0) {
            throw new IllegalStateException("Symmetry '" + description + "': stabiliser of order " + stab
                    + " does not divide the group order " + group);
        }
        out.set(Hashing.fmix(w.best), group / stab, out.wantsRepresentative() ? w.build(state) : null);
    }

    private static long factorial(int k) {
        long f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    private IllegalStateException outside(String why) {
        return new IllegalStateException("Symmetry '" + description + "' met a state outside its world: " + why);
    }

    /** One thread's working memory: the state read into arrays, and the best image found. */
    private final class Work {
        final int[] order = new int[n];
        final boolean[] running = new boolean[n];
        final int[] tcpu = new int[n];
        final long[] tPlain = new long[n];
        final long[] sBase = new long[n];
        final int[] sOwn = new int[n];
        final long[] oBase = new long[n];
        final int[] oOwn = new int[n];
        final Decoded[] tExt = new Decoded[n];
        final int[][] tExtTask = new int[n][];
        final int[] cur = new int[m];
        final long[] lBase = new long[m];
        final int[] lOwn = new int[m];
        final long[] exec = new long[m];
        final Decoded[] cExt = new Decoded[m];
        final int[][] cExtTask = new int[m][];
        final long[] invariant = new long[n];
        /** Per task and per CPU: the hash of everything no permutation changes (filled by load). */
        final long[] tStatic = new long[n];
        final long[] cStatic = new long[m];
        /** refBits[i * m + c]: which of task i's CPU references (task_cpu, then the extension's) name CPU c. */
        final long[] refBits = new long[n * m];
        long machine;
        Object machineExt;
        long machineHash;
        // candidate enumeration
        final int[] p = new int[n];
        final int[] inv = new int[n];
        final long[] cpuSig = new long[m];
        final int[] cpuOrder = new int[m];
        final int[] cpuTo = new int[m];
        final int[][] runs;
        long best;
        long stabiliser;
        final int[] bestP = new int[n];
        final int[] bestCpuTo = new int[m];
        final int[] bestCpuOrder = new int[m];
        final DecodeCache taskCache = new DecodeCache(taskShape, this);
        final DecodeCache cpuCache = new DecodeCache(cpuShape, this);
        // execution contexts are shared between states (the kernel context memoises them): hashed once by identity
        final ExecContext[] execKey = new ExecContext[64];
        final long[] execVal = new long[64];
        // per role: the role's tasks in signature order
        final int[][] sorted;

        Work() {
            sorted = new int[roleSlots.length][];
            runs = new int[roleSlots.length][];
            for (int r = 0; r < roleSlots.length; r++) {
                sorted[r] = new int[roleSlots[r].length];
                runs[r] = new int[roleSlots[r].length];
            }
        }

        void load(MachineState s) {
            List<TaskState> ts = s.tasks();
            List<CpuState> cs = s.cpus();
            if (ts.size() != n || cs.size() != m) {
                throw outside("it has " + ts.size() + " tasks and " + cs.size() + " CPUs; the world has " + n + " and " + m);
            }
            for (int i = 0; i < n; i++) {
                String nm = ts.get(i).name();
                if (nm != names[i] && !nm.equals(names[i])) {
                    throw outside("task " + i + " is '" + nm + "', the world's is '" + names[i] + "'");
                }
                running[i] = false;
            }
            for (int c = 0; c < m; c++) {
                CpuState cpu = cs.get(c);
                Optional<String> cu = cpu.current();
                cur[c] = cu.isPresent() ? indexOf(cu.get()) : -1;
                if (cur[c] >= 0) {
                    running[cur[c]] = true;
                }
                RegisterFile live = cpu.live();
                int fs = classify(live);
                lOwn[c] = fileOwner[fs];
                lBase[c] = fileBase[fs];
                ExecContext e = cpu.exec();
                exec[c] = e == ExecContext.IDLE ? IDLE_HASH : execHashOf(e);
                Decoded d = cpuCache.decode(cpu.ext());
                cExt[c] = d;
                cExtTask[c] = d.slots;
                cStatic[c] = Hashing.fmix((lBase[c] * MUL + exec[c]) * MUL + d.plain);
            }
            for (int i = 0; i < n; i++) {
                TaskState t = ts.get(i);
                tcpu[i] = deadTaskCpu && !running[i] ? -1 : t.cpu();
                tPlain[i] = t.kind().ordinal() * 64L + t.mode().ordinal();
                int fs = classify(t.saved());
                sOwn[i] = fileOwner[fs];
                sBase[i] = fileBase[fs];
                fs = classify(t.oracle());
                oOwn[i] = fileOwner[fs];
                oBase[i] = fileBase[fs];
                Decoded d = taskCache.decode(t.ext());
                tExt[i] = d;
                tExtTask[i] = d.slots;
                int[] cr = d.cpus;
                for (int k = 0; k < cr.length; k++) {
                    if (cr[k] < -1 || cr[k] >= m) {
                        throw outside("task '" + names[i] + "' refers to CPU " + cr[k] + " in component "
                                + taskShape.cpuRefs[k].getName() + "; CPUs 0 - " + (m - 1) + " or -1");
                    }
                }
                tStatic[i] = Hashing.fmix(((tPlain[i] * MUL + sBase[i]) * MUL + oBase[i]) * MUL + d.plain);
                for (int c = 0; c < m; c++) {
                    long bits = tcpu[i] == c ? 1 : 0;
                    for (int k = 0; k < cr.length; k++) {
                        bits = bits * 2 + (cr[k] == c ? 1 : 0);
                    }
                    refBits[i * m + c] = bits;
                }
            }
            Object mx = s.ext();
            if (mx != machineExt) {
                // shared by almost every state of a world: hashed once per instance
                machineHash = mx.hashCode();
                machineExt = mx;
            }
            machine = machineHash;
            // a role of one task has nothing to sort: its signature is never compared
            for (int[] slots : roleSlots) {
                if (slots.length > 1) {
                    for (int i : slots) {
                        invariant[i] = invariantSignature(i);
                    }
                }
            }
        }

        private long execHashOf(ExecContext e) {
            int slot = System.identityHashCode(e) & (execKey.length - 1);
            if (execKey[slot] != e) {
                execVal[slot] = execHash(e);
                execKey[slot] = e;
            }
            return execVal[slot];
        }

        int indexOf(String name) {
            // names are usually the world's own instances: identity first
            for (int i = 0; i < n; i++) {
                if (names[i] == name) {
                    return i;
                }
            }
            for (int i = 0; i < n; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            throw outside("it names task '" + name + "', which is not one of the world's " + Arrays.toString(names));
        }

        // register files are shared between states (a step replaces one or two), so their classification is cached
        // by identity in a direct-mapped table
        private static final int FILES = 4096;
        final RegisterFile[] fileKey = new RegisterFile[FILES];
        final int[] fileOwner = new int[FILES];
        final long[] fileBase = new long[FILES];

        /** @return the cache slot holding f's (owner, base fingerprint) */
        private int classify(RegisterFile f) {
            int h = System.identityHashCode(f);
            int slot = (h ^ (h >>> 12)) & (FILES - 1);
            if (fileKey[slot] != f) {
                int own = owner(f);
                fileOwner[slot] = own;
                fileBase[slot] = own < 0 ? f.fingerprint() : f.fingerprintWith(tokenRegister, tokenCleared);
                fileKey[slot] = f;
            }
            return slot;
        }

        private int owner(RegisterFile f) {
            if (!tokensMove) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (tokens[i] != null && f.holds(tokenRegister, tokens[i])) {
                    return i;
                }
            }
            return -1;
        }

        /** A task reference relative to task i: none, i itself, a permuted other task, or a fixed task by slot. */
        private long rel(int ref, int i) {
            if (ref < 0) {
                return 0;
            }
            if (ref == i) {
                return 1;
            }
            return role[ref] >= 0 ? 2 + role[ref] * 0x10000L : 0x1_0000_0000L + ref;
        }

        /** A CPU reference relative to task i: none, the CPU i runs on, another. (Non-permuted CPUs: the number.) */
        private long cpuRel(int ref, int i) {
            if (ref < 0) {
                return 0;
            }
            if (!cpusPermute) {
                return 3 + ref;
            }
            return running[i] && tcpu[i] == ref ? 1 : 2;
        }

        private long invariantSignature(int i) {
            long h = role[i] >= 0 ? role[i] : 0x1000 + i;
            h = h * MUL + (running[i] ? 1 : 0);
            h = h * MUL + tPlain[i];
            h = h * MUL + (tcpu[i] < 0 ? -1 : cpusPermute ? 0 : tcpu[i]);
            h = h * MUL + tStatic[i];
            h = h * MUL + rel(sOwn[i], i);
            h = h * MUL + rel(oOwn[i], i);
            Decoded d = tExt[i];
            for (int k = 0; k < d.cpus.length; k++) {
                h = h * MUL + cpuRel(d.cpus[k], i);
            }
            for (int k = 0; k < tExtTask[i].length; k++) {
                h = h * MUL + rel(tExtTask[i][k], i);
            }
            if (running[i]) {
                int c = tcpu[i] < 0 ? -1 : tcpu[i];
                for (int x = 0; x < m; x++) {
                    if (cur[x] == i) {
                        c = x;
                    }
                }
                h = h * MUL + cStatic[c];
                h = h * MUL + rel(lOwn[c], i);
                for (int k = 0; k < cExtTask[c].length; k++) {
                    h = h * MUL + rel(cExtTask[c][k], i);
                }
            }
            // how many CPUs' extension components name this task (and whether its own CPU's do)
            for (int k = 0; k < cpuShape.taskRefs.length; k++) {
                int count = 0;
                for (int c = 0; c < m; c++) {
                    if (cExtTask[c][k] == i) {
                        count++;
                    }
                }
                h = h * MUL + count;
            }
            return Hashing.fmix(h);
        }

        /** Tries every task permutation that sorts each role by signature; keeps the smallest image hash. */
        void minimise() {
            best = Long.MAX_VALUE;
            stabiliser = 0;
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int r = 0; r < roleSlots.length; r++) {
                int[] srt = sorted[r];
                int[] slots = roleSlots[r];
                System.arraycopy(slots, 0, srt, 0, slots.length);
                // insertion sort of the role's tasks by invariant signature
                for (int a = 1; a < srt.length; a++) {
                    int x = srt[a];
                    int b = a - 1;
                    while (b >= 0 && invariant[srt[b]] > invariant[x]) {
                        srt[b + 1] = srt[b];
                        b--;
                    }
                    srt[b + 1] = x;
                }
            }
            enumerate(0, 0);
        }

        /**
         * Enumerates the orders of the tied tasks, role by role, position by position: at each position of role r
         * every not yet placed task whose signature equals the position's sorted signature is tried.
         */
        private void enumerate(int r, int pos) {
            if (r == roleSlots.length) {
                evaluate();
                return;
            }
            int[] slots = roleSlots[r];
            if (pos == slots.length) {
                enumerate(r + 1, 0);
                return;
            }
            int[] srt = sorted[r];
            long want = invariant[srt[pos]];
            int[] used = runs[r];
            for (int k = 0; k < srt.length; k++) {
                int task = srt[k];
                if (invariant[task] != want) {
                    continue;
                }
                boolean taken = false;
                for (int q = 0; q < pos; q++) {
                    if (used[q] == task) {
                        taken = true;
                        break;
                    }
                }
                if (taken) {
                    continue;
                }
                used[pos] = task;
                p[task] = slots[pos];
                enumerate(r, pos + 1);
            }
        }

        /** Hashes the image under the current task permutation p and the CPU order that sorts by signature. */
        private void evaluate() {
            for (int i = 0; i < n; i++) {
                inv[p[i]] = i;
            }
            for (int c = 0; c < m; c++) {
                long h = cur[c] < 0 ? -1 : p[cur[c]];
                h = h * MUL + cStatic[c];
                h = h * MUL + (lOwn[c] < 0 ? -1 : p[lOwn[c]]);
                int[] ct = cExtTask[c];
                for (int k = 0; k < ct.length; k++) {
                    h = h * MUL + (ct[k] < 0 ? -1 : p[ct[k]]);
                }
                if (cpusPermute) {
                    // every reference to c, by the permuted tasks in slot order
                    for (int j = 0; j < n; j++) {
                        h = h * MUL + refBits[inv[j] * m + c];
                    }
                } else {
                    h = h * MUL + c;
                }
                cpuSig[c] = Hashing.fmix(h);
                cpuOrder[c] = c;
            }
            long ties = 1;
            if (cpusPermute) {
                for (int a = 1; a < m; a++) {
                    int x = cpuOrder[a];
                    int b = a - 1;
                    while (b >= 0 && cpuSig[cpuOrder[b]] > cpuSig[x]) {
                        cpuOrder[b + 1] = cpuOrder[b];
                        b--;
                    }
                    cpuOrder[b + 1] = x;
                }
                int run = 1;
                for (int k = 1; k < m; k++) {
                    run = cpuSig[cpuOrder[k]] == cpuSig[cpuOrder[k - 1]] ? run + 1 : 1;
                    ties *= run;
                }
            }
            for (int k = 0; k < m; k++) {
                cpuTo[cpuOrder[k]] = k;
            }
            long h = machine;
            for (int j = 0; j < n; j++) {
                int i = inv[j];
                h = h * MUL + tStatic[i];
                h = h * MUL + (tcpu[i] < 0 ? -1 : cpuTo[tcpu[i]]);
                h = h * MUL + (sOwn[i] < 0 ? -1 : p[sOwn[i]]);
                h = h * MUL + (oOwn[i] < 0 ? -1 : p[oOwn[i]]);
                Decoded d = tExt[i];
                for (int k = 0; k < d.cpus.length; k++) {
                    h = h * MUL + (d.cpus[k] < 0 ? -1 : cpuTo[d.cpus[k]]);
                }
                int[] tt = tExtTask[i];
                for (int k = 0; k < tt.length; k++) {
                    h = h * MUL + (tt[k] < 0 ? -1 : p[tt[k]]);
                }
            }
            for (int k = 0; k < m; k++) {
                h = h * MUL + cpuSig[cpuOrder[k]];
            }
            if (h < best) {
                best = h;
                stabiliser = ties;
                System.arraycopy(p, 0, bestP, 0, n);
                System.arraycopy(cpuTo, 0, bestCpuTo, 0, m);
                System.arraycopy(cpuOrder, 0, bestCpuOrder, 0, m);
            } else if (h == best) {
                stabiliser += ties;
            }
        }

        /** Builds the best image as a state (for exact storage and tests). */
        MachineState build(MachineState s) {
            List<TaskState> ts = s.tasks();
            TaskState[] nt = new TaskState[n];
            for (int i = 0; i < n; i++) {
                TaskState t = ts.get(i);
                int j = bestP[i];
                int cpu = tcpu[i] < 0 ? 0 : bestCpuTo[tcpu[i]];
                nt[j] = new TaskState(names[j], pids[j], t.kind(), t.mode(), cpu, remap(t.saved(), sOwn[i]),
                        remap(t.oracle(), oOwn[i]), (TaskExtension) taskShape.rebuild(t.ext(), this));
            }
            CpuState[] nc = new CpuState[m];
            for (int c = 0; c < m; c++) {
                CpuState cs = s.cpu(c);
                int d = bestCpuTo[c];
                Optional<String> cu = cur[c] < 0 ? Optional.empty() : Optional.of(names[bestP[cur[c]]]);
                nc[d] = new CpuState(d, remap(cs.live(), lOwn[c]), cu, cs.exec(), (CpuExtension) cpuShape.rebuild(cs.ext(), this));
            }
            return MachineState.of(s.architecture(), s.config(), s.errata(), List.of(nc), List.of(nt), s.ext());
        }

        private RegisterFile remap(RegisterFile f, int own) {
            return own < 0 || bestP[own] == own ? f : f.withoutEffects(tokenRegister, tokens[bestP[own]]);
        }

        String taskName(String old) {
            return names[bestP[indexOf(old)]];
        }

        int cpu(int old) {
            return old < 0 ? old : bestCpuTo[old];
        }
    }

    private static final long IDLE_HASH = execHash(ExecContext.IDLE);

    private static long execHash(ExecContext e) {
        long h = e.preemptCount();
        h = h * MUL + e.softirqCount();
        h = h * MUL + (e.irqsDisabled() ? 1 : 0);
        List<HeldLock> locks = e.locks();
        for (int i = 0, k = locks.size(); i < k; i++) {
            HeldLock l = locks.get(i);
            h = h * MUL + (l.lock() == null ? 0 : l.lock().name().hashCode() * 31L + l.lock().kind().ordinal());
            h = h * MUL + Objects.hashCode(l.takenAt());
            h = h * MUL + (l.irqsSaved() ? 1 : 0);
        }
        return h * MUL + e.preemptDisabledAt().hashCode();
    }

    /** An extension record read once: the hash of its plain components and its references. */
    private static final class Decoded {
        final long plain;
        final String[] tasks;
        final int[] cpus;
        /** The task references as task slots (-1: none), resolved once by the cache's thread. */
        int[] slots;

        Decoded(long plain, String[] tasks, int[] cpus) {
            this.plain = plain;
            this.tasks = tasks;
            this.cpus = cpus;
        }
    }

    /**
     * Per-thread cache of decoded extension records: by identity first (records are shared between states: a step
     * replaces one or two), then by value (a new record usually equals one met before; the record's own generated
     * {@code hashCode}/{@code equals} cost less than reading it through the accessor handles, measured), so the
     * accessors run once per distinct record, not per state.
     */
    private static final class DecodeCache {
        private static final int SIZE = 1024;
        final RecordShape shape;
        final Work work;
        final Object[] keys = new Object[SIZE];
        final Decoded[] values = new Decoded[SIZE];
        final Object[] ids = new Object[SIZE];
        final Decoded[] idValues = new Decoded[SIZE];

        DecodeCache(RecordShape shape, Work work) {
            this.shape = shape;
            this.work = work;
        }

        Decoded decode(Object ext) {
            int ih = System.identityHashCode(ext);
            int islot = (ih ^ (ih >>> 12)) & (SIZE - 1);
            if (ids[islot] == ext) {
                return idValues[islot];
            }
            int h = ext.hashCode();
            int slot = (h ^ (h >>> 16)) & (SIZE - 1);
            Object k = keys[slot];
            Decoded d;
            if (k == ext || (k != null && k.equals(ext))) {
                d = values[slot];
            } else {
                d = shape.decode(ext);
                int[] sl = new int[d.tasks.length];
                for (int q = 0; q < sl.length; q++) {
                    sl[q] = d.tasks[q] == null ? -1 : work.indexOf(d.tasks[q]);
                }
                d.slots = sl;
                keys[slot] = ext;
                values[slot] = d;
            }
            ids[islot] = ext;
            idValues[islot] = d;
            return d;
        }
    }

    /** Which components of an extension record type are task names, CPU numbers, or plain values. */
    private static final class RecordShape {
        final Class<?> type;
        final Method[] taskRefs;
        final Method[] cpuRefs;
        final Method[] plain;
        final RecordComponent[] components;
        final Constructor<?> constructor;
        /** Per plain component: (record) -> the component's hash (enum ordinal, hashCode of the value). */
        final MethodHandle[] plainHash;
        /** Per task reference: (record) -> the component (a String or an Optional). */
        final MethodHandle[] taskRefGet;
        /** Per CPU reference: (record) -> the int component. */
        final MethodHandle[] cpuRefGet;

        RecordShape(Class<?> type, List<String> taskNames, List<String> cpuNames, String what) {
            this.type = type;
            if (!type.isRecord()) {
                if (!taskNames.isEmpty() || !cpuNames.isEmpty()) {
                    throw new IllegalArgumentException(what + " type " + type.getName()
                            + " is not a record, so it has no components to name tasks or CPUs");
                }
                taskRefs = new Method[0];
                cpuRefs = new Method[0];
                plain = new Method[0];
                components = new RecordComponent[0];
                constructor = null;
                plainHash = new MethodHandle[0];
                taskRefGet = new MethodHandle[0];
                cpuRefGet = new MethodHandle[0];
                return;
            }
            components = type.getRecordComponents();
            List<Method> t = new ArrayList<>();
            List<Method> c = new ArrayList<>();
            List<Method> pl = new ArrayList<>();
            List<String> known = new ArrayList<>();
            for (RecordComponent rc : components) {
                known.add(rc.getName());
            }
            for (String nm : taskNames) {
                RecordComponent rc = component(nm, known, what);
                if (rc.getType() != String.class && rc.getType() != Optional.class) {
                    throw new IllegalArgumentException(what + " component '" + nm + "' of " + type.getSimpleName() + " is a "
                            + rc.getType().getSimpleName() + "; a task reference must be a String or an Optional<String>");
                }
            }
            for (String nm : cpuNames) {
                RecordComponent rc = component(nm, known, what);
                if (rc.getType() != int.class) {
                    throw new IllegalArgumentException(what + " component '" + nm + "' of " + type.getSimpleName() + " is a "
                            + rc.getType().getSimpleName() + "; a CPU reference must be an int (-1 for none)");
                }
            }
            for (RecordComponent rc : components) {
                Method a = rc.getAccessor();
                if (taskNames.contains(rc.getName())) {
                    t.add(a);
                } else if (cpuNames.contains(rc.getName())) {
                    c.add(a);
                } else {
                    pl.add(a);
                }
            }
            taskRefs = t.toArray(new Method[0]);
            cpuRefs = c.toArray(new Method[0]);
            plain = pl.toArray(new Method[0]);
            plainHash = new MethodHandle[plain.length];
            for (int k = 0; k < plain.length; k++) {
                plainHash[k] = hashOf(accessor(plain[k]));
            }
            taskRefGet = new MethodHandle[taskRefs.length];
            for (int k = 0; k < taskRefs.length; k++) {
                taskRefGet[k] = accessor(taskRefs[k]).asType(MethodType.methodType(Object.class, Object.class));
            }
            cpuRefGet = new MethodHandle[cpuRefs.length];
            for (int k = 0; k < cpuRefs.length; k++) {
                cpuRefGet[k] = accessor(cpuRefs[k]).asType(MethodType.methodType(int.class, Object.class));
            }
            Class<?>[] sig = new Class<?>[components.length];
            for (int i = 0; i < sig.length; i++) {
                sig[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(sig);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(what + " type " + type.getName() + " has no canonical constructor", e);
            }
        }

        private RecordComponent component(String nm, List<String> known, String what) {
            int i = known.indexOf(nm);
            if (i < 0) {
                throw new IllegalArgumentException("Unknown " + what + " component '" + nm + "' of " + type.getSimpleName()
                        + "; components: " + known);
            }
            return components[i];
        }

        boolean isEmpty() {
            return components.length == 0;
        }

        Decoded decode(Object ext) {
            if (isEmpty()) {
                return new Decoded(ext.hashCode(), NO_TASKS, NO_CPUS);
            }
            try {
                long h = 0;
                for (MethodHandle a : plainHash) {
                    h = h * MUL + (long) a.invokeExact(ext);
                }
                String[] ts = taskRefGet.length == 0 ? NO_TASKS : new String[taskRefGet.length];
                for (int k = 0; k < ts.length; k++) {
                    Object v = (Object) taskRefGet[k].invokeExact(ext);
                    ts[k] = v instanceof Optional<?> o ? (String) o.orElse(null) : (String) v;
                }
                int[] cs = cpuRefGet.length == 0 ? NO_CPUS : new int[cpuRefGet.length];
                for (int k = 0; k < cs.length; k++) {
                    cs[k] = (int) cpuRefGet[k].invokeExact(ext);
                }
                return new Decoded(h, ts, cs);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot read " + type.getName() + ": " + e, e);
            }
        }

        private static final String[] NO_TASKS = new String[0];
        private static final int[] NO_CPUS = new int[0];

        /**
         * A method handle on a record component's accessor, resolved once per record type: a direct handle when core
         * may access the record (the usual case: a public record of an exported package), else reflection.
         */
        private static MethodHandle accessor(Method a) {
            try {
                Module core = StructuralSymmetry.class.getModule();
                if (!core.canRead(a.getDeclaringClass().getModule())) {
                    core.addReads(a.getDeclaringClass().getModule());
                }
                return MethodHandles.lookup().unreflect(a);
            } catch (IllegalAccessException e) {
                return MethodHandles.insertArguments(REFLECTIVE_GET, 0, a)
                        .asType(MethodType.methodType(a.getReturnType(), a.getDeclaringClass()));
            }
        }

        /** @return (record) -> long: the hash the canonical form uses for the component's value */
        private static MethodHandle hashOf(MethodHandle accessor) {
            Class<?> t = accessor.type().returnType();
            MethodHandle get;
            MethodHandle hash;
            if (t == int.class) {
                get = accessor.asType(MethodType.methodType(int.class, Object.class));
                hash = HASH_INT;
            } else if (t == long.class) {
                get = accessor.asType(MethodType.methodType(long.class, Object.class));
                hash = HASH_LONG;
            } else if (t == boolean.class) {
                get = accessor.asType(MethodType.methodType(boolean.class, Object.class));
                hash = HASH_BOOLEAN;
            } else {
                get = accessor.asType(MethodType.methodType(Object.class, Object.class));
                hash = HASH_OBJECT;
            }
            return MethodHandles.filterReturnValue(get, hash);
        }

        private static long hashInt(int v) {
            return v;
        }

        private static long hashLong(long v) {
            return Long.hashCode(v);
        }

        private static long hashBoolean(boolean v) {
            return Boolean.hashCode(v);
        }

        private static long hashObject(Object v) {
            return v instanceof Enum<?> e ? e.ordinal() : Objects.hashCode(v);
        }

        private static final MethodHandle HASH_INT;
        private static final MethodHandle HASH_LONG;
        private static final MethodHandle HASH_BOOLEAN;
        private static final MethodHandle HASH_OBJECT;
        private static final MethodHandle REFLECTIVE_GET;

        static {
            MethodHandles.Lookup l = MethodHandles.lookup();
            try {
                HASH_INT = l.findStatic(RecordShape.class, "hashInt", MethodType.methodType(long.class, int.class));
                HASH_LONG = l.findStatic(RecordShape.class, "hashLong", MethodType.methodType(long.class, long.class));
                HASH_BOOLEAN = l.findStatic(RecordShape.class, "hashBoolean", MethodType.methodType(long.class, boolean.class));
                HASH_OBJECT = l.findStatic(RecordShape.class, "hashObject", MethodType.methodType(long.class, Object.class));
                REFLECTIVE_GET = l.findStatic(RecordShape.class, "get", MethodType.methodType(Object.class, Method.class, Object.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The record with its references mapped through the best image of {@code w}. */
        Object rebuild(Object ext, Work w) {
            if (isEmpty()) {
                return ext;
            }
            Object[] args = new Object[components.length];
            boolean changed = false;
            for (int i = 0; i < components.length; i++) {
                Method a = components[i].getAccessor();
                Object v = get(a, ext);
                Object nv = v;
                if (Arrays.asList(taskRefs).contains(a)) {
                    if (v instanceof Optional<?> o) {
                        nv = o.map(x -> w.taskName((String) x));
                    } else if (v != null) {
                        nv = w.taskName((String) v);
                    }
                } else if (Arrays.asList(cpuRefs).contains(a)) {
                    nv = w.cpu((Integer) v);
                }
                changed |= !Objects.equals(v, nv);
                args[i] = nv;
            }
            if (!changed) {
                return ext;
            }
            try {
                return constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot rebuild " + type.getName() + " for the representative: " + e, e);
            }
        }

        private static Object get(Method a, Object target) {
            try {
                return a.invoke(target);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + a.getDeclaringClass().getName() + "." + a.getName() + ": " + e, e);
            }
        }
    }

    /**
     * The declaration: what is interchangeable, and how extension records and register values refer to tasks and
     * CPUs. Everything is validated against the world when {@link #build()} is called.
     */
    public static final class Builder {
        private final MachineState world;
        private final List<List<String>> roles = new ArrayList<>();
        private boolean cpus;
        private boolean deadTaskCpu;
        private final List<String> taskTaskRefs = new ArrayList<>();
        private final List<String> taskCpuRefs = new ArrayList<>();
        private final List<String> cpuTaskRefs = new ArrayList<>();
        private Register tokenRegister;
        private final Map<String, BitVector> tokens = new LinkedHashMap<>();
        private RecordShape taskShape;
        private RecordShape cpuShape;

        private Builder(MachineState world) {
            this.world = world;
        }

        /**
         * Declares one role: tasks that are interchangeable with each other (and with no task of another role).
         *
         * @param taskNames two or more task names of the world
         * @return this builder
         */
        public Builder interchangeableTasks(List<String> taskNames) {
            List<String> r = List.copyOf(Objects.requireNonNull(taskNames, "taskNames"));
            for (String t : r) {
                if (world.findTask(t).isEmpty()) {
                    throw new IllegalArgumentException("Unknown task '" + t + "' in a symmetry role; tasks: " + world.taskNames());
                }
                for (List<String> other : roles) {
                    if (other.contains(t)) {
                        throw new IllegalArgumentException("Task '" + t + "' is declared in two symmetry roles");
                    }
                }
            }
            if (r.size() != new java.util.HashSet<>(r).size()) {
                throw new IllegalArgumentException("A symmetry role names a task twice: " + r);
            }
            if (r.size() > 12) {
                throw new IllegalArgumentException("Invalid size of a symmetry role (valid values 0 - 12 tasks): " + r.size());
            }
            roles.add(r);
            return this;
        }

        /** Declares all CPUs interchangeable. @return this builder */
        public Builder interchangeableCpus() {
            if (world.cpus().size() > 12) {
                throw new IllegalArgumentException("Invalid number of interchangeable CPUs (valid values 1 - 12): " + world.cpus().size());
            }
            this.cpus = true;
            return this;
        }

        /**
         * Declares that a task's {@code task_cpu} is dead while it is not running: no action and no invariant reads
         * it before scheduling the task in overwrites it. It is then normalised (also in plain searches).
         *
         * @return this builder
         */
        public Builder deadTaskCpuUnlessRunning() {
            this.deadTaskCpu = true;
            return this;
        }

        /**
         * @param components components of the task extension record that hold a task name ({@code String} or
         *                   {@code Optional<String>})
         * @return this builder
         */
        public Builder taskExtensionTaskRefs(String... components) {
            taskTaskRefs.addAll(List.of(components));
            return this;
        }

        /**
         * @param components components of the task extension record that hold a CPU number ({@code int}, -1 for
         *                   none)
         * @return this builder
         */
        public Builder taskExtensionCpuRefs(String... components) {
            taskCpuRefs.addAll(List.of(components));
            return this;
        }

        /**
         * @param components components of the CPU extension record that hold a task name ({@code String} or
         *                   {@code Optional<String>})
         * @return this builder
         */
        public Builder cpuExtensionTaskRefs(String... components) {
            cpuTaskRefs.addAll(List.of(components));
            return this;
        }

        /**
         * Declares the value each task writes to a register: wherever a register file (live, saved or expected)
         * holds task t's token, the permutation that moves t moves the token with it.
         *
         * @param register the register, of the world's layout
         * @param perTask  task name to its token; tokens distinct
         * @return this builder
         */
        public Builder token(Register register, Map<String, BitVector> perTask) {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(perTask, "perTask");
            if (tokenRegister != null) {
                throw new IllegalStateException("A token register is already declared: " + tokenRegister.name());
            }
            for (Map.Entry<String, BitVector> e : perTask.entrySet()) {
                if (world.findTask(e.getKey()).isEmpty()) {
                    throw new IllegalArgumentException("Unknown task '" + e.getKey() + "' given a token; tasks: " + world.taskNames());
                }
                register.check(e.getValue());
                if (tokens.containsValue(e.getValue())) {
                    throw new IllegalArgumentException("Token " + e.getValue() + " of task '" + e.getKey() + "' is another task's too");
                }
                tokens.put(e.getKey(), e.getValue());
            }
            tokenRegister = register;
            return this;
        }

        /**
         * Validates the declaration against the world and builds the symmetry.
         *
         * @return the symmetry
         * @throws IllegalArgumentException naming the component, task or register that does not fit the world
         */
        public StructuralSymmetry build() {
            Class<?> tt = world.tasks().isEmpty() ? Object.class : world.tasks().get(0).ext().getClass();
            for (TaskState t : world.tasks()) {
                if (t.ext().getClass() != tt) {
                    throw new IllegalArgumentException("Task '" + t.name() + "' has extension type " + t.ext().getClass().getName()
                            + "; the symmetry needs one type, " + tt.getName());
                }
            }
            taskShape = new RecordShape(tt, taskTaskRefs, taskCpuRefs, "task extension");
            Class<?> ct = world.cpu(0).ext().getClass();
            for (CpuState c : world.cpus()) {
                if (c.ext().getClass() != ct) {
                    throw new IllegalArgumentException("CPU " + c.id() + " has extension type " + c.ext().getClass().getName()
                            + "; the symmetry needs one type, " + ct.getName());
                }
            }
            cpuShape = new RecordShape(ct, cpuTaskRefs, List.of(), "CPU extension");
            if (tokenRegister != null) {
                for (TaskState t : world.tasks()) {
                    if (t.saved().layout().allRegisters().stream().noneMatch(r -> r == tokenRegister)) {
                        throw new IllegalArgumentException("Token register " + tokenRegister.name() + " is not of the world's layout "
                                + t.saved().layout().name());
                    }
                }
                for (List<String> r : roles) {
                    for (String t : r) {
                        if (!tokens.containsKey(t)) {
                            throw new IllegalArgumentException("Task '" + t + "' of a symmetry role has no token; tokens: " + tokens.keySet());
                        }
                    }
                }
            }
            return new StructuralSymmetry(this, false);
        }
    }
}

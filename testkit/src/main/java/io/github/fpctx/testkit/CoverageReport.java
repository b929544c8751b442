package io.github.fpctx.testkit;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.state.MachineState;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which combinations of ownership state a set of states reached: the architecture's coverage points
 * ({@link io.github.fpctx.core.StepEngine#coverage(MachineState)}, e.g. x86's {@code (owner, last_cpu, TIF)} per task and CPU or
 * PowerPC's {@code MSR[FP VEC VSX]} live or saved), each with the number of distinct states that reached it.
 *
 * <p>Compare a test suite's scenarios with an exploration of the same world to see what the suite never exercised:
 * <pre>{@code
 * CoverageReport explored = Exploration.of(arch, world).bound(6).withCoverage().run().coverage().orElseThrow();
 * CoverageReport suite = CoverageReport.of(run1, run2, run3);
 * System.out.println(suite.renderAgainst(explored));   // [ ] lines are what the suite missed
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class CoverageReport {
    private final String architecture;
    private final SortedMap<String, Long> counts;

    private CoverageReport(String architecture, SortedMap<String, Long> counts) {
        this.architecture = architecture;
        this.counts = Collections.unmodifiableSortedMap(counts);
    }

    /**
     * The coverage of distinct states (duplicates are counted once).
     *
     * @param architecture the architecture whose coverage points to use
     * @param states       the states
     * @return the report
     */
    public static CoverageReport of(Architecture architecture, Collection<MachineState> states) {
        if (architecture == null || states == null) {
            throw new IllegalArgumentException("architecture and states must not be null");
        }
        SortedMap<String, Long> m = new TreeMap<>();
        for (MachineState s : new LinkedHashSet<>(states)) {
            for (String p : architecture.engine().coverage(s)) {
                m.merge(p, 1L, Long::sum);
            }
        }
        return new CoverageReport(architecture.id(), m);
    }

    /**
     * The coverage of every state of some scenario results (of one architecture).
     *
     * @param results the results; at least one
     * @return the report
     * @throws IllegalArgumentException if there are none or they are of different architectures
     */
    public static CoverageReport of(ScenarioResult... results) {
        return of(Arrays.asList(results));
    }

    /**
     * The coverage of every state of some scenario results (of one architecture).
     *
     * @param results the results; at least one
     * @return the report
     */
    public static CoverageReport of(Collection<ScenarioResult> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("A coverage report needs at least one scenario result");
        }
        Architecture a = results.iterator().next().architecture();
        Set<MachineState> states = new LinkedHashSet<>();
        for (ScenarioResult r : results) {
            if (!r.architecture().id().equals(a.id())) {
                throw new IllegalArgumentException("Coverage mixes architectures " + a.id() + " and " + r.architecture().id());
            }
            states.addAll(r.states());
        }
        return of(a, states);
    }

    /** @return the architecture id */
    public String architecture() {
        return architecture;
    }

    /** @return the points reached, sorted, with the number of distinct states that reached each */
    public SortedMap<String, Long> counts() {
        return counts;
    }

    /** @return the points reached, sorted */
    public SortedSet<String> points() {
        return new TreeSet<>(counts.keySet());
    }

    /**
     * @param point a coverage point
     * @return whether some state reached it
     */
    public boolean reaches(String point) {
        return counts.containsKey(point);
    }

    /**
     * The points this report reached and another did not: what a suite ({@code other}) never exercised of what an
     * exploration ({@code this}) found reachable.
     *
     * @param other another report of the same architecture
     * @return the points, sorted
     */
    public SortedSet<String> notReachedBy(CoverageReport other) {
        sameArchitecture(other);
        SortedSet<String> out = new TreeSet<>(counts.keySet());
        out.removeAll(other.counts.keySet());
        return out;
    }

    /**
     * Both reports together.
     *
     * @param other another report of the same architecture
     * @return the union, counts added
     */
    public CoverageReport merge(CoverageReport other) {
        sameArchitecture(other);
        SortedMap<String, Long> m = new TreeMap<>(counts);
        other.counts.forEach((k, v) -> m.merge(k, v, Long::sum));
        return new CoverageReport(architecture, m);
    }

    private void sameArchitecture(CoverageReport other) {
        if (other == null || !other.architecture.equals(architecture)) {
            throw new IllegalArgumentException("Cannot compare coverage of " + architecture + " with "
                    + (other == null ? "null" : other.architecture));
        }
    }

    /** @return one line per point with its count */
    public String render() {
        StringBuilder sb = new StringBuilder("Coverage of ").append(architecture).append(": ").append(counts.size()).append(" points\n");
        counts.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
        return sb.toString();
    }

    /**
     * This report checked against a reference (usually an exploration): {@code [x]} for points both reached,
     * {@code [ ]} for points only the reference reached, {@code [+]} for points only this one reached.
     *
     * @param reference the reference report, same architecture
     * @return the text
     */
    public String renderAgainst(CoverageReport reference) {
        sameArchitecture(reference);
        SortedSet<String> all = new TreeSet<>(reference.counts.keySet());
        all.addAll(counts.keySet());
        int missed = reference.notReachedBy(this).size();
        StringBuilder sb = new StringBuilder("Coverage of ").append(architecture).append(": ").append(counts.size())
                .append(" points reached, ").append(missed).append(" of ").append(reference.counts.size())
                .append(" reachable points never exercised\n");
        for (String p : all) {
            String mark = counts.containsKey(p) ? (reference.counts.containsKey(p) ? "[x]" : "[+]") : "[ ]";
            sb.append("  ").append(mark).append(' ').append(p).append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoverageReport c && c.architecture.equals(architecture) && c.counts.equals(counts);
    }

    @Override
    public int hashCode() {
        return architecture.hashCode() * 31 + counts.hashCode();
    }

    @Override
    public String toString() {
        return "CoverageReport[" + architecture + ", " + counts.size() + " points]";
    }
}

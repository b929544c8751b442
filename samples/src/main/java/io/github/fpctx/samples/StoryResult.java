package io.github.fpctx.samples;

import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.report.HtmlReport;

import java.util.List;

/**
 * One seed thread told by the models: the buggy run, the explorer's search from the plugin's alphabet alone, the
 * fixed run and the fixed model's search to the same bound, and every way in which they did not behave as the
 * thread documents ({@link #problems()}, empty when the story holds).
 *
 * @param seed       the seed number, e.g. {@code 000}
 * @param title      the thread's subject line
 * @param commits    the commits the story is about (introduced, fixed, variants)
 * @param story      one paragraph for a kernel developer
 * @param buggy      the buggy model's run of the thread's scenario
 * @param fixed      the fixed model's run of the same scenario
 * @param search     the explorer on the buggy model
 * @param fixedSearch the explorer on the fixed model, to the same bound
 * @param problems   what did not behave as documented; empty if the story holds
 * @implSpec This class is immutable and thread-safe.
 */
public record StoryResult(String seed, String title, String commits, String story, ScenarioResult buggy,
                          ScenarioResult fixed, ExplorationReport search, ExplorationReport fixedSearch,
                          List<String> problems) {
    /**
     * Validates and copies the parts.
     *
     * @param seed        seed
     * @param title       title
     * @param commits     commits
     * @param story       story
     * @param buggy       buggy run
     * @param fixed       fixed run
     * @param search      search on the buggy model
     * @param fixedSearch search on the fixed model
     * @param problems    problems
     */
    public StoryResult {
        if (seed == null || title == null || commits == null || story == null || buggy == null || fixed == null
                || search == null || fixedSearch == null || problems == null) {
            throw new IllegalArgumentException("Every part of a story result must be non-null (problems may be empty)");
        }
        problems = List.copyOf(problems);
    }

    /** @return whether the bug reproduced, the fix was clean and the explorer found the bug but nothing on the fix */
    public boolean behavesAsDocumented() {
        return problems.isEmpty();
    }

    /** @return the length of the explorer's shortest schedule, or 0 if it found none */
    public int shortestScheduleLength() {
        return search.counterexample().map(r -> r.steps().size()).orElse(0);
    }

    /**
     * The story as the tour prints it: the paragraph, the buggy timeline with its violations, the explorer's
     * shortest schedule and statistics, the fixed model's verdict, and the problems if there are any.
     *
     * @return plain text, no terminal escapes
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        String head = "Seed " + seed + ": " + title;
        sb.append(head).append('\n').append("=".repeat(Math.min(head.length(), 110))).append('\n');
        sb.append(commits).append("\n\n");
        sb.append(wrap(story, 110)).append("\n\n");
        sb.append("-- The buggy model (").append(buggy.violations().size()).append(" violation")
                .append(buggy.violations().size() == 1 ? "" : "s").append(") --\n");
        sb.append(buggy.render().stripTrailing()).append("\n\n");
        sb.append("-- The explorer, from the ").append(buggy.architecture().id())
                .append(" alphabet alone, bound ").append(search.bound()).append(" --\n");
        search.counterexample().ifPresentOrElse(cx -> {
            sb.append("Shortest schedule (").append(cx.steps().size()).append(" step")
                    .append(cx.steps().size() == 1 ? "" : "s").append("):\n");
            for (int i = 0; i < cx.labels().size(); i++) {
                sb.append(String.format("  %d. %s%n", i + 1, cx.labels().get(i)));
            }
            cx.violations().stream().map(v -> v.invariant()).distinct()
                    .forEach(inv -> sb.append("  violates: ").append(inv).append('\n'));
        }, () -> sb.append("No schedule found.\n"));
        sb.append("Statistics: ").append(search.statistics()).append("\n\n");
        sb.append("-- The fixed model --\n");
        sb.append("Same scenario: ").append(fixed.isClean() ? "clean" : fixed.violations().size() + " violation(s)").append('\n');
        sb.append("Explorer to bound ").append(fixedSearch.bound()).append(": ").append(fixedSearch.foundViolation()
                ? "found " + fixedSearch : "no violation (" + fixedSearch.statistics() + ")").append('\n');
        sb.append('\n').append("Verdict: ").append(behavesAsDocumented() ? "behaves as the thread documents"
                : "DOES NOT behave as documented").append('\n');
        problems.forEach(p -> sb.append("  problem: ").append(p).append('\n'));
        return sb.toString();
    }

    /**
     * The story as a page of the HTML tour: the paragraph, the buggy model's timeline as a picture (lanes per CPU,
     * owner and flag tracks, the violation marked with its expected and actual values), the explorer's statistics
     * chart and shortest counterexample, the fixed model's timeline and the verdict.
     *
     * @param indexRef a relative link back to the tour's index page, e.g. {@code index.html}
     * @return the page builder (write it with {@link HtmlReport#writeTo(java.nio.file.Path)})
     */
    public HtmlReport report(String indexRef) {
        HtmlReport r = HtmlReport.titled("Seed " + seed + ": " + title)
                .link("back to the tour", indexRef, "")
                .paragraph(commits)
                .paragraph(story)
                .timeline("The buggy model (" + buggy.violations().size() + " violation" + (buggy.violations().size() == 1 ? "" : "s")
                        + ")", buggy)
                .exploration("The explorer, from the " + buggy.architecture().id() + " alphabet alone, bound " + search.bound(), search)
                .timeline("The fixed model: same scenario (" + (fixed.isClean() ? "clean" : fixed.violations().size() + " violations")
                        + ")", fixed)
                .exploration("The fixed model's explorer, to bound " + fixedSearch.bound(), fixedSearch)
                .heading("Verdict")
                .paragraph(behavesAsDocumented() ? "The models behave as the thread documents."
                        : "The models DO NOT behave as documented: " + String.join("; ", problems));
        return r;
    }

    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String word : text.split("\\s+")) {
            if (col > 0 && col + 1 + word.length() > width) {
                out.append('\n');
                col = 0;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Seed " + seed + " (" + title + "): " + (behavesAsDocumented() ? "as documented" : "problems " + problems);
    }
}

package io.github.fpctx.testkit.report;

import io.github.fpctx.core.Trace;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.internal.ExplorationChart;
import io.github.fpctx.testkit.internal.HtmlPage;
import io.github.fpctx.testkit.internal.HtmlTimeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static io.github.fpctx.testkit.internal.Html.esc;

/**
 * An HTML page of fpctx runs: one self-contained file (style sheet, SVG and script inline, nothing fetched) that a
 * kernel developer opens in a browser. Each {@link #timeline(String, Trace) timeline} draws a lane per CPU across the
 * steps with the task it runs coloured per task and hatched while in the kernel, thin tracks for every component of
 * the architecture's CPU and task extension records that changes in the run (x86's {@code fpu_fpregs_owner_ctx},
 * {@code fpu->last_cpu}, {@code TIF_NEED_FPU_LOAD}; PowerPC's kernel MSR and {@code thread.regs->msr} facility bits),
 * the registers each step wrote at the width that was written ({@code xmm0}, not the 512-bit {@code zmm0}; the full
 * value on hover), a red marker on each violating step with its expected and actual values, and the steps as a list
 * whose register changes open the call path and the kernel function that wrote them. Execution-context bookkeeping
 * (preempt count, softirq count, locks) is folded behind a checkbox. An {@link #exploration(String, ExplorationReport)
 * exploration} adds the explorer's states per depth and frontier sizes as a chart, and its counterexample's timeline.
 *
 * <pre>{@code
 * ScenarioResult run = Scenario.on("x86_64")...run();
 * Path page = HtmlReport.titled("seed 002").paragraph("exec's FPU drop")
 *         .timeline("the buggy model", run)
 *         .writeTo(Path.of("target/seed002.html"));
 * }</pre>
 *
 * <p>The testkit's assertions write such a page to {@code target/fpctx-reports/<test>.html} when they fail and name
 * it in the failure message; the samples' tour writes one per seed story.
 *
 * <p>A builder: not thread-safe. The same parts give the same bytes (no time stamps, ids numbered in order).
 */
public final class HtmlReport {
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private int sections;

    private HtmlReport(String title) {
        this.title = title;
    }

    /**
     * Starts a page.
     *
     * @param title the page's title and heading; not null
     * @return the builder
     */
    public static HtmlReport titled(String title) {
        return new HtmlReport(Objects.requireNonNull(title, "title"));
    }

    /**
     * A page with one scenario result's timeline.
     *
     * @param title  the title
     * @param result the result
     * @return the builder
     */
    public static HtmlReport of(String title, ScenarioResult result) {
        return titled(title).timeline(result.architecture().id() + ": " + result.steps().size() + " steps", result);
    }

    /**
     * A page with one exploration: statistics chart and counterexample.
     *
     * @param title  the title
     * @param report the report
     * @return the builder
     */
    public static HtmlReport of(String title, ExplorationReport report) {
        return titled(title).exploration("Exploration to bound " + report.bound(), report);
    }

    /**
     * Adds a section heading.
     *
     * @param text the heading
     * @return this
     */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(esc(Objects.requireNonNull(text, "text"))).append("</h2>\n");
        return this;
    }

    /**
     * Adds a paragraph of plain text.
     *
     * @param text the text
     * @return this
     */
    public HtmlReport paragraph(String text) {
        body.append("<p class=\"story\">").append(esc(Objects.requireNonNull(text, "text"))).append("</p>\n");
        return this;
    }

    /**
     * Adds preformatted text (e.g. a text timeline or a failure message).
     *
     * @param text the text
     * @return this
     */
    public HtmlReport preformatted(String text) {
        body.append("<pre>").append(esc(Objects.requireNonNull(text, "text"))).append("</pre>\n");
        return this;
    }

    /**
     * Adds a list item linking to another page by a relative path (an index of pages).
     *
     * @param text        the link text
     * @param relativeRef a relative reference such as {@code seed-001.html}; no scheme, so nothing leaves the folder
     * @param note        text after the link, may be empty
     * @return this
     * @throws IllegalArgumentException if the reference has a scheme or is absolute
     */
    public HtmlReport link(String text, String relativeRef, String note) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(relativeRef, "relativeRef");
        Objects.requireNonNull(note, "note");
        if (relativeRef.isBlank() || relativeRef.contains(":") || relativeRef.startsWith("/") || relativeRef.startsWith("\\")) {
            throw new IllegalArgumentException("Link target must be a relative reference such as 'seed-001.html'; got '" + relativeRef + "'");
        }
        body.append("<ul class=\"index\"><li><a href=\"").append(esc(relativeRef)).append("\">").append(esc(text)).append("</a>")
                .append(note.isEmpty() ? "" : " \u2014 " + esc(note)).append("</li></ul>\n");
        return this;
    }

    /**
     * Adds a trace's timeline.
     *
     * @param caption the section heading
     * @param trace   the trace
     * @return this
     */
    public HtmlReport timeline(String caption, Trace trace) {
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(trace, "trace");
        body.append(HtmlTimeline.render(trace, "t" + (++sections), caption));
        return this;
    }

    /**
     * Adds a scenario result's timeline.
     *
     * @param caption the section heading
     * @param result  the result
     * @return this
     */
    public HtmlReport timeline(String caption, ScenarioResult result) {
        return timeline(caption, Objects.requireNonNull(result, "result").trace());
    }

    /**
     * Adds an exploration: its statistics (with states per depth and frontier sizes as a chart) and, if it found
     * one, its counterexample's timeline.
     *
     * @param caption the section heading
     * @param report  the report
     * @return this
     */
    public HtmlReport exploration(String caption, ExplorationReport report) {
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(report, "report");
        body.append("<section class=\"exploration\" id=\"x").append(++sections).append("\"><h2>").append(esc(caption)).append("</h2>\n");
        body.append("<p class=\"verdict\">").append(report.foundViolation()
                ? "<span class=\"bad\">counterexample of " + report.counterexample().get().steps().size() + " steps</span>"
                : "<span class=\"clean\">no violation up to bound " + report.bound() + "</span>").append("</p>\n");
        body.append(ExplorationChart.render(report.statistics()));
        body.append("</section>\n");
        report.counterexample().ifPresent(cx -> timeline("Its shortest counterexample", cx.trace()));
        return this;
    }

    /** @return the page's HTML */
    public String toHtml() {
        return HtmlPage.page(title, body.toString());
    }

    /**
     * Writes the page, creating the folders above it.
     *
     * @param file where to write
     * @return the file, absolute and normalised
     * @throws UncheckedIOException if it cannot be written
     */
    public Path writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        Path abs = file.toAbsolutePath().normalize();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.writeString(abs, toHtml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the HTML report " + abs + ": " + e.getMessage(), e);
        }
        return abs;
    }

    @Override
    public String toString() {
        return "HtmlReport[" + title + ", " + sections + " sections]";
    }
}

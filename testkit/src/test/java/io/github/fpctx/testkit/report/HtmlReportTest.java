package io.github.fpctx.testkit.report;

import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report's markup, and the page a failing assertion writes. (Seeds 001/002 in Chromium: samples.) */
@org.junit.jupiter.api.extension.ExtendWith(io.github.fpctx.testkit.junit.ArchitectureExtension.class)
class HtmlReportTest {
    static final io.github.fpctx.core.register.BitVector A = io.github.fpctx.core.register.BitVector.ofWords(128, 0xAAAA_0001L, 0xAAAA_0002L);
    static final io.github.fpctx.core.register.BitVector B = io.github.fpctx.core.register.BitVector.ofWords(128, 0xBBBB_0001L, 0xBBBB_0002L);

    static ScenarioResult buggyMigration() {
        return Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run();
    }

    static int count(String html, String needle) {
        return html.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void aTimelineHasALanePerCpuAColumnPerStateAndTheViolationWithItsValues() {
        ScenarioResult r = buggyMigration();
        String html = HtmlReport.of("toy migration", r).toHtml();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertEquals(2, count(html, "<g class=\"lane\""), "a lane per CPU");
        assertEquals(r.steps().size() + 1, count(html, "<g class=\"step-col\""), "a column per state");
        assertEquals(r.violations().size(), count(html, "<g class=\"violation-marker\""));
        assertTrue(html.contains("class=\"vm-expected\"") && html.contains(B.toString()) && html.contains(A.toString()), html);
        assertTrue(html.contains("data-task=\"a\" data-mode=\"user\""), html);
        // the toy's extension records give the tracks: the per-CPU owner pointer, the task's flags
        assertTrue(html.contains("<g class=\"track\" data-owner=\"cpu0\" data-component=\"owner\""), html);
        // every chip in the picture opens a change button that exists
        Matcher m = Pattern.compile("class=\"reg-chip\" data-change=\"([^\"]+)\"").matcher(html);
        int chips = 0;
        while (m.find()) {
            chips++;
            assertTrue(html.contains("id=\"" + m.group(1) + "\""), m.group(1));
        }
        assertTrue(chips > 0, "the picture shows the registers written");
        // self-contained: nothing to fetch, and a policy that forbids it
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external reference");
        assertTrue(html.contains("default-src 'none'"));
        assertEquals(html, HtmlReport.of("toy migration", buggyMigration()).toHtml(), "deterministic");
    }

    @Test
    void textIsEscaped() {
        String html = HtmlReport.titled("<script>alert(1)</script>").paragraph("a & b < c").toHtml();
        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("a &amp; b &lt; c"), html);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.titled("x").link("out", "https://example.org/", ""));
        assertEquals("Link target must be a relative reference such as 'seed-001.html'; got 'https://example.org/'", e.getMessage());
        assertThrows(NullPointerException.class, () -> HtmlReport.titled(null));
    }

    @Test
    void anExplorationShowsStatesPerDepthAndItsCounterexample() {
        ExplorationReport x = Scenario.on("toy").withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2)
                .task("a", t -> t.onCpu(0)).explore().bound(6).run();
        String html = HtmlReport.of("toy search", x).toHtml();
        int depths = x.statistics().distinctPerDepth().size();
        assertTrue(depths > 1, x::toString);
        assertEquals(depths, count(html, "<g class=\"depth\""));
        for (int d = 0; d < depths; d++) {
            assertTrue(html.contains("data-depth=\"" + d + "\" data-generated=\"" + x.statistics().generatedPerDepth().get(d)
                    + "\" data-frontier=\"" + x.statistics().distinctPerDepth().get(d) + "\""), "depth " + d);
        }
        assertEquals(1, count(html, "<section class=\"fpctx-timeline\""), "the counterexample's timeline");
        assertFalse(html.contains(" ms<"), "no search time: the page is reproducible");
    }

    @Test
    void aFailingAssertionWritesItsTimelineAndNamesIt() throws IOException {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(buggyMigration()).isClean());
        Matcher m = Pattern.compile("HTML timeline: (.*\\.html)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        Path page = Path.of(m.group(1));
        assertEquals(Path.of("target", "fpctx-reports", "HtmlReportTest.aFailingAssertionWritesItsTimelineAndNamesIt.html")
                .toAbsolutePath().normalize(), page);
        String html = Files.readString(page);
        assertTrue(html.contains("<g class=\"violation-marker\""), html);
        assertTrue(html.contains("Failed: HtmlReportTest.aFailingAssertionWritesItsTimelineAndNamesIt"), html);
        // the same for a task assertion and an exploration assertion
        AssertionFailedError t = assertThrows(AssertionFailedError.class, () -> assertThat(buggyMigration()).task("a").sees("q2", B));
        assertTrue(t.getMessage().contains("HTML timeline: " + page), t.getMessage());
        AssertionFailedError x = assertThrows(AssertionFailedError.class, () -> assertThat(Scenario.on("toy")
                .withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2).task("a", t2 -> t2.onCpu(0)).explore().bound(6).run())
                .foundNoViolation());
        assertTrue(x.getMessage().contains("HTML timeline: " + page), x.getMessage());
        assertTrue(Files.readString(page).contains("<g class=\"depth\""), "the exploration page has the chart");
    }

    @io.github.fpctx.testkit.junit.ForEachArchitecture("toy")
    void aComposedTestAnnotationNamesTheReportToo(io.github.fpctx.core.Architecture arch) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(Scenario.on(arch)
                .withErratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).cpus(2).task("a", t -> t.onCpu(0).userWrites("q2", A))
                .migrate("a", 1).userWrites("a", "q2", B).migrate("a", 0).run()).isClean());
        assertTrue(e.getMessage().contains("HtmlReportTest.aComposedTestAnnotationNamesTheReportToo.html"), e.getMessage());
    }
}

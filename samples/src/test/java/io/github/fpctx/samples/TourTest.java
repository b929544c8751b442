package io.github.fpctx.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tour's verdicts, checked without spawning a JVM. */
class TourTest {
    static final List<StoryResult> STORIES = SeedStories.all();

    @Test
    void everyStoryBehavesAsDocumented() {
        assertEquals(List.of("000", "001", "002", "003", "004"), STORIES.stream().map(StoryResult::seed).toList());
        for (StoryResult s : STORIES) {
            assertTrue(s.behavesAsDocumented(), () -> s + "\n" + s.render());
            assertFalse(s.buggy().isClean(), s::toString);
            assertTrue(s.fixed().isClean(), s::toString);
            assertTrue(s.search().foundViolation(), s::toString);
            assertFalse(s.fixedSearch().foundViolation(), s::toString);
            assertEquals(s.search().bound(), s.fixedSearch().bound(), "the fixed model is searched to the same bound");
        }
    }

    @Test
    void shortestSchedulesHaveTheExpectedLengths() {
        assertEquals(List.of(2, 2, 7, 2, 1), STORIES.stream().map(StoryResult::shortestScheduleLength).toList());
    }

    @Test
    void seedSpecificFacts() {
        assertEquals(SeedStories.OBSERVED_VS0, STORIES.get(1).buggy().userView("mariadbd").get("vs0"));
        assertTrue(STORIES.get(1).buggy().passesThrough("__smp_lwsync"), "seed 001 runs with the first patch applied");
        assertTrue(STORIES.get(0).buggy().passesThrough("create_worker_cb"));
        assertTrue(STORIES.get(4).buggy().render().contains(SeedStories.SPLAT_FIRST_LINE), STORIES.get(4).buggy()::render);
    }

    @Test
    void tourPrintsAllFiveStoriesAndReportsSuccess() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = Tour.print(STORIES, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(ok, out);
        for (String seed : List.of("000", "001", "002", "003", "004")) {
            assertTrue(out.contains("Seed " + seed + ": "), seed);
        }
        assertTrue(out.contains("5e1d824f9a28") && out.contains("1f69383b203e") && out.contains("fe1ef6bcdb4f")
                && out.contains("36b038791e1e"), "commits are printed");
        assertTrue(out.contains("Shortest schedule (7 steps):"), out);
        assertTrue(out.contains("! [user-registers-intact]"), "the buggy timeline shows the violation");
        assertEquals(5, out.split("Verdict: behaves as the thread documents", -1).length - 1);
        assertFalse(out.contains("FAIL"), out);
        assertFalse(out.contains("\u001b["), "no terminal escapes");
    }

    @Test
    void tourReportsAStoryThatDoesNotBehave() {
        StoryResult good = STORIES.get(0);
        StoryResult broken = new StoryResult(good.seed(), good.title(), good.commits(), good.story(), good.buggy(),
                good.fixed(), good.search(), good.fixedSearch(), List.of("buggy model: the bug did not reproduce"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = Tour.print(List.of(broken), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertFalse(ok);
        assertTrue(out.contains("seed 000: buggy model: the bug did not reproduce"), out);
        assertTrue(out.contains("DOES NOT behave as documented"), out);
    }

    @Test
    void tourWritesOnePagePerStoryAndAnIndexLinkingThem() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "tour-test");
        java.nio.file.Path index = Tour.writePages(STORIES, dir);
        assertEquals(dir.resolve("index.html").toAbsolutePath().normalize(), index);
        String html = java.nio.file.Files.readString(index);
        for (StoryResult s : STORIES) {
            assertTrue(html.contains("<a href=\"seed-" + s.seed() + ".html\">Seed " + s.seed() + ": "), s.seed());
            String page = java.nio.file.Files.readString(dir.resolve("seed-" + s.seed() + ".html"));
            // buggy, counterexample and fixed timelines; two exploration charts
            assertEquals(3, page.split("<section class=\"fpctx-timeline\"", -1).length - 1, s.seed());
            assertEquals(2, page.split("<section class=\"exploration\"", -1).length - 1, s.seed());
            assertEquals(s.buggy().violations().size() + s.search().counterexample().get().violations().size(),
                    page.split("<g class=\"violation-marker\"", -1).length - 1, s.seed());
        }
    }

    @Test
    void theTextTimelineShowsTheWidthThatWasWrittenAndFoldsBookkeeping() {
        String text = STORIES.get(2).buggy().render();
        assertTrue(text.contains("cpu0.live.xmm0: 0x0000_0000_0000_0000_0000_0000_0000_0000 -> 0x0000_0000_0000_0000_0123_4567_89ab_cdef"), text);
        assertFalse(text.contains("zmm0:"), "no 512-bit values: " + text);
        assertFalse(text.contains("preemptCount"), text);
        assertTrue(text.contains("(expected xmm0 = 0x0000_0000_0000_0000_0000_0000_0000_0000, was 0x0000_0000_0000_0000_0123_4567_89ab_cdef)"), text);
        String all = io.github.fpctx.testkit.Timeline.render(STORIES.get(2).buggy(), io.github.fpctx.testkit.Timeline.Options.ALL);
        assertTrue(all.contains("cpu1.exec.preemptCount: 0 -> 1") && all.contains("cpu0.live.zmm0: "), all);
        // seed 004's splat step keeps its execution context: the lock and preemption are the story
        assertTrue(STORIES.get(4).buggy().render().contains(".exec."), STORIES.get(4).buggy()::render);
    }
}

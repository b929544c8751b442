package io.github.fpctx.samples;

import io.github.fpctx.arch.x86.X86Steps;
import io.github.fpctx.core.register.BitVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tour's seed 001 and 002 pages, rendered by a real browser: headless Chromium (Debian's {@code chromium}) loads
 * each page from a file URL with the fragment {@code #selftest}, dumps the DOM after the page's script ran and saves
 * a screenshot under {@code target/browser/}. The dumped DOM must show the lanes, the step columns, the violation
 * marker with its expected and actual values, the script's {@code data-fpctx-ready="ok"} (it ran without error) and
 * {@code data-fpctx-selftest="ok"} (clicking a register change opened its call path and value); Chromium's log must
 * hold no console message at all (the page logs nothing when it works; an uncaught error or a refused fetch would be
 * logged).
 *
 * <p>Skips when Chromium is not installed ({@code apt-get install chromium}); with {@code CI=true} its absence fails
 * the test ({@code .ci/run} installs it). Each page is one Chromium run of a few seconds, bounded by a timeout; its
 * profile lives in a fresh temporary folder that is deleted afterwards. Chromium fetches nothing: the pages are
 * self-contained and forbid every fetch, and background networking, component updates and sync are switched off.
 */
class BrowserTimelineTest {
    private static final Path OUT = Path.of("target", "browser");
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void seed001PageRendersInChromium() throws Exception {
        StoryResult story = SeedStories.seed001();
        Page p = render(story, "seed-001");
        p.assertCommon(story);
        assertEquals("1", p.attr("section", "id", "t1", "data-cpus"), "seed 001 runs on one CPU");
        assertTrue(p.markerText(3).contains("actual " + SeedStories.OBSERVED_VS0), p.markers());
        assertTrue(p.markerText(3).contains("expected " + BitVector.zero(128)), p.markers());
        assertTrue(p.dom.contains("data-owner=\"cpu0\" data-component=\"kernelMsr\""), "the kernel MSR's facility bits as a track");
    }

    @Test
    void seed002PageRendersInChromium() throws Exception {
        StoryResult story = SeedStories.seed002();
        Page p = render(story, "seed-002");
        p.assertCommon(story);
        assertEquals("2", p.attr("section", "id", "t1", "data-cpus"));
        // the written width: xmm0's 128 bits, not zmm0's 512
        String marker = p.markerText(7);
        assertTrue(marker.contains("task T xmm0"), p.markers());
        assertTrue(marker.contains("actual " + X86Steps.OLD_PROGRAM_XMM0) && marker.contains("expected " + BitVector.zero(128)),
                p.markers());
        assertTrue(p.dom.contains("data-owner=\"cpu0\" data-component=\"fpregsOwner\""), "fpu_fpregs_owner_ctx as a track");
        assertTrue(p.dom.contains("data-owner=\"T\" data-component=\"lastCpu\""), "fpu->last_cpu as a track");
        assertTrue(p.dom.contains("data-owner=\"T\" data-component=\"needFpuLoad\""), "TIF_NEED_FPU_LOAD as a track");
    }

    /** What Chromium made of one page. */
    private record Page(String name, String dom, String log, Path screenshot) {
        void assertCommon(StoryResult story) throws IOException {
            Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
            assertTrue(body.find(), name + ": no body in the dumped DOM");
            assertTrue(body.group(1).contains("data-fpctx-ready=\"ok\""), name + ": the page's script did not finish: " + body.group(1));
            assertTrue(body.group(1).contains("data-fpctx-selftest=\"ok\""), name + ": the click-through self-check failed: " + body.group(1));
            List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
            assertEquals(List.of(), console, name + ": the page logged to the console");
            int steps = story.buggy().steps().size();
            String first = section("t1");
            assertEquals(story.buggy().initialState().cpus().size(), count(first, "<g class=\"lane\""), name + ": a lane per CPU");
            assertEquals(steps + 1, count(first, "<g class=\"step-col\""), name + ": a column per state");
            assertEquals(steps, count(first, "<li class=\"step") - 1, name + ": every step listed");
            assertEquals(story.buggy().violations().size(), count(first, "<g class=\"violation-marker\""), name + ": the violations marked");
            assertTrue(count(first, "class=\"change reg") > 0, name + ": register changes are buttons");
            // the detail panel the self-check opened shows the first register change's call path
            assertTrue(dom.contains("<aside id=\"fpctx-detail\" class=\"detail\" data-change=\"t1-c"), name + ": the panel did not open");
            byte[] png = Files.readAllBytes(screenshot);
            assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', name + ": no PNG screenshot at " + screenshot);
            int width = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
            assertEquals(1400, width, name + ": the screenshot's width");
        }

        String section(String id) {
            int from = dom.indexOf("<section class=\"fpctx-timeline\" id=\"" + id + "\"");
            assertTrue(from >= 0, name + ": no timeline " + id);
            return dom.substring(from, dom.indexOf("</section>", from));
        }

        String attr(String tag, String key, String value, String attr) {
            Matcher m = Pattern.compile("<" + tag + "[^>]*\\b" + key + "=\"" + Pattern.quote(value) + "\"[^>]*>").matcher(dom);
            assertTrue(m.find(), name + ": no <" + tag + " " + key + "=" + value + ">");
            Matcher a = Pattern.compile("\\b" + attr + "=\"([^\"]*)\"").matcher(m.group());
            assertTrue(a.find(), name + ": no " + attr + " in " + m.group());
            return a.group(1);
        }

        /** The text of the first timeline's violation markers at a step, tags stripped. */
        String markerText(int step) {
            Matcher m = Pattern.compile("<g class=\"violation-marker\" data-step=\"" + step + "\".*?</g>", Pattern.DOTALL).matcher(section("t1"));
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                sb.append(m.group().replaceAll("<title>.*?</title>", "").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ")).append('\n');
            }
            assertTrue(sb.length() > 0, name + ": no violation marker at step " + step);
            return sb.toString();
        }

        /** Every violation marker of the first timeline, for failure messages. */
        String markers() {
            Matcher m = Pattern.compile("<g class=\"violation-marker\".*?</g>", Pattern.DOTALL).matcher(section("t1"));
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                sb.append(m.group()).append('\n');
            }
            return sb.toString();
        }

        static int count(String s, String needle) {
            return s.split(Pattern.quote(needle), -1).length - 1;
        }
    }

    private static Page render(StoryResult story, String name) throws Exception {
        Path chromium = chromium();
        Files.createDirectories(OUT);
        Path html = story.report("index.html").writeTo(OUT.resolve(name + ".html"));
        Path png = OUT.resolve(name + ".png").toAbsolutePath();
        Path dom = OUT.resolve(name + ".dom.html");
        Path log = OUT.resolve(name + ".chromium.log");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("fpctx-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile,
                    "--window-size=1400,1300", "--screenshot=" + png, "--dump-dom", html.toUri() + "#selftest"));
            Process proc = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                fail("chromium did not finish " + name + " within " + TIMEOUT_SECONDS + " s; log: " + log.toAbsolutePath());
            }
            String domText = Files.readString(dom, StandardCharsets.UTF_8);
            String logText = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, proc.exitValue(), "chromium exited with " + proc.exitValue() + " on " + name + ":\n" + logText);
            return new Page(name, domText, logText, png);
        } finally {
            deleteTree(profile);
        }
    }

    /** Debian's chromium, or skip (fail when CI=true). */
    private static Path chromium() {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
                        Stream.of("/usr/bin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "chromium")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String why = "chromium not found on PATH; install Debian's package: apt-get install -y chromium";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (CI=true: the browser test must run)");
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a profile file Chromium still held: the temp folder is left for the OS to clean
        }
    }
}

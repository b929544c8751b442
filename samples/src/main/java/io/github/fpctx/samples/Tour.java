package io.github.fpctx.samples;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.testkit.report.HtmlReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The tour of the seed bugs, the README's main command ({@code mvn -q -B -Ptour -DskipTests verify}): for each of the
 * five kernel threads in {@link SeedStories}, the one-paragraph story, the buggy model's timeline with the violation,
 * the explorer's shortest schedule and statistics, and the fixed model's verdict. Plain text for a terminal.
 *
 * <p>Exits with status 1, after printing what went wrong, if any story does not behave as documented (the bug does
 * not reproduce, the fix is not clean, the explorer does not find the bug or finds one in the fixed model).
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Prints the tour, writes its HTML pages and exits non-zero if a story does not behave as documented.
     *
     * @param args optionally the folder for the HTML pages (the tour profile passes {@code samples/target/tour});
     *             {@code target/tour} under the working directory if absent
     */
    public static void main(String[] args) {
        List<StoryResult> stories = SeedStories.all();
        boolean ok = print(stories, System.out);
        Path index = writePages(stories, Path.of(args.length > 0 ? args[0] : "target/tour"));
        System.out.println();
        System.out.println("The tour as pictures: " + index);
        System.out.flush();
        if (!ok) {
            System.exit(1);
        }
    }

    /**
     * Writes the stories as HTML pages, {@code seed-000.html} to {@code seed-004.html}, and {@code index.html}
     * linking them, into a folder.
     *
     * @param stories the stories
     * @param dir     the folder, created if missing
     * @return the index page's absolute path
     */
    public static Path writePages(List<StoryResult> stories, Path dir) {
        if (stories == null || dir == null) {
            throw new IllegalArgumentException("stories and dir must not be null");
        }
        HtmlReport index = HtmlReport.titled("fpctx tour: five Linux kernel FP/vector context bugs, replayed on models of the kernel")
                .paragraph("Each page tells one kernel thread: the buggy model's timeline as a picture (a lane per CPU, "
                        + "the owner pointers and per-task flags as tracks, the violating step marked with the expected and "
                        + "actual values; click a register change for the call path that wrote it), the explorer's search "
                        + "from the architecture's action alphabet alone (states per depth) and its shortest schedule, and the "
                        + "fixed model.");
        for (StoryResult s : stories) {
            String page = "seed-" + s.seed() + ".html";
            s.report("index.html").writeTo(dir.resolve(page));
            index.link("Seed " + s.seed() + ": " + s.title(), page, (s.behavesAsDocumented() ? "as documented" : "NOT as documented")
                    + "; explorer: " + (s.search().foundViolation() ? s.shortestScheduleLength() + "-step schedule" : "nothing found"));
        }
        return index.writeTo(dir.resolve("index.html"));
    }

    /**
     * Prints the tour of the given stories and a summary.
     *
     * @param stories the stories, usually {@link SeedStories#all()}
     * @param out     where to print
     * @return whether every story behaved as documented
     */
    public static boolean print(List<StoryResult> stories, PrintStream out) {
        if (stories == null || out == null) {
            throw new IllegalArgumentException("stories and out must not be null");
        }
        out.println("fpctx tour: five Linux kernel FP/vector context bugs, replayed on models of the kernel");
        out.println("architectures on the class path: " + Architectures.load().ids());
        out.println();
        for (StoryResult s : stories) {
            out.println(s.render());
        }
        out.println("Summary");
        out.println("=======");
        boolean ok = true;
        for (StoryResult s : stories) {
            out.printf("  seed %s  %-4s bug reproduced: %-3s  explorer: %-22s  fixed: %s%n", s.seed(),
                    s.behavesAsDocumented() ? "ok" : "FAIL",
                    s.buggy().isClean() ? "no" : "yes",
                    s.search().foundViolation() ? s.shortestScheduleLength() + "-step schedule" : "nothing found",
                    s.fixed().isClean() && !s.fixedSearch().foundViolation() ? "clean to bound " + s.fixedSearch().bound()
                            : "NOT clean");
            ok &= s.behavesAsDocumented();
        }
        if (!ok) {
            out.println();
            out.println("Some stories do not behave as documented:");
            stories.stream().filter(s -> !s.behavesAsDocumented())
                    .forEach(s -> s.problems().forEach(p -> out.println("  seed " + s.seed() + ": " + p)));
        }
        return ok;
    }
}

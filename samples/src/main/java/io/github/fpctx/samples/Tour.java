package io.github.fpctx.samples;

import io.github.fpctx.core.Architectures;

import java.io.PrintStream;
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
     * Prints the tour and exits non-zero if a story does not behave as documented.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<StoryResult> stories = SeedStories.all();
        boolean ok = print(stories, System.out);
        System.out.flush();
        if (!ok) {
            System.exit(1);
        }
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

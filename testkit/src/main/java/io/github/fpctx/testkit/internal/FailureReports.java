package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.Trace;
import io.github.fpctx.testkit.ExplorationReport;
import io.github.fpctx.testkit.report.HtmlReport;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the HTML timeline of a failing assertion to {@code target/fpctx-reports/<test>.html} (under the working
 * directory, which Maven Surefire sets to the module's folder; the system property {@value #DIR_PROPERTY} overrides
 * the folder) and returns the line that names it in the failure message.
 *
 * <p>{@code <test>} is {@code TestClass.testMethod}, read from the call stack: the innermost frame whose method
 * carries a JUnit Jupiter test annotation ({@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest},
 * {@code @TestFactory}, {@code @TestTemplate}, directly or through a composed annotation such as
 * {@code @ForEachArchitecture}); failing that, the outermost frame outside the testkit, JUnit and the
 * JDK; failing that, {@code fpctx-failure}. The name is deterministic, so a re-run overwrites the same file (the
 * invocations of one parameterized test share it; the last failure wins). Writing never hides the assertion: if the
 * page cannot be written, the line says why.
 */
public final class FailureReports {
    /** The system property that overrides the report folder. */
    public static final String DIR_PROPERTY = "fpctx.reports.dir";
    private static final Set<String> TEST_ANNOTATIONS = Set.of("org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory", "org.junit.jupiter.api.TestTemplate");

    private FailureReports() {
    }

    /**
     * Writes a failing run's page.
     *
     * @param message the assertion's first line, shown on the page
     * @param trace   the run
     * @return the line for the failure message: {@code HTML timeline: /abs/target/fpctx-reports/T.m.html}
     */
    public static String write(String message, Trace trace) {
        String test = testName();
        return write(test, HtmlReport.titled("Failed: " + test).preformatted(message).timeline("The run", trace));
    }

    /**
     * Writes a failing exploration's page: its statistics chart and counterexample, if any.
     *
     * @param message the assertion's first line
     * @param report  the exploration
     * @return the line for the failure message
     */
    public static String write(String message, ExplorationReport report) {
        String test = testName();
        return write(test, HtmlReport.titled("Failed: " + test).preformatted(message)
                .exploration("Exploration to bound " + report.bound(), report));
    }

    private static String write(String test, HtmlReport page) {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/fpctx-reports"));
        try {
            return "HTML timeline: " + page.writeTo(dir.resolve(test + ".html"));
        } catch (RuntimeException e) {
            return "HTML timeline not written (" + e.getMessage() + ")";
        }
    }

    /**
     * The running test's name as {@code TestClass.testMethod} (nested classes joined with {@code .}), made safe
     * for a file name.
     *
     * @return the name
     */
    public static String testName() {
        Optional<String> name = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            String annotated = null;
            String outermost = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                Class<?> c = f.getDeclaringClass();
                String cn = c.getName();
                if (isTestkit(c) || cn.startsWith("java.")
                        || cn.startsWith("jdk.") || cn.startsWith("sun.") || cn.startsWith("org.junit.")) {
                    continue;
                }
                String n = label(c, f.getMethodName());
                if (annotated == null && isTest(c, f.getMethodName())) {
                    annotated = n;
                }
                outermost = n;
            }
            return Optional.ofNullable(annotated != null ? annotated : outermost);
        });
        return name.map(FailureReports::safe).orElse("fpctx-failure");
    }

    /** Whether a class is the testkit's own (same module, or on the class path the same jar or folder). */
    private static boolean isTestkit(Class<?> c) {
        if (c.getModule().isNamed()) {
            return c.getModule() == FailureReports.class.getModule();
        }
        try {
            java.security.CodeSource mine = FailureReports.class.getProtectionDomain().getCodeSource();
            java.security.CodeSource theirs = c.getProtectionDomain().getCodeSource();
            return mine != null && theirs != null && java.util.Objects.equals(mine.getLocation(), theirs.getLocation());
        } catch (SecurityException e) {
            return c.getName().startsWith("io.github.fpctx.testkit.");
        }
    }

    private static boolean isTest(Class<?> c, String method) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(method)) {
                    for (Annotation a : m.getAnnotations()) {
                        if (TEST_ANNOTATIONS.contains(a.annotationType().getName())) {
                            return true;
                        }
                        // a composed annotation such as @ForEachArchitecture (meta-annotated @TestTemplate)
                        for (Annotation meta : a.annotationType().getAnnotations()) {
                            if (TEST_ANNOTATIONS.contains(meta.annotationType().getName())) {
                                return true;
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a class whose methods cannot be listed is not our test
        }
        return false;
    }

    private static String label(Class<?> c, String method) {
        String n = c.getName();
        int dot = n.lastIndexOf('.');
        return n.substring(dot + 1).replace('$', '.') + "." + method;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

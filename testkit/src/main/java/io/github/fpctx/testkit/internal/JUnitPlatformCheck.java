package io.github.fpctx.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Refuses to run the testkit on a JUnit older than the one it is built against. The testkit is compiled against
 * the JUnit 6 platform; with JUnit 5.x jars on the test class path the first run otherwise dies far from its cause
 * ({@code NoClassDefFoundError: org/junit/platform/engine/OutputDirectoryCreator}). The conformance kit and the
 * extension call {@link #requireCompatible()} when they start; the JUnit jars' versions are read from their module
 * descriptors (module path) or manifests (class path), and the needed version comes from the build
 * ({@code build.properties}, filtered by Maven), so the message cannot drift from the POM.
 */
public final class JUnitPlatformCheck {
    /** JUnit artifacts and a class each of them holds, in the order the message lists them. */
    private static final Map<String, String> ARTIFACTS = artifacts();

    /** The versions of this build: {@code fpctx.version}, {@code junit.version}, {@code slf4j.version}. */
    private static final Properties BUILD = build();

    // computed once: the class path does not change while the JVM runs
    private static final Optional<String> PROBLEM = problem(junitVersion(), foundVersions());

    private JUnitPlatformCheck() {
    }

    private static Map<String, String> artifacts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("junit-jupiter-api", "org.junit.jupiter.api.Test");
        m.put("junit-jupiter-engine", "org.junit.jupiter.engine.JupiterTestEngine");
        m.put("junit-platform-commons", "org.junit.platform.commons.JUnitException");
        m.put("junit-platform-engine", "org.junit.platform.engine.TestEngine");
        m.put("junit-platform-launcher", "org.junit.platform.launcher.Launcher");
        return m;
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = JUnitPlatformCheck.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("fpctx-testkit is missing its build.properties resource");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** @return the fpctx version the testkit was built as, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String fpctxVersion() {
        return BUILD.getProperty("fpctx.version");
    }

    /** @return the JUnit version the testkit was built against, e.g. {@code 6.1.3} */
    public static String junitVersion() {
        return BUILD.getProperty("junit.version");
    }

    /** @return the SLF4J version the testkit was built against, e.g. {@code 2.0.20} */
    public static String slf4jVersion() {
        return BUILD.getProperty("slf4j.version");
    }

    /**
     * Throws if a JUnit jar on the test path is of another major version than the one the testkit needs.
     *
     * @throws IllegalStateException naming each mismatched jar and the version to use
     */
    public static void requireCompatible() {
        PROBLEM.ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** The JUnit jars visible to the testkit's class loader and their versions; jars not present are left out. */
    static Map<String, String> foundVersions() {
        Map<String, String> out = new LinkedHashMap<>();
        ClassLoader loader = JUnitPlatformCheck.class.getClassLoader();
        for (Map.Entry<String, String> e : ARTIFACTS.entrySet()) {
            versionOf(e.getValue(), loader).ifPresent(v -> out.put(e.getKey(), v));
        }
        return out;
    }

    private static Optional<String> versionOf(String className, ClassLoader loader) {
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        Module m = c.getModule();
        if (m.isNamed() && m.getDescriptor() != null && m.getDescriptor().rawVersion().isPresent()) {
            return m.getDescriptor().rawVersion();
        }
        return Optional.ofNullable(c.getPackage().getImplementationVersion());
    }

    /**
     * What is wrong with a set of JUnit jar versions, if anything: each must have the needed major version (the
     * JUnit 5 platform jars are numbered 1.x, so they never do).
     *
     * @param needed the JUnit version the testkit is built against
     * @param found  artifact id to version, of the jars present
     * @return the message naming the mismatched jars and what to add, or empty if all match
     */
    static Optional<String> problem(String needed, Map<String, String> found) {
        Objects.requireNonNull(needed, "needed");
        String major = major(needed);
        StringBuilder wrong = new StringBuilder();
        for (Map.Entry<String, String> e : found.entrySet()) {
            if (!major(e.getValue()).equals(major)) {
                wrong.append(wrong.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
        }
        if (wrong.length() == 0) {
            return Optional.empty();
        }
        return Optional.of("fpctx-testkit " + fpctxVersion() + " needs JUnit " + major + " (it is built against JUnit "
                + needed + "), but the test class path has " + wrong + ". Import org.junit:junit-bom:" + needed
                + " (type pom, scope import) in dependencyManagement and depend on"
                + " org.junit.jupiter:junit-jupiter (test scope) without a version, or set every JUnit artifact to "
                + needed + ".");
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }
}

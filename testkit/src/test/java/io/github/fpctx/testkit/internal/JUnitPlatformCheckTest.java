package io.github.fpctx.testkit.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JUnitPlatformCheckTest {
    /** The parent POM, two levels up from the testkit's working directory in a Maven run. */
    static String parentPomProperty(String name) throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name + " in the parent POM");
        return m.group(1);
    }

    @Test
    void theNeededVersionsComeFromTheBuild() throws IOException {
        assertEquals(parentPomProperty("junit.version"), JUnitPlatformCheck.junitVersion());
        assertEquals(parentPomProperty("slf4j.version"), JUnitPlatformCheck.slf4jVersion());
        assertEquals(parentPomProperty("version"), JUnitPlatformCheck.fpctxVersion());
    }

    @Test
    void theJUnitOfThisBuildPasses() {
        Map<String, String> found = JUnitPlatformCheck.foundVersions();
        assertEquals(JUnitPlatformCheck.junitVersion(), found.get("junit-jupiter-api"), found.toString());
        assertEquals(Optional.empty(), JUnitPlatformCheck.problem(JUnitPlatformCheck.junitVersion(), found));
        JUnitPlatformCheck.requireCompatible();
    }

    @Test
    void junit5JarsAreRefusedNamingEachAndTheVersionToUse() {
        Map<String, String> found = new LinkedHashMap<>();
        found.put("junit-jupiter-api", "6.1.3");
        found.put("junit-jupiter-engine", "5.11.4");
        found.put("junit-platform-engine", "1.11.4");
        assertEquals(Optional.of("fpctx-testkit " + JUnitPlatformCheck.fpctxVersion() + " needs JUnit 6 (it is built"
                + " against JUnit 6.1.3), but the test class path has junit-jupiter-engine 5.11.4, junit-platform-engine"
                + " 1.11.4. Import org.junit:junit-bom:6.1.3 (type pom, scope import) in dependencyManagement and"
                + " depend on org.junit.jupiter:junit-jupiter (test scope) without a version, or set every JUnit"
                + " artifact to 6.1.3."), JUnitPlatformCheck.problem("6.1.3", found));
        assertEquals(Optional.empty(), JUnitPlatformCheck.problem("6.1.3", Map.of("junit-jupiter-api", "6.0.0")));
    }
}

package io.github.fpctx.samples;

import io.github.fpctx.samples.arm64.Arm64FpsimdProvider;
import io.github.fpctx.testkit.junit.ArchitectureConformanceKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@code docs/adding-an-architecture.md} true: its pom snippet has the build's versions, its conformance test
 * is the arm64 sample's real one and compiles, its explorer check compiles and passes, and its hooks table lists
 * exactly the conformance kit's overridable methods. The snippets are taken from the page by their
 * {@code <!-- guide-test:NAME -->} markers, so editing the page is what this test checks.
 */
class AddingAnArchitectureGuideTest {
    /** The project root: the tests run in the samples module's directory. */
    static final Path ROOT = Path.of("..");

    static String guide() throws Exception {
        return Files.readString(ROOT.resolve("docs/adding-an-architecture.md"));
    }

    /** The fenced code block right after a marker. */
    static String snippet(String marker) throws Exception {
        String g = guide();
        int at = g.indexOf("<!-- guide-test:" + marker + " -->");
        assertTrue(at >= 0, "marker guide-test:" + marker + " in the guide");
        Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(g);
        assertTrue(m.find(at), "a code block after guide-test:" + marker);
        return m.group(1);
    }

    static String pomProperty(String pom, String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(ROOT.resolve(pom)));
        assertTrue(m.find(), name + " in " + pom);
        return m.group(1);
    }

    static Element dependency(Document d, String artifactId) {
        NodeList deps = d.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element e = (Element) deps.item(i);
            if (text(e, "artifactId").equals(artifactId)) {
                return e;
            }
        }
        throw new AssertionError("no dependency " + artifactId + " in the guide's pom snippet");
    }

    static String text(Element e, String child) {
        NodeList n = e.getElementsByTagName(child);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    @Test
    void thePomSnippetHasTheBuildsVersions() throws Exception {
        String xml = "<project>" + snippet("pom") + "</project>";
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element props = (Element) d.getElementsByTagName("properties").item(0);
        assertEquals(pomProperty("pom.xml", "version"), text(props, "fpctx.version"), "fpctx.version");
        assertEquals(pomProperty("pom.xml", "maven.compiler.release"), text(props, "maven.compiler.release"));
        assertEquals(pomProperty("pom.xml", "junit.version"), text(dependency(d, "junit-bom"), "version"), "junit-bom");
        assertEquals(pomProperty("pom.xml", "slf4j.version"), text(dependency(d, "slf4j-simple"), "version"), "slf4j-simple");
        assertEquals("test", text(dependency(d, "slf4j-simple"), "scope"));
        for (String module : List.of("core", "testkit")) {
            // a module's first artifactId is its parent's; the module's own comes second
            Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(Files.readString(ROOT.resolve(module + "/pom.xml")));
            assertTrue(m.find() && m.find(), module);
            String artifact = m.group(1);
            assertEquals("${fpctx.version}", text(dependency(d, artifact), "version"), artifact);
        }
        NodeList plugins = d.getElementsByTagName("plugin");
        assertEquals(1, plugins.getLength());
        assertEquals("maven-surefire-plugin", text((Element) plugins.item(0), "artifactId"));
        assertEquals(pomProperty("pom.xml", "surefire-plugin.version"), text((Element) plugins.item(0), "version"));
    }

    @Test
    void theConformanceOneLinerIsTheArm64SamplesRealTestAndCompiles(@TempDir Path out) throws Exception {
        String doc = snippet("kit");
        String real = Files.readString(Path.of("src/test/java/io/github/fpctx/samples/arm64/Arm64ConformanceTest.java"));
        assertEquals(code(doc), code(real), "the guide's conformance test and samples' Arm64ConformanceTest");
        assertEquals(ArchitectureConformanceKit.class,
                Class.forName("io.github.fpctx.samples.arm64.Arm64ConformanceTest").getSuperclass());
        compile(out, "Arm64ConformanceTest", doc);
        assertTrue(Files.exists(out.resolve("Arm64ConformanceTest.class")));
    }

    /** The Java code without the package line and comments, whitespace collapsed. */
    static String code(String source) {
        return source.lines().map(String::strip)
                .filter(l -> !l.startsWith("package ") && !l.startsWith("/**") && !l.startsWith("*") && !l.startsWith("//"))
                .collect(Collectors.joining(" ")).replaceAll("\\s+", " ").strip();
    }

    @Test
    void theExplorerCheckCompilesAndPasses(@TempDir Path out) throws Exception {
        String doc = snippet("explorer");
        assertTrue(doc.contains("\"" + Arm64FpsimdProvider.EXEC_KEEPS_BINDING + "\""), "the guide names the sample's erratum");
        compile(out, "Arm64ErratumTest", doc);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> c = loader.loadClass("Arm64ErratumTest");
            Constructor<?> k = c.getDeclaredConstructor();
            k.setAccessible(true);
            Object test = k.newInstance();
            int ran = 0;
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    m.setAccessible(true);
                    m.invoke(test); // its assertions: the bug found within its bound, the fixed kernel clean
                    ran++;
                }
            }
            assertEquals(1, ran, "test methods in the guide's explorer check");
        }
    }

    @Test
    void theHooksTableListsExactlyTheKitsOverridableMethods() throws Exception {
        String g = guide();
        int from = g.indexOf("<!-- guide-test:hooks -->");
        int to = g.indexOf("<!-- guide-test:end -->", from);
        assertTrue(from >= 0 && to > from, "hooks table markers");
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(g.substring(from, to));
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> hooks = new TreeSet<>();
        for (Method m : ArchitectureConformanceKit.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (Modifier.isProtected(mod) && !Modifier.isStatic(mod) && !Modifier.isFinal(mod) && !m.isSynthetic()) {
                hooks.add(m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        assertEquals(hooks, documented, "the guide's hooks table (docs/adding-an-architecture.md, section 8)");
    }

    /** Compiles one source file against the test class path; fails with javac's output. */
    static void compile(Path out, String className, String source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK (javax.tools) to compile the guide's code");
        Path file = out.resolve(className + ".java");
        Files.writeString(file, source);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-classpath", System.getProperty("java.class.path"),
                "-d", out.toString(), file.toString()));
        int rc = javac.run(null, err, err, args.toArray(new String[0]));
        assertEquals(0, rc, "javac on the guide's " + className + ":\n" + err.toString(StandardCharsets.UTF_8));
    }
}

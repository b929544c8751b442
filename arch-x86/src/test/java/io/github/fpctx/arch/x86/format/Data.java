package io.github.fpctx.arch.x86.format;

import io.github.fpctx.testkit.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test data: the copied payloads and (gzip-compressed) core files under {@code testdata/} on the class path. */
final class Data {
    static final String SET_A = "testdata/x86_64-core/a/";

    private Data() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Data.class.getResourceAsStream("/" + SET_A + name)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + SET_A + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource by its full path, e.g. {@code testdata/x86_64-core/daz/gdb.txt}. */
    static byte[] bytesOf(String resource) {
        try (InputStream in = Data.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> json(String name) {
        return Json.object(Json.parse(new String(bytes(name), StandardCharsets.UTF_8)));
    }

    /**
     * A whole core file of the test resources, stored gzip-compressed ({@code testdata/<set>/<name>.gz}).
     *
     * @param set  e.g. {@code x86_64-core/a}
     * @param name e.g. {@code kernel.core}
     * @return the core's bytes
     */
    static byte[] core(String set, String name) {
        String res = "/testdata/" + set + "/" + name + ".gz";
        try (InputStream in = Data.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + res + " is missing");
            }
            return new java.util.zip.GZIPInputStream(in).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a resource core to a file (for {@code ElfCore.read(Path)}). */
    static Path coreFile(Path dir, String set, String name) {
        try {
            return Files.write(dir.resolve(name), core(set, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.github.fpctx.arch.powerpc.format;

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
    static final String LE = "ppc64le-core";
    static final String BE = "ppc64-be-core";

    private Data() {
    }

    static byte[] bytes(String set, String name) {
        String path = "/testdata/" + set + "/a/" + name;
        try (InputStream in = Data.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + path + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> json(String set, String name) {
        return Json.object(Json.parse(new String(bytes(set, name), StandardCharsets.UTF_8)));
    }

    /**
     * A set's whole {@code gcore.core}, stored gzip-compressed in the test resources, written to a file.
     *
     * @param dir a temporary directory
     * @param set {@link #LE} or {@link #BE}
     * @return the file
     */
    static Path gcore(Path dir, String set) {
        String res = "/testdata/" + set + "/a/gcore.core.gz";
        try (InputStream in = Data.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + res + " is missing");
            }
            return Files.write(dir.resolve(set + ".core"), new java.util.zip.GZIPInputStream(in).readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

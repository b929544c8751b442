package io.github.fpctx.arch.x86.format;

import io.github.fpctx.testkit.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Test data: the copied payloads under {@code testdata/} on the class path, and the shared core files. */
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

    static Map<String, Object> json(String name) {
        return Json.object(Json.parse(new String(bytes(name), StandardCharsets.UTF_8)));
    }

    /** @return {@code <repo>/../shared/testdata}, found by walking up from the working directory */
    static Optional<Path> sharedRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("testdata");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

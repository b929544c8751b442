package io.github.fpctx.core.elf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared real-data folder {@code <repo>/../shared/testdata} by walking up from the working directory. */
final class TestData {
    private TestData() {
    }

    static Optional<Path> root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("testdata");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

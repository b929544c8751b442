package io.github.fpctx.core.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The real cores of the test resources ({@code testdata/<set>/a/}; whole cores gzip-compressed). */
final class TestData {
    private TestData() {
    }

    /**
     * A resource's bytes; {@code name.gz} is decompressed when {@code name} itself is absent.
     *
     * @param path e.g. {@code x86_64-core/a/kernel.core}
     * @return the bytes
     */
    static byte[] bytes(String path) {
        String res = "/testdata/" + path;
        try (InputStream plain = TestData.class.getResourceAsStream(res)) {
            if (plain != null) {
                return plain.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream gz = TestData.class.getResourceAsStream(res + ".gz")) {
            if (gz == null) {
                throw new IllegalStateException("Test resource " + res + " (or .gz) is missing");
            }
            return new GZIPInputStream(gz).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

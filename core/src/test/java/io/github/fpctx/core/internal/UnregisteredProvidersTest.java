package io.github.fpctx.core.internal;

import io.github.fpctx.core.ForwardingProvider;
import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnregisteredProvidersTest {
    /** An abstract base (as PowerPC's providers have): not a candidate itself. */
    abstract static class AbstractProvider extends ForwardingProvider {
        AbstractProvider() {
            super(new ToyArchitecture("riscv64"));
        }
    }

    /** A concrete provider reaching the interface through two superclasses. */
    static final class RiscvProvider extends AbstractProvider {
    }

    @Test
    void findsConcreteProvidersInAJarThroughTheirSuperclassesAndSkipsRegisteredAndAbstractOnes(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("riscv.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(ArchitectureProvider.class, ForwardingProvider.class, AbstractProvider.class,
                    RiscvProvider.class, ToyArchitecture.class, UnregisteredProvidersTest.class)) {
                String name = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new ZipEntry(name));
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        List<UnregisteredProviders.Candidate> found = UnregisteredProviders.findIn(List.of(jar),
                List.of(ToyArchitecture.class.getName()));
        assertEquals(List.of(ForwardingProvider.class.getName(), RiscvProvider.class.getName()),
                found.stream().map(UnregisteredProviders.Candidate::className).toList());
        assertEquals(jar.toString(), found.get(1).location());
    }

    @Test
    void findsProvidersInAClassDirectoryAndIgnoresFilesThatAreNotClassFiles(@TempDir Path dir) throws IOException {
        String name = RiscvProvider.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        Files.writeString(dir.resolve("Broken.class"), "not a class file");
        Files.write(dir.resolve("Truncated.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0});
        // the superclasses are not in this entry: only a class that names the interface itself is found
        assertEquals(List.of(), UnregisteredProviders.findIn(List.of(dir), List.of()));
        String fwd = ForwardingProvider.class.getName().replace('.', '/') + ".class";
        String abs = AbstractProvider.class.getName().replace('.', '/') + ".class";
        for (String n : List.of(fwd, abs)) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(n);
                 OutputStream out = Files.newOutputStream(dir.resolve(n.substring(n.lastIndexOf('/') + 1)))) {
                in.transferTo(out);
            }
        }
        assertEquals(List.of(ForwardingProvider.class.getName(), RiscvProvider.class.getName()),
                UnregisteredProviders.findIn(List.of(dir), List.of()).stream().map(UnregisteredProviders.Candidate::className).toList());
    }

    @Test
    void theClassesListedInServiceFilesCountAsRegisteredEvenIfTheyFailToLoad() {
        // core's test resources list the toy in META-INF/services; a listed class that fails to instantiate is a
        // load failure the registry reports, not an unregistered provider
        assertEquals(java.util.Set.of(ToyArchitecture.class.getName()), UnregisteredProviders.listedInServiceFiles());
        assertEquals(List.of(), UnregisteredProviders.find(List.of()).stream()
                .filter(c -> c.className().equals(ToyArchitecture.class.getName())).toList());
    }
}

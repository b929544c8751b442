package io.github.fpctx.core.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds architecture provider classes that are on the class or module path but not registered, so that an
 * "architecture not found" error can say which registration is missing. A provider is a concrete class that
 * implements {@code io.github.fpctx.core.spi.ArchitectureProvider} directly or through a superclass (PowerPC's
 * providers extend an abstract base).
 *
 * <p>Only runs on the error path: it reads the class files' headers (constant pool, superclass and interfaces,
 * JVMS §4.1) without loading any class, so nothing is initialised and no class loader is touched. Class path
 * entries are the {@code java.class.path} directories and jars; on the module path only the modules that
 * require {@code io.github.fpctx.core} are read.
 */
public final class UnregisteredProviders {
    /** The provider interface's binary name. */
    public static final String SERVICE = "io.github.fpctx.core.spi.ArchitectureProvider";
    private static final String CORE_MODULE = "io.github.fpctx.core";
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;

    /** One class file's header: its superclass, interfaces and whether it can be instantiated. */
    private record Header(String name, String superName, List<String> interfaces, boolean concrete) {
    }

    /**
     * A provider class found on a path.
     *
     * @param className the class's binary name
     * @param location  the class path entry or module it is in
     * @param module    the module name if it is in a named module on the module path
     */
    public record Candidate(String className, String location, Optional<String> module) {
    }

    private final Map<String, Header> headers = new HashMap<>();
    private final Map<String, String> locations = new HashMap<>();
    private final Map<String, String> modules = new HashMap<>();

    private UnregisteredProviders() {
    }

    /**
     * The provider classes on this JVM's class path and module path that are not among the registered ones.
     * I/O errors on one entry skip that entry: this only improves an error message.
     *
     * @param registered the binary names of the provider classes that were registered
     * @return the candidates, sorted by class name
     */
    public static List<Candidate> find(Collection<String> registered) {
        Objects.requireNonNull(registered, "registered");
        UnregisteredProviders scan = new UnregisteredProviders();
        String cp = System.getProperty("java.class.path", "");
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                scan.classPathEntry(Paths.get(entry));
            }
        }
        scan.bootLayer();
        Set<String> listed = new HashSet<>(registered);
        listed.addAll(listedInServiceFiles());
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            m.reference().descriptor().provides().stream().filter(p -> p.service().equals(SERVICE))
                    .forEach(p -> listed.addAll(p.providers()));
        }
        return scan.candidates(listed);
    }

    /**
     * The classes the class path's service files list: registered, even if they failed to load (a failure the
     * registry reports on its own), so they are not named as unregistered.
     */
    static Set<String> listedInServiceFiles() {
        Set<String> out = new HashSet<>();
        try {
            Enumeration<java.net.URL> files = ClassLoader.getSystemClassLoader().getResources("META-INF/services/" + SERVICE);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    // java.util.ServiceLoader's format: one name a line, '#' starts a comment
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                            .map(l -> (l.indexOf('#') >= 0 ? l.substring(0, l.indexOf('#')) : l).strip())
                            .filter(l -> !l.isEmpty()).forEach(out::add);
                }
            }
        } catch (IOException e) {
            // unreadable service files: nothing more is known to be registered
        }
        return out;
    }

    /**
     * The provider classes under class path entries (directories or jars), for tests.
     *
     * @param entries    class path entries
     * @param registered the binary names of the provider classes that were registered
     * @return the candidates, sorted by class name
     */
    public static List<Candidate> findIn(List<Path> entries, Collection<String> registered) {
        UnregisteredProviders scan = new UnregisteredProviders();
        entries.forEach(scan::classPathEntry);
        return scan.candidates(Set.copyOf(registered));
    }

    private void classPathEntry(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                        try (InputStream in = Files.newInputStream(f)) {
                            add(in, entry.toString(), null);
                        }
                    }
                }
            } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (ZipFile zip = new ZipFile(entry.toFile())) {
                    Enumeration<? extends ZipEntry> e = zip.entries();
                    while (e.hasMoreElements()) {
                        ZipEntry z = e.nextElement();
                        // multi-release copies (META-INF/versions/N/...) repeat classes already read
                        if (z.getName().endsWith(".class") && !z.getName().startsWith("META-INF/")) {
                            try (InputStream in = zip.getInputStream(z)) {
                                add(in, entry.toString(), null);
                            }
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable entry cannot hold a usable provider either
        }
    }

    private void bootLayer() {
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            ModuleDescriptor d = m.reference().descriptor();
            if (d.requires().stream().noneMatch(r -> r.name().equals(CORE_MODULE))) {
                continue;
            }
            String where = m.reference().location().map(Object::toString).orElse(d.name());
            try (ModuleReader reader = m.reference().open(); Stream<String> names = reader.list()) {
                for (String n : (Iterable<String>) names.filter(x -> x.endsWith(".class") && !x.equals("module-info.class"))::iterator) {
                    Optional<InputStream> in = reader.open(n);
                    if (in.isPresent()) {
                        try (InputStream s = in.get()) {
                            add(s, where, d.name());
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // as for the class path
            }
        }
    }

    private void add(InputStream in, String location, String module) {
        Header h;
        try {
            h = read(new DataInputStream(in));
        } catch (IOException e) {
            return; // a truncated or foreign file: skip it, not the whole entry
        }
        if (h != null && headers.putIfAbsent(h.name(), h) == null) {
            locations.put(h.name(), location);
            if (module != null) {
                modules.put(h.name(), module);
            }
        }
    }

    private List<Candidate> candidates(Set<String> registered) {
        Map<String, Candidate> out = new TreeMap<>();
        for (Header h : headers.values()) {
            if (h.concrete() && !registered.contains(h.name()) && isProvider(h, new HashSet<>())) {
                out.put(h.name(), new Candidate(h.name(), locations.get(h.name()), Optional.ofNullable(modules.get(h.name()))));
            }
        }
        return List.copyOf(out.values());
    }

    private boolean isProvider(Header h, Set<String> seen) {
        if (h == null || !seen.add(h.name())) {
            return false;
        }
        for (String i : h.interfaces()) {
            if (i.equals(SERVICE) || isProvider(headers.get(i), seen)) {
                return true;
            }
        }
        return h.superName() != null && isProvider(headers.get(h.superName()), seen);
    }

    /** Reads a class file's header (JVMS §4.1, §4.4), or null if it is not a class file. */
    private static Header read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return null;
        }
        in.readUnsignedShort(); // minor_version
        in.readUnsignedShort(); // major_version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();                   // CONSTANT_Utf8
                case 7 -> classNameIndex[i] = in.readUnsignedShort(); // CONSTANT_Class
                case 8, 16, 19, 20 -> in.skipNBytes(2);             // String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3);                        // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                                       // Long, Double take two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> {
                    return null;
                }
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(utf8, classNameIndex, superIndex);
        int n = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        if (name == null) {
            return null;
        }
        return new Header(name, superName, interfaces, (access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) {
        if (index <= 0 || index >= classNameIndex.length || classNameIndex[index] == 0) {
            return null;
        }
        String internal = utf8[classNameIndex[index]];
        return internal == null ? null : internal.replace('/', '.');
    }
}

package io.github.fpctx.core;

import java.util.Objects;

import io.github.fpctx.core.internal.UnregisteredProviders;
import io.github.fpctx.core.spi.ArchitectureProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * A registry of architectures: those found through {@link ServiceLoader} ({@link #load()}), or given
 * directly ({@link #of(ArchitectureProvider...)}). Each call returns a fresh registry; there is no global state.
 *
 * <pre>{@code
 * Architectures registry = Architectures.load();
 * Architecture x86 = registry.require("x86_64");     // or an alias such as "x86-64"
 * }</pre>
 *
 * <p>A provider that fails to load or to describe itself does not hide the others: it is listed in
 * {@link #failures()} and logged; loading fails only if nothing usable remains. Two providers claiming the same
 * id or alias are rejected with a {@link DuplicateArchitectureException} naming both.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class Architectures {
    private static final Logger LOG = LoggerFactory.getLogger(Architectures.class);

    private final Map<String, Architecture> byId;
    private final Map<String, Architecture> byName;
    private final List<String> failures;
    // the registered provider classes' names; empty for a registry given its providers (of), which has no path to
    // search for unregistered ones
    private final Optional<List<String>> discoveredClasses;

    private Architectures(Map<String, Architecture> byId, Map<String, Architecture> byName, List<String> failures,
                          Optional<List<String>> discoveredClasses) {
        this.byId = byId;
        this.byName = byName;
        this.failures = List.copyOf(failures);
        this.discoveredClasses = discoveredClasses;
    }

    /**
     * Discovers the providers visible to this module's class loader and on the module path.
     *
     * @return the registry
     * @throws ArchitectureLoadException       if providers were found but none loaded
     * @throws DuplicateArchitectureException if two providers claim one id or alias
     */
    public static Architectures load() {
        return load(ServiceLoader.load(ArchitectureProvider.class));
    }

    /**
     * Discovers the providers visible to a class loader.
     *
     * @param loader the class loader
     * @return the registry
     */
    public static Architectures load(ClassLoader loader) {
        return load(ServiceLoader.load(ArchitectureProvider.class, loader));
    }

    private static Architectures load(ServiceLoader<ArchitectureProvider> sl) {
        List<ArchitectureProvider> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        Iterator<ArchitectureProvider> it = sl.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                causes.add(e);
            }
        }
        return build(found, failures, causes, true);
    }

    /**
     * A registry of the given providers (for tests and embedders who wire providers themselves).
     *
     * @param providers the providers
     * @return the registry
     */
    public static Architectures of(ArchitectureProvider... providers) {
        Objects.requireNonNull(providers, "providers");
        return of(Arrays.asList(providers));
    }

    /**
     * A registry of the given providers.
     *
     * @param providers the providers
     * @return the registry
     */
    public static Architectures of(Collection<? extends ArchitectureProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        return build(new ArrayList<>(providers), new ArrayList<>(), new ArrayList<>(), false);
    }

    private static Architectures build(List<ArchitectureProvider> providers, List<String> failures, List<Throwable> causes,
                                       boolean discovered) {
        Map<String, Architecture> byId = new LinkedHashMap<>();
        Map<String, Architecture> byName = new LinkedHashMap<>();
        Map<String, Class<?>> owner = new LinkedHashMap<>();
        for (ArchitectureProvider p : providers) {
            Objects.requireNonNull(p, "provider");
            Architecture a;
            try {
                a = new Architecture(p);
            } catch (RuntimeException | LinkageError e) {
                failures.add(p.getClass().getName() + ": " + e);
                causes.add(e);
                LOG.warn("Architecture provider {} failed and is skipped: {}", p.getClass().getName(), e.toString());
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(a.id());
            names.addAll(new TreeSet<>(a.aliases()));
            for (String n : names) {
                Class<?> prev = owner.get(n);
                if (prev != null) {
                    throw new DuplicateArchitectureException(n, prev, p.getClass());
                }
            }
            for (String n : names) {
                owner.put(n, p.getClass());
                byName.put(n, a);
            }
            byId.put(a.id(), a);
        }
        if (byId.isEmpty() && !failures.isEmpty()) {
            throw new ArchitectureLoadException(failures, causes);
        }
        LOG.debug("fpctx architectures found: {}{}", byId.keySet(), failures.isEmpty() ? "" : "; failed: " + failures);
        List<String> classes = new ArrayList<>();
        providers.forEach(p -> classes.add(p.getClass().getName()));
        return new Architectures(java.util.Collections.unmodifiableMap(byId), java.util.Collections.unmodifiableMap(byName), failures,
                discovered ? Optional.of(List.copyOf(classes)) : Optional.empty());
    }

    /**
     * The architecture of an id or alias.
     *
     * @param idOrAlias the id or an alias
     * @return the architecture
     * @throws ArchitectureNotFoundException listing the available ids if there is none, and for a registry from
     *                                       {@link #load()} the provider classes on the class or module path that
     *                                       are not registered (the usual cause: a missing
     *                                       {@code META-INF/services} entry or {@code provides} clause)
     */
    public Architecture require(String idOrAlias) {
        Architecture a = idOrAlias == null ? null : byName.get(idOrAlias);
        if (a == null) {
            if (discoveredClasses.isEmpty()) {
                throw new ArchitectureNotFoundException(idOrAlias, byId.keySet());
            }
            List<String> names = new ArrayList<>();
            List<String> locations = new ArrayList<>();
            for (UnregisteredProviders.Candidate c : UnregisteredProviders.find(discoveredClasses.get())) {
                names.add(c.className());
                locations.add(c.module().map(m -> "module " + m + " at ").orElse("") + c.location());
            }
            throw new ArchitectureNotFoundException(idOrAlias, byId.keySet(), names, locations);
        }
        return a;
    }

    /**
     * @param idOrAlias the id or an alias
     * @return the architecture, if found
     */
    public Optional<Architecture> find(String idOrAlias) {
        return Optional.ofNullable(idOrAlias == null ? null : byName.get(idOrAlias));
    }

    /** @return the architecture ids, in discovery order */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** @return the architectures, in discovery order */
    public List<Architecture> all() {
        return List.copyOf(byId.values());
    }

    /** @return one line per provider that failed to load, empty if none did */
    public List<String> failures() {
        return failures;
    }

    @Override
    public String toString() {
        return "Architectures" + byId.keySet();
    }
}

package io.github.fpctx.core;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * No architecture of the requested id or alias was found on the class or module path. The message says how a
 * provider is registered, and names the provider classes that are present but not registered when the registry
 * came from discovery ({@link Architectures#load()}):
 * <pre>
 * No architecture 'riscv64'; available: []. Not registered: com.example.RiscvProvider (in target/classes).
 * Register it: a line com.example.RiscvProvider in META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider
 * (class path) and 'provides io.github.fpctx.core.spi.ArchitectureProvider with com.example.RiscvProvider;' in
 * module-info.java (module path).
 * </pre>
 */
public final class ArchitectureNotFoundException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final String SERVICE = "io.github.fpctx.core.spi.ArchitectureProvider";

    /** The binary names of provider classes found on the path but not registered. */
    private final List<String> unregisteredProviders;

    /**
     * An architecture is missing and no unregistered provider class is known.
     *
     * @param id        the id asked for
     * @param available the ids found
     */
    public ArchitectureNotFoundException(String id, Collection<String> available) {
        this(id, available, List.of(), List.of());
    }

    /**
     * An architecture is missing; some provider classes are present but not registered.
     *
     * @param id                    the id asked for
     * @param available             the ids found
     * @param unregisteredProviders binary names of provider classes present but not registered
     * @param locations             where each of them is (class path entry or module), same order
     */
    public ArchitectureNotFoundException(String id, Collection<String> available, List<String> unregisteredProviders,
                                         List<String> locations) {
        super(message(id, available, unregisteredProviders, locations));
        this.unregisteredProviders = List.copyOf(unregisteredProviders);
    }

    private static String message(String id, Collection<String> available, List<String> classes, List<String> locations) {
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(classes, "unregisteredProviders");
        Objects.requireNonNull(locations, "locations");
        if (classes.size() != locations.size()) {
            throw new IllegalArgumentException("Got " + classes.size() + " unregistered providers but "
                    + locations.size() + " locations");
        }
        StringBuilder b = new StringBuilder("No architecture '").append(id).append("'; available: ")
                .append(new TreeSet<>(available)).append('.');
        if (classes.isEmpty()) {
            return b.append(" Add its jar to the class or module path and register its provider class: a line with its"
                    + " name in META-INF/services/" + SERVICE + " (class path) and 'provides " + SERVICE
                    + " with <class>;' in module-info.java (module path).").toString();
        }
        b.append(" Not registered: ");
        for (int i = 0; i < classes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(classes.get(i)).append(" (in ").append(locations.get(i)).append(')');
        }
        String names = String.join(", ", classes);
        return b.append(". Register ").append(classes.size() == 1 ? "it" : "them").append(": ")
                .append(classes.size() == 1 ? "a line " : "one line each, ").append(names)
                .append(", in META-INF/services/").append(SERVICE).append(" (class path) and 'provides ").append(SERVICE)
                .append(" with ").append(names).append(";' in module-info.java (module path).").toString();
    }

    /** @return the binary names of provider classes found on the path but not registered; empty if none is known */
    public List<String> unregisteredProviders() {
        return unregisteredProviders;
    }
}

package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.ArchitectureNotFoundException;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.testkit.internal.JUnitPlatformCheck;
import io.github.fpctx.testkit.internal.Registry;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The testkit's JUnit 5 extension: provides the invocations of {@link ForEachArchitecture} test templates (one per
 * architecture, displayed as {@code [ppc64]}) and resolves {@link Architecture} parameters, either the template
 * invocation's or the one an {@link ArchitectureId} names.
 *
 * <p>The architectures are those {@link Architectures#load()} finds on the test's class or module path. Nothing
 * found, or a requested architecture missing, is a configuration error whose message says what to add.
 */
public final class ArchitectureExtension implements TestTemplateInvocationContextProvider, ParameterResolver {
    static final String HOW_TO_ADD = "Add an architecture module to the test class path, e.g. the Maven test dependency "
            + "io.github.fpctx:fpctx-arch-powerpc or io.github.fpctx:fpctx-arch-x86, or register your own "
            + "io.github.fpctx.core.spi.ArchitectureProvider (module-info 'provides' and "
            + "META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider).";
    /** What a missing architecture's message (which already says how to register a provider) gets added. */
    static final String HOW_TO_ADD_MODULE = "For fpctx's own architectures, add the Maven test dependency"
            + " io.github.fpctx:fpctx-arch-powerpc or io.github.fpctx:fpctx-arch-x86.";

    /**
     * Creates the extension (JUnit does, through {@code @ExtendWith}).
     *
     * @throws IllegalStateException if the JUnit jars on the test path are not of the major version the testkit is
     *                               built against; the message names them and the version to use
     */
    public ArchitectureExtension() {
        JUnitPlatformCheck.requireCompatible();
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(ForEachArchitecture.class)
                || findAnnotation(m.getAnnotations()).isPresent()).orElse(false);
    }

    private static Optional<ForEachArchitecture> findAnnotation(java.lang.annotation.Annotation[] annotations) {
        for (java.lang.annotation.Annotation a : annotations) {
            if (a instanceof ForEachArchitecture f) {
                return Optional.of(f);
            }
            ForEachArchitecture meta = a.annotationType().getAnnotation(ForEachArchitecture.class);
            if (meta != null) {
                return Optional.of(meta);
            }
        }
        return Optional.empty();
    }

    @Override
    public Stream<? extends TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        ForEachArchitecture spec = context.getTestMethod().flatMap(m -> findAnnotation(m.getAnnotations()))
                .orElseThrow(() -> new ExtensionConfigurationException("@ForEachArchitecture is missing on " + context.getDisplayName()));
        return select(registry(), spec.value(), spec.exclude()).stream().map(Invocation::new);
    }

    /**
     * Chooses the architectures a template runs on.
     *
     * @param registry the registry
     * @param only     ids or aliases to run on, empty for all
     * @param exclude  ids or aliases to leave out
     * @return the architectures, at least one
     * @throws ExtensionConfigurationException if none is found or a requested one is missing
     */
    static List<Architecture> select(Architectures registry, String[] only, String[] exclude) {
        if (registry.ids().isEmpty()) {
            throw new ExtensionConfigurationException("No fpctx architecture found on the class or module path"
                    + (registry.failures().isEmpty() ? "" : " (providers that failed to load: " + registry.failures() + ")")
                    + ". " + HOW_TO_ADD);
        }
        Map<String, Architecture> chosen = new LinkedHashMap<>();
        try {
            if (only.length == 0) {
                registry.all().forEach(a -> chosen.put(a.id(), a));
            } else {
                for (String id : only) {
                    Architecture a = registry.require(id);
                    chosen.put(a.id(), a);
                }
            }
            for (String id : exclude) {
                chosen.remove(registry.require(id).id());
            }
        } catch (ArchitectureNotFoundException e) {
            throw new ExtensionConfigurationException(e.getMessage() + " " + HOW_TO_ADD_MODULE, e);
        }
        if (chosen.isEmpty()) {
            throw new ExtensionConfigurationException("@ForEachArchitecture excludes every architecture found: " + registry.ids());
        }
        return new ArrayList<>(chosen.values());
    }

    private static Architectures registry() {
        try {
            return Registry.architectures();
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("Loading the fpctx architectures failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Architecture.class && parameterContext.isAnnotated(ArchitectureId.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        String id = parameterContext.findAnnotation(ArchitectureId.class).orElseThrow().value();
        try {
            return registry().require(id);
        } catch (ArchitectureNotFoundException e) {
            throw new ParameterResolutionException(e.getMessage() + " " + HOW_TO_ADD_MODULE, e);
        }
    }

    /** One invocation of a template: its display name and the resolver of its architecture parameter. */
    private static final class Invocation implements TestTemplateInvocationContext {
        private final Architecture architecture;

        Invocation(Architecture architecture) {
            this.architecture = architecture;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + architecture.id() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
                    return p.getParameter().getType() == Architecture.class && !p.isAnnotated(ArchitectureId.class);
                }

                @Override
                public Object resolveParameter(ParameterContext p, ExtensionContext e) {
                    return architecture;
                }
            });
        }
    }
}

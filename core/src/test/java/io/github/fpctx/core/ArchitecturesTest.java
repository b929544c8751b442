package io.github.fpctx.core;

import io.github.fpctx.core.spi.ArchitectureProvider;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ArchitecturesTest {
    @Test
    void serviceLoaderFindsTheTestProvider() {
        Architectures r = Architectures.load();
        assertTrue(r.ids().contains("toy"), r.ids().toString());
        assertEquals("toy", r.require("toy-arch").id());
    }

    @Test
    void requireListsAvailableIds() {
        Architectures r = Architectures.of(new ToyArchitecture("ppc64"), new ToyArchitecture("x86_64"), new ToyArchitecture("ppc32"));
        ArchitectureNotFoundException e = assertThrows(ArchitectureNotFoundException.class, () -> r.require("arm64"));
        assertEquals("No architecture 'arm64'; available: [ppc32, ppc64, x86_64]. Add its jar to the class or module path"
                + " and register its provider class: a line with its name in"
                + " META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider (class path) and"
                + " 'provides io.github.fpctx.core.spi.ArchitectureProvider with <class>;' in module-info.java (module path).",
                e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
        assertEquals(java.util.List.of(), e.unregisteredProviders());
    }

    @Test
    void aProviderClassOnTheClassPathWithoutItsServiceEntryIsNamedWithBothWaysToRegisterIt() {
        // ForwardingProvider and its subclass below are concrete providers in test-classes that no
        // META-INF/services file lists; ToyArchitecture is listed
        ArchitectureNotFoundException e = assertThrows(ArchitectureNotFoundException.class,
                () -> Architectures.load().require("riscv64"));
        java.util.List<String> found = e.unregisteredProviders();
        assertTrue(found.contains(ForwardingProvider.class.getName()), found.toString());
        assertTrue(found.contains(ToyArchitectureAdapter.class.getName()), found.toString());
        assertTrue(!found.contains(ToyArchitecture.class.getName()), found.toString());
        String names = String.join(", ", found);
        assertTrue(e.getMessage().startsWith("No architecture 'riscv64'; available: [toy]. Not registered: "), e.getMessage());
        assertTrue(e.getMessage().contains(ForwardingProvider.class.getName() + " (in "), e.getMessage());
        assertTrue(e.getMessage().endsWith(". Register them: one line each, " + names
                + ", in META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider (class path) and"
                + " 'provides io.github.fpctx.core.spi.ArchitectureProvider with " + names
                + ";' in module-info.java (module path)."), e.getMessage());
    }

    @Test
    void aSingleUnregisteredProviderIsNamedInTheSingular() {
        ArchitectureNotFoundException e = new ArchitectureNotFoundException("riscv64", java.util.List.of(),
                java.util.List.of("com.example.RiscvProvider"), java.util.List.of("target/classes"));
        assertEquals("No architecture 'riscv64'; available: []. Not registered: com.example.RiscvProvider"
                + " (in target/classes). Register it: a line com.example.RiscvProvider, in"
                + " META-INF/services/io.github.fpctx.core.spi.ArchitectureProvider (class path) and"
                + " 'provides io.github.fpctx.core.spi.ArchitectureProvider with com.example.RiscvProvider;'"
                + " in module-info.java (module path).", e.getMessage());
    }

    @Test
    void duplicateIdsNameBothProviders() {
        class Other extends ToyArchitectureAdapter {
        }
        DuplicateArchitectureException e = assertThrows(DuplicateArchitectureException.class,
                () -> Architectures.of(new ToyArchitecture("toy"), new Other()));
        assertTrue(e.getMessage().startsWith("Architecture id 'toy' is provided twice: by io.github.fpctx.core.toy.ToyArchitecture ("), e.getMessage());
        assertTrue(e.getMessage().contains(" and by " + Other.class.getName() + " ("), e.getMessage());
    }

    @Test
    void aFailingProviderDoesNotHideTheOthers() {
        ArchitectureProvider broken = mock(ArchitectureProvider.class);
        when(broken.id()).thenThrow(new IllegalStateException("cannot read layout table"));
        Architectures r = Architectures.of(broken, new ToyArchitecture());
        assertEquals(java.util.List.of("toy"), r.ids());
        assertEquals(1, r.failures().size());
        assertTrue(r.failures().get(0).contains("cannot read layout table"), r.failures().get(0));
    }

    @Test
    void onlyFailingProvidersIsAnError() {
        ArchitectureProvider broken = mock(ArchitectureProvider.class);
        when(broken.id()).thenThrow(new IllegalStateException("boom"));
        ArchitectureLoadException e = assertThrows(ArchitectureLoadException.class, () -> Architectures.of(broken));
        assertTrue(e.getMessage().startsWith("No usable architecture provider; 1 failed: "), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void theTestsRunWithALoggingBackendSoSlf4jPrintsNoWarning() {
        // without a provider slf4j falls back to NOP and prints "No SLF4J providers were found" on first use
        assertTrue(!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof org.slf4j.helpers.NOPLoggerFactory),
                org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** A second provider class claiming the id "toy". */
    static class ToyArchitectureAdapter extends ForwardingProvider {
        ToyArchitectureAdapter() {
            super(new ToyArchitecture());
        }
    }
}

package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.ArrayList;
import java.util.List;

import static io.github.fpctx.testkit.FpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArchitectureExtension.class)
class ForEachArchitectureTest {
    private static final List<String> SEEN = new ArrayList<>();
    private static final List<String> ONLY = new ArrayList<>();

    @ForEachArchitecture
    void runsOncePerDiscoveredArchitecture(Architecture arch) {
        SEEN.add(arch.id());
        assertThat(Scenario.on(arch).task("T", t -> t.onCpu(0)).exec("T").run()).isClean().task("T").seesInitState();
    }

    @ForEachArchitecture(value = "toy-eager")
    void runsOnTheListedOnes(Architecture arch) {
        ONLY.add(arch.id());
    }

    @Test
    void resolvesNamedArchitecture(@ArchitectureId("toy") Architecture toy) {
        assertEquals("toy", toy.id());
    }

    @AfterAll
    static void everyArchitectureRan() {
        assertEquals(List.of("toy", "toy-eager"), SEEN);
        assertEquals(List.of("toy-eager"), ONLY);
    }

    @Test
    void noArchitectureIsAConfigurationErrorSayingWhatToAdd() {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> ArchitectureExtension.select(Architectures.of(), new String[0], new String[0]));
        assertEquals("No fpctx architecture found on the class or module path. " + ArchitectureExtension.HOW_TO_ADD, e.getMessage());
    }

    @Test
    void missingListedArchitectureNamesTheAvailableOnes() {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> ArchitectureExtension.select(Architectures.of(new ToyArchitecture()), new String[] {"ppc64"}, new String[0]));
        assertEquals(new io.github.fpctx.core.ArchitectureNotFoundException("ppc64", List.of("toy")).getMessage() + " "
                + ArchitectureExtension.HOW_TO_ADD_MODULE, e.getMessage());
        assertTrue(e.getMessage().endsWith("module-info.java (module path). For fpctx's own architectures, add the Maven"
                + " test dependency io.github.fpctx:fpctx-arch-powerpc or io.github.fpctx:fpctx-arch-x86."), e.getMessage());
        ExtensionConfigurationException all = assertThrows(ExtensionConfigurationException.class,
                () -> ArchitectureExtension.select(Architectures.of(new ToyArchitecture()), new String[0], new String[] {"toy"}));
        assertEquals("@ForEachArchitecture excludes every architecture found: [toy]", all.getMessage());
    }
}

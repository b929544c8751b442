package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.explore.ExplorationWorld;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kit whose hooks describe a world the checks cannot use says which hook to fix. */
class ConformanceKitConfigurationTest {
    private static class Kit extends ArchitectureConformanceKit {
        Kit() {
            super(Architectures.of(new ToyArchitecture()).all().get(0));
        }
    }

    @Test
    void theDirectChecksNeedTwoCpus() {
        Kit kit = new Kit() {
            @Override
            protected MachineSpec world() {
                return MachineSpec.builder().cpus(1).userTask("A", 0).build();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, kit::registersSurvivePreemptionAndMigration);
        assertEquals("The conformance world of toy has 1 CPU; the kit checks migration and needs at least 2: override world()", e.getMessage());
    }

    @Test
    void theExplorationWorldNeedsTwoUserTasksAndAKernelThread() {
        Kit kit = new Kit() {
            @Override
            protected MachineSpec explorationWorld() {
                return MachineSpec.builder().cpus(2).userTask("A", 0).build();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, kit::fixedModelIsCleanInTheExplorationWorld);
        assertEquals("The exploration world of toy has 2 CPUs, 1 user task(s) and 0 kernel thread(s); it needs at least 2, 2 and 1: "
                + "fix explorationWorld()", e.getMessage());
    }

    @Test
    void theExplorationBoundMustBePositive() {
        Kit kit = new Kit() {
            @Override
            protected int explorationBound() {
                return 0;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, kit::fixedModelIsCleanInTheExplorationWorld);
        assertEquals("explorationBound() of toy must be at least 1; got 0", e.getMessage());
    }

    @Test
    void theDefaultExplorationWorldAddsAKernelThreadAndClearsTheErrata() {
        Kit kit = new Kit() {
            @Override
            protected MachineSpec world() {
                return MachineSpec.builder().cpus(2).erratum(ToyArchitecture.LAZY_RESTORE_IGNORES_LAST_CPU).userTask("A", 0)
                        .userTask("B", 1).build();
            }
        };
        MachineSpec w = kit.explorationWorld();
        assertEquals(java.util.Set.of(), w.errata());
        assertEquals(java.util.List.of("A", "B", "kworker"), w.tasks().stream().map(t -> t.name()).toList());
        assertEquals(io.github.fpctx.core.state.TaskKind.KERNEL_THREAD, w.tasks().get(2).kind());
    }

    /** A kit on a toy offering one named world, built under {@code builtName} (null: the provider default refuses it). */
    private static ArchitectureConformanceKit kitWithWorld(String offered, String builtName) {
        ToyArchitecture toy = new ToyArchitecture() {
            @Override
            public List<String> explorationWorlds() {
                return List.of(offered);
            }

            @Override
            public ExplorationWorld explorationWorld(String name, Set<String> errata) {
                if (builtName == null) {
                    return super.explorationWorld(name, errata);
                }
                MachineState s = initialState(MachineSpec.builder().cpus(1).userTask("A", 0).build(), defaultConfig());
                return new ExplorationWorld(builtName, "one toy task", s, actions(s));
            }
        };
        return new ArchitectureConformanceKit(Architectures.of(toy).all().get(0)) {
        };
    }

    @Test
    void namedExplorationWorldsMustBuildUnderTheirNames() {
        kitWithWorld("toy-1x1", "toy-1x1").namedExplorationWorldsBuildAndUnknownNamesAreRefused();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                kitWithWorld("toy-1x1", null)::namedExplorationWorldsBuildAndUnknownNamesAreRefused);
        assertTrue(e.getMessage().startsWith("Exploration world 'toy-1x1' of toy is offered but does not build: "
                + "java.lang.IllegalArgumentException: Unknown exploration world 'toy-1x1'"), e.getMessage());
        e = assertThrows(AssertionFailedError.class,
                kitWithWorld("toy-1x1", "toy-2x1")::namedExplorationWorldsBuildAndUnknownNamesAreRefused);
        assertTrue(e.getMessage().startsWith("Exploration world 'toy-1x1' of toy builds a world named 'toy-2x1'"), e.getMessage());
        kitWithWorld("no-such-world", "no-such-world").namedExplorationWorldsBuildAndUnknownNamesAreRefused();
    }
}

package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}

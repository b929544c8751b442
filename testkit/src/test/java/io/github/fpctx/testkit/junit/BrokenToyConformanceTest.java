package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import io.github.fpctx.testkit.toy.ToyArchitecture.Flaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit must reject deliberately broken models: each {@link Flaw} makes its own check fail (invoking the kit's
 * default {@code @Test} methods directly), while the checks that do not concern it still pass.
 */
class BrokenToyConformanceTest {
    private static final class Kit extends ArchitectureConformanceKit {
        Kit(Flaw flaw) {
            super(Architectures.of(ToyArchitecture.broken(flaw)).all().get(0));
        }
    }

    private static Map<String, Function<Kit, Executable>> checks() {
        Map<String, Function<Kit, Executable>> m = new LinkedHashMap<>();
        m.put("preemption", k -> k::registersSurvivePreemptionAndMigration);
        m.put("signal", k -> k::registersSurviveSignalDeliveryAndSigreturn);
        m.put("syscall", k -> k::syscallPreservesNonVolatileRegisters);
        m.put("strict syscall", k -> k::strictSyscallAbiPreservesEveryRegister);
        m.put("fork", k -> k::forkCopiesRegistersToChildAndKeepsParents);
        m.put("exec", k -> k::execLoadsInitState);
        m.put("kernel fp", k -> k::kernelFpUseIsInvisibleToUserSpace);
        m.put("alias", k -> k::aliasViewsAgreeWithBackingRegistersAfterAnyWrite);
        m.put("reserved", k -> k::controlFieldWritesRespectReservedMasks);
        m.put("errata facts", k -> k::errataDeclareTheirFacts);
        m.put("sources", k -> k::everyRegisterWriteSaysWhereItsValueCameFrom);
        return m;
    }

    private static String caughtBy(Flaw flaw) {
        return switch (flaw) {
            case SWITCH_OUT_SKIPS_SAVE -> "preemption";
            case SIGNAL_FRAME_FROM_SAVED_AREA -> "signal";
            case SYSCALL_CLOBBERS_VOLATILE -> "strict syscall";
            case FORK_COPIES_STALE_AREA -> "fork";
            case EXEC_KEEPS_LIVE_REGISTERS -> "exec";
            case KERNEL_FPU_SKIPS_SAVE -> "kernel fp";
            case VIEW_WRITE_CORRUPTS -> "alias";
            case INIT_SETS_RESERVED_BIT -> "reserved";
            case ERRATUM_INERT -> "explorer";
            case RESTORE_NAMES_NO_SOURCE -> "sources";
        };
    }

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void eachFlawFailsItsCheck(Flaw flaw) throws Throwable {
        Kit kit = new Kit(flaw);
        String target = caughtBy(flaw);
        if (target.equals("explorer")) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::explorerFindsEveryBugWithinItsBound);
            assertTrue(e.getMessage().startsWith("Erratum toy-lazy-restore-ignores-last-cpu (BUG, introduced ?, fixed ?) of "
                    + "toy-broken-erratum-inert is not found from the alphabet within its bound 6"), e.getMessage());
        } else {
            assertThrows(AssertionFailedError.class, checks().get(target).apply(kit), flaw + " must fail the " + target + " check");
        }
    }

    @Test
    void checksThatDoNotConcernAFlawStillPass() throws Throwable {
        Kit kit = new Kit(Flaw.SYSCALL_CLOBBERS_VOLATILE);
        for (Map.Entry<String, Function<Kit, Executable>> c : checks().entrySet()) {
            if (!c.getKey().equals("strict syscall")) {
                c.getValue().apply(kit).execute();
            }
        }
        // q0 is ABI-volatile: only the strict ABI objects, and its failure names the changed register
        AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::strictSyscallAbiPreservesEveryRegister);
        assertTrue(e.getMessage().contains("with q0 changed"), e.getMessage());
    }

    @Test
    void fixedModelCheckFailsWhenTheFixedModelIsWrong() {
        Kit kit = new Kit(Flaw.EXEC_KEEPS_LIVE_REGISTERS);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::fixedModelIsCleanToEveryBugsBound);
        assertTrue(e.getMessage().startsWith("The fixed model of toy-broken-exec-keeps-live-registers (all errata off) has a counterexample of "),
                e.getMessage());
        assertTrue(e.getMessage().contains("execve"), e.getMessage());
    }

    @Test
    void sourceFailureNamesTheStepAndTheFunction() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                new Kit(Flaw.RESTORE_NAMES_NO_SOURCE)::everyRegisterWriteSaysWhereItsValueCameFrom);
        assertTrue(e.getMessage().matches("(?s)Step \\d+ \\(.*\\) of toy-broken-restore-names-no-source writes cpu0\\.live\\.q\\d in .*"
                + "restore_fpu_checking without saying where the value came from; .*"), e.getMessage());
    }

    @Test
    void reservedBitFailureNamesTheRegister() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                new Kit(Flaw.INIT_SETS_RESERVED_BIT)::controlFieldWritesRespectReservedMasks);
        assertEquals("The init image of fcsr sets reserved bits of FCSR ==> expected: <0> but was: <80>", e.getMessage());
    }
}

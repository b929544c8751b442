package io.github.fpctx.testkit.junit;

import io.github.fpctx.core.Architectures;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.FieldLayout;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.testkit.toy.ToyArchitecture;
import io.github.fpctx.testkit.toy.ToyArchitecture.Flaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit tested by mutation: each {@link Flaw} is a broken plugin (a variant of the toy provider), and the kit
 * must reject every one, by the check the catalog names (invoking the kit's {@code @Test} methods directly); the
 * catalog is listed in {@code docs/testkit.md}. The sound toys pass the whole kit ({@code ToyConformanceTest},
 * {@code ToyEagerConformanceTest}).
 */
class BrokenToyConformanceTest {
    private static class Kit extends ArchitectureConformanceKit {
        Kit(ToyArchitecture toy) {
            super(Architectures.of(toy).all().get(0));
        }

        Kit(Flaw flaw) {
            this(ToyArchitecture.broken(flaw));
        }
    }

    /** The kit's checks by name. */
    private static final Map<String, Function<Kit, Executable>> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("registersSurvivePreemptionAndMigration", k -> k::registersSurvivePreemptionAndMigration);
        CHECKS.put("registersSurviveSignalDeliveryAndSigreturn", k -> k::registersSurviveSignalDeliveryAndSigreturn);
        CHECKS.put("syscallPreservesNonVolatileRegisters", k -> k::syscallPreservesNonVolatileRegisters);
        CHECKS.put("strictSyscallAbiPreservesEveryRegister", k -> k::strictSyscallAbiPreservesEveryRegister);
        CHECKS.put("forkCopiesRegistersToChildAndKeepsParents", k -> k::forkCopiesRegistersToChildAndKeepsParents);
        CHECKS.put("execLoadsInitState", k -> k::execLoadsInitState);
        CHECKS.put("kernelFpUseIsInvisibleToUserSpace", k -> k::kernelFpUseIsInvisibleToUserSpace);
        CHECKS.put("kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister", k -> k::kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister);
        CHECKS.put("aliasViewsAgreeWithBackingRegistersAfterAnyWrite", k -> k::aliasViewsAgreeWithBackingRegistersAfterAnyWrite);
        CHECKS.put("controlFieldWritesRespectReservedMasks", k -> k::controlFieldWritesRespectReservedMasks);
        CHECKS.put("explorerFindsEveryBugWithinItsBound", k -> k::explorerFindsEveryBugWithinItsBound);
        CHECKS.put("fixedModelIsCleanToEveryBugsBound", k -> k::fixedModelIsCleanToEveryBugsBound);
        CHECKS.put("fixedModelIsCleanInTheExplorationWorld", k -> k::fixedModelIsCleanInTheExplorationWorld);
        CHECKS.put("namedExplorationWorldsBuildAndUnknownNamesAreRefused", k -> k::namedExplorationWorldsBuildAndUnknownNamesAreRefused);
        CHECKS.put("everyRegisterWriteSaysWhereItsValueCameFrom", k -> k::everyRegisterWriteSaysWhereItsValueCameFrom);
        CHECKS.put("errataDeclareTheirFacts", k -> k::errataDeclareTheirFacts);
    }

    /** The checks whose failures start with {@code [check name]}. */
    private static final java.util.Set<String> SCRIPTED = java.util.Set.of("registersSurvivePreemptionAndMigration",
            "registersSurviveSignalDeliveryAndSigreturn", "syscallPreservesNonVolatileRegisters", "strictSyscallAbiPreservesEveryRegister",
            "forkCopiesRegistersToChildAndKeepsParents", "execLoadsInitState", "kernelFpUseIsInvisibleToUserSpace",
            "kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister");

    /** The catalog: each flaw, the check that catches it, and a phrase its failure message must hold. */
    private static final Map<Flaw, String[]> CATALOG = new EnumMap<>(Flaw.class);

    private static void caught(Flaw flaw, String check, String phrase) {
        CATALOG.put(flaw, new String[] {check, phrase});
    }

    static {
        caught(Flaw.SWITCH_OUT_SKIPS_SAVE, "registersSurvivePreemptionAndMigration", "switched in on cpu1");
        caught(Flaw.SIGNAL_FRAME_FROM_SAVED_AREA, "registersSurviveSignalDeliveryAndSigreturn", "SIGUSR1 delivered and handled");
        caught(Flaw.SYSCALL_CLOBBERS_VOLATILE, "strictSyscallAbiPreservesEveryRegister", "task 'A', CPU 0, q0");
        caught(Flaw.FORK_COPIES_STALE_AREA, "forkCopiesRegistersToChildAndKeepsParents", "task 'A-child'");
        caught(Flaw.EXEC_KEEPS_LIVE_REGISTERS, "execLoadsInitState", "(A: execve)");
        caught(Flaw.KERNEL_FPU_SKIPS_SAVE, "kernelFpUseIsInvisibleToUserSpace", "kernel FPU use (crypto)");
        caught(Flaw.VIEW_WRITE_CORRUPTS, "aliasViewsAgreeWithBackingRegistersAfterAnyWrite", "d0 does not read back");
        caught(Flaw.INIT_SETS_RESERVED_BIT, "controlFieldWritesRespectReservedMasks", "The init image of fcsr sets reserved bits of FCSR");
        caught(Flaw.ERRATUM_INERT, "explorerFindsEveryBugWithinItsBound", "is not found from the alphabet within its bound 6");
        caught(Flaw.RESTORE_NAMES_NO_SOURCE, "everyRegisterWriteSaysWhereItsValueCameFrom", "restore_fpu_checking without saying where");
        caught(Flaw.USER_WRITE_NOT_LIVE, "execLoadsInitState", "(A: user writes q0");
        caught(Flaw.USER_WRITE_ORACLE_NOT_RECORDED, "registersSurvivePreemptionAndMigration", "did not record it in the oracle");
        caught(Flaw.SIGRETURN_SKIPS_RESTORE, "registersSurviveSignalDeliveryAndSigreturn", "SIGUSR1 delivered and handled");
        caught(Flaw.SIGNAL_FRAME_DROPS_FCSR, "registersSurviveSignalDeliveryAndSigreturn", "fcsr changed");
        caught(Flaw.FORK_CHILD_ORACLE_NOT_COPIED, "forkCopiesRegistersToChildAndKeepsParents", "the plugin's oracle disagrees");
        caught(Flaw.EXEC_ORACLE_NOT_RESET, "execLoadsInitState", "(A: execve)");
        caught(Flaw.EXEC_NEVER_RESETS, "execLoadsInitState", "(A: execve)");
        caught(Flaw.RESTORE_FROM_WRONG_AREA, "registersSurvivePreemptionAndMigration", "switched in on cpu1");
        caught(Flaw.STALE_CACHE_AFTER_MIGRATION, "registersSurvivePreemptionAndMigration", "switched in on cpu");
        caught(Flaw.KERNEL_FPU_KEEPS_OWNER, "kernelFpUseIsInvisibleToUserSpace", "switched in on cpu");
        caught(Flaw.SWITCH_IN_OWNS_WRONG_CPU, "registersSurvivePreemptionAndMigration", "[toy-owner-consistent]");
        caught(Flaw.KERNEL_FPU_CLOBBERS_VOLATILE, "kernelFpUseUnderStrictSyscallAbiPreservesEveryRegister", "kernel FPU use (crypto)");
        caught(Flaw.SYSCALL_CLOBBERS_NON_VOLATILE, "syscallPreservesNonVolatileRegisters", "q2 changed");
        caught(Flaw.FCSR_WRITE_DROPS_FLAGS, "aliasViewsAgreeWithBackingRegistersAfterAnyWrite", "what its field layout FCSR says");
        caught(Flaw.ORACLE_FOLLOWS_RESTORE, "registersSurvivePreemptionAndMigration", "does not see what the kit wrote");
    }

    @Test
    void theCatalogCoversEveryFlawAndAtLeastTwenty() {
        assertEquals(Flaw.values().length, CATALOG.size());
        assertTrue(CATALOG.size() >= 20, "catalog size " + CATALOG.size());
    }

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void eachFlawFailsTheKitByTheCheckItNames(Flaw flaw) {
        String[] c = CATALOG.get(flaw);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, CHECKS.get(c[0]).apply(new Kit(flaw)),
                flaw + " must fail the kit's " + c[0]);
        assertTrue(e.getMessage().contains(c[1]), flaw + " fails " + c[0] + " without '" + c[1] + "': " + e.getMessage());
        if (SCRIPTED.contains(c[0])) {
            assertTrue(e.getMessage().startsWith("[" + c[0] + "] "), flaw + ": the failure names its check first: " + e.getMessage());
        }
    }

    @Test
    void checksThatDoNotConcernAFlawStillPass() throws Throwable {
        Kit kit = new Kit(Flaw.SYSCALL_CLOBBERS_VOLATILE);
        for (Map.Entry<String, Function<Kit, Executable>> c : CHECKS.entrySet()) {
            if (!c.getKey().equals("strictSyscallAbiPreservesEveryRegister")) {
                c.getValue().apply(kit).execute();
            }
        }
    }

    @Test
    void aPluginWhoseUserWritesAreNeverLiveAndThatDeclaresNoErratumFailsTheKit() {
        Kit kit = new Kit(ToyArchitecture.brokenWithoutErrata(Flaw.USER_WRITE_NOT_LIVE));
        assertThrows(AssertionFailedError.class, kit::kernelFpUseIsInvisibleToUserSpace);
        assertThrows(AssertionFailedError.class, kit::execLoadsInitState);
    }

    @Test
    void theFixedModelIsExploredWithoutAnyErratum() {
        Kit kit = new Kit(ToyArchitecture.brokenWithoutErrata(Flaw.SWITCH_OUT_SKIPS_SAVE));
        kit.fixedModelIsCleanToEveryBugsBound(); // no erratum, no bound: this check alone explores nothing
        AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::fixedModelIsCleanInTheExplorationWorld);
        assertTrue(e.getMessage().startsWith("The fixed model of toy-broken-switch-out-skips-save-no-errata (all errata off) has a "
                + "counterexample of "), e.getMessage());
        assertTrue(e.getMessage().contains("within the exploration bound 4 (explorationBound())"), e.getMessage());
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

    @Test
    void aFieldLayoutFailureNamesTheHookToOverride() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                new Kit(Flaw.FCSR_WRITE_DROPS_FLAGS)::aliasViewsAgreeWithBackingRegistersAfterAnyWrite);
        assertTrue(e.getMessage().contains("fcsr does not read back what its field layout FCSR says (bits outside the reserved mask "
                + "0xffffe080 as written, reserved bits as written or clear); if the architecture refuses or changes some of these bits "
                + "by design, override randomValue(Register, Random)"), e.getMessage());
    }

    /** The sound toy with a kit whose random values avoid the FLAGS field: the broken write then goes unnoticed there. */
    @Test
    void randomValueIsTheHookThatNarrowsTheAliasCheck() {
        Kit narrowed = new Kit(Flaw.FCSR_WRITE_DROPS_FLAGS) {
            @Override
            protected BitVector randomValue(Register register, Random random) {
                BitVector v = super.randomValue(register, random);
                return register.name().equals("fcsr") ? BitVector.of(32, v.toLong() & 0xFF) : v;
            }
        };
        narrowed.aliasViewsAgreeWithBackingRegistersAfterAnyWrite();
    }

    @Test
    void aFreshControlValueOutsideTheRegisterIsRefused() {
        Kit kit = new Kit(Flaw.FCSR_WRITE_DROPS_FLAGS) {
            @Override
            protected long freshControlValue(FieldLayout layout, Register register, long pattern) {
                return 0x1_0000_0000L;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, kit::registersSurvivePreemptionAndMigration);
        assertEquals("freshControlValue returned 0x100000000 for fcsr, wider than its 32 bits", e.getMessage());
    }

    /** The sound toy drops reserved bits of fcsr, as its layout allows: the direct checks accept them read back clear. */
    @Test
    void reservedBitsWrittenByTheKitMayReadBackClear() {
        Kit kit = new Kit(new ToyArchitecture()) {
            @Override
            protected long freshControlValue(FieldLayout layout, Register register, long pattern) {
                return super.freshControlValue(layout, register, pattern) | 0x80;
            }
        };
        kit.registersSurvivePreemptionAndMigration();
        kit.registersSurviveSignalDeliveryAndSigreturn();
    }

    /** A sound plugin whose fcsr refuses reserved bits: the failures name the hooks, and overriding them passes. */
    @Test
    void aRegisterThatRefusesReservedBitsNeedsTheHooksTheFailuresName() {
        Kit plain = new Kit(ToyArchitecture.refusingReservedFcsrBits());
        AssertionFailedError alias = assertThrows(AssertionFailedError.class, plain::aliasViewsAgreeWithBackingRegistersAfterAnyWrite);
        assertTrue(alias.getMessage().matches("(?s)Trial \\d+ \\(seed \\d+\\): writing 0x\\p{XDigit}{4}_\\p{XDigit}{4} to fcsr is refused "
                + "\\(Invalid value for fcsr \\(reserved bits 0xffffe080 must be clear\\): 0x\\p{XDigit}+\\); override "
                + "randomValue\\(Register, Random\\) to write only values the architecture accepts.*"), alias.getMessage());
        plain.registersSurvivePreemptionAndMigration(); // the default fresh control values keep reserved bits clear

        Kit reserved = new Kit(ToyArchitecture.refusingReservedFcsrBits()) {
            @Override
            protected long freshControlValue(FieldLayout layout, Register register, long pattern) {
                return super.freshControlValue(layout, register, pattern) | 0x80;
            }
        };
        AssertionFailedError fresh = assertThrows(AssertionFailedError.class, reserved::registersSurvivePreemptionAndMigration);
        assertTrue(fresh.getMessage().startsWith("[registersSurvivePreemptionAndMigration] toy-strict-fcsr refuses the kit's fresh value "),
                fresh.getMessage());
        assertTrue(fresh.getMessage().contains("for fcsr (Invalid value for fcsr (reserved bits 0xffffe080 must be clear): 0x"),
                fresh.getMessage());
        assertTrue(fresh.getMessage().contains("); override freshControlValue(FieldLayout, Register, long) to write only values FCSR "
                + "accepts"), fresh.getMessage());

        Kit tuned = new Kit(ToyArchitecture.refusingReservedFcsrBits()) {
            @Override
            protected BitVector randomValue(Register register, Random random) {
                BitVector v = super.randomValue(register, random);
                return register.name().equals("fcsr") ? BitVector.of(32, v.toLong() & ~0xFFFF_E080L & 0xFFFF_FFFFL) : v;
            }
        };
        tuned.aliasViewsAgreeWithBackingRegistersAfterAnyWrite();
    }
}

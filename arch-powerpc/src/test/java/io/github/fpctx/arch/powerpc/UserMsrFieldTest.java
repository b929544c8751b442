package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.testkit.FpAssertions;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code seesField} reaches the user MSR ({@code thread.regs->msr}), which is not in the register layout. */
class UserMsrFieldTest {
    static ScenarioResult precise() {
        return Scenario.on("ppc64").task("t", x -> x.onCpu(0))
                .userWrites("t", "f0", BitVector.of(64, 1))
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE))
                .run();
    }

    @Test
    void fe0AndFe1FollowPrSetFpexcWhileFpIsOn() {
        ScenarioResult r = precise();
        assertTrue(r.isClean(), r::render);
        FpAssertions.assertThat(r).task("t").seesField("MSR", "FE0", 1).seesField("MSR", "FE1", 1).seesField("MSR", "FP", 1);
    }

    @Test
    void aWrongFieldValueFailsNamingTheMsr() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> FpAssertions.assertThat(precise()).task("t").seesField("MSR", "FE0", 0));
        assertTrue(e.getMessage().contains("MSR.FE0 changed (MSR["), e.getMessage());
    }
}

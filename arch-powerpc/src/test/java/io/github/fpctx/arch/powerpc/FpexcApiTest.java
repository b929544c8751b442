package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.testkit.FpAssertions;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FP exception mode through the API: {@code seesField} on the user MSR ({@code thread.regs->msr}, not in the register layout) and typed {@code prctl} results. */
class FpexcApiTest {
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

    @Test
    void prctlResultsAreTyped() {
        ScenarioResult r = Scenario.on("ppc64").task("t", x -> x.onCpu(0))
                .step(PowerPcSteps.setFpexcMode("t", 7))
                .step(PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_ASYNC))
                .step(PowerPcSteps.getFpexcMode("t"))
                .run();
        assertTrue(r.steps().get(0).syscall("prctl(PR_SET_FPEXC)").orElseThrow().isError());
        FpAssertions.assertThat(r).returned("t", "prctl(PR_SET_FPEXC)", 0)
                .returned("t", "prctl(PR_GET_FPEXC)", 0)
                .returned("t", "prctl(PR_GET_FPEXC) *adr", PowerPc.PR_FP_EXC_ASYNC);
        FpAssertions.assertThat(Scenario.on("ppc64").task("t", x -> x.onCpu(0)).step(PowerPcSteps.setFpexcMode("t", 7)).run())
                .failedWith("t", "prctl(PR_SET_FPEXC)", "EINVAL");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> FpAssertions.assertThat(r).failedWith("t", "prctl(PR_SET_FPEXC)", "EINVAL"));
        assertTrue(e.getMessage().startsWith("t: prctl(PR_SET_FPEXC) returned prctl(PR_SET_FPEXC) = 0"), e.getMessage());
    }
}

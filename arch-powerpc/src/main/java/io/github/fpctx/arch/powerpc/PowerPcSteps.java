package io.github.fpctx.arch.powerpc;

import io.github.fpctx.arch.powerpc.internal.PpcActions;
import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;

/**
 * Typed user-space steps of a PowerPC task as core {@link Action}s: register writes (with the facility-unavailable
 * fault they need), {@code prctl(PR_SET_FPEXC)} and an FP divide by zero that may raise SIGFPE.
 *
 * <pre>{@code
 * List<Action> seed003 = List.of(
 *         PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),          // load_up_fpu
 *         PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_PRECISE),
 *         ppc.operations().preempt("t"),                                   // __giveup_fpu
 *         ppc.operations().resume("t", 0),
 *         PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
 *         PowerPcSteps.fpDivideByZero("t"));                              // SIGFPE only with the erratum
 * }</pre>
 */
public final class PowerPcSteps {
    private PowerPcSteps() {
    }

    /**
     * User space writes a register or view ({@code fr0}/{@code f0}, {@code vs0}, {@code vs0h}, {@code vr0}/{@code v0},
     * {@code fpscr}, {@code vscr}, {@code vrsave}); {@code load_up_fpu}/{@code load_up_altivec}/{@code load_up_vsx}
     * run first if the user MSR lacks the facility. The register is checked against the machine when the step runs.
     *
     * @param task     a user task running in user mode
     * @param register a register name of the machine's layout
     * @param value    a value of the register's width
     * @return the action
     */
    public static Action userWrite(String task, String register, BitVector value) {
        return PpcActions.userWrite(task, register, value);
    }

    /**
     * {@code prctl(PR_SET_FPEXC, mode)}: {@code set_fpexc_mode} (values above {@code PR_FP_EXC_PRECISE} and
     * {@code PR_FP_EXC_SW_ENABLE} get {@code -EINVAL}, as in the kernel without SPE).
     *
     * @param task a user task running in user mode
     * @param mode the {@code PR_FP_EXC_*} value passed
     * @return the action
     */
    public static Action setFpexcMode(String task, long mode) {
        return PpcActions.setFpexcMode(task, mode);
    }

    /**
     * {@code prctl(PR_GET_FPEXC)}: the trace notes what {@code get_fpexc_mode} returns (the stored mode, not the
     * live MSR); {@link PowerPcThread#fpexcModeValue()} gives the same value directly.
     *
     * @param task a user task running in user mode
     * @return the action
     */
    public static Action getFpexcMode(String task) {
        return PpcActions.getFpexcMode(task);
    }

    /**
     * The task sets FPSCR[ZE] and divides by zero: SIGFPE if its effective MSR FE mode is not "disabled".
     *
     * @param task a user task running in user mode
     * @return the action
     */
    public static Action fpDivideByZero(String task) {
        return PpcActions.fpDivideByZero(task);
    }
}

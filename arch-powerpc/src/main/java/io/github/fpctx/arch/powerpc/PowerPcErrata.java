package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Erratum;

import java.util.List;
import java.util.Optional;

/**
 * The PowerPC errata and fix variants, all off by default (today's fixed kernel). Enable one with
 * {@code MachineSpec.builder().erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)}.
 *
 * <table>
 *   <caption>PowerPC errata</caption>
 *   <tr><th>id</th><th>kind</th><th>introduced</th><th>fixed</th><th>seeds</th></tr>
 *   <tr><td>{@value #SAVE_FPU_CLOBBERS_FR0}</td><td>BUG</td><td>8792468da5e1</td><td>5e1d824f9a28</td><td>000, 001</td></tr>
 *   <tr><td>{@value #GIVEUP_FPU_KEEPS_FE01}</td><td>BUG</td><td>8792468da5e1</td><td>fe1ef6bcdb4f</td><td>003</td></tr>
 *   <tr><td>{@value #IPI_LWSYNC_BARRIER}</td><td>WRONG_FIX</td><td>-</td><td>(not applied)</td><td>001</td></tr>
 * </table>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class PowerPcErrata {
    private PowerPcErrata() {
    }

    /** Erratum id: {@code save_fpu}/{@code store_fp_state} leave the FPSCR image in fr0/vs0 and {@code save_altivec}/{@code store_vr_state} leave VSCR in v0. */
    public static final String SAVE_FPU_CLOBBERS_FR0 = "save-fpu-clobbers-fr0";
    /** Erratum id: {@code __giveup_fpu} clears only MSR_FP (and VSX), leaving MSR_FE0/FE1 set. */
    public static final String GIVEUP_FPU_KEEPS_FE01 = "giveup-fpu-keeps-fe01";
    /** Wrong-fix id: seed 001's first patch, an {@code lwsync} before the reschedule IPI. */
    public static final String IPI_LWSYNC_BARRIER = "ipi-lwsync-barrier";

    /**
     * The f0/vs0/v0 clobber of the save-without-giveup path (seeds 000 and 001): introduced by {@code 8792468da5e1}
     * "powerpc: Add the ability to save FPU without giving it up" (v4.6), fixed by {@code 5e1d824f9a28} "powerpc:
     * Don't clobber f0/vs0 during fp|altivec register save" (v6.7-rc4).
     */
    public static final Erratum SAVE_FPU_CLOBBERS_FR0_ERRATUM = Erratum.bug(SAVE_FPU_CLOBBERS_FR0,
            "save_fpu/save_altivec clobber fr0/vs0 and v0 on the save-without-giveup path",
            "8792468da5e1", "5e1d824f9a283cbf90f25241b66d1f69adb3835b", List.of("000", "001"),
            "save_fpu ends with mffs fr0 and save_altivec with mfvscr v0 without reloading them, so save_all "
                    + "(fork, io_uring worker creation at interrupt return) leaves the FPSCR/VSCR image in registers "
                    + "the user MSR still marks live", 3);

    /**
     * The FE0/FE1 bits left set by {@code __giveup_fpu} (seed 003): introduced by {@code 8792468da5e1}, fixed by
     * {@code fe1ef6bcdb4f} "powerpc: fix 32-bit KVM-PR lockup and panic with MacOS guest" (Feb 2019).
     */
    public static final Erratum GIVEUP_FPU_KEEPS_FE01_ERRATUM = Erratum.bug(GIVEUP_FPU_KEEPS_FE01,
            "__giveup_fpu leaves MSR_FE0/MSR_FE1 set in the user MSR",
            "8792468da5e1", "fe1ef6bcdb4fca33434256a802a3ed6aacf0bd2f", List.of("003"),
            "__giveup_fpu clears MSR_FP but not MSR_FE0|MSR_FE1; the next FP enable ORs fpexc_mode into the stale "
                    + "bits, so the task runs in a stricter FP exception mode than PR_GET_FPEXC reports", 3);

    /** Seed 001's first, wrong fix. */
    public static final Erratum IPI_LWSYNC_BARRIER_ERRATUM = new Erratum(IPI_LWSYNC_BARRIER, Erratum.Kind.WRONG_FIX,
            "powerpc: Fix data corruption on IPI (lwsync before the reschedule IPI)", "", "", List.of("001"),
            "adds __smp_lwsync() before do_message_pass(cpu, PPC_MSG_RESCHEDULE) in arch_smp_send_reschedule; "
                    + "hwsync barriers already order both sides, and the corruption is not a memory-ordering problem, "
                    + "so it changes nothing", Optional.of(SAVE_FPU_CLOBBERS_FR0), 0);

    /** @return the three variants, bugs first */
    public static List<Erratum> all() {
        return List.of(SAVE_FPU_CLOBBERS_FR0_ERRATUM, GIVEUP_FPU_KEEPS_FE01_ERRATUM, IPI_LWSYNC_BARRIER_ERRATUM);
    }
}

/**
 * PowerPC (ppc64, ppc32) FP/VMX/VSX context-state model: MSR/FPSCR/VSCR field layouts and constants
 * ({@link io.github.fpctx.arch.powerpc.PowerPc}), errata ids ({@link io.github.fpctx.arch.powerpc.PowerPcErrata}),
 * the per-task and per-CPU extension records, invariants, and typed helpers returning core actions
 * ({@link io.github.fpctx.arch.powerpc.PowerPcPaths}, {@link io.github.fpctx.arch.powerpc.PowerPcSteps}).
 *
 * <p>Model decisions: {@code mffs} leaves doubleword 1 of vs0 equal to doubleword 0 (as seed 001 observed);
 * the user view takes the whole VSRs 0-31 from the CPU while {@code MSR_FP} is set (a later VSX fault does not reload
 * them); KVM-PR's guest FE bits reach the host thread's MSR in {@code kvmppc_handle_ext} (the thread leaves the exact
 * route unconfirmed); transactional memory and SPE are not modelled.
 */
package io.github.fpctx.arch.powerpc;

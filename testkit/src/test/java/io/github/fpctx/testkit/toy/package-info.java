/**
 * Test-only architectures for the testkit's own tests: a small but complete lazy-FPU model after the x86
 * kernels of the v3.3 - v4.1 era ({@code fpu_owner_task}, {@code fpu_lazy_restore}, {@code switch_fpu_prepare},
 * {@code math_state_restore}, {@code kernel_fpu_begin}), with one switchable erratum, an eager variant, and
 * deliberately broken variants the conformance kit must reject.
 */
package io.github.fpctx.testkit.toy;

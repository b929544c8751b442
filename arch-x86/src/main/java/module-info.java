/**
 * fpctx x86-64 model: x87/SSE/AVX/AVX-512/AMX register state, {@code struct fpu} ownership, the kernel paths
 * that move it (context switch, exit to user, exec, clone, signals, kernel FPU use) and the errata of seeds
 * 002 and 004.
 *
 * <p>{@code io.github.fpctx.arch.x86} is the API (constants, field layouts, errata ids, typed actions, the
 * extension records); {@code io.github.fpctx.arch.x86.internal} (the provider and the kernel paths) is not
 * exported.
 */
module io.github.fpctx.arch.x86 {
    requires transitive io.github.fpctx.core;

    exports io.github.fpctx.arch.x86;
    exports io.github.fpctx.arch.x86.format;

    provides io.github.fpctx.core.spi.ArchitectureProvider with io.github.fpctx.arch.x86.internal.X86Provider;
}

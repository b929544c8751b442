/**
 * fpctx PowerPC model: ppc64 and ppc32 FP/VMX/VSX context state, kernel paths and errata.
 */
module io.github.fpctx.arch.powerpc {
    requires transitive io.github.fpctx.core;

    exports io.github.fpctx.arch.powerpc;

    provides io.github.fpctx.core.spi.ArchitectureProvider with
            io.github.fpctx.arch.powerpc.internal.Ppc64Provider,
            io.github.fpctx.arch.powerpc.internal.Ppc32Provider;
}

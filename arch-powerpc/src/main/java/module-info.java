/**
 * fpctx PowerPC model: ppc64 and ppc32 FP/VMX/VSX context state, kernel paths and errata, and the
 * NT_PRFPREG/NT_PPC_VMX/NT_PPC_VSX state formats.
 */
module io.github.fpctx.arch.powerpc {
    requires transitive io.github.fpctx.core;

    exports io.github.fpctx.arch.powerpc;
    exports io.github.fpctx.arch.powerpc.format;

    provides io.github.fpctx.core.spi.ArchitectureProvider with
            io.github.fpctx.arch.powerpc.internal.Ppc64Provider,
            io.github.fpctx.arch.powerpc.internal.Ppc32Provider;
}

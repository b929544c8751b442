package io.github.fpctx.arch.powerpc;

import io.github.fpctx.testkit.junit.ArchitectureConformanceKit;

/** ppc32 (all errata off) passes the plugin conformance kit; each erratum is found within its bound. */
class Ppc32ConformanceTest extends ArchitectureConformanceKit {
    Ppc32ConformanceTest() {
        super("ppc32");
    }
}

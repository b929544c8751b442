package io.github.fpctx.arch.powerpc;

import io.github.fpctx.testkit.junit.ArchitectureConformanceKit;

/** ppc64 (all errata off) passes the plugin conformance kit; each erratum is found within its bound. */
class Ppc64ConformanceTest extends ArchitectureConformanceKit {
    Ppc64ConformanceTest() {
        super("ppc64");
    }
}

package io.github.fpctx.samples.arm64;

import io.github.fpctx.testkit.junit.ArchitectureConformanceKit;

/** The out-of-tree arm64 FPSIMD architecture passes the plugin conformance kit. */
class Arm64ConformanceTest extends ArchitectureConformanceKit {
    Arm64ConformanceTest() {
        super("arm64");
    }
}

package io.github.fpctx.testkit.junit;

/** The kit, extended in one line, on the registered lazy toy. */
class ToyConformanceTest extends ArchitectureConformanceKit {
    ToyConformanceTest() {
        super("toy");
    }
}

package io.github.fpctx.testkit.junit;

/** The kit on the registered eager toy (no errata). */
class ToyEagerConformanceTest extends ArchitectureConformanceKit {
    ToyEagerConformanceTest() {
        super("toy-eager");
    }
}

/**
 * fpctx testkit: fluent scenarios, JUnit 5 assertions and extension, and the architecture conformance kit.
 */
module io.github.fpctx.testkit {
    requires transitive io.github.fpctx.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.opentest4j;

    exports io.github.fpctx.testkit;
    exports io.github.fpctx.testkit.junit;
    exports io.github.fpctx.testkit.report;
}

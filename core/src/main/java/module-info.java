/**
 * fpctx core: values, machine state, transitions, invariants, explorer, and the architecture SPI.
 */
module io.github.fpctx.core {
    requires org.slf4j;

    exports io.github.fpctx.core;
    exports io.github.fpctx.core.register;
    exports io.github.fpctx.core.state;
    exports io.github.fpctx.core.explore;
    exports io.github.fpctx.core.util;
    exports io.github.fpctx.core.spi;
    exports io.github.fpctx.core.elf;
    exports io.github.fpctx.core.gdb;

    uses io.github.fpctx.core.spi.ArchitectureProvider;
}

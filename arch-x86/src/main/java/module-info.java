/**
 * fpctx x86-64 model: x87/SSE/AVX/AVX-512 state, struct fpu ownership, kernel paths and errata.
 */
module io.github.fpctx.arch.x86 {
    requires transitive io.github.fpctx.core;

    exports io.github.fpctx.arch.x86.format;

}

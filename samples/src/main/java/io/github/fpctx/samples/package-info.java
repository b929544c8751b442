/**
 * The samples: the five seed threads as stories ({@link io.github.fpctx.samples.SeedStories}) and the runnable
 * {@link io.github.fpctx.samples.Tour} that prints them. The seed tests themselves live in this module's test sources
 * ({@code io.github.fpctx.samples.seeds}); the out-of-tree arm64 architecture in
 * {@link io.github.fpctx.samples.arm64}.
 */
package io.github.fpctx.samples;

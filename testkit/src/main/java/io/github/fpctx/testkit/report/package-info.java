/**
 * HTML reports of fpctx runs: {@link io.github.fpctx.testkit.report.HtmlReport} draws any
 * {@link io.github.fpctx.core.Trace} (a scenario's result, an explorer's counterexample, a tour story) as a
 * self-contained page with a lane per CPU, the extension records' per-CPU and per-task tracks, the violating step
 * marked with its expected and actual values and every register change clickable to the call path that wrote it;
 * and an exploration's statistics as a chart of states per depth.
 *
 * <p>Why in the testkit: the assertions ({@code FpAssertions}) write these pages when they fail, so the renderer must
 * sit where they are; the testkit already owns the text {@link io.github.fpctx.testkit.Timeline} and the
 * {@link io.github.fpctx.testkit.ExplorationReport} it pictures; and the core stays free of presentation (a separate
 * module would be one more artifact every test needs, for about a thousand lines with no dependency of their own).
 * The rendering itself lives in the testkit's internal package, which is not exported.
 */
package io.github.fpctx.testkit.report;

package io.github.fpctx.testkit.internal;

import static io.github.fpctx.testkit.internal.Html.esc;

/**
 * The shell of every HTML report: one self-contained file with its style sheet and script inline, and a
 * Content-Security-Policy that forbids every fetch ({@code default-src 'none'}), so a report opened from a CI
 * artifact shows the same thing offline and can reach nothing.
 *
 * <p>The script only adds behaviour to markup that is complete without it: clicking a register change (in the step
 * list or a chip in the picture) opens the detail panel with its call path, the function that wrote it, the model's
 * notes and the full values; a checkbox per timeline unfolds the bookkeeping. When it has run without error it sets
 * {@code data-fpctx-ready="ok"} on {@code <body>} (otherwise {@code error: ...} and a console error); opened with
 * the fragment {@code #selftest} it clicks the first register change and records in {@code data-fpctx-selftest}
 * whether the panel showed its call path and value. The browser test reads both from Chromium's dumped DOM.
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    /**
     * Wraps a body into a page.
     *
     * @param title the page title
     * @param body  the main content's HTML
     * @return the page
     */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'unsafe-inline'; img-src data:\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n"
                + "<body data-fpctx-ready=\"no\">\n<header><h1>" + esc(title) + "</h1></header>\n<main>\n" + body + "</main>\n"
                + DETAIL
                + "<footer>fpctx testkit report \u00b7 one self-contained file: nothing is fetched</footer>\n"
                + "<script>" + JS + "</script>\n</body>\n</html>\n";
    }

    private static final String DETAIL = """
            <aside id="fpctx-detail" class="detail" hidden>
            <button type="button" class="d-close" title="close">\u00d7</button>
            <h3 class="d-title"></h3>
            <dl>
            <dt>step</dt><dd class="d-step"></dd>
            <dt>written by</dt><dd class="d-writer"></dd>
            <dt>call path</dt><dd><ol class="d-callpath"></ol></dd>
            <dt>model's notes</dt><dd class="d-notes"></dd>
            <dt>width</dt><dd class="d-width"></dd>
            <dt>before</dt><dd class="d-before mono"></dd>
            <dt>after</dt><dd class="d-after mono"></dd>
            </dl>
            </aside>
            """;

    private static final String CSS = """
            :root { --fg: #1d2330; --muted: #5b6472; --bad: #c62828; --ok: #2e7d32; --line: #d6dbe3; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg);
                   margin: 0 1.5em 3em; background: #fbfbfd; }
            header h1 { font-size: 1.45em; margin: 0.8em 0 0.3em; }
            h2 { font-size: 1.2em; margin: 1.4em 0 0.2em; border-bottom: 1px solid var(--line); padding-bottom: 0.15em; }
            h3 { font-size: 1.05em; }
            p.meta, footer { color: var(--muted); font-size: 0.92em; }
            .mono, .v, pre, .callpath, .cpath, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
            .bad { color: var(--bad); font-weight: 600; } .clean { color: var(--ok); font-weight: 600; }
            .svgwrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
            svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: var(--fg); }
            svg .col-bg { fill: #ffffff; } svg .col-bg.even { fill: #f4f6f9; }
            svg .step-num { font-weight: 700; fill: #283593; cursor: pointer; }
            svg .step-label { fill: var(--muted); }
            svg .lane-label { font-weight: 700; font-size: 12px; }
            svg .row-label, svg .track-label { fill: var(--muted); }
            svg .segment text { fill: #fff; font-weight: 600; paint-order: stroke; stroke: rgba(0,0,0,0.35); stroke-width: 2px; }
            svg .segment.idle rect { fill: #e9ebef; } svg .segment.idle text { fill: #777; stroke: none; font-weight: 400; }
            svg .ran { fill: #111; }
            svg .tv-text { font: 10.5px "DejaVu Sans Mono", Menlo, monospace; }
            svg .tv-text.on-dark { fill: #fff; }
            svg .tv-off { stroke: #c5cad3; stroke-dasharray: 2 3; }
            svg .reg-chip { font: 11px "DejaVu Sans Mono", Menlo, monospace; fill: #0d47a1; cursor: pointer; text-decoration: underline; }
            svg .violation-marker line { stroke: var(--bad); stroke-opacity: 0.6; stroke-width: 2; stroke-dasharray: 5 3; }
            svg .violation-marker circle { fill: var(--bad); }
            svg .vm-column { fill: var(--bad); fill-opacity: 0.08; }
            svg .vm-head { fill: var(--bad); font-weight: 700; font-size: 12px; }
            svg .vm-expected, svg .vm-actual { font: 12px "DejaVu Sans Mono", Menlo, monospace; }
            svg .vm-actual { fill: var(--bad); }
            ul.violations { list-style: none; padding: 0; }
            li.violation { border-left: 4px solid var(--bad); background: #fff4f4; margin: 0.5em 0; padding: 0.4em 0.7em; }
            li.violation .values { margin-top: 0.25em; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
            li.violation .actual { color: var(--bad); }
            li.violation .callpath { color: var(--muted); margin-top: 0.2em; }
            ol.steps { padding-left: 2.2em; }
            li.step { margin: 0.6em 0; } li.step.violating > .step-head { color: var(--bad); }
            .step-head { font-weight: 600; } .step-head .cpu { color: #283593; }
            ul.calls { list-style: none; padding-left: 0.8em; margin: 0.2em 0; }
            li.call { margin: 0.1em 0; } li.call .fn { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
            li.call .notes { color: #6a4c00; }
            li.call.selected > .fn { background: #fff59d; }
            ul.changes { list-style: none; padding-left: 1.6em; margin: 0; }
            button.change { font: inherit; background: none; border: 0; padding: 0 2px; cursor: pointer; text-align: left; color: var(--fg); }
            button.change.reg { color: #0d47a1; } button.change:hover { background: #e3f2fd; }
            button.change.selected { background: #fff59d; }
            .bookkeeping { display: none; } .with-bookkeeping .bookkeeping { display: revert; }
            .with-bookkeeping li.bookkeeping button { color: #888; }
            .cpus { color: var(--muted); font-size: 0.92em; }
            pre.splat { background: #fff4f4; border-left: 4px solid var(--bad); padding: 0.4em 0.7em; overflow-x: auto; }
            .toggle { color: var(--muted); font-size: 0.92em; }
            aside.detail { position: fixed; right: 1em; bottom: 1em; width: min(44em, 90vw); max-height: 70vh; overflow: auto;
                           background: #fff; border: 1px solid #9fa8da; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,0.18);
                           padding: 0.6em 1em; }
            aside.detail h3 { margin: 0.2em 0 0.4em; font-family: "DejaVu Sans Mono", Menlo, monospace; }
            aside.detail dl { display: grid; grid-template-columns: 7.5em 1fr; gap: 0.2em 0.6em; margin: 0; }
            aside.detail dt { color: var(--muted); } aside.detail dd { margin: 0; word-break: break-all; }
            aside.detail ol { margin: 0; padding-left: 1.4em; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
            aside.detail ol li:last-child { font-weight: 700; }
            .d-close { float: right; border: 0; background: none; font-size: 1.3em; cursor: pointer; }
            .exploration-stats svg .grid { stroke: #e3e6ec; } .exploration-stats svg .generated { fill: #b0bec5; }
            .exploration-stats svg .frontier { fill: #3949ab; }
            .exploration-stats svg .cumulative { stroke: #e65100; stroke-width: 2; fill: none; }
            .exploration-stats svg .axis { fill: var(--muted); } .exploration-stats svg .chart-title { font-weight: 700; }
            table.depths { border-collapse: collapse; margin-top: 0.5em; font-size: 0.92em; }
            table.depths td, table.depths th { border: 1px solid var(--line); padding: 0.1em 0.6em; text-align: right; }
            ul.index li { margin: 0.35em 0; }
            .story { max-width: 60em; }
            """;

    private static final String JS = """
            (function () {
              'use strict';
              var body = document.body;
              window.addEventListener('error', function (e) {
                body.setAttribute('data-fpctx-ready', 'error: ' + e.message);
              });
              try {
                var detail = document.getElementById('fpctx-detail');
                var put = function (cls, text) { detail.querySelector(cls).textContent = text; };
                var show = function (btn) {
                  document.querySelectorAll('.selected').forEach(function (e) { e.classList.remove('selected'); });
                  btn.classList.add('selected');
                  var d = btn.dataset;
                  var node = document.getElementById(d.node);
                  if (node) { node.classList.add('selected'); }
                  put('.d-title', d.shown);
                  put('.d-step', d.step);
                  put('.d-writer', d.writer);
                  put('.d-notes', d.notes || '(none)');
                  put('.d-width', d.width === '0' ? '(not a register)' : d.width + ' bits shown of ' + d.path);
                  put('.d-before', d.fullBefore);
                  put('.d-after', d.fullAfter);
                  var ol = detail.querySelector('.d-callpath');
                  while (ol.firstChild) { ol.removeChild(ol.firstChild); }
                  d.callpath.split(' > ').forEach(function (f) {
                    var li = document.createElement('li');
                    li.textContent = f;
                    ol.appendChild(li);
                  });
                  detail.hidden = false;
                  detail.setAttribute('data-change', btn.id);
                };
                document.querySelectorAll('button.change').forEach(function (b) {
                  b.addEventListener('click', function () { show(b); });
                });
                document.querySelectorAll('.reg-chip').forEach(function (chip) {
                  var target = chip.getAttribute('data-change');
                  if (!target) { return; }
                  chip.addEventListener('click', function () {
                    var b = document.getElementById(target);
                    if (b) { show(b); b.scrollIntoView({block: 'center'}); }
                  });
                });
                detail.querySelector('.d-close').addEventListener('click', function () { detail.hidden = true; });
                document.querySelectorAll('input.show-bookkeeping').forEach(function (cb) {
                  cb.addEventListener('change', function () {
                    cb.closest('section').classList.toggle('with-bookkeeping', cb.checked);
                  });
                });
                if (location.hash === '#selftest') {
                  var ok = true;
                  var first = document.querySelector('button.change.reg');
                  if (first) {
                    first.click();
                    ok = !detail.hidden && detail.textContent.indexOf(first.dataset.fullAfter) >= 0
                        && detail.querySelector('.d-callpath').textContent.indexOf(first.dataset.writer.split(' ')[0]) >= 0;
                  }
                  document.querySelectorAll('.reg-chip').forEach(function (c) {
                    var t = c.getAttribute('data-change');
                    if (t && !document.getElementById(t)) { ok = false; }
                  });
                  body.setAttribute('data-fpctx-selftest', ok ? 'ok' : 'failed');
                }
                body.setAttribute('data-fpctx-ready', 'ok');
              } catch (e) {
                body.setAttribute('data-fpctx-ready', 'error: ' + e);
                console.error('fpctx report script failed: ' + e);
              }
            })();
            """;
}

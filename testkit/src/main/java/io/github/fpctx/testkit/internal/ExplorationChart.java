package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.explore.ExplorationStatistics;

import java.util.List;

import static io.github.fpctx.testkit.internal.Html.esc;
import static io.github.fpctx.testkit.internal.Html.num;

/**
 * The explorer's statistics as a picture: per breadth-first depth, the successor states computed into that depth and
 * the distinct states first stored there (the frontier the next level expands), as an inline SVG bar chart with the
 * cumulative distinct count as a line, followed by the same numbers as a table.
 */
public final class ExplorationChart {
    private static final int W = 640;
    private static final int H = 240;
    private static final int PAD_L = 64;
    private static final int PAD_B = 34;
    private static final int PAD_T = 26;

    private ExplorationChart() {
    }

    /**
     * Renders the chart and table, or a sentence when the statistics carry no per-depth counts.
     *
     * @param s the statistics
     * @return the HTML
     */
    public static String render(ExplorationStatistics s) {
        List<Long> distinct = s.distinctPerDepth();
        List<Long> generated = s.generatedPerDepth();
        StringBuilder sb = new StringBuilder("<div class=\"exploration-stats\">");
        // the search time is left out: the same run gives the same page
        sb.append("<p class=\"stats-line\">").append(esc(s.toString().replaceFirst(", [0-9.,]+ ms", ""))).append("</p>");
        if (distinct.isEmpty()) {
            return sb.append("<p>No per-depth counts were recorded.</p></div>").toString();
        }
        int n = distinct.size();
        long max = 1;
        for (int d = 0; d < n; d++) {
            max = Math.max(max, Math.max(distinct.get(d), d < generated.size() ? generated.get(d) : 0));
        }
        long cumulative = 0;
        long total = s.distinctStates();
        max = Math.max(max, total); // one scale for the bars and the running total
        double plotW = W - PAD_L - 16;
        double plotH = H - PAD_T - PAD_B;
        double slot = plotW / n;
        double bar = Math.max(3, Math.min(28, slot / 2 - 3));
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\">");
        sb.append("<text class=\"chart-title\" x=\"").append(PAD_L).append("\" y=\"16\">states per depth</text>");
        // y axis: 0, max/2, max
        for (int i = 0; i <= 2; i++) {
            double y = PAD_T + plotH - plotH * i / 2.0;
            sb.append("<line class=\"grid\" x1=\"").append(PAD_L).append("\" y1=\"").append(num(y)).append("\" x2=\"").append(W - 16)
                    .append("\" y2=\"").append(num(y)).append("\"/>");
            sb.append("<text class=\"axis\" x=\"").append(PAD_L - 6).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\">")
                    .append(String.format(java.util.Locale.ROOT, "%,d", max * i / 2)).append("</text>");
        }
        StringBuilder line = new StringBuilder();
        for (int d = 0; d < n; d++) {
            long g = d < generated.size() ? generated.get(d) : 0;
            long f = distinct.get(d);
            cumulative += f;
            double x0 = PAD_L + d * slot + slot / 2 - bar - 1;
            double hg = plotH * g / max;
            double hf = plotH * f / max;
            sb.append("<g class=\"depth\" data-depth=\"").append(d).append("\" data-generated=\"").append(g).append("\" data-frontier=\"")
                    .append(f).append("\">");
            sb.append("<rect class=\"generated\" x=\"").append(num(x0)).append("\" y=\"").append(num(PAD_T + plotH - hg)).append("\" width=\"")
                    .append(num(bar)).append("\" height=\"").append(num(hg)).append("\"><title>depth ").append(d).append(": ").append(g)
                    .append(" successor states computed</title></rect>");
            sb.append("<rect class=\"frontier\" x=\"").append(num(x0 + bar + 2)).append("\" y=\"").append(num(PAD_T + plotH - hf))
                    .append("\" width=\"").append(num(bar)).append("\" height=\"").append(num(hf)).append("\"><title>depth ").append(d).append(": ")
                    .append(f).append(" new distinct states (frontier)</title></rect>");
            sb.append("<text class=\"axis\" x=\"").append(num(PAD_L + d * slot + slot / 2)).append("\" y=\"").append(H - PAD_B + 14)
                    .append("\" text-anchor=\"middle\">").append(d).append("</text>");
            sb.append("</g>");
            double cy = PAD_T + plotH - plotH * cumulative / max;
            line.append(d == 0 ? "M" : " L").append(num(PAD_L + d * slot + slot / 2)).append(' ').append(num(cy));
        }
        sb.append("<path class=\"cumulative\" d=\"").append(line).append("\"><title>distinct states so far</title></path>");
        sb.append("<text class=\"axis\" x=\"").append(PAD_L + plotW / 2).append("\" y=\"").append(H - 6)
                .append("\" text-anchor=\"middle\">depth (steps from the initial state)</text>");
        // legend
        int lx = W - 260;
        sb.append("<rect class=\"generated\" x=\"").append(lx).append("\" y=\"8\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"")
                .append(lx + 14).append("\" y=\"17\">generated</text>");
        sb.append("<rect class=\"frontier\" x=\"").append(lx + 84).append("\" y=\"8\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"")
                .append(lx + 98).append("\" y=\"17\">frontier (new)</text>");
        sb.append("<line class=\"cumulative\" x1=\"").append(lx + 186).append("\" y1=\"13\" x2=\"").append(lx + 198)
                .append("\" y2=\"13\"/><text class=\"axis\" x=\"").append(lx + 202).append("\" y=\"17\">total</text>");
        sb.append("</svg>");
        sb.append("<table class=\"depths\"><thead><tr><th>depth</th><th>generated</th><th>frontier (new distinct)</th>"
                + "<th>distinct so far</th></tr></thead><tbody>");
        cumulative = 0;
        for (int d = 0; d < n; d++) {
            cumulative += distinct.get(d);
            sb.append("<tr><td>").append(d).append("</td><td>").append(d < generated.size() ? generated.get(d) : 0).append("</td><td>")
                    .append(distinct.get(d)).append("</td><td>").append(cumulative).append("</td></tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }
}

package io.github.fpctx.testkit.internal;

import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.github.fpctx.testkit.internal.Html.clip;
import static io.github.fpctx.testkit.internal.Html.esc;
import static io.github.fpctx.testkit.internal.Html.num;

/**
 * Renders one {@link Trace} as an HTML section: an inline SVG picture (a lane per CPU across the states, task
 * segments coloured per task and hatched while the task is in the kernel, thin tracks for the extension records'
 * changing components per CPU and per task, the registers each step wrote, a red marker on every violating step
 * with its expected and actual values) followed by the steps as a list whose register changes are buttons that open
 * the call path and the function that wrote them. Everything is static markup; the page's script only adds the
 * click-through and the bookkeeping toggle.
 *
 * <p>Column {@code k} of the picture is the state after step {@code k} (column 0: the initial state), so a segment
 * is what a CPU ran between steps.
 */
public final class HtmlTimeline {
    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
        "#ff9da7", "#9c755f", "#86bcb6"};
    private static final int LEFT = 178;
    private static final int COL = 128;
    private static final int HEAD = 70;
    private static final int LANE = 30;
    private static final int TRACK = 16;
    private static final int CHIP = 14;
    private static final int MAX_CHIPS = 4;
    private static final double SANS = 6.1;
    private static final double MONO = 6.7;

    private final Trace trace;
    private final String id;
    private final List<MachineState> states;
    private final Map<String, String> colours = new LinkedHashMap<>();
    /** Per step (index 1..n), the register changes shown as chips, with their button ids. */
    private final List<List<String[]>> chips = new ArrayList<>();
    private int nextChange;

    private HtmlTimeline(Trace trace, String id) {
        this.trace = trace;
        this.id = id;
        this.states = trace.states();
        List<String> names = Tracks.taskNames(states);
        for (int i = 0; i < names.size(); i++) {
            colours.put(names.get(i), PALETTE[i % PALETTE.length]);
        }
    }

    /**
     * Renders a trace as a section.
     *
     * @param trace   the trace
     * @param id      the section's id, unique in its page (a prefix of every id inside)
     * @param caption the heading
     * @return the HTML
     */
    public static String render(Trace trace, String id, String caption) {
        return new HtmlTimeline(trace, id).section(caption);
    }

    private String section(String caption) {
        // the step list first: it numbers the register changes the picture's chips point to
        String list = steps();
        StringBuilder sb = new StringBuilder();
        sb.append("<section class=\"fpctx-timeline\" id=\"").append(esc(id)).append("\" data-steps=\"").append(trace.steps().size())
                .append("\" data-cpus=\"").append(cpus()).append("\" data-violations=\"").append(trace.violations().size()).append("\">\n");
        sb.append("<h2>").append(esc(caption)).append("</h2>\n");
        MachineState init = trace.initial();
        sb.append("<p class=\"meta\">").append(esc(init.architecture())).append(" \u00b7 ").append(cpus()).append(" CPU")
                .append(cpus() == 1 ? "" : "s").append(" \u00b7 ").append(trace.steps().size()).append(" step")
                .append(trace.steps().size() == 1 ? "" : "s").append(" \u00b7 errata: ")
                .append(esc(init.errata().isEmpty() ? "none (today's kernel)" : String.join(", ", new java.util.TreeSet<>(init.errata()))))
                .append(" \u00b7 ").append(trace.isClean() ? "<span class=\"clean\">clean</span>"
                        : "<span class=\"bad\">" + trace.violations().size() + " violation" + (trace.violations().size() == 1 ? "" : "s") + "</span>")
                .append("</p>\n");
        sb.append("<div class=\"svgwrap\">").append(svg()).append("</div>\n");
        sb.append(violations());
        sb.append("<label class=\"toggle\"><input type=\"checkbox\" class=\"show-bookkeeping\"> show bookkeeping "
                + "(preempt count, softirq count, IRQ flag, locks)</label>\n");
        sb.append(list);
        sb.append("</section>\n");
        return sb.toString();
    }

    private int cpus() {
        return states.stream().mapToInt(s -> s.cpus().size()).max().orElse(0);
    }

    private String colour(String task) {
        return colours.getOrDefault(task, "#999999");
    }

    // ---------------------------------------------------------------- the picture

    private String svg() {
        int cols = states.size();
        List<Tracks.Track> cpuTracks = Tracks.cpuTracks(states).stream().filter(Tracks.Track::drawn).toList();
        List<Tracks.Track> taskTracks = Tracks.taskTracks(states).stream().filter(Tracks.Track::drawn).toList();
        int chipRows = Math.min(MAX_CHIPS, chips.stream().mapToInt(List::size).max().orElse(0));
        StringBuilder body = new StringBuilder();
        int y = HEAD;
        // the registers each step wrote
        if (chipRows > 0) {
            body.append("<g class=\"writes\">");
            label(body, y + 11, "registers written", "row-label");
            for (int k = 1; k < cols; k++) {
                List<String[]> cs = chips.get(k - 1);
                for (int i = 0; i < Math.min(cs.size(), MAX_CHIPS); i++) {
                    String[] c = cs.get(i);
                    boolean more = i == MAX_CHIPS - 1 && cs.size() > MAX_CHIPS;
                    String text = more ? "+" + (cs.size() - MAX_CHIPS + 1) + " more" : c[1];
                    body.append("<text class=\"reg-chip\" data-change=\"").append(esc(more ? "" : c[0])).append("\" x=\"")
                            .append(LEFT + k * COL + 6).append("\" y=\"").append(y + 11 + i * CHIP).append("\">")
                            .append("<title>").append(esc(more ? "see the step list" : c[2])).append("</title>")
                            .append(esc(clip(text, (int) ((COL - 10) / MONO)))).append("</text>");
                }
            }
            body.append("</g>\n");
            y += chipRows * CHIP + 8;
        }
        // a lane per CPU, each with its tracks
        for (int c = 0; c < cpus(); c++) {
            body.append("<g class=\"lane\" data-cpu=\"").append(c).append("\">");
            label(body, y + LANE / 2 + 4, "cpu" + c, "lane-label");
            body.append(laneSegments(c, y));
            for (Step s : trace.steps()) {
                if (s.cpu() == c) {
                    double x = LEFT + s.index() * COL + 1;
                    body.append("<path class=\"ran\" d=\"M").append(num(x)).append(' ').append(y).append(" l8 0 l-8 8 z\"><title>step ")
                            .append(s.index()).append(" ran on cpu").append(c).append("</title></path>");
                }
            }
            y += LANE + 2;
            for (Tracks.Track t : cpuTracks) {
                if (t.owner().equals("cpu" + c)) {
                    track(body, t, y, "cpu" + c + " " + t.component());
                    y += TRACK + 1;
                }
            }
            body.append("</g>\n");
            y += 8;
        }
        // per-task tracks
        String owner = null;
        for (Tracks.Track t : taskTracks) {
            if (!t.owner().equals(owner)) {
                owner = t.owner();
                y += 4;
            }
            track(body, t, y, "task " + t.owner() + " " + t.component());
            y += TRACK + 1;
        }
        int picBottom = y;
        // violation markers: a line through the picture, the invariant and the values underneath
        StringBuilder marks = new StringBuilder();
        int maxX = LEFT + cols * COL;
        y += 10;
        for (Violation v : trace.violations()) {
            int k = Math.max(0, Math.min(v.step(), cols - 1));
            double x = LEFT + k * COL + COL / 2.0;
            Optional<ShownChange> n = ShownChange.ofViolation(v, states.get(k));
            String subject = n.flatMap(ShownChange::register).orElse(v.subject().orElse(""));
            String exp = n.map(ShownChange::before).orElse(v.expected().orElse(""));
            String act = n.map(ShownChange::after).orElse(v.actual().orElse(""));
            String head = "\u2717 step " + v.step() + " [" + v.invariant() + "] " + v.task().map(t -> "task " + t + " ").orElse("") + subject;
            int lines = (v.expected().isPresent() ? 1 : 0) + (v.actual().isPresent() ? 1 : 0);
            double textX = Math.max(4, Math.min(x - 8, LEFT));
            marks.append("<g class=\"violation-marker\" data-step=\"").append(v.step()).append("\" data-invariant=\"")
                    .append(esc(v.invariant())).append("\">");
            marks.append("<rect class=\"vm-column\" x=\"").append(LEFT + k * COL).append("\" y=\"0\" width=\"").append(COL)
                    .append("\" height=\"").append(HEAD - 4).append("\"/>");
            marks.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(HEAD - 4).append("\" x2=\"").append(num(x)).append("\" y2=\"")
                    .append(y + 2).append("\"/>");
            marks.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(HEAD - 4).append("\" r=\"5\"/>");
            marks.append("<text class=\"vm-head\" x=\"").append(num(textX)).append("\" y=\"").append(y + 14).append("\">")
                    .append(esc(head)).append("<title>").append(esc(v.message())).append("</title></text>");
            int ly = y + 14;
            if (v.expected().isPresent()) {
                ly += 15;
                marks.append("<text class=\"vm-expected\" x=\"").append(num(textX + 12)).append("\" y=\"").append(ly).append("\">expected ")
                        .append(esc(exp)).append("<title>").append(esc(v.expected().get())).append("</title></text>");
            }
            if (v.actual().isPresent()) {
                ly += 15;
                marks.append("<text class=\"vm-actual\" x=\"").append(num(textX + 12)).append("\" y=\"").append(ly).append("\">actual   ")
                        .append(esc(act)).append("<title>").append(esc(v.actual().get())).append("</title></text>");
            }
            marks.append("</g>\n");
            int longest = Math.max(head.length(), 10 + Math.max(exp.length(), act.length()));
            maxX = Math.max(maxX, (int) (textX + 16 + longest * MONO));
            y += 22 + lines * 15;
        }
        int height = y + 6;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-svg\" width=\"").append(maxX + 8).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(maxX + 8).append(' ').append(height).append("\" role=\"img\">\n");
        sb.append("<defs><pattern id=\"").append(esc(id)).append("-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"none\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
                + "stroke=\"#000\" stroke-opacity=\"0.28\" stroke-width=\"2.5\"/></pattern></defs>\n");
        // column heads and grid
        sb.append("<g class=\"columns\">");
        for (int k = 0; k < cols; k++) {
            int x = LEFT + k * COL;
            sb.append("<g class=\"step-col\" data-step=\"").append(k).append("\">");
            sb.append("<rect class=\"col-bg").append(k % 2 == 0 ? " even" : "").append("\" x=\"").append(x).append("\" y=\"0\" width=\"")
                    .append(COL).append("\" height=\"").append(picBottom).append("\"/>");
            String title = k == 0 ? "initially" : k + ". " + trace.steps().get(k - 1).label();
            sb.append("<a href=\"#").append(esc(id)).append("-step-").append(k).append("\"><text class=\"step-num\" x=\"").append(x + 6)
                    .append("\" y=\"14\">").append(k == 0 ? "initially" : "step " + k).append("<title>").append(esc(title)).append("</title></text></a>");
            if (k > 0) {
                List<String> lines = wrap(trace.steps().get(k - 1).label(), (int) ((COL - 10) / SANS), 3);
                for (int i = 0; i < lines.size(); i++) {
                    sb.append("<text class=\"step-label\" x=\"").append(x + 6).append("\" y=\"").append(30 + i * 12).append("\">")
                            .append(esc(lines.get(i))).append("<title>").append(esc(title)).append("</title></text>");
                }
            }
            sb.append("</g>");
        }
        sb.append("</g>\n");
        sb.append(body);
        sb.append(marks);
        sb.append("</svg>");
        return sb.toString();
    }

    private static void label(StringBuilder sb, int y, String text, String cls) {
        sb.append("<text class=\"").append(cls).append("\" x=\"6\" y=\"").append(y).append("\">").append(esc(clip(text, 28)))
                .append("<title>").append(esc(text)).append("</title></text>");
    }

    private String laneSegments(int cpu, int y) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        while (k < states.size()) {
            String key = occupant(states.get(k), cpu);
            int end = k + 1;
            while (end < states.size() && occupant(states.get(end), cpu).equals(key)) {
                end++;
            }
            MachineState s = states.get(k);
            CpuState c = cpu < s.cpus().size() ? s.cpus().get(cpu) : null;
            int x = LEFT + k * COL + 1;
            int w = (end - k) * COL - 2;
            if (c == null || c.current().isEmpty()) {
                sb.append("<g class=\"segment idle\"><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                        .append("\" height=\"").append(LANE).append("\" rx=\"3\"/><text x=\"").append(x + 6).append("\" y=\"").append(y + 19)
                        .append("\">").append(c == null ? "(no cpu)" : "idle").append("</text></g>");
            } else {
                TaskState t = s.task(c.current().get());
                String mode = t.isUser() ? t.mode().name().toLowerCase(Locale.ROOT) : "kthread";
                boolean kernel = !mode.equals("user");
                String text = t.name() + " \u00b7 " + mode;
                sb.append("<g class=\"segment task").append(kernel ? " kernel" : " user").append("\" data-task=\"").append(esc(t.name()))
                        .append("\" data-mode=\"").append(mode).append("\" data-from=\"").append(k).append("\" data-to=\"").append(end - 1)
                        .append("\"><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"")
                        .append(LANE).append("\" rx=\"3\" fill=\"").append(colour(t.name())).append("\"/>");
                if (kernel) {
                    sb.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"").append(LANE)
                            .append("\" rx=\"3\" fill=\"url(#").append(esc(id)).append("-hatch)\"/>");
                }
                sb.append("<text x=\"").append(x + 6).append("\" y=\"").append(y + 19).append("\">").append(esc(clip(text, (int) ((w - 10) / SANS))))
                        .append("</text><title>").append(esc("cpu" + cpu + ": " + text + (c.exec().isClean() ? "" : ", " + c.exec())
                                + (k == end - 1 ? " after step " + k : " from state " + k + " to " + (end - 1)))).append("</title></g>");
            }
            k = end;
        }
        return sb.toString();
    }

    private static String occupant(MachineState s, int cpu) {
        if (cpu >= s.cpus().size()) {
            return "";
        }
        CpuState c = s.cpus().get(cpu);
        if (c.current().isEmpty()) {
            return "(idle)";
        }
        TaskState t = s.task(c.current().get());
        return t.name() + "\u0000" + (t.isUser() ? t.mode().name() : "kthread");
    }

    private void track(StringBuilder sb, Tracks.Track t, int y, String title) {
        sb.append("<g class=\"track\" data-owner=\"").append(esc(t.owner())).append("\" data-component=\"").append(esc(t.component()))
                .append("\">");
        label(sb, y + 12, (t.owner().startsWith("cpu") && colours.get(t.owner()) == null ? "  " : t.owner() + " ") + t.component(), "track-label");
        List<String> vs = t.values();
        int k = 0;
        int shade = 0;
        while (k < vs.size()) {
            String v = vs.get(k);
            int end = k + 1;
            while (end < vs.size() && vs.get(end).equals(v)) {
                end++;
            }
            int x = LEFT + k * COL + 1;
            int w = (end - k) * COL - 2;
            if (!v.isEmpty() && !v.equals("false")) {
                boolean flag = v.equals("true");
                String fill = colours.containsKey(v) ? colours.get(v) : flag ? "#6b6b6b" : (shade++ % 2 == 0 ? "#d4d8de" : "#e6e9ee");
                String text = flag ? t.component() : v;
                sb.append("<rect class=\"tv").append(flag ? " flag" : colours.containsKey(v) ? " task-ref" : "").append("\" x=\"").append(x)
                        .append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"").append(TRACK).append("\" rx=\"2\" fill=\"")
                        .append(fill).append("\"><title>").append(esc(title + " = " + v)).append("</title></rect>");
                sb.append("<text class=\"tv-text").append(flag || colours.containsKey(v) ? " on-dark" : "").append("\" x=\"").append(x + 4).append("\" y=\"").append(y + 12)
                        .append("\">").append(esc(clip(text, (int) ((w - 6) / MONO)))).append("<title>").append(esc(title + " = " + v))
                        .append("</title></text>");
            } else if (v.equals("false")) {
                sb.append("<line class=\"tv-off\" x1=\"").append(x).append("\" y1=\"").append(y + TRACK / 2).append("\" x2=\"").append(x + w)
                        .append("\" y2=\"").append(y + TRACK / 2).append("\"><title>").append(esc(title + " = false")).append("</title></line>");
            }
            k = end;
        }
        sb.append("</g>");
    }

    private static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String w : text.split("\\s+")) {
            if (cur.length() > 0 && cur.length() + 1 + w.length() > width) {
                lines.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(w);
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && i < maxLines; i++) {
            String l = lines.get(i);
            out.add(i == maxLines - 1 && lines.size() > maxLines ? clip(l + " \u2026", width) : clip(l, width));
        }
        return out;
    }

    // ---------------------------------------------------------------- violations and the step list

    private String violations() {
        if (trace.violations().isEmpty()) {
            return "<p class=\"no-violations\">No invariant was violated.</p>\n";
        }
        StringBuilder sb = new StringBuilder("<ul class=\"violations\">\n");
        for (Violation v : trace.violations()) {
            int k = Math.max(0, Math.min(v.step(), states.size() - 1));
            Optional<ShownChange> n = ShownChange.ofViolation(v, states.get(k));
            sb.append("<li class=\"violation\" data-step=\"").append(v.step()).append("\" data-invariant=\"").append(esc(v.invariant()))
                    .append("\"><a href=\"#").append(esc(id)).append("-step-").append(v.step()).append("\">step ").append(v.step())
                    .append("</a> <b>[").append(esc(v.invariant())).append("]</b> ").append(esc(v.message().lines().findFirst().orElse("")));
            if (v.expected().isPresent() || v.actual().isPresent()) {
                String reg = n.flatMap(ShownChange::register).map(r -> " (" + r + ")").orElse("");
                sb.append("<div class=\"values\"><span class=\"expected\" title=\"").append(esc(v.expected().orElse("?"))).append("\">expected")
                        .append(esc(reg)).append(": ").append(esc(n.map(ShownChange::before).orElse(v.expected().orElse("?"))))
                        .append("</span><br><span class=\"actual\" title=\"").append(esc(v.actual().orElse("?"))).append("\">actual")
                        .append(esc(reg)).append(":&nbsp;&nbsp; ").append(esc(n.map(ShownChange::after).orElse(v.actual().orElse("?"))))
                        .append("</span></div>");
            }
            if (!v.callPath().isEmpty()) {
                sb.append("<div class=\"callpath\">").append(esc(String.join(" > ", v.callPath()))).append("</div>");
            }
            sb.append("</li>\n");
        }
        return sb.append("</ul>\n").toString();
    }

    private String steps() {
        StringBuilder sb = new StringBuilder("<ol class=\"steps\">\n");
        sb.append("<li class=\"step initial\" id=\"").append(esc(id)).append("-step-0\" data-step=\"0\" value=\"0\"><div class=\"step-head\">initially</div>")
                .append("<div class=\"cpus\">").append(esc(io.github.fpctx.testkit.Timeline.cpus(trace.initial()))).append("</div></li>\n");
        for (Step s : trace.steps()) {
            List<String[]> stepChips = new ArrayList<>();
            chips.add(stepChips);
            boolean bad = trace.violations().stream().anyMatch(v -> v.step() == s.index());
            sb.append("<li class=\"step").append(bad ? " violating" : "").append("\" id=\"").append(esc(id)).append("-step-").append(s.index())
                    .append("\" data-step=\"").append(s.index()).append("\" value=\"").append(s.index()).append("\">");
            sb.append("<div class=\"step-head\">").append(s.cpu() >= 0 ? "<span class=\"cpu\">[cpu" + s.cpu() + "]</span> " : "")
                    .append(esc(s.label())).append(bad ? " <span class=\"bad\">\u2717</span>" : "").append("</div>\n<ul class=\"calls\">");
            int[] node = {0};
            // a splat is about the execution context: that step shows its bookkeeping unfolded
            boolean unfold = s.events().stream().anyMatch(KernelEvent::isError);
            calls(sb, s, s.calls(), new ArrayList<>(), true, node, stepChips, unfold);
            sb.append("</ul>");
            for (KernelEvent e : s.events()) {
                if (e.isError()) {
                    sb.append("<pre class=\"splat\">").append(esc(e.message())).append("</pre>");
                }
            }
            sb.append("<div class=\"cpus\">cpus: ").append(esc(io.github.fpctx.testkit.Timeline.cpus(s.after()))).append("</div></li>\n");
        }
        return sb.append("</ol>\n").toString();
    }

    private void calls(StringBuilder sb, Step s, CallNode n, List<String> path, boolean root, int[] node, List<String[]> stepChips,
                       boolean unfold) {
        if (!root) {
            path.add(n.function());
        }
        boolean leaf = n.children().isEmpty() && !root;
        // own changes and callees in the order they happened: a write after a callee shows after the callee's
        for (Chronology.Part part : Chronology.of(n)) {
            if (part instanceof Chronology.Callee c) {
                calls(sb, s, c.node(), path, false, node, stepChips, unfold);
            } else {
                Chronology.Own own = (Chronology.Own) part;
                boolean show = own.afterCallee() ? !own.changes().isEmpty()
                        : !n.notes().isEmpty() || !own.changes().isEmpty() || leaf;
                if (show) {
                    call(sb, s, n, own, path, leaf, node[0]++, stepChips, unfold);
                }
            }
        }
        if (!root) {
            path.remove(path.size() - 1);
        }
    }

    /** One function's line with its notes (unless a continuation after a callee) and a run of its own changes. */
    private void call(StringBuilder sb, Step s, CallNode n, Chronology.Own own, List<String> path, boolean leaf, int me,
                      List<String[]> stepChips, boolean unfold) {
        List<String> notes = own.afterCallee() ? List.of() : n.notes();
        List<ShownChange> shown = new ArrayList<>();
        for (StateChange c : own.changes()) {
            shown.add(ShownChange.of(c, s.after(), s.before()));
        }
        boolean onlyBookkeeping = !unfold && notes.isEmpty() && (!leaf || own.afterCallee())
                && shown.stream().allMatch(c -> c.kind() == ShownChange.Kind.BOOKKEEPING);
        String nodeId = id + "-s" + s.index() + "-n" + me;
        sb.append("<li class=\"call").append(onlyBookkeeping ? " bookkeeping" : "").append("\" id=\"").append(esc(nodeId)).append("\">");
        sb.append("<span class=\"fn\">").append(esc(path.isEmpty() ? "(user space)" : String.join(" > ", path))).append("</span>");
        if (own.afterCallee()) {
            sb.append(" <span class=\"notes\">(continued)</span>");
        }
        if (!notes.isEmpty()) {
            sb.append(" <span class=\"notes\">[").append(esc(String.join("; ", notes))).append("]</span>");
        }
        if (!shown.isEmpty()) {
            sb.append("<ul class=\"changes\">");
            for (ShownChange c : shown) {
                String cid = id + "-c" + (nextChange++);
                String cls = switch (c.kind()) {
                    case REGISTER -> "change reg";
                    case BOOKKEEPING -> "change bookkeeping";
                    case OTHER -> "change other";
                };
                String writer = path.isEmpty() ? "user space (" + s.label() + ")" : path.get(path.size() - 1);
                String hover = c.fullPath() + ": " + c.fullBefore() + " -> " + c.fullAfter();
                sb.append("<li class=\"").append(c.kind() == ShownChange.Kind.BOOKKEEPING && !unfold ? "bookkeeping" : "shown").append("\">")
                        .append("<button type=\"button\" class=\"").append(cls).append("\" id=\"").append(esc(cid))
                        .append("\" data-step=\"").append(s.index()).append("\" data-node=\"").append(esc(nodeId))
                        .append("\" data-callpath=\"").append(esc(path.isEmpty() ? "(user space)" : String.join(" > ", path)))
                        .append("\" data-writer=\"").append(esc(writer))
                        .append("\" data-notes=\"").append(esc(String.join("; ", notes)))
                        .append("\" data-path=\"").append(esc(c.fullPath()))
                        .append("\" data-shown=\"").append(esc(c.path()))
                        .append("\" data-width=\"").append(c.width())
                        .append("\" data-full-before=\"").append(esc(c.fullBefore()))
                        .append("\" data-full-after=\"").append(esc(c.fullAfter()))
                        .append("\" title=\"").append(esc(hover)).append("\">")
                        .append("<span class=\"cpath\">").append(esc(c.path())).append("</span>: <span class=\"v\">").append(esc(c.before()))
                        .append("</span> \u2192 <span class=\"v\">").append(esc(c.after())).append("</span></button></li>");
                if (c.kind() == ShownChange.Kind.REGISTER) {
                    String label = c.register().orElse(c.path());
                    String owner = c.path().substring(0, c.path().length() - label.length());
                    owner = owner.replace(".live.", " ").replace(".saved.", " saved ").replace(".oracle.", " wrote ")
                            .replace("task ", "").strip();
                    stepChips.add(new String[] {cid, owner + " " + label, hover});
                }
            }
            sb.append("</ul>");
        }
        sb.append("</li>");
    }
}

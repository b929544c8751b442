package io.github.fpctx.core.gdb.internal;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.GdbTargetDescription.GdbRegister;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.state.CpuState;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The remote-protocol conversation over one {@link Trace}: each task is a thread (ids 1.. in order of first
 * appearance), each position (0 = the initial state, i = after step i) a stop. {@code s}/{@code c} move forward
 * (one step; to the next step with a violation or the end), {@code bs}/{@code bc} move back (one step; to the
 * previous position with a violation or the start); at either end the stop reply carries
 * {@code replaylog:end}/{@code replaylog:begin}, which GDB reports as "No more reverse-execution history".
 * Registers are the selected view of the thread's task at the current position: {@code user} (what user space
 * would see, {@link io.github.fpctx.core.StepEngine#userView}), {@code live} (the copy on the CPU the task runs on) or
 * {@code saved} (the task's save area); {@code monitor view live} selects one.
 *
 * <p>The trace is never changed: writes are refused with {@code E01}, and a malformed packet gets an error reply
 * while the session stays where it was. The model has no memory: reads return zero bytes (GDB reads the
 * instruction at the program counter before a PowerPC {@code stepi}; a zero word is no {@code larx}).
 *
 * @implSpec Not thread-safe; one instance per connection.
 */
public final class TraceSession {
    /** Which copy of a task's registers {@code g}/{@code p} return. */
    public enum View {
        /** What user space would observe ({@link io.github.fpctx.core.StepEngine#userView}). */ USER,
        /** The live registers of the CPU the task is running on (unavailable when it is not running). */ LIVE,
        /** The task's save area ({@code thread_struct}/{@code struct fpu}). */ SAVED
    }

    /**
     * What to send for one request.
     *
     * @param packets payloads to send in order ({@code O} console output first, then the reply)
     * @param close   whether to close the connection after sending
     */
    public record Reply(List<String> packets, boolean close) {
        /**
         * Copies the list.
         *
         * @param packets payloads
         * @param close   close flag
         */
        public Reply {
            packets = List.copyOf(packets);
        }

        static Reply of(String payload) {
            return new Reply(List.of(payload), false);
        }
    }

    private final Architecture architecture;
    private final Trace trace;
    private final GdbTargetDescription target;
    private final ByteOrder order;
    private final List<MachineState> states;
    private final List<String> threads;
    private final Set<Integer> violationPositions = new TreeSet<>();
    private final byte[] xml;

    private int position;
    private int thread = 1; // 1-based index into threads
    private View view = View.USER;

    /**
     * Starts a session at position 0.
     *
     * @param architecture the trace's architecture
     * @param trace        the trace
     * @param target       the target description (its layout must be the architecture's)
     * @param order        the byte order of register values
     */
    public TraceSession(Architecture architecture, Trace trace, GdbTargetDescription target, ByteOrder order) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.target = Objects.requireNonNull(target, "target");
        this.order = Objects.requireNonNull(order, "order");
        this.states = trace.states();
        Set<String> names = new LinkedHashSet<>();
        for (MachineState s : states) {
            names.addAll(s.taskNames());
        }
        this.threads = List.copyOf(names);
        for (Violation v : trace.violations()) {
            violationPositions.add(v.step());
        }
        this.xml = target.toXml().getBytes(StandardCharsets.UTF_8);
        focusOn(0);
    }

    /** @return the current position: 0 = initial state, i = after step i */
    public int position() {
        return position;
    }

    /** @return the selected thread's task name, or empty if the trace has no tasks */
    public Optional<String> currentTask() {
        return threads.isEmpty() ? Optional.empty() : Optional.of(threads.get(thread - 1));
    }

    /** @return the register view */
    public View view() {
        return view;
    }

    /**
     * Answers one packet payload; never throws for any payload.
     *
     * @param payload the payload
     * @return the reply
     */
    public Reply handle(String payload) {
        RspRequest r;
        try {
            r = RspRequest.parse(payload);
        } catch (MalformedPacketException e) {
            return Reply.of("E01");
        }
        return switch (r.type()) {
            case SUPPORTED -> Reply.of("PacketSize=" + Integer.toHexString(RspFramer.MAX_PAYLOAD)
                    + ";qXfer:features:read+;qXfer:threads:read+;ReverseStep+;ReverseContinue+");
            case STOP_REASON -> Reply.of(stopReply(""));
            case SET_THREAD -> Reply.of(setThread(r.thread()));
            case CURRENT_THREAD -> Reply.of(threads.isEmpty() ? "QC0" : "QC" + Integer.toHexString(thread));
            case THREADS_FIRST -> Reply.of(threadList());
            case THREADS_NEXT -> Reply.of("l");
            case XFER_READ -> Reply.of(xfer(r));
            case READ_REGISTERS -> Reply.of(allRegisters());
            case READ_REGISTER -> Reply.of(oneRegister(r.number()));
            case WRITE_REGISTERS, WRITE_MEMORY -> Reply.of("E01");
            case READ_MEMORY -> Reply.of("00".repeat((int) Math.min(r.length(), RspFramer.MAX_PAYLOAD / 2)));
            case STEP -> forward(true);
            case CONTINUE -> forward(false);
            case REVERSE_STEP -> backward(true);
            case REVERSE_CONTINUE -> backward(false);
            case THREAD_ALIVE -> Reply.of(r.thread() >= 1 && r.thread() <= threads.size() ? "OK" : "E01");
            case THREAD_EXTRA_INFO -> Reply.of(r.thread() >= 1 && r.thread() <= threads.size()
                    ? hex(extraInfo(threads.get((int) r.thread() - 1))) : "E01");
            case MONITOR -> monitor(r.text());
            case ATTACHED -> Reply.of("1");
            case DETACH -> new Reply(List.of("OK"), true);
            case KILL -> new Reply(List.of("OK"), true);
            case UNSUPPORTED -> Reply.of("");
        };
    }

    private String setThread(long id) {
        if (id == -1 || id == 0) {
            return "OK";
        }
        if (id < 1 || id > threads.size()) {
            return "E01";
        }
        thread = (int) id;
        return "OK";
    }

    private String threadList() {
        if (threads.isEmpty()) {
            return "l";
        }
        StringBuilder sb = new StringBuilder("m");
        for (int i = 1; i <= threads.size(); i++) {
            sb.append(i == 1 ? "" : ",").append(Integer.toHexString(i));
        }
        return sb.toString();
    }

    private String xfer(RspRequest r) {
        byte[] data;
        if (r.text().equals("features:target.xml")) {
            data = xml;
        } else if (r.text().equals("threads:")) {
            StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
            for (int i = 1; i <= threads.size(); i++) {
                sb.append("  <thread id=\"").append(Integer.toHexString(i)).append("\" name=\"")
                        .append(threads.get(i - 1).replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;"))
                        .append("\"/>\n");
            }
            data = sb.append("</threads>\n").toString().getBytes(StandardCharsets.UTF_8);
        } else {
            return "E00";
        }
        long off = r.number();
        if (off > data.length) {
            return "E01";
        }
        int n = (int) Math.min(Math.min(r.length(), data.length - off), RspFramer.MAX_PAYLOAD / 2);
        String chunk = new String(data, (int) off, n, StandardCharsets.ISO_8859_1);
        return (off + n < data.length ? "m" : "l") + chunk;
    }

    private Reply move(int to, String extra) {
        int from = position;
        position = to;
        List<String> out = new ArrayList<>();
        if (to != from) {
            focusOn(Math.max(to, from));
            out.add("O" + hex(describe() + "\n"));
        }
        out.add(stopReply(extra));
        return new Reply(out, false);
    }

    private Reply forward(boolean oneStep) {
        int last = states.size() - 1;
        if (position == last) {
            return move(position, "replaylog:end;");
        }
        int to = oneStep ? position + 1 : nextStop();
        return move(to, !oneStep && to == last && !violationPositions.contains(last) ? "replaylog:end;" : "");
    }

    private Reply backward(boolean oneStep) {
        if (position == 0) {
            return move(0, "replaylog:begin;");
        }
        int to = oneStep ? position - 1 : previousStop();
        return move(to, !oneStep && to == 0 ? "replaylog:begin;" : "");
    }

    private int nextStop() {
        for (int p = position + 1; p < states.size(); p++) {
            if (violationPositions.contains(p)) {
                return p;
            }
        }
        return states.size() - 1;
    }

    private int previousStop() {
        for (int p = position - 1; p > 0; p--) {
            if (violationPositions.contains(p)) {
                return p;
            }
        }
        return 0;
    }

    /** Selects the thread a step concerns: the task its label names, else the task on its CPU. */
    private void focusOn(int stepIndex) {
        if (threads.isEmpty()) {
            return;
        }
        if (stepIndex < 1 || stepIndex > trace.steps().size()) {
            return;
        }
        Step s = trace.steps().get(stepIndex - 1);
        for (int i = 0; i < threads.size(); i++) {
            if (s.label().startsWith(threads.get(i) + ":")) {
                thread = i + 1;
                return;
            }
        }
        if (s.cpu() >= 0 && s.cpu() < s.after().cpus().size()) {
            Optional<String> cur = s.after().cpus().get(s.cpu()).current();
            if (cur.isPresent() && threads.contains(cur.get())) {
                thread = threads.indexOf(cur.get()) + 1;
            }
        }
    }

    private String stopReply(String extra) {
        return "T05" + extra + (threads.isEmpty() ? "" : "thread:" + Integer.toHexString(thread) + ";");
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("[fpctx] position ").append(position).append('/').append(states.size() - 1);
        if (position == 0) {
            sb.append(": initial state");
        } else {
            Step s = trace.steps().get(position - 1);
            sb.append(": ");
            if (s.cpu() >= 0) {
                sb.append("[cpu").append(s.cpu()).append("] ");
            }
            sb.append(s.label());
        }
        for (Violation v : trace.violations()) {
            if (v.step() == position) {
                sb.append("\n[fpctx]   violation: ").append(v);
            }
        }
        return sb.toString();
    }

    private String extraInfo(String task) {
        MachineState s = states.get(position);
        Optional<TaskState> t = s.findTask(task);
        if (t.isEmpty()) {
            return "task " + task + ": not alive at position " + position;
        }
        for (CpuState c : s.cpus()) {
            if (c.current().isPresent() && c.current().get().equals(task)) {
                return "task " + task + ": running on CPU " + c.id() + ", " + t.get().mode();
            }
        }
        return "task " + task + ": not running, " + t.get().mode();
    }

    private Reply monitor(String command) {
        String c = command.strip().toLowerCase(Locale.ROOT);
        String text;
        switch (c) {
            case "view user" -> {
                view = View.USER;
                text = "registers: the user view (what user space would see)\n";
            }
            case "view live" -> {
                view = View.LIVE;
                text = "registers: the live copy of the CPU the task runs on\n";
            }
            case "view saved" -> {
                view = View.SAVED;
                text = "registers: the task's save area\n";
            }
            case "where", "" -> text = describe() + "\n";
            case "help" -> text = "monitor view user|live|saved  select the register copy g/p return (now "
                    + view.name().toLowerCase(Locale.ROOT) + ")\nmonitor where                  position, step and violations\n";
            default -> {
                return Reply.of("E01");
            }
        }
        return new Reply(List.of("O" + hex(text), "OK"), false);
    }

    /** The selected view of the current thread's task at the current position, if there is one. */
    private Optional<RegisterFile> registers() {
        if (threads.isEmpty()) {
            return Optional.empty();
        }
        String name = threads.get(thread - 1);
        MachineState s = states.get(position);
        Optional<TaskState> t = s.findTask(name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        return switch (view) {
            case USER -> Optional.of(architecture.engine().userView(s, t.get()));
            case SAVED -> Optional.of(t.get().saved());
            case LIVE -> {
                for (CpuState c : s.cpus()) {
                    if (c.current().isPresent() && c.current().get().equals(name)) {
                        yield Optional.of(c.live());
                    }
                }
                yield Optional.empty();
            }
        };
    }

    private String allRegisters() {
        Optional<RegisterFile> f = registers();
        StringBuilder sb = new StringBuilder();
        for (GdbRegister g : target.registers()) {
            sb.append(value(g, f));
        }
        return sb.toString();
    }

    private String oneRegister(long n) {
        if (n < 0 || n >= target.registers().size()) {
            return "E01";
        }
        return value(target.registers().get((int) n), registers());
    }

    private String value(GdbRegister g, Optional<RegisterFile> f) {
        if (!g.held()) {
            if (target.programCounter().isPresent() && target.programCounter().get().equals(g.name())) {
                return bytes(BitVector.of(g.bitsize(), position));
            }
            return "x".repeat(g.bitsize() / 4);
        }
        if (f.isEmpty()) {
            return "x".repeat(g.bitsize() / 4);
        }
        BitVector v = f.get().get(g.name());
        if (v.width() < g.bitsize()) {
            v = BitVector.zero(g.bitsize()).withSlice(0, v);
        }
        return bytes(v);
    }

    private String bytes(BitVector v) {
        byte[] b = v.toBytes(order);
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    private static String hex(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}

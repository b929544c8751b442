package io.github.fpctx.core.gdb;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.gdb.internal.RspFramer;
import io.github.fpctx.core.gdb.internal.TraceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * A GDB remote-serial-protocol server over a {@link Trace} (a scenario's, a run's or an explorer counterexample):
 * GDB connects with {@code target remote :PORT} and sees each task as a thread and each step as a stop.
 *
 * <pre>{@code
 * try (GdbServer server = GdbServer.builder(architecture, trace).start()) {
 *     System.out.println("gdb-multiarch -ex 'target remote :" + server.port() + "'");
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>In GDB: {@code stepi} and {@code continue} go forward (one step; to the next step with a violation, or the
 * end), {@code reverse-stepi} and {@code reverse-continue} go back (RSP {@code bs}/{@code bc}; advertised as
 * {@code ReverseStep+}/{@code ReverseContinue+}); at either end GDB says "No more reverse-execution history".
 * Each move prints the position, the step's label and its violations. {@code info registers vector},
 * {@code p $vs0}, {@code p $xmm0}, {@code p $fpscr}, {@code p $mxcsr} show the model's values for the selected
 * thread's task at that position: by default what user space would see ({@link io.github.fpctx.core.StepEngine#userView});
 * {@code monitor view live} switches to the live copy on the task's CPU, {@code monitor view saved} to its save
 * area, {@code monitor view user} back; {@code monitor where} prints the position. The target description
 * ({@code qXfer:features:read}) is the architecture's ({@link Architecture#gdbTarget()}); general registers the
 * model does not hold are unavailable, and the program counter holds the position (0 = the initial state,
 * i = after step i) so that GDB can show where it is. The trace is read-only: register and memory writes get
 * error replies; memory reads return zeros (a trace has no memory; GDB reads the instruction at the program
 * counter before a PowerPC {@code stepi}).
 *
 * <p>The server listens on the loopback interface only, serves one connection at a time, and stops by itself:
 * when the client detaches ({@code detach}, {@code kill}, {@code quit}) or nothing arrives for the idle timeout.
 * Malformed or truncated packets get {@code -} (bad checksum) or {@code E01} replies; the session stays where it
 * was and the server keeps serving.
 *
 * @implSpec Thread-safe; the serving runs on one daemon thread per server.
 */
public final class GdbServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GdbServer.class);

    private final Architecture architecture;
    private final Trace trace;
    private final GdbTargetDescription target;
    private final ByteOrder order;
    private final Duration idleTimeout;
    private final ServerSocket socket;
    private final Thread thread;
    private volatile Socket client;
    private volatile boolean stopped;

    private GdbServer(Builder b) throws IOException {
        this.architecture = b.architecture;
        this.trace = b.trace;
        this.target = b.target;
        this.order = b.order;
        this.idleTimeout = b.idleTimeout;
        this.socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 1);
            socket.setSoTimeout(timeoutMillis());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.thread = new Thread(this::serve, "fpctx-gdb-server-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    /**
     * Starts configuring a server for a trace of an architecture.
     *
     * @param architecture the architecture the trace ran on; non-null
     * @param trace        the trace; non-null
     * @return a builder
     */
    public static Builder builder(Architecture architecture, Trace trace) {
        return new Builder(Objects.requireNonNull(architecture, "architecture"), Objects.requireNonNull(trace, "trace"));
    }

    /** @return the loopback port the server listens on */
    public int port() {
        return socket.getLocalPort();
    }

    /** @return the target description it serves */
    public GdbTargetDescription target() {
        return target;
    }

    /** @return whether it still accepts or serves a connection */
    public boolean isRunning() {
        return !stopped;
    }

    /**
     * Waits until the server has stopped (the client detached, or it was idle for the timeout).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitStop() throws InterruptedException {
        thread.join();
    }

    /** Stops serving and closes the sockets; waits for the serving thread (at most the idle timeout). */
    @Override
    public void close() {
        stopped = true;
        closeQuietly(client);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the GDB server socket failed", e);
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(timeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis()));
    }

    private GdbServer begin() {
        thread.start();
        LOG.info("GDB server for a {}-step {} trace listening on 127.0.0.1:{}", trace.steps().size(), architecture.id(), port());
        return this;
    }

    private void serve() {
        try {
            while (!stopped) {
                Socket c;
                try {
                    c = socket.accept();
                } catch (SocketTimeoutException e) {
                    LOG.info("GDB server on port {} idle for {}; stopping", port(), idleTimeout);
                    return;
                }
                client = c;
                boolean detached = converse(c);
                closeQuietly(c);
                client = null;
                if (detached) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                LOG.warn("GDB server on port {} failed", port(), e);
            }
        } finally {
            stopped = true;
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the GDB server socket failed", e);
            }
        }
    }

    /** Serves one connection; returns whether the client detached or killed (stop the server). */
    private boolean converse(Socket c) throws IOException {
        c.setSoTimeout(timeoutMillis());
        c.setTcpNoDelay(true);
        TraceSession session = new TraceSession(architecture, trace, target, order);
        RspFramer framer = new RspFramer();
        InputStream in = c.getInputStream();
        OutputStream out = c.getOutputStream();
        byte[] buf = new byte[4096];
        byte[] last = null;
        int resends = 0;
        while (!stopped) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                LOG.info("GDB client on port {} idle for {}; stopping", port(), idleTimeout);
                return true;
            } catch (IOException e) {
                return stopped;
            }
            if (n < 0) {
                return false; // the client went away without detaching: accept another
            }
            for (RspFramer.Event e : framer.feed(buf, 0, n)) {
                switch (e.kind()) {
                    case ACK, INTERRUPT -> {
                        // replies are complete when sent; an interrupt finds the target stopped already
                    }
                    case NACK -> {
                        if (last != null && resends++ < 3) {
                            out.write(last);
                        }
                    }
                    case BAD_PACKET -> {
                        LOG.debug("GDB server: bad packet ({})", e.payload());
                        out.write('-');
                    }
                    case PACKET -> {
                        out.write('+');
                        TraceSession.Reply r = session.handle(e.payload());
                        for (String p : r.packets()) {
                            last = RspFramer.frame(p);
                            out.write(last);
                        }
                        resends = 0;
                        if (r.close()) {
                            out.flush();
                            return true;
                        }
                    }
                    default -> throw new IllegalStateException("unreachable event " + e.kind());
                }
            }
            out.flush();
        }
        return true;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing a GDB client socket failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "GdbServer[" + architecture.id() + ", 127.0.0.1:" + port() + (stopped ? ", stopped" : "") + "]";
    }

    /** Configures a {@link GdbServer}; not thread-safe. */
    public static final class Builder {
        private final Architecture architecture;
        private final Trace trace;
        private GdbTargetDescription target;
        private ByteOrder order;
        private int port;
        private Duration idleTimeout = Duration.ofMinutes(5);

        private Builder(Architecture architecture, Trace trace) {
            this.architecture = architecture;
            this.trace = trace;
        }

        /**
         * Sets the target description (default: {@link Architecture#gdbTarget()}).
         *
         * @param description a description of the architecture's layout
         * @return this builder
         */
        public Builder target(GdbTargetDescription description) {
            this.target = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Sets the byte order of register values (default: the description's; say
         * {@code ByteOrder.BIG_ENDIAN} for a big-endian ppc64 session, and {@code set endian big} in GDB).
         *
         * @param byteOrder the order
         * @return this builder
         */
        public Builder byteOrder(ByteOrder byteOrder) {
            this.order = Objects.requireNonNull(byteOrder, "byteOrder");
            return this;
        }

        /**
         * Sets the loopback port (default 0: any free port, see {@link GdbServer#port()}).
         *
         * @param loopbackPort 0 to 65535
         * @return this builder
         */
        public Builder port(int loopbackPort) {
            if (loopbackPort < 0 || loopbackPort > 65535) {
                throw new IllegalArgumentException("Invalid value for port (valid values 0 - 65535): " + loopbackPort);
            }
            this.port = loopbackPort;
            return this;
        }

        /**
         * Sets how long the server waits for a connection or a packet before it stops (default 5 minutes).
         *
         * @param timeout positive, at most 24 hours
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("Invalid value for idle timeout (valid values: more than 0, at most 24 hours): " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Binds the loopback port and starts serving.
         *
         * @return the running server
         * @throws IOException           if the port cannot be bound
         * @throws IllegalStateException if no description was given and the architecture has none, or the
         *                               description is of another layout
         */
        public GdbServer start() throws IOException {
            GdbTargetDescription t = target != null ? target : architecture.gdbTarget().orElseThrow(() ->
                    new IllegalStateException("Architecture " + architecture.id()
                            + " provides no GDB target description; give one with target(...)"));
            if (!t.layout().equals(architecture.layout())) {
                throw new IllegalStateException("Target description is of layout " + t.layout().name()
                        + "; expected the architecture's layout " + architecture.layout().name());
            }
            this.target = t;
            this.order = order != null ? order : t.byteOrder();
            return new GdbServer(this).begin();
        }
    }
}

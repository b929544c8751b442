package io.github.fpctx.core.gdb.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the byte stream a GDB client sends into remote-protocol events (GDB manual, "Overview" of the remote
 * protocol): packets {@code $payload#cc}, acknowledgements {@code +}/{@code -}, and the interrupt byte 0x03.
 * Bytes outside a packet are ignored; escapes (0x7d followed by the byte XOR 0x20) are undone; a packet with a wrong checksum, a
 * non-hex checksum or more than {@link #MAX_PAYLOAD} payload bytes is reported as {@link Kind#BAD_PACKET} (the
 * server answers {@code -}); nothing is buffered beyond that bound.
 *
 * @implSpec Not thread-safe; one instance per connection.
 */
public final class RspFramer {
    /** The largest payload accepted (the server advertises it as {@code PacketSize}). */
    public static final int MAX_PAYLOAD = 16384;

    /** What a complete event is. */
    public enum Kind {
        /** A well-formed packet; {@link Event#payload()} holds it. */
        PACKET,
        /** A packet with a bad checksum or too long; {@link Event#payload()} says why. */
        BAD_PACKET,
        /** {@code +}. */
        ACK,
        /** {@code -}: resend the last reply. */
        NACK,
        /** 0x03: the client asks to stop a running target. */
        INTERRUPT
    }

    /**
     * One event.
     *
     * @param kind    the kind
     * @param payload the packet's payload (PACKET) or the problem (BAD_PACKET); empty otherwise
     */
    public record Event(Kind kind, String payload) {
    }

    private enum State { IDLE, DATA, ESCAPE, SUM1, SUM2 }

    private State state = State.IDLE;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int sum;
    private int received;
    private boolean tooLong;

    /** Creates a framer in its initial state. */
    public RspFramer() {
    }

    /**
     * Feeds bytes; returns the events they complete, in order.
     *
     * @param bytes  the buffer
     * @param offset first byte
     * @param length byte count
     * @return the events (possibly none)
     */
    public List<Event> feed(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("Invalid range " + offset + "+" + length + " of a " + bytes.length + "-byte buffer");
        }
        List<Event> out = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            switch (state) {
                case IDLE -> {
                    if (b == '$') {
                        data.reset();
                        sum = 0;
                        tooLong = false;
                        state = State.DATA;
                    } else if (b == '+') {
                        out.add(new Event(Kind.ACK, ""));
                    } else if (b == '-') {
                        out.add(new Event(Kind.NACK, ""));
                    } else if (b == 0x03) {
                        out.add(new Event(Kind.INTERRUPT, ""));
                    } // anything else between packets is noise
                }
                case DATA -> {
                    if (b == '#') {
                        state = State.SUM1;
                    } else {
                        sum += b;
                        if (b == '}') {
                            state = State.ESCAPE;
                        } else {
                            append(b);
                        }
                    }
                }
                case ESCAPE -> {
                    sum += b;
                    append(b ^ 0x20);
                    state = State.DATA;
                }
                case SUM1 -> {
                    received = hex(b) << 4;
                    if (received < 0) {
                        received = -1;
                    }
                    state = State.SUM2;
                }
                case SUM2 -> {
                    int low = hex(b);
                    state = State.IDLE;
                    if (tooLong) {
                        out.add(new Event(Kind.BAD_PACKET, "payload longer than " + MAX_PAYLOAD + " bytes"));
                    } else if (received < 0 || low < 0) {
                        out.add(new Event(Kind.BAD_PACKET, "checksum is not two hex digits"));
                    } else if ((received | low) != (sum & 0xFF)) {
                        out.add(new Event(Kind.BAD_PACKET, String.format("checksum %02x; expected %02x",
                                received | low, sum & 0xFF)));
                    } else {
                        out.add(new Event(Kind.PACKET, data.toString(StandardCharsets.ISO_8859_1)));
                    }
                    data.reset();
                }
                default -> throw new IllegalStateException("unreachable framer state " + state);
            }
        }
        return out;
    }

    private void append(int b) {
        if (data.size() < MAX_PAYLOAD) {
            data.write(b);
        } else {
            tooLong = true;
        }
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Frames a reply payload as {@code $payload#cc}, escaping {@code $}, {@code #}, 0x7d and {@code *} (no run-length encoding).
     *
     * @param payload the payload (ISO-8859-1 characters)
     * @return the bytes to send
     */
    public static byte[] frame(String payload) {
        StringBuilder sb = new StringBuilder(payload.length() + 4).append('$');
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                sb.append('}');
                sum += '}';
                c = (char) (c ^ 0x20);
            }
            sb.append(c);
            sum += c & 0xFF;
        }
        sb.append('#').append(String.format("%02x", sum & 0xFF));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}

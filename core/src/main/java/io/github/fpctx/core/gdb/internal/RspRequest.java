package io.github.fpctx.core.gdb.internal;

import java.nio.charset.StandardCharsets;

/**
 * One parsed request of the GDB remote serial protocol (GDB manual, "Packets" and "General Query Packets"), the
 * subset a read-only trace replay needs.
 *
 * @param type   what is asked
 * @param thread the thread id for {@code H}, {@code T}, {@code qThreadExtraInfo} (-1 = all, 0 = any)
 * @param number a register number, memory address or transfer offset
 * @param length a transfer or memory length
 * @param op     {@code g}/{@code c} for {@code H}, else 0
 * @param text   the {@code qXfer} object and annex ({@code features:target.xml}), the decoded monitor command,
 *               or the unrecognised packet
 */
public record RspRequest(Type type, long thread, long number, long length, char op, String text) {
    /** The request types. */
    public enum Type {
        /** {@code qSupported}. */ SUPPORTED,
        /** {@code ?}. */ STOP_REASON,
        /** {@code Hg}/{@code Hc}. */ SET_THREAD,
        /** {@code qC}. */ CURRENT_THREAD,
        /** {@code qfThreadInfo}. */ THREADS_FIRST,
        /** {@code qsThreadInfo}. */ THREADS_NEXT,
        /** {@code qXfer:object:read:annex:offset,length}. */ XFER_READ,
        /** {@code g}. */ READ_REGISTERS,
        /** {@code pN}. */ READ_REGISTER,
        /** {@code G...} or {@code PN=...}: refused, a trace is read-only. */ WRITE_REGISTERS,
        /** {@code m addr,length}. */ READ_MEMORY,
        /** {@code M}/{@code X}: refused. */ WRITE_MEMORY,
        /** {@code s}. */ STEP,
        /** {@code c}. */ CONTINUE,
        /** {@code bs}. */ REVERSE_STEP,
        /** {@code bc}. */ REVERSE_CONTINUE,
        /** {@code T thread}. */ THREAD_ALIVE,
        /** {@code qThreadExtraInfo,thread}. */ THREAD_EXTRA_INFO,
        /** {@code qRcmd,hex}. */ MONITOR,
        /** {@code qAttached}. */ ATTACHED,
        /** {@code D}. */ DETACH,
        /** {@code k} or {@code vKill}. */ KILL,
        /** Anything else: answered with the empty packet ("not supported"). */ UNSUPPORTED
    }

    private static RspRequest of(Type t) {
        return new RspRequest(t, 0, 0, 0, '\0', "");
    }

    /**
     * Parses a payload.
     *
     * @param p the payload (without {@code $}, {@code #} and checksum), ISO-8859-1 characters
     * @return the request
     * @throws MalformedPacketException for a recognised packet with a malformed argument
     */
    public static RspRequest parse(String p) {
        if (p == null) {
            throw new MalformedPacketException("", "null payload");
        }
        if (p.isEmpty()) {
            return new RspRequest(Type.UNSUPPORTED, 0, 0, 0, '\0', p);
        }
        switch (p.charAt(0)) {
            case '?':
                return p.length() == 1 ? of(Type.STOP_REASON) : unsupported(p);
            case 'g':
                return p.length() == 1 ? of(Type.READ_REGISTERS) : unsupported(p);
            case 'G':
            case 'P':
                return new RspRequest(Type.WRITE_REGISTERS, 0, 0, 0, '\0', p);
            case 'M':
            case 'X':
                return new RspRequest(Type.WRITE_MEMORY, 0, 0, 0, '\0', p);
            case 'p':
                return new RspRequest(Type.READ_REGISTER, 0, hex(p, p.substring(1), 8), 0, '\0', "");
            case 'm': {
                String[] a = split(p, p.substring(1), ',', 2);
                return new RspRequest(Type.READ_MEMORY, 0, hex(p, a[0], 16), hex(p, a[1], 8), '\0', "");
            }
            case 'H': {
                if (p.length() < 3 || (p.charAt(1) != 'g' && p.charAt(1) != 'c')) {
                    throw new MalformedPacketException(p, "expected Hg<thread> or Hc<thread>");
                }
                return new RspRequest(Type.SET_THREAD, threadId(p, p.substring(2)), 0, 0, p.charAt(1), "");
            }
            case 'T':
                return new RspRequest(Type.THREAD_ALIVE, threadId(p, p.substring(1)), 0, 0, '\0', "");
            case 's':
            case 'c':
                if (p.length() != 1) {
                    throw new MalformedPacketException(p, "resuming at an address is not possible in a trace; expected '"
                            + p.charAt(0) + "' alone");
                }
                return of(p.charAt(0) == 's' ? Type.STEP : Type.CONTINUE);
            case 'b':
                if (p.equals("bs")) {
                    return of(Type.REVERSE_STEP);
                }
                if (p.equals("bc")) {
                    return of(Type.REVERSE_CONTINUE);
                }
                return unsupported(p);
            case 'D':
                return of(Type.DETACH);
            case 'k':
                return p.length() == 1 ? of(Type.KILL) : unsupported(p);
            case 'v':
                return p.startsWith("vKill") ? of(Type.KILL) : unsupported(p);
            case 'q':
                return query(p);
            default:
                return unsupported(p);
        }
    }

    private static RspRequest query(String p) {
        if (p.equals("qC")) {
            return of(Type.CURRENT_THREAD);
        }
        if (p.equals("qfThreadInfo")) {
            return of(Type.THREADS_FIRST);
        }
        if (p.equals("qsThreadInfo")) {
            return of(Type.THREADS_NEXT);
        }
        if (p.equals("qSupported") || p.startsWith("qSupported:")) {
            return of(Type.SUPPORTED);
        }
        if (p.equals("qAttached") || p.startsWith("qAttached:")) {
            return of(Type.ATTACHED);
        }
        if (p.startsWith("qThreadExtraInfo,")) {
            return new RspRequest(Type.THREAD_EXTRA_INFO, threadId(p, p.substring("qThreadExtraInfo,".length())), 0, 0, '\0', "");
        }
        if (p.startsWith("qRcmd,")) {
            String hex = p.substring("qRcmd,".length());
            if (hex.length() % 2 != 0) {
                throw new MalformedPacketException(p, "monitor command has an odd number of hex digits");
            }
            byte[] b = new byte[hex.length() / 2];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) hex(p, hex.substring(2 * i, 2 * i + 2), 2);
            }
            return new RspRequest(Type.MONITOR, 0, 0, 0, '\0', new String(b, StandardCharsets.ISO_8859_1));
        }
        if (p.startsWith("qXfer:")) {
            // qXfer:object:read:annex:offset,length
            String[] a = split(p, p.substring("qXfer:".length()), ':', 4);
            if (!a[1].equals("read")) {
                return unsupported(p);
            }
            String[] range = split(p, a[3], ',', 2);
            return new RspRequest(Type.XFER_READ, 0, hex(p, range[0], 8), hex(p, range[1], 8), '\0', a[0] + ":" + a[2]);
        }
        return unsupported(p);
    }

    private static RspRequest unsupported(String p) {
        return new RspRequest(Type.UNSUPPORTED, 0, 0, 0, '\0', p);
    }

    private static String[] split(String p, String s, char sep, int n) {
        String[] out = new String[n];
        int from = 0;
        for (int i = 0; i < n - 1; i++) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                throw new MalformedPacketException(p, "expected " + n + " fields separated by '" + sep + "'");
            }
            out[i] = s.substring(from, at);
            from = at + 1;
        }
        out[n - 1] = s.substring(from);
        return out;
    }

    /** Thread ids: hex, -1 (all) or 0 (any); {@code pPID.TID} takes the TID. */
    private static long threadId(String p, String s) {
        String t = s;
        if (t.startsWith("p")) {
            int dot = t.indexOf('.');
            t = dot < 0 ? "-1" : t.substring(dot + 1);
        }
        if (t.equals("-1")) {
            return -1;
        }
        return hex(p, t, 8);
    }

    private static int digit(char c) {
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

    /** Parses at most {@code maxDigits} hex digits as an unsigned value. */
    private static long hex(String p, String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            throw new MalformedPacketException(p, "'" + s + "' is not a hex number of 1 to " + maxDigits + " digits");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                throw new MalformedPacketException(p, "'" + s + "' is not a hex number of 1 to " + maxDigits + " digits");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}

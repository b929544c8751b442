package io.github.fpctx.core.gdb.internal;

/**
 * A remote-protocol packet that breaks its format (bad hex, a missing field, a number out of range). The session
 * answers it with an error reply ({@code E01}) and keeps serving.
 */
public final class MalformedPacketException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param packet  the packet (its start is quoted)
     * @param problem what was wrong and what was expected
     */
    public MalformedPacketException(String packet, String problem) {
        super("Malformed packet '" + quote(packet) + "': " + problem);
    }

    private static String quote(String p) {
        String s = p.length() > 40 ? p.substring(0, 40) + "..." : p;
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}

package io.github.fpctx.testkit.internal;

/**
 * Escaping for the HTML reports: text and attribute values ({@code & < > " '}), so that register names, kernel
 * messages and task names can never break the markup or inject script.
 */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for an element's content or a quoted attribute value.
     *
     * @param s the text; {@code null} is rendered as empty
     * @return the escaped text
     */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Shortens text to at most {@code max} characters, ending with an ellipsis when cut.
     *
     * @param s   the text
     * @param max the longest result, at least 1
     * @return the text, shortened
     */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "\u2026" : s.substring(0, max - 1) + "\u2026";
    }

    /**
     * A number for SVG coordinates, without locale-dependent separators.
     *
     * @param v the value
     * @return {@code 12.5}, {@code 3}
     */
    public static String num(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}

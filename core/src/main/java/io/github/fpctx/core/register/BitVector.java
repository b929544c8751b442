package io.github.fpctx.core.register;

import java.util.Objects;

import io.github.fpctx.core.util.Checks;
import io.github.fpctx.core.internal.Hashing;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A fixed-width bit vector: the value of one register (32, 64, 80, 128, 256, 512 bits or any width from 1 to
 * {@value #MAX_WIDTH}).
 *
 * <p>Bits are numbered LSB-0 throughout the API, as in x86 manuals and Java; PowerPC manuals number MSB-0 and
 * the PowerPC plugin converts at its edge. Text is hexadecimal, most significant digit first, with an
 * underscore every four digits and exactly as many digits as the width needs:
 * <pre>{@code
 * BitVector fpscrImage = BitVector.parse("0x0000_0000_8200_4000");   // 64 bits: 16 digits
 * BitVector vs0 = BitVector.zero(128).withSlice(64, fpscrImage).withSlice(0, fpscrImage);
 * assert vs0.toString().equals("0x0000_0000_8200_4000_0000_0000_8200_4000");
 * }</pre>
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class BitVector {
    /** The widest vector supported. */
    public static final int MAX_WIDTH = 8192;

    private final int width;
    private final long[] words; // LSB-0: words[0] holds bits 0..63; unused high bits are always zero

    private BitVector(int width, long[] words) {
        this.width = width;
        this.words = words;
    }

    static BitVector wrap(int width, long[] words) {
        return new BitVector(width, words);
    }

    private static int checkWidth(int width) {
        Checks.range("bit vector width", width, 1, MAX_WIDTH);
        return width;
    }

    static int wordsFor(int width) {
        return (width + 63) >>> 6;
    }

    /**
     * An all-zero vector.
     *
     * @param width the width in bits, 1 to {@value #MAX_WIDTH}
     * @return the vector
     */
    public static BitVector zero(int width) {
        return new BitVector(checkWidth(width), new long[wordsFor(width)]);
    }

    /**
     * An all-ones vector.
     *
     * @param width the width in bits, 1 to {@value #MAX_WIDTH}
     * @return the vector
     */
    public static BitVector ones(int width) {
        long[] w = new long[wordsFor(checkWidth(width))];
        Arrays.fill(w, -1L);
        maskTop(width, w);
        return new BitVector(width, w);
    }

    /**
     * A vector holding an unsigned value.
     *
     * @param width the width in bits, 1 to {@value #MAX_WIDTH}
     * @param value the value; must fit in {@code width} bits (read as unsigned)
     * @return the vector
     * @throws IllegalArgumentException if the value does not fit
     */
    public static BitVector of(int width, long value) {
        checkWidth(width);
        if (width < 64 && (value >>> width) != 0) {
            throw new IllegalArgumentException("Value 0x" + Long.toHexString(value) + " does not fit in " + width + " bits");
        }
        long[] w = new long[wordsFor(width)];
        w[0] = value;
        return new BitVector(width, w);
    }

    /**
     * A vector from 64-bit words, least significant word first.
     *
     * @param width the width in bits, 1 to {@value #MAX_WIDTH}
     * @param lsbFirst the words, {@code lsbFirst[0]} holding bits 0..63; as many as the width needs, no bits
     *                 set above the width
     * @return the vector
     */
    public static BitVector ofWords(int width, long... lsbFirst) {
        checkWidth(width);
        Objects.requireNonNull(lsbFirst, "words");
        int n = wordsFor(width);
        if (lsbFirst.length != n) {
            throw new IllegalArgumentException("A " + width + "-bit vector takes " + n + " words; got " + lsbFirst.length);
        }
        long[] w = lsbFirst.clone();
        if ((width & 63) != 0 && (w[n - 1] >>> (width & 63)) != 0) {
            throw new IllegalArgumentException("Value has bits set above bit " + (width - 1) + " of a " + width + "-bit vector");
        }
        return new BitVector(width, w);
    }

    /**
     * Parses hexadecimal text such as {@code 0x0000_0000_8200_4000}; the width is four bits per digit.
     *
     * @param text {@code 0x} followed by hex digits, with optional underscores
     * @return the vector
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static BitVector parse(String text) {
        String digits = digits(text);
        return parseDigits(text, digits, digits.length() * 4);
    }

    /**
     * Parses hexadecimal text into a vector of the given width; leading digits may be omitted, and extra
     * leading zero digits are allowed.
     *
     * @param text  {@code 0x} followed by hex digits, with optional underscores
     * @param width the width in bits, 1 to {@value #MAX_WIDTH}
     * @return the vector
     * @throws IllegalArgumentException if the text is malformed or the value does not fit the width
     */
    public static BitVector parse(String text, int width) {
        checkWidth(width);
        return parseDigits(text, digits(text), width);
    }

    private static String digits(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (!(t.startsWith("0x") || t.startsWith("0X")) || t.length() == 2) {
            throw new IllegalArgumentException("Cannot parse '" + text + "' as a bit vector; expected 0x followed by hex digits, e.g. 0x0000_8200_4000");
        }
        String d = t.substring(2).replace("_", "");
        for (int i = 0; i < d.length(); i++) {
            if (Character.digit(d.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("Cannot parse '" + text + "' as a bit vector: '" + d.charAt(i) + "' is not a hex digit");
            }
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("Cannot parse '" + text + "' as a bit vector; expected 0x followed by hex digits, e.g. 0x0000_8200_4000");
        }
        return d;
    }

    private static BitVector parseDigits(String text, String d, int width) {
        checkWidth(width);
        long[] w = new long[wordsFor(width)];
        int bit = 0;
        for (int i = d.length() - 1; i >= 0; i--, bit += 4) {
            int v = Character.digit(d.charAt(i), 16);
            if (v == 0) {
                continue;
            }
            if (bit + (32 - Integer.numberOfLeadingZeros(v)) > width) {
                throw new IllegalArgumentException("Value '" + text + "' does not fit in " + width + " bits");
            }
            w[bit >>> 6] |= ((long) v) << (bit & 63);
        }
        return new BitVector(width, w);
    }

    /**
     * Reads a vector from bytes.
     *
     * @param bytes the bytes; their count times 8 is the width
     * @param order {@link ByteOrder#LITTLE_ENDIAN}: {@code bytes[0]} holds bits 0..7; big-endian: the last byte
     *              does
     * @return the vector
     */
    public static BitVector fromBytes(byte[] bytes, ByteOrder order) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(order, "order");
        return fromBytes(bytes, 0, bytes.length, order);
    }

    /**
     * Reads a vector from a range of a byte array.
     *
     * @param bytes  the array
     * @param offset where the value starts
     * @param length how many bytes it has; 8 times this is the width
     * @param order  the byte order of the value
     * @return the vector
     */
    public static BitVector fromBytes(byte[] bytes, int offset, int length, ByteOrder order) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(order, "order");
        if (offset < 0 || length < 1 || offset > bytes.length - length) {
            throw new IllegalArgumentException("Byte range " + offset + "+" + length + " is outside an array of " + bytes.length + " bytes");
        }
        int width = checkWidth(length * 8);
        long[] w = new long[wordsFor(width)];
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + (le ? i : length - 1 - i)] & 0xFF;
            w[i >>> 3] |= ((long) b) << ((i & 7) * 8);
        }
        return new BitVector(width, w);
    }

    /** @return the width in bits */
    public int width() {
        return width;
    }

    /**
     * Reads one 64-bit word.
     *
     * @param index 0 for bits 0..63, 1 for bits 64..127, ...
     * @return the word
     */
    public long word(int index) {
        if (index < 0 || index >= words.length) { // the message only on failure: word() is on the explorer's hot path
            Checks.range("word index of a " + width + "-bit vector", index, 0, words.length - 1);
        }
        return words[index];
    }

    /** @return the number of 64-bit words */
    public int wordCount() {
        return words.length;
    }

    long[] words() {
        return words;
    }

    /** @return the words, least significant first (a copy) */
    public long[] toWords() {
        return words.clone();
    }

    /**
     * The value as a {@code long}.
     *
     * @return the value
     * @throws IllegalStateException if the vector is wider than 64 bits and has bits set above bit 63
     */
    public long toLong() {
        for (int i = 1; i < words.length; i++) {
            if (words[i] != 0) {
                throw new IllegalStateException("Value " + this + " does not fit in 64 bits");
            }
        }
        return words[0];
    }

    /**
     * Tests one bit.
     *
     * @param bit LSB-0 bit number, 0 to width-1
     * @return whether it is set
     */
    public boolean bit(int bit) {
        if (bit < 0 || bit >= width) {
            Checks.range("bit number of a " + width + "-bit vector", bit, 0, width - 1);
        }
        return ((words[bit >>> 6] >>> (bit & 63)) & 1) != 0;
    }

    /** @return whether every bit is zero */
    public boolean isZero() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Extracts a bit range.
     *
     * @param lsb   the LSB-0 number of the range's lowest bit
     * @param count the number of bits, at least 1; {@code lsb + count} at most the width
     * @return a {@code count}-bit vector
     */
    public BitVector slice(int lsb, int count) {
        checkRange(lsb, count);
        long[] out = new long[wordsFor(count)];
        extract(words, lsb, count, out);
        return new BitVector(count, out);
    }

    /**
     * Replaces a bit range.
     *
     * @param lsb   the LSB-0 number of the lowest bit replaced
     * @param value the new bits; its width is the range's width
     * @return a vector of the same width; this instance if nothing changed
     */
    public BitVector withSlice(int lsb, BitVector value) {
        Objects.requireNonNull(value, "value");
        checkRange(lsb, value.width);
        long[] out = words.clone();
        insert(out, lsb, value.width, value.words);
        return Arrays.equals(out, words) ? this : new BitVector(width, out);
    }

    private void checkRange(int lsb, int count) {
        if (lsb < 0 || count < 1 || lsb > width - count) {
            throw new IllegalArgumentException("Bit range " + lsb + ".." + (lsb + count - 1L)
                    + " is outside a " + width + "-bit vector (valid bits 0 - " + (width - 1) + ")");
        }
    }

    static void extract(long[] src, int lsb, int count, long[] dst) {
        for (int i = 0; i < count; i += 64) {
            int n = Math.min(64, count - i);
            dst[i >>> 6] = bits(src, lsb + i, n);
        }
    }

    static long bits(long[] src, int from, int n) {
        int wi = from >>> 6;
        int sh = from & 63;
        long v = src[wi] >>> sh;
        if (sh != 0 && sh + n > 64 && wi + 1 < src.length) {
            v |= src[wi + 1] << (64 - sh);
        }
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    static void insert(long[] dst, int lsb, int count, long[] src) {
        for (int i = 0; i < count; i += 64) {
            int n = Math.min(64, count - i);
            putBits(dst, lsb + i, n, src[i >>> 6]);
        }
    }

    static void putBits(long[] dst, int from, int n, long value) {
        long mask = n == 64 ? -1L : (1L << n) - 1;
        value &= mask;
        int wi = from >>> 6;
        int sh = from & 63;
        dst[wi] = (dst[wi] & ~(mask << sh)) | (value << sh);
        if (sh != 0 && sh + n > 64) {
            int hi = 64 - sh;
            long m2 = mask >>> hi;
            dst[wi + 1] = (dst[wi + 1] & ~m2) | (value >>> hi);
        }
    }

    private static void maskTop(int width, long[] w) {
        if ((width & 63) != 0) {
            w[w.length - 1] &= (1L << (width & 63)) - 1;
        }
    }

    /**
     * Bitwise OR with a vector of the same width.
     *
     * @param other the other vector
     * @return the result
     */
    public BitVector or(BitVector other) {
        long[] o = sameWidth(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= o[i];
        }
        return new BitVector(width, out);
    }

    /**
     * Bitwise AND with a vector of the same width.
     *
     * @param other the other vector
     * @return the result
     */
    public BitVector and(BitVector other) {
        long[] o = sameWidth(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] &= o[i];
        }
        return new BitVector(width, out);
    }

    /**
     * Bitwise XOR with a vector of the same width.
     *
     * @param other the other vector
     * @return the result
     */
    public BitVector xor(BitVector other) {
        long[] o = sameWidth(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= o[i];
        }
        return new BitVector(width, out);
    }

    private long[] sameWidth(BitVector other) {
        Objects.requireNonNull(other, "other");
        if (other.width != width) {
            throw new IllegalArgumentException("Cannot combine a " + width + "-bit vector with a " + other.width + "-bit vector");
        }
        return other.words;
    }

    /**
     * Writes the vector as bytes.
     *
     * @param order little-endian: bits 0..7 first; big-endian: most significant byte first
     * @return {@code ceil(width / 8)} bytes (a new array)
     */
    public byte[] toBytes(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        int n = (width + 7) / 8;
        byte[] out = new byte[n];
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < n; i++) {
            byte b = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
            out[le ? i : n - 1 - i] = b;
        }
        return out;
    }

    /**
     * Renders the value as hex with separators, e.g. {@code 0x0000_0000_8200_4000}.
     *
     * @return the text; {@link #parse(String)} reads it back
     */
    @Override
    public String toString() {
        int digits = (width + 3) / 4;
        StringBuilder sb = new StringBuilder(2 + digits + digits / 4);
        sb.append("0x");
        for (int d = digits - 1; d >= 0; d--) {
            int bit = d * 4;
            int v = (int) ((words[bit >>> 6] >>> (bit & 63)) & 0xF);
            sb.append(Character.forDigit(v, 16));
            if (d > 0 && d % 4 == 0) {
                sb.append('_');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitVector b && b.width == width && Arrays.equals(b.words, words);
    }

    @Override
    public int hashCode() {
        long h = width;
        for (int i = 0; i < words.length; i++) {
            h += Hashing.term(i, words[i]);
        }
        return Hashing.fold(h);
    }
}

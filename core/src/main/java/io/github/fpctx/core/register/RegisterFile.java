package io.github.fpctx.core.register;

import java.util.Objects;

import io.github.fpctx.core.internal.Hashing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one {@link RegisterLayout}: an immutable register file.
 *
 * <pre>{@code
 * RegisterFile f = layout.zeroFile().with("vs0", BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000"));
 * BitVector fr0 = f.get("fr0");                    // doubleword 0 of vs0
 * RegisterFile g = f.with("fr0", BitVector.zero(64)); // changes only bits 64..127 of vs0
 * List<RegisterDiff> d = f.diff(g);                // [vs0: 0x0000_..._4000 -> 0x0000_..._4000]
 * }</pre>
 *
 * <p>Storage is a few {@code long[]} chunks of {@value #CHUNK_WORDS} words (never exposed): a write copies
 * only the small array of chunk references and the chunks it touches, so its cost does not grow with the
 * file, and unchanged chunks are shared between versions. The hash is maintained incrementally on every
 * write, so {@link #hashCode()} and {@link #fingerprint()} cost a field read.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class RegisterFile {
    /** Words per storage chunk. */
    static final int CHUNK_WORDS = 16;
    private static final int SHIFT = 4;
    private static final int MASK = CHUNK_WORDS - 1;

    private final RegisterLayout layout;
    private final long[][] chunks;
    private final long hash;

    private RegisterFile(RegisterLayout layout, long[][] chunks, long hash) {
        this.layout = layout;
        this.chunks = chunks;
        this.hash = hash;
    }

    static RegisterFile zeroOf(RegisterLayout layout) {
        int words = layout.storageWords();
        int n = (words + MASK) >>> SHIFT;
        long[][] c = new long[n][];
        long h = 0;
        for (int i = 0; i < n; i++) {
            c[i] = new long[Math.min(CHUNK_WORDS, words - i * CHUNK_WORDS)];
        }
        for (int w = 0; w < words; w++) {
            h += Hashing.term(w, 0);
        }
        return new RegisterFile(layout, c, h);
    }

    /** @return the layout of this file */
    public RegisterLayout layout() {
        return layout;
    }

    /**
     * Reads a register or view.
     *
     * @param name a name the layout knows
     * @return its value
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public BitVector get(String name) {
        return get(layout.register(name));
    }

    /**
     * Reads a register or view through its handle.
     *
     * @param r a register of this file's layout
     * @return its value
     */
    public BitVector get(Register r) {
        int width = r.width();
        long[] out = new long[BitVector.wordsFor(width)];
        int base = r.bitOffset();
        for (int i = 0; i < width; i += 64) {
            int n = Math.min(64, width - i);
            out[i >>> 6] = bits(base + i, n);
        }
        return BitVector.wrap(width, out);
    }

    /**
     * Reads up to 64 bits of a register as a {@code long}.
     *
     * @param r a register of this file's layout, at most 64 bits wide
     * @return its value, zero-extended
     */
    public long getLong(Register r) {
        if (r.width() > 64) {
            throw new IllegalArgumentException("Register " + r.name() + " is " + r.width() + " bits wide; getLong reads at most 64");
        }
        return bits(r.bitOffset(), r.width());
    }

    private long word(int w) {
        return chunks[w >>> SHIFT][w & MASK];
    }

    private long bits(int from, int n) {
        int wi = from >>> 6;
        int sh = from & 63;
        long v = word(wi) >>> sh;
        if (sh != 0 && sh + n > 64) {
            v |= word(wi + 1) << (64 - sh);
        }
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    /**
     * Writes a register or view and applies the write's declared side effect, if any.
     *
     * @param name  a name the layout knows
     * @param value a value exactly as wide as the register
     * @return the new file; this instance if nothing changed
     * @throws IllegalArgumentException for an unknown register or a value of the wrong width
     */
    public RegisterFile with(String name, BitVector value) {
        return with(layout.register(name), value);
    }

    /**
     * Writes a register or view through its handle and applies the write's side effect, if any.
     *
     * @param r     a register of this file's layout
     * @param value a value exactly as wide as the register
     * @return the new file; this instance if nothing changed
     */
    public RegisterFile with(Register r, BitVector value) {
        RegisterFile f = withoutEffects(r, value);
        WriteEffect e = r.effectOrNull();
        if (e == null) {
            return f;
        }
        RegisterFile out = e.apply(this, f, r, value);
        if (out == null) {
            // the message is built only here: a write is on the exploration hot path
            throw new NullPointerException("result of the write effect of " + r.name());
        }
        return out;
    }

    /**
     * Writes up to 64 bits of a register from a {@code long}, applying the write's side effect.
     *
     * @param r     a register of this file's layout, at most 64 bits wide
     * @param value the value; must fit the register's width
     * @return the new file; this instance if nothing changed
     */
    public RegisterFile withLong(Register r, long value) {
        checkOwn(r);
        if (r.effectOrNull() != null || r.width() > 64 || (r.width() < 64 && (value >>> r.width()) != 0)) {
            return with(r, BitVector.of(r.width(), value)); // the checks and messages of the general path
        }
        return putBits(r.bitOffset(), r.width(), value);
    }

    // Writes n <= 64 bits at an absolute bit offset; no effects, no checks (callers have done them).
    private RegisterFile putBits(int from, int n, long v) {
        int wi = from >>> 6;
        int sh = from & 63;
        long mask = n == 64 ? -1L : (1L << n) - 1;
        long[][] nc = null;
        long h = hash;
        long oldW = chunks[wi >>> SHIFT][wi & MASK];
        long newW = (oldW & ~(mask << sh)) | ((v & mask) << sh);
        if (newW != oldW) {
            nc = ensure(null, wi);
            nc[wi >>> SHIFT][wi & MASK] = newW;
            h += Hashing.term(wi, newW) - Hashing.term(wi, oldW);
        }
        if (sh != 0 && sh + n > 64) {
            int w2 = wi + 1;
            int hi = 64 - sh;
            long m2 = mask >>> hi;
            long old2 = (nc == null ? chunks : nc)[w2 >>> SHIFT][w2 & MASK];
            long new2 = (old2 & ~m2) | ((v & mask) >>> hi);
            if (new2 != old2) {
                nc = ensure(nc, w2);
                nc[w2 >>> SHIFT][w2 & MASK] = new2;
                h += Hashing.term(w2, new2) - Hashing.term(w2, old2);
            }
        }
        return nc == null ? this : new RegisterFile(layout, nc, h);
    }

    /**
     * Writes a register or view without running its declared side effect: only its own bits change.
     *
     * @param r     a register of this file's layout
     * @param value a value exactly as wide as the register
     * @return the new file; this instance if nothing changed
     */
    public RegisterFile withoutEffects(Register r, BitVector value) {
        checkOwn(r);
        r.check(value);
        int width = r.width();
        int base = r.bitOffset();
        long[] src = value.words();
        long[][] nc = null;
        long h = hash;
        for (int i = 0; i < width; i += 64) {
            int n = Math.min(64, width - i);
            int from = base + i;
            int wi = from >>> 6;
            int sh = from & 63;
            long mask = n == 64 ? -1L : (1L << n) - 1;
            long v = src[i >>> 6] & mask;
            // low part in word wi
            long oldW = (nc == null ? chunks : nc)[wi >>> SHIFT][wi & MASK];
            long newW = (oldW & ~(mask << sh)) | (v << sh);
            if (newW != oldW) {
                nc = ensure(nc, wi);
                nc[wi >>> SHIFT][wi & MASK] = newW;
                h += Hashing.term(wi, newW) - Hashing.term(wi, oldW);
            }
            if (sh != 0 && sh + n > 64) {
                int w2 = wi + 1;
                int hi = 64 - sh;
                long m2 = mask >>> hi;
                long old2 = (nc == null ? chunks : nc)[w2 >>> SHIFT][w2 & MASK];
                long new2 = (old2 & ~m2) | (v >>> hi);
                if (new2 != old2) {
                    nc = ensure(nc, w2);
                    nc[w2 >>> SHIFT][w2 & MASK] = new2;
                    h += Hashing.term(w2, new2) - Hashing.term(w2, old2);
                }
            }
        }
        return nc == null ? this : new RegisterFile(layout, nc, h);
    }

    /**
     * Whether a register or view holds a value, without building a {@link BitVector} (for the explorer's symmetry
     * reduction, which classifies register files on the hot path).
     *
     * @param r     a register of this file's layout
     * @param value a value exactly as wide as the register
     * @return whether {@code get(r).equals(value)}
     */
    public boolean holds(Register r, BitVector value) {
        checkOwn(r);
        r.check(value);
        int width = r.width();
        int base = r.bitOffset();
        for (int i = 0; i < width; i += 64) {
            if (bits(base + i, Math.min(64, width - i)) != value.word(i >>> 6)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@link #fingerprint()} this file would have if a register or view held {@code value} (written without
     * its side effect, as {@link #withoutEffects} writes), computed without building that file.
     *
     * @param r     a register of this file's layout
     * @param value a value exactly as wide as the register
     * @return {@code withoutEffects(r, value).fingerprint()}
     */
    public long fingerprintWith(Register r, BitVector value) {
        checkOwn(r);
        r.check(value);
        int width = r.width();
        int base = r.bitOffset();
        long h = hash;
        int pendingWord = -1;
        long pendingOld = 0;
        long pendingNew = 0;
        for (int i = 0; i < width; i += 64) {
            int n = Math.min(64, width - i);
            int from = base + i;
            long mask = n == 64 ? -1L : (1L << n) - 1;
            long v = value.word(i >>> 6) & mask;
            int sh = from & 63;
            int wi = from >>> 6;
            // a register spans words wi (and wi + 1 if unaligned); consecutive pieces share a word, so changes to one
            // word are accumulated before its hash term is replaced
            for (int part = 0; part < 2; part++) {
                int w = wi + part;
                long m;
                long bitsIn;
                if (part == 0) {
                    m = mask << sh;
                    bitsIn = v << sh;
                } else {
                    if (sh == 0 || sh + n <= 64) {
                        break;
                    }
                    m = mask >>> (64 - sh);
                    bitsIn = v >>> (64 - sh);
                }
                if (w != pendingWord) {
                    if (pendingWord >= 0 && pendingNew != pendingOld) {
                        h += Hashing.term(pendingWord, pendingNew) - Hashing.term(pendingWord, pendingOld);
                    }
                    pendingWord = w;
                    pendingOld = word(w);
                    pendingNew = pendingOld;
                }
                pendingNew = (pendingNew & ~m) | bitsIn;
            }
        }
        if (pendingWord >= 0 && pendingNew != pendingOld) {
            h += Hashing.term(pendingWord, pendingNew) - Hashing.term(pendingWord, pendingOld);
        }
        return h;
    }

    private long[][] ensure(long[][] nc, int word) {
        int ci = word >>> SHIFT;
        if (nc == null) {
            nc = chunks.clone();
        }
        if (nc[ci] == chunks[ci]) {
            nc[ci] = chunks[ci].clone();
        }
        return nc;
    }

    private void checkOwn(Register r) {
        Objects.requireNonNull(r, "register");
        if (r.owner() != layout) {
            throw new IllegalArgumentException("Register " + r.name() + " does not belong to layout " + layout.name());
        }
    }

    /**
     * Writes several registers at once. Every name and width is checked before anything is written, so a bad
     * entry leaves no partial result. Writes are applied in the map's iteration order.
     *
     * @param values register names to values
     * @return the new file; this instance if nothing changed
     */
    public RegisterFile withAll(Map<String, BitVector> values) {
        Objects.requireNonNull(values, "values");
        List<Register> regs = new ArrayList<>(values.size());
        for (Map.Entry<String, BitVector> e : values.entrySet()) {
            Register r = layout.register(e.getKey());
            BitVector v = r.check(Objects.requireNonNull(e.getValue(), "value of " + e.getKey()));
            regs.add(r);
        }
        RegisterFile f = this;
        int i = 0;
        for (BitVector v : values.values()) {
            f = f.with(regs.get(i++), v);
        }
        return f;
    }

    /**
     * Lists each backing register whose value differs from {@code other}'s.
     *
     * @param other a file of the same layout
     * @return the differences, in layout order, with this file's value as {@code before}
     */
    public List<RegisterDiff> diff(RegisterFile other) {
        Objects.requireNonNull(other, "other");
        if (!other.layout.equals(layout)) {
            throw new IllegalArgumentException("Cannot diff a " + layout.name() + " register file against a "
                    + other.layout.name() + " one");
        }
        List<RegisterDiff> out = new ArrayList<>();
        if (other == this || (other.hash == hash && sameWords(other))) {
            return out;
        }
        for (Register r : layout.registers()) {
            int w0 = r.bitOffset() >>> 6;
            int n = BitVector.wordsFor(r.width());
            boolean differs = false;
            for (int w = w0; w < w0 + n; w++) {
                if (chunks[w >>> SHIFT] == other.chunks[w >>> SHIFT]) {
                    w |= MASK; // the rest of this chunk is shared: skip to its last word
                    continue;
                }
                if (word(w) != other.word(w)) {
                    differs = true;
                    break;
                }
            }
            if (differs) {
                out.add(new RegisterDiff(r.name(), get(r), other.get(r)));
            }
        }
        return out;
    }

    /** @return the backing registers' values by name, in layout order */
    public Map<String, BitVector> toMap() {
        Map<String, BitVector> m = new LinkedHashMap<>();
        for (Register r : layout.registers()) {
            m.put(r.name(), get(r));
        }
        return m;
    }

    /**
     * A 64-bit fingerprint of the contents, maintained incrementally (reading it is a field load). Equal files
     * have equal fingerprints; different files collide with probability about 2<sup>-64</sup>.
     *
     * @return the fingerprint
     */
    public long fingerprint() {
        return hash;
    }

    private boolean sameWords(RegisterFile o) {
        for (int i = 0; i < chunks.length; i++) {
            if (chunks[i] != o.chunks[i] && !Arrays.equals(chunks[i], o.chunks[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof RegisterFile f && f.hash == hash && f.layout.equals(layout) && sameWords(f);
    }

    @Override
    public int hashCode() {
        return Hashing.fold(hash);
    }

    /** @return the non-zero backing registers, e.g. {@code ppc64{vs0=0x..., fpscr=0x...}} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(layout.name()).append('{');
        boolean first = true;
        for (Register r : layout.registers()) {
            BitVector v = get(r);
            if (!v.isZero()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(r.name()).append('=').append(v);
            }
        }
        return sb.append('}').toString();
    }
}

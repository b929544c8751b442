package io.github.fpctx.core.internal;

/**
 * An open-addressing hash set of {@code long}s (linear probing, load factor at most 1/2), the explorer's
 * fingerprint table: 8 bytes per slot, 16-32 bytes per element, no boxing. The value 0 is stored out of line.
 * Not thread-safe.
 */
public final class LongSet {
    private long[] table;
    private int mask;
    private long size;
    private boolean hasZero;

    /**
     * @param expected the expected number of elements (the table grows past it)
     */
    public LongSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
        table = new long[cap];
        mask = cap - 1;
    }

    /**
     * Adds a value.
     *
     * @param v the value
     * @return whether it was new
     */
    public boolean add(long v) {
        if (v == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        int i = mix(v) & mask;
        while (true) {
            long t = table[i];
            if (t == 0) {
                table[i] = v;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            if (t == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * @param v a value
     * @return whether it is in the set
     */
    public boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        int i = mix(v) & mask;
        while (true) {
            long t = table[i];
            if (t == 0) {
                return false;
            }
            if (t == v) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** @return the number of elements */
    public long size() {
        return size;
    }

    /** @return the bytes the table occupies (its slot array) */
    public long tableBytes() {
        return 8L * table.length;
    }

    private static int mix(long v) {
        long h = v * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        if (table.length >= 1 << 30) {
            throw new IllegalStateException("Fingerprint table full: more than 2^29 distinct states; use a smaller world or bound");
        }
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = mix(v) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
            }
        }
    }
}

package io.github.fpctx.core.internal;

import java.util.Arrays;

/**
 * A growable {@code int} array (the explorer's parent and action columns). Not thread-safe.
 */
public final class IntList {
    private int[] data = new int[1024];
    private int size;

    /**
     * @param v the value to append
     */
    public void add(int v) {
        if (size == data.length) {
            if (data.length >= Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("Explorer state index overflow: more than 2^30 states stored");
            }
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    /**
     * @param i an index below {@link #size()}
     * @return the value there
     */
    public int get(int i) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("Invalid index (valid values 0 - " + (size - 1) + "): " + i);
        }
        return data[i];
    }

    /** @return the number of values */
    public int size() {
        return size;
    }

    /** @return bytes of the backing array */
    public long bytes() {
        return 4L * data.length;
    }
}

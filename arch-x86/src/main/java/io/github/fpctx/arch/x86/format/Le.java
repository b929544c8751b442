package io.github.fpctx.arch.x86.format;

/** Little-endian integer access (x86 state images are always little-endian); callers check bounds. */
final class Le {
    private Le() {
    }

    static long get(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void put(byte[] b, int off, long value, int size) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }
}

package io.github.fpctx.core.elf;

import java.nio.ByteOrder;

/** Byte-order aware integer access to byte arrays; callers check bounds first. */
final class Bytes {
    private Bytes() {
    }

    static int getShort(byte[] b, int off, ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN
                ? (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8
                : (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static int getInt(byte[] b, int off, ByteOrder order) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? off + 3 - i : off + i;
            v = (v << 8) | (b[idx] & 0xFF);
        }
        return v;
    }

    static long getLong(byte[] b, int off, ByteOrder order) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? off + 7 - i : off + i;
            v = (v << 8) | (b[idx] & 0xFF);
        }
        return v;
    }

    static void put(byte[] b, int off, long value, int size, ByteOrder order) {
        for (int i = 0; i < size; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? off + i : off + size - 1 - i;
            b[idx] = (byte) (value >>> (8 * i));
        }
    }

    static void putInt(byte[] b, int off, int value, ByteOrder order) {
        put(b, off, value & 0xFFFF_FFFFL, 4, order);
    }
}

package io.github.fpctx.core.internal;

/**
 * 64-bit mixing functions for the incremental hashes of register files and machine states.
 *
 * <p>A register file's hash is the sum over its words of {@code mix(index, word)}; a sum can be updated
 * in O(1) when one word changes (subtract the old term, add the new one), which is what keeps
 * {@code hashCode()} cheap however large the file is.
 */
public final class Hashing {
    private Hashing() {
    }

    /**
     * The SplitMix64/Murmur3 finaliser.
     *
     * @param z any value
     * @return a well-mixed 64-bit value
     */
    public static long fmix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * The term that word {@code index} with value {@code word} contributes to a file hash.
     *
     * @param index the word's index
     * @param word  its value
     * @return the term
     */
    public static long term(int index, long word) {
        return fmix(word * 0x9E3779B97F4A7C15L + (index + 1) * 0xD1B54A32D192ED03L);
    }

    /**
     * Combines an accumulated hash with another value, order-sensitively.
     *
     * @param h the accumulated hash
     * @param v the next value
     * @return the combined hash
     */
    public static long combine(long h, long v) {
        return fmix(h * 31 + v + 0x632BE59BD9B4E019L);
    }

    /**
     * Folds a 64-bit hash into an {@code int}.
     *
     * @param h the 64-bit hash
     * @return the folded hash
     */
    public static int fold(long h) {
        return (int) (h ^ (h >>> 32));
    }
}

package io.github.fpctx.core.explore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReductionMemoTest {
    @Test
    void givesBackWhatWasStoredForTheSameKeyOnly() {
        ReductionMemo memo = new ReductionMemo();
        long key = 0x1234_5678_9abc_def1L;
        assertFalse(memo.has(key));
        memo.put(key, 42L, 6L);
        assertTrue(memo.has(key));
        assertEquals(42L, memo.fingerprint(key));
        assertEquals(6L, memo.size(key));
        assertFalse(memo.has(key + 1), "another key is not a hit");
        assertEquals(1, memo.hits());
    }

    @Test
    void aKeyOfTheSameSlotReplacesTheOldOne() {
        ReductionMemo memo = new ReductionMemo();
        long a = 7L;
        long b = a + (1L << ReductionMemo.BITS); // same low bits, so the same slot
        memo.put(a, 1L, 1L);
        memo.put(b, 2L, 2L);
        assertFalse(memo.has(a));
        assertTrue(memo.has(b));
        assertEquals(2L, memo.fingerprint(b));
    }

    @Test
    void zeroIsNeverAHit() {
        ReductionMemo memo = new ReductionMemo();
        assertFalse(memo.has(0L), "an empty slot holds key 0");
    }

    @Test
    void aWorkerKeepsOneMemo() throws InterruptedException {
        ReductionMemo[] seen = new ReductionMemo[2];
        ReductionMemo.Worker w = new ReductionMemo.Worker(() -> {
            ReductionMemo.Worker self = (ReductionMemo.Worker) Thread.currentThread();
            seen[0] = self.memo();
            seen[1] = self.memo();
        });
        assertTrue(w.isDaemon());
        w.start();
        w.join();
        assertSame(seen[0], seen[1]);
    }
}

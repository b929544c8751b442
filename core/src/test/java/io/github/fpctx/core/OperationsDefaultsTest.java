package io.github.fpctx.core;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Operations}' optional events refuse, naming the task and the alternative, where an architecture has none. */
class OperationsDefaultsTest {
    final Operations ops = new ToyArchitecture().operations();

    @Test
    void signalFramesAreRefusedWhereNotModelled() {
        String expected = "This architecture does not model signal frames (task 'a'); use signal(task), which delivers,"
                + " runs the handler and returns in one step";
        assertEquals(expected, assertThrows(UnsupportedOperationException.class, () -> ops.signalDelivery("a")).getMessage());
        assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                () -> ops.signalFrameWrite("a", "f0", BitVector.zero(64))).getMessage());
        assertEquals(expected, assertThrows(UnsupportedOperationException.class, () -> ops.sigreturn("a")).getMessage());
    }

    @Test
    void threadCreationIsRefusedWhereNotModelled() {
        assertEquals("This architecture does not model clone(CLONE_THREAD) (task 'a', new thread 'w'); use fork(task,"
                        + " child) or an architecture-specific path",
                assertThrows(UnsupportedOperationException.class, () -> ops.cloneThread("a", "w")).getMessage());
    }
}

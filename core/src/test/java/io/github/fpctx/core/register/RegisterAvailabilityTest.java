package io.github.fpctx.core.register;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterAvailabilityTest {
    static final RegisterLayout L = RegisterLayout.builder("avail")
            .register("z0", 512).view("x0", "z0", 0, 128).view("y0", "z0", 0, 256).view("y0h", "z0", 128, 128)
            .register("ctl", 32).alias("control", "ctl").build();

    @Test
    void aNameIsAvailableWhenEveryBitIsCovered() {
        RegisterAvailability a = RegisterAvailability.builder(L).present("x0").present("ctl").build();
        assertTrue(a.isAvailable("x0"));
        assertTrue(a.isAvailable("control"), "aliases follow their target");
        assertFalse(a.isAvailable("y0"), "bits 128..255 are not covered");
        assertFalse(a.isAvailable("z0"));
        assertEquals(List.of("z0", "y0", "y0h"), a.unavailable());
        assertFalse(a.isComplete());
        RegisterAvailability more = RegisterAvailability.builder(L).present("x0").present("y0h").present("ctl").build();
        assertTrue(more.isAvailable("y0"));
        assertFalse(more.isAvailable("z0"));
        assertTrue(RegisterAvailability.all(L).isComplete());
        assertEquals(5, RegisterAvailability.none(L).unavailable().size());
        assertEquals(RegisterAvailability.all(L), RegisterAvailability.builder(L).present("z0").present("ctl").build());
    }

    @Test
    void refusesForeignRegistersAndUnknownNames() {
        RegisterLayout other = RegisterLayout.builder("other").register("z0", 512).build();
        RegisterAvailability a = RegisterAvailability.none(L);
        assertThrows(IllegalArgumentException.class, () -> a.isAvailable(other.register("z0")));
        assertThrows(IllegalArgumentException.class, () -> a.isAvailable("nope"));
        assertThrows(IllegalArgumentException.class, () -> RegisterAvailability.builder(L).present(other.register("z0")));
        assertThrows(NullPointerException.class, () -> RegisterAvailability.builder(null));
    }
}

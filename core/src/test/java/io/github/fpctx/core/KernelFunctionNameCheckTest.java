package io.github.fpctx.core;

import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Kernel function names are checked once per string instance: a blank one is refused every time, whatever ran before. */
class KernelFunctionNameCheckTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    void run(Consumer<KernelContext> body) {
        toy.engine().step(toy.machines().newMachine(MachineSpec.builder().cpus(1).userTask("t", 0).build()),
                Action.of("test", s -> true, ctx -> {
                    ctx.onCpu(0);
                    body.accept(ctx);
                }), 1);
    }

    @Test
    void aBlankFunctionNameIsRefusedEvenAfterValidNamesFilledTheTable() {
        for (int i = 0; i < 2000; i++) {
            String f = "fn_" + i;
            run(ctx -> ctx.call(f, () -> { }));
        }
        for (String bad : new String[] {"", " ", new String(" ")}) {
            for (int k = 0; k < 2; k++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(ctx -> ctx.call(bad, () -> { })));
                assertEquals("Kernel function must be a non-blank name; got '" + bad + "'", e.getMessage());
            }
        }
        assertEquals("Kernel function must be a non-blank name; got null", assertThrows(IllegalArgumentException.class,
                () -> run(ctx -> ctx.call((String) null, () -> { }))).getMessage());
    }
}

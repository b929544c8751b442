package io.github.fpctx.core.spi;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.CallNode;
import io.github.fpctx.core.KernelContext;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.NoExtension;
import io.github.fpctx.core.state.Source;
import io.github.fpctx.core.state.StateChange;
import io.github.fpctx.core.state.TaskExtension;
import io.github.fpctx.core.state.TaskMode;
import io.github.fpctx.core.toy.ToyArchitecture;
import io.github.fpctx.core.toy.ToyArchitecture.ToyCpu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-step kernel base: typed accessors over the context's current state, writes attributed by the engine. */
class KernelModelTest {
    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);

    /** The toy's kernel in the plugin shape. */
    static final class ToyKernel extends KernelModel<ToyCpu, NoExtension, NoExtension> {
        ToyKernel(KernelContext ctx) {
            super(ctx, ToyCpu.class, NoExtension.class, NoExtension.class);
        }

        /** A save that clobbers nothing: the live registers into the task's save area. */
        void save(String task, int cpu) {
            ctx.call("save_fp", () -> setSaved(task, live(cpu), Source.live(cpu)));
        }
    }

    /** A per-task type the toy does not declare. */
    record Other() implements TaskExtension {
    }

    MachineState world() {
        return toy.machines().newMachine(MachineSpec.builder().cpus(2).userTask("t", 0).kernelThread("kt", 1).build());
    }

    Step run(Consumer<ToyKernel> body) {
        return toy.engine().tryStep(world(), Action.of("test", s -> true, ctx -> {
            ctx.onCpu(0);
            body.accept(new ToyKernel(ctx));
        }), 1, true)
                .orElseThrow();
    }

    @Test
    void readsFollowTheStateTheStepBuilds() {
        run(k -> {
            assertSame(k.context().state(), k.state());
            assertEquals("t", k.current(0));
            assertEquals(0, k.cpuOf("t"));
            assertTrue(k.isUser("t"));
            assertFalse(k.isUser("kt"));
            assertEquals(3, k.nextPid());
            assertSame(NoExtension.INSTANCE, k.taskExt("t"));
            assertSame(NoExtension.INSTANCE, k.machineExt());
            k.setCpuExt(1, new ToyCpu(Optional.of("t")));
            assertEquals(new ToyCpu(Optional.of("t")), k.cpuExt(1));
            k.setMode("t", TaskMode.KERNEL);
            assertEquals(TaskMode.KERNEL, k.task("t").mode());
            BitVector v = BitVector.ofWords(128, 0L, 7L);
            k.setLive(0, k.live(0).with("v0", v), Source.userSpace("t"));
            assertEquals(v, k.state().cpu(0).live().get("v0"));
            k.save("t", 0);
            assertEquals(v, k.saved("t").get("v0"));
        });
    }

    @Test
    void registerWritesAreAttributedToTheKernelFunctionWithTheirSource() {
        Step s = run(k -> {
            k.setLive(0, k.live(0).with("v0", BitVector.ofWords(128, 0L, 5L)), Source.userSpace("t"));
            k.save("t", 0);
        });
        CallNode save = s.calls().children().get(0);
        assertEquals("save_fp", save.function());
        StateChange saved = save.changes().get(0);
        assertEquals(Source.live(0), saved.source());
        assertEquals(List.of("test", "save_fp"), s.calls().pathToChange(saved));
        assertEquals(BitVector.ofWords(128, 0L, 5L), s.after().task("t").saved().get("v0"));
    }

    @Test
    void wrongTypesAndIdleCpusAreRefused() {
        run(k -> {
            k.context().update(k.state().withIdle(1));
            IllegalStateException idle = assertThrows(IllegalStateException.class, () -> k.current(1));
            assertEquals("CPU 1 is idle", idle.getMessage());
        });
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> run(k -> new KernelModel<ToyCpu, Other, NoExtension>(k.context(), ToyCpu.class, null, NoExtension.class) { }));
        assertEquals("taskType", npe.getMessage());
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> run(k ->
                new KernelModel<ToyCpu, Other, NoExtension>(k.context(), ToyCpu.class, Other.class, NoExtension.class) { }
                        .taskExt("t")));
        assertTrue(wrong.getMessage().startsWith("Task 't' has arch state of type " + NoExtension.class.getName()),
                wrong.getMessage());
    }
}

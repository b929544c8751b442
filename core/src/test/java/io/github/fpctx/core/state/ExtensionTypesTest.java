package io.github.fpctx.core.state;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.toy.ToyArchitecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExtensionTypesTest {
    record OtherTask(int x) implements TaskExtension {
    }

    record Wide(int x) implements MachineExtension {
    }

    /** The toy declaring a per-task type it does not build: the engine names both types. */
    static final class Misdeclared extends io.github.fpctx.core.ForwardingProvider {
        Misdeclared() {
            super(new ToyArchitecture());
        }

        @Override
        public ExtensionTypes extensionTypes() {
            return ExtensionTypes.of(ToyArchitecture.ToyCpu.class, OtherTask.class, NoExtension.class);
        }
    }

    final Architecture toy = Architectures.of(new ToyArchitecture()).all().get(0);
    final MachineSpec spec = MachineSpec.builder().cpus(1).userTask("t", 0).build();

    @Test
    void typedReadsReturnTheDeclaredRecords() {
        MachineState s = toy.machines().newMachine(spec);
        assertSame(NoExtension.INSTANCE, s.ext(NoExtension.class));
        assertEquals(ToyArchitecture.ToyCpu.class, s.cpu(0).ext(ToyArchitecture.ToyCpu.class).getClass());
        assertEquals("Machine of toy has machine-wide state of type " + NoExtension.class.getName() + ", not "
                + Wide.class.getName(), assertThrows(IllegalStateException.class, () -> s.ext(Wide.class)).getMessage());
        assertEquals("Task 't' has arch state of type " + NoExtension.class.getName() + ", not " + OtherTask.class.getName(),
                assertThrows(IllegalStateException.class, () -> s.task("t").ext(OtherTask.class)).getMessage());
    }

    @Test
    void noExtensionHashesTheSameInEveryRun() {
        assertEquals(0x4e6f4578, NoExtension.INSTANCE.hashCode());
        assertEquals("none", NoExtension.INSTANCE.toString());
    }

    @Test
    void aMachineOfUndeclaredTypesIsRefusedNamingBoth() {
        Architecture bad = Architectures.of(new Misdeclared()).all().get(0);
        assertEquals("toy built task 't' with per-task state of type " + NoExtension.class.getName() + "; it declares "
                + OtherTask.class.getName(), assertThrows(IllegalStateException.class, () -> bad.machines().newMachine(spec)).getMessage());
    }

    @Test
    void rejectsNullTypes() {
        assertEquals("task", assertThrows(NullPointerException.class,
                () -> ExtensionTypes.of(NoExtension.class, null, NoExtension.class)).getMessage());
    }
}

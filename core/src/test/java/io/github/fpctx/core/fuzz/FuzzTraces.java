package io.github.fpctx.core.fuzz;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.internal.TraceSession;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.TaskSpec;
import io.github.fpctx.core.toy.ToyArchitecture;

import java.nio.ByteOrder;
import java.util.List;

/** One toy trace (with a violation) and its description, shared by the packet fuzz target. */
final class FuzzTraces {
    private static final Architecture TOY = io.github.fpctx.core.Architectures.of(new ToyArchitecture()).all().get(0);
    private static final Trace TRACE = trace();
    private static final String RENDERED = TRACE.render();
    private static final GdbTargetDescription TARGET = GdbTargetDescription.builder(TOY.layout()).architecture("toy")
            .feature("io.github.fpctx.toy.core").unheld("pc", 64, "code_ptr", null).programCounter("pc")
            .feature("io.github.fpctx.toy.fp").register("v0", "uint128", null).register("ctl", 64, "uint64", null)
            .build();

    private FuzzTraces() {
    }

    private static Trace trace() {
        Operations ops = TOY.operations();
        MachineSpec spec = MachineSpec.builder().cpus(2).erratum(ToyArchitecture.LOST_SAVE)
                .task(TaskSpec.running("a", 0).withRegister("v0", BitVector.of(128, 5))).build();
        return TOY.engine().run(TOY.machines().newMachine(spec), List.of(ops.userWrite("a", "f0", BitVector.of(64, 7)), ops.preempt("a"),
                ops.resume("a", 1), ops.fork("a", "b")));
    }

    static TraceSession session() {
        return new TraceSession(TOY, TRACE, TARGET, ByteOrder.LITTLE_ENDIAN);
    }

    static boolean unchanged() {
        return TRACE.render().equals(RENDERED);
    }
}

package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import io.github.fpctx.core.Violation;

import java.util.List;

/** Shared test helpers. */
final class Ppc {
    static final Architectures REGISTRY = Architectures.load();
    static final Architecture PPC64 = REGISTRY.require("ppc64");
    static final Architecture PPC32 = REGISTRY.require("ppc32");

    private Ppc() {
    }

    static MachineState machine(Architecture arch, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(1).userTask("t", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return arch.machines().newMachine(b.build());
    }

    static MachineState machine(Architecture arch, KernelConfig config, String... errata) {
        MachineSpec.Builder b = MachineSpec.builder().cpus(1).config(config).userTask("t", 0);
        for (String e : errata) {
            b.erratum(e);
        }
        return arch.machines().newMachine(b.build());
    }

    static PowerPcThread thread(MachineState s, String task) {
        return s.task(task).ext(PowerPcThread.class);
    }

    static BitVector live(MachineState s, String task, String reg) {
        TaskState t = s.task(task);
        return s.cpu(t.cpu()).live().get(reg);
    }

    static List<String> ids(List<Violation> vs) {
        return vs.stream().map(Violation::invariant).distinct().toList();
    }

    static BitVector v128(String hex) {
        return BitVector.parse(hex, 128);
    }

    static BitVector v64(long x) {
        return BitVector.of(64, x);
    }
}

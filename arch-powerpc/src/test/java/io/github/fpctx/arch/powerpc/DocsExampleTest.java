package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.Trace;
import io.github.fpctx.core.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the usage example of docs/arch-powerpc.md compiling and true. */
class DocsExampleTest {
    @Test
    void usageExampleBehavesAsDocumented() {
        Architecture ppc = Architectures.load().require("ppc64");
        MachineState s = ppc.machines().newMachine(MachineSpec.builder()
                .erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
                .userTask("mariadbd", 0)
                .build());
        Trace t = ppc.engine().run(s, List.of(
                ppc.operations().userWrite("mariadbd", "fpscr", BitVector.of(64, 0x8200_4000L)),
                ppc.operations().userWrite("mariadbd", "vs0", BitVector.zero(128)),
                PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd")));
        Violation v = t.violations().get(0);
        assertEquals("[user-registers-intact] step 3, task 'mariadbd', CPU 0, vs0: Task 'mariadbd' runs in user mode on "
                + "CPU 0 with vs0 changed (expected 0x0000_0000_0000_0000_0000_0000_0000_0000, was "
                + "0x0000_0000_8200_4000_0000_0000_8200_4000)", v.toString());

        Architecture ppc32 = Architectures.load().require("ppc32");
        Trace fe = ppc32.engine().run(ppc32.machines().newMachine(MachineSpec.builder().erratum(PowerPcErrata.GIVEUP_FPU_KEEPS_FE01)
                        .userTask("t", 0).build()),
                List.of(PowerPcSteps.userWrite("t", "f0", BitVector.of(64, 1)),
                        ppc32.operations().preempt("t"), ppc32.operations().resume("t", 0),
                        PowerPcSteps.setFpexcMode("t", PowerPc.PR_FP_EXC_DISABLED),
                        PowerPcSteps.fpDivideByZero("t")));
        assertTrue(fe.violations().stream().anyMatch(x -> x.invariant().equals("ppc-sigfpe-matches-fpexc-mode")), fe.render());

        Trace c = Explorer.on(ppc, s).bound(ppc.erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).explorationBound()).run()
                .counterexample().orElseThrow();
        assertEquals("user-registers-intact", c.violations().get(0).invariant());
    }
}

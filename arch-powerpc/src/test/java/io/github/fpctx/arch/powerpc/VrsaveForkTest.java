package io.github.fpctx.arch.powerpc;

import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fork child's VRSAVE is the parent's {@code thread.vrsave} as {@code save_sprs} stored it at the parent's last
 * switch-out, not the live SPR: {@code arch_dup_task_struct} copies {@code thread_struct} after
 * {@code flush_all_to_thread}, whose {@code save_all} saves FP and VMX registers but not VRSAVE, and
 * {@code copy_thread} does not refresh it (it does refresh DSCR with {@code mfspr}). The strict syscall ABI leaves
 * VRSAVE out and says so.
 */
class VrsaveForkTest {
    static final BitVector V = BitVector.of(128, 0x1234);

    static Scenario forkAfterVrsaveWrite() {
        return Scenario.on("ppc64").cpus(2).strictSyscallAbi()
                .task("p", t -> t.onCpu(0))
                .userWrites("p", "vr0", V)
                .userWrites("p", "vrsave", 0x0000_00F0L)
                .fork("p", "c").resume("c", 1);
    }

    @Test
    void childGetsTheVrsaveSavedAtTheParentsLastSwitchOut() {
        ScenarioResult r = forkAfterVrsaveWrite().run();
        assertEquals(0, r.userView("c").get("vrsave").toLong(), r::render);
        assertEquals(0xF0, r.userView("p").get("vrsave").toLong());
        assertEquals(V, r.userView("c").get("vr0"));
        assertTrue(r.isClean(), r::render);
    }

    /**
     * The default ABI leaves VRSAVE out too: a register the syscall may change under the strict ABI may change under
     * the looser default one (the fixed kernel is clean here too, although VRSAVE is not function-call volatile).
     */
    @Test
    void theDefaultAbiToleratesTheStaleVrsaveOfAForkChildToo() {
        ScenarioResult r = Scenario.on("ppc64").cpus(2)
                .task("p", t -> t.onCpu(0))
                .userWrites("p", "vr0", V)
                .userWrites("p", "vrsave", 0x0000_00F0L)
                .fork("p", "c").resume("c", 1).run();
        assertEquals(0, r.userView("c").get("vrsave").toLong(), r::render);
        assertTrue(r.isClean(), r::render);
    }

    @Test
    void strictModeNamesTheRegistersItLeavesOut() {
        Scenario s = forkAfterVrsaveWrite();
        assertEquals(java.util.List.of("vrsave"), s.architecture().machines().strictSyscallAbiExceptions(s.initialState().config()));
        assertEquals(java.util.List.of("vrsave"), s.architecture().machines().syscallUncheckedRegisters(s.initialState().config()));
        io.github.fpctx.core.state.KernelConfig defaults = s.architecture().machines().newMachine(
                io.github.fpctx.core.state.MachineSpec.builder().cpus(1).userTask("t", 0).build()).config();
        java.util.List<String> unchecked = s.architecture().machines().syscallUncheckedRegisters(defaults);
        assertTrue(unchecked.contains("vrsave"), unchecked::toString);
        assertTrue(unchecked.containsAll(s.architecture().machines().abiVolatileRegisters(defaults)), unchecked::toString);
        assertEquals(java.util.List.of(), s.architecture().machines()
                .strictSyscallAbiExceptions(io.github.fpctx.core.state.KernelConfig.of(java.util.Set.of(), java.util.Set.of())));
    }
}

package io.github.fpctx.arch.x86;

import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.KernelEvent;
import io.github.fpctx.core.Step;
import io.github.fpctx.core.SyscallResult;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.state.KernelConfig;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.state.TaskState;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CONFIG_X86_DEBUG_FPU}'s {@code fpregs_assert_state_consistent} on the way back to user space, and
 * {@code arch_prctl(ARCH_REQ_XCOMP_PERM)} with and without dynamic features, with the XFD disarm that a permitted
 * first tile use makes.
 */
class X86DebugFpuAndXcompPermTest {
    static Architecture x86() {
        return Architectures.load().require("x86_64");
    }

    static MachineState machine(Architecture x86, KernelConfig config) {
        return x86.machines().newMachine(MachineSpec.builder().cpus(1).config(config).userTask("T", 0).build());
    }

    static boolean warnsInconsistent(Step st) {
        return st.events().stream().anyMatch(e -> e.kind() == KernelEvent.Kind.WARNING
                && e.message().contains("fpregs_assert_state_consistent"));
    }

    @Test
    void debugFpuWarnsWhenTifIsClearButTheRegistersAreNotTheTasks() {
        Architecture x86 = x86();
        KernelConfig debug = x86.machines().defaultConfig().with(X86.X86_DEBUG_FPU);
        Step ok = x86.engine().step(machine(x86, debug), x86.operations().syscall("T"), 0);
        assertTrue(ok.passesThrough("fpregs_assert_state_consistent"));
        assertFalse(warnsInconsistent(ok), ok.events()::toString);
        // the owner pointer lost with TIF clear: what the assertion exists to catch
        MachineState s = machine(x86, debug);
        MachineState lost = s.withCpu(s.cpu(0).withExt(s.cpu(0).ext(X86Cpu.class).withOwner(Optional.empty())));
        assertTrue(warnsInconsistent(x86.engine().step(lost, x86.operations().syscall("T"), 0)));
        // TIF set: the assertion is skipped, switch_fpu_return reloads
        TaskState t = lost.task("T");
        MachineState tif = lost.withTask(t.withExt(t.ext(FpuState.class).withNeedFpuLoad(true)));
        Step reload = x86.engine().step(tif, x86.operations().syscall("T"), 0);
        assertFalse(reload.passesThrough("fpregs_assert_state_consistent"));
        assertTrue(reload.passesThrough("restore_fpregs_from_fpstate"));
        // without CONFIG_X86_DEBUG_FPU nothing is asserted
        MachineState plain = machine(x86, x86.machines().defaultConfig());
        plain = plain.withCpu(plain.cpu(0).withExt(plain.cpu(0).ext(X86Cpu.class).withOwner(Optional.empty())));
        Step quiet = x86.engine().step(plain, x86.operations().syscall("T"), 0);
        assertFalse(quiet.passesThrough("fpregs_assert_state_consistent"));
    }

    @Test
    void xcompPermIsRefusedWithoutDynamicFeaturesAndAPermittedTileUseDisarmsXfd() {
        Architecture x86 = x86();
        Step refused = x86.engine().step(machine(x86, KernelConfig.of(Set.of(), X86.FEATURES_AVX512)),
                X86Paths.archPrctlReqXcompPerm("T"), 0);
        SyscallResult r = refused.syscall("arch_prctl(ARCH_REQ_XCOMP_PERM)").orElseThrow();
        assertTrue(r.isError(), r::toString);
        assertEquals(Optional.of("EOPNOTSUPP"), r.errno());
        KernelConfig amx = KernelConfig.of(Set.of(), X86.FEATURES_AMX);
        Step granted = x86.engine().step(machine(x86, amx), X86Paths.archPrctlReqXcompPerm("T"), 0);
        assertFalse(granted.syscall("arch_prctl(ARCH_REQ_XCOMP_PERM)").orElseThrow().isError());
        assertEquals(X86.XFEATURE_MASK_XTILE, granted.after().task("T").ext(FpuState.class).perm() & X86.XFEATURE_MASK_XTILE);
        assertEquals(X86.XFEATURE_MASK_XTILE_DATA, granted.after().cpu(0).ext(X86Cpu.class).xfd(), "still armed");
        Step tile = x86.engine().step(granted.after(), X86Paths.userWrite("T", "tiledata", BitVector.of(8192, 3)), 1);
        assertTrue(tile.passesThrough("fpstate_realloc"));
        assertEquals(0, tile.after().task("T").ext(FpuState.class).xfd());
        assertEquals(0, tile.after().cpu(0).ext(X86Cpu.class).xfd(), "xfd_update_state: IA32_XFD disarmed on this CPU");
        assertEquals(BitVector.of(8192, 3), tile.after().cpu(0).live().get("tiledata"));
    }
}

package io.github.fpctx.samples;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.arch.x86.format.X86GdbTarget;
import io.github.fpctx.arch.x86.format.X86NoteCodec;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.spi.NoteCodec;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.Scenario;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Keeps the README's examples (quick start, real state formats) compiling and true. */
class ReadmeExamplesTest {
    @Test
    void quickStart() {
        // seed 001: MariaDB's vs0 after io_uring created a worker at interrupt return
        ScenarioResult run = Scenario.on("ppc64")
                .withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
                .task("mariadbd", t -> t.onCpu(0)
                        .userWrites("fpscr", BitVector.parse("0x0000_0000_8200_4000"))
                        .userWrites("vs0", BitVector.zero(128)))
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd"))
                .run();
        System.out.println(run.render());     // the timeline, with the call path down to save_fpu
        run.userView("mariadbd").get("vs0");  // 0x0000_0000_8200_4000_0000_0000_8200_4000, as observed

        // the same bug, found from the architecture's action alphabet alone: shortest schedule first
        Architecture ppc = Architectures.load().require("ppc64");
        MachineState world = ppc.machines().newMachine(MachineSpec.builder()
                .erratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).userTask("mariadbd", 0).build());
        ExplorationResult found = Explorer.on(ppc, world).bound(3).run();
        found.counterexample().ifPresent(trace -> System.out.println(trace.render()));

        assertEquals(BitVector.parse("0x0000_0000_8200_4000_0000_0000_8200_4000"), run.userView("mariadbd").get("vs0"));
        assertTrue(run.render().contains("save_fpu"));
        assertTrue(found.foundViolation());
    }

    @Test
    void realStateFormats() throws IOException {
        Path dir = testdata().resolve("x86_64-core/a");
        assumeTrue(Files.isDirectory(dir), "shared/testdata is not beside this checkout; skipping the core-file example");

        RegisterLayout layout = Architectures.load().require("x86_64").layout();
        List<NoteCodec> codecs = List.of(X86NoteCodec.of(layout));
        RegisterFile kernel = ElfCore.read(dir.resolve("kernel.core")).registers(codecs).get(0).registers();
        RegisterFile gcore = ElfCore.read(dir.resolve("gcore.core")).registers(codecs).get(0).registers();
        for (RegisterDiff d : kernel.diff(gcore)) {
            System.out.println(d);          // mxcsr_mask: 0x0002_ffff -> 0x0000_0000
        }
        List<ElfNote> notes = X86NoteCodec.of(layout).encode(kernel, ByteOrder.LITTLE_ENDIAN);   // and back
        String targetXml = X86GdbTarget.description(layout, Optional.empty()).toXml();         // GDB target.xml

        assertFalse(notes.isEmpty());
        assertTrue(targetXml.contains("<target"), targetXml);
        assertTrue(kernel.diff(gcore).stream().anyMatch(d -> d.register().equals("mxcsr_mask")), kernel.diff(gcore).toString());
    }

    /** {@code <repo>/../shared/testdata}, found by walking up from the working directory. */
    static Path testdata() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("shared", "testdata");
    }
}

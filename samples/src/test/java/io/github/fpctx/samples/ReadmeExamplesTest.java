package io.github.fpctx.samples;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.core.Architecture;
import io.github.fpctx.core.Architectures;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.explore.ExplorationResult;
import io.github.fpctx.core.explore.Explorer;
import io.github.fpctx.core.state.MachineSpec;
import io.github.fpctx.core.state.MachineState;
import io.github.fpctx.core.register.RegisterDiff;
import io.github.fpctx.core.elf.ElfCore;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.elf.ThreadRegisters;
import io.github.fpctx.core.gdb.GdbServer;
import io.github.fpctx.testkit.ScenarioResult;
import io.github.fpctx.testkit.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void realStateFormats(@TempDir Path dir) throws IOException {
        copyCores(dir);

        Architecture x86 = Architectures.load().require("x86_64");
        ThreadRegisters kernel = ElfCore.read(dir.resolve("kernel.core")).requireFirstThread(x86);
        ThreadRegisters gcore = ElfCore.read(dir.resolve("gcore.core")).requireFirstThread(x86);
        for (RegisterDiff d : kernel.registers().diff(gcore.registers())) {
            System.out.println(d);          // mxcsr_mask: 0x0002_ffff -> 0x0000_0000
        }
        kernel.layoutSource();              // Optional[LAYOUT_NOTE]: XSAVE offsets from NT_X86_XSAVE_LAYOUT
        kernel.isAvailable("zmm0h");        // true: XCR0 enables AVX-512 (init state: zero)
        List<ElfNote> notes = x86.noteCodecs().get(0).encode(kernel.registers(), ByteOrder.LITTLE_ENDIAN); // and back
        String targetXml = x86.gdbTarget().orElseThrow().toXml();                                       // GDB target.xml

        assertFalse(notes.isEmpty());
        assertTrue(targetXml.contains("<feature name=\"org.gnu.gdb.i386.core\">"), targetXml);
        assertEquals(List.of("mxcsr_mask"), kernel.registers().diff(gcore.registers()).stream().map(RegisterDiff::register).toList());
        assertEquals(Optional.of("LAYOUT_NOTE"), kernel.layoutSource());
        assertEquals(Optional.of("SIZE_GUESS"), gcore.layoutSource());
        assertTrue(kernel.isAvailable("zmm0h"));
    }

    @Test
    void openAFailingTestsTraceInGdb() throws Exception {
        ScenarioResult run = Scenario.on("ppc64").withErratum(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0)
                .task("mariadbd", t -> t.onCpu(0).userWrites("fpscr", BitVector.parse("0x0000_0000_8200_4000")))
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd")).run();
        // README: try (GdbServer gdb = run.gdbServer().port(1234).start()) { gdb.awaitStop(); }
        try (GdbServer gdb = run.gdbServer().idleTimeout(Duration.ofMillis(100)).start()) {
            gdb.awaitStop();
            assertFalse(gdb.isRunning(), "stops by itself when nobody connects");
        }
    }

    /** The README's cores: set {@code x86_64-core/a} of the test resources (stored gzip-compressed). */
    static void copyCores(Path dir) throws IOException {
        for (String name : List.of("kernel.core", "gcore.core")) {
            try (InputStream in = ReadmeExamplesTest.class.getResourceAsStream("/testdata/x86_64-core/a/" + name + ".gz")) {
                assertTrue(in != null, name + ".gz is missing from the test resources");
                Files.write(dir.resolve(name), new GZIPInputStream(in).readAllBytes());
            }
        }
    }
}

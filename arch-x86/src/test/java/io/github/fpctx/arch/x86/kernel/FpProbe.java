package io.github.fpctx.arch.x86.kernel;

import io.github.fpctx.arch.x86.format.Fxsave;
import io.github.fpctx.arch.x86.format.Xsave;
import io.github.fpctx.arch.x86.format.XsaveLayout;
import io.github.fpctx.core.elf.Elf;
import io.github.fpctx.core.elf.ElfNote;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.core.register.RegisterLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compiles {@code fpprobe.c} (a test resource next to this class) with the machine's {@code gcc}, runs it once on
 * the live kernel and parses its line format (described at the top of the C file).
 *
 * <p>Why the probe is a test resource of {@code arch-x86} and not a sample: what it prints is only meaningful
 * decoded with arch-x86's XSAVE codecs and compared with the x86 model, which is what this module's tests do;
 * nothing outside this module reads it.
 *
 * <p>A machine without {@code gcc} (Debian package {@code gcc}) or the C library headers ({@code libc6-dev}), or
 * one that is not x86-64 Linux, skips the
 * differential tests, unless the environment variable {@code CI} is {@code true}: there a missing tool fails them
 * ({@code .ci/run} installs {@code gcc} when it is missing).
 */
final class FpProbe {
    /** How an image's software bytes 464..511 are to be read. */
    enum Source {
        /** The probe's own XSAVE64 (bytes 464..511 untouched): XCR0 is the probe's mask. */
        PROBE,
        /** A {@code PTRACE_GETREGSET NT_X86_XSTATE} buffer: XCR0 at 464 ({@code USER_XSTATE_XCR0_WORD}). */
        PTRACE,
        /** A signal frame: {@code struct _fpx_sw_bytes} at 464, {@code xfeatures} at 472. */
        FRAME
    }

    /** XSAVE components the x86_64 layout models: x87, SSE, AVX, AVX-512 (5, 6, 7), AMX (17, 18). */
    static final long MODELLED = 0x7 | 0xE0 | (3L << 17);

    private static final long TIMEOUT_SECONDS = 60;

    final List<String> info = new ArrayList<>();
    final Map<String, byte[]> images = new LinkedHashMap<>();
    final Map<String, Long> values = new LinkedHashMap<>();
    final Map<String, String> skips = new LinkedHashMap<>();
    final Map<String, String> featureSkips = new LinkedHashMap<>();
    final Map<String, String> facts = new LinkedHashMap<>();
    final List<XsaveLayout.Component> components = new ArrayList<>();
    final String raw;
    long xcr0;
    long xmask;

    private FpProbe(String output) {
        this.raw = output;
        for (String line : output.split("\n")) {
            parse(line);
        }
    }

    private void parse(String line) {
        if (line.isBlank()) {
            return;
        }
        String[] p = line.split(" ", 3);
        if (p[0].equals("error")) {
            fail("fpprobe: " + line);
        }
        if (p[0].equals("info")) {
            info.add(line.substring(5));
            String rest = p.length > 2 ? p[2] : "";
            switch (p[1]) {
                case "xcr0" -> xcr0 = Long.decode(rest);
                case "xmask" -> xmask = Long.decode(rest);
                case "component" -> {
                    String[] c = rest.split(" ");
                    components.add(new XsaveLayout.Component(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2])));
                }
                case "skip" -> featureSkips.put(rest.substring(0, rest.indexOf(':')), rest);
                default -> facts.put(p[1], rest);
            }
            return;
        }
        if (p.length < 3) {
            fail("fpprobe: malformed line '" + line + "'");
        }
        String key = p[0] + " " + p[1];
        switch (p[1]) {
            case "value" -> {
                String[] v = p[2].split(" ");
                values.put(p[0] + " " + v[0], Long.parseLong(v[1]));
            }
            case "skip" -> skips.put(p[0], p[2]);
            default -> images.put(key, HexFormat.of().parseHex(p[2]));
        }
    }

    /**
     * Compiles and runs the probe, or skips (fails under {@code CI=true}) when that cannot be done here.
     *
     * @param work a fresh directory
     * @return the parsed output
     */
    static FpProbe run(Path work) {
        boolean ci = "true".equals(System.getenv("CI"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean x86Linux = os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
        require(ci, x86Linux, "the kernel differential tests need x86-64 Linux; this is " + os + "/" + arch);
        Optional<Path> gcc = onPath("gcc");
        require(ci, gcc.isPresent(), "gcc not found on PATH: install the Debian package 'gcc' (apt-get install -y gcc)"
                + " to run the kernel differential tests");
        require(ci, Files.exists(Path.of("/usr/include/stdio.h")), "the C library headers are missing "
                + "(/usr/include/stdio.h): install the Debian package 'libc6-dev' to run the kernel differential tests");
        try {
            Path src = work.resolve("fpprobe.c");
            try (InputStream in = FpProbe.class.getResourceAsStream("fpprobe.c")) {
                if (in == null) {
                    fail("test resource io/github/fpctx/arch/x86/kernel/fpprobe.c is missing");
                }
                Files.copy(in, src);
            }
            Path exe = work.resolve("fpprobe");
            String cc = exec(work, List.of(gcc.get().toString(), "-O1", "-Wall", "-o", exe.toString(), src.toString()));
            if (!Files.isExecutable(exe)) {
                fail("gcc did not build the probe:\n" + cc);
            }
            return new FpProbe(exec(work, List.of(exe.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(boolean ci, boolean condition, String message) {
        if (ci && !condition) {
            fail(message + " (CI=true: a missing tool fails this test)");
        }
        assumeTrue(condition, message);
    }

    private static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a command to completion (bounded); returns stdout, failing with stderr when it exits non-zero. */
    private static String exec(Path dir, List<String> command) throws IOException {
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            fail("interrupted while waiting for " + command.get(0));
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + Files.readString(err)
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** @return the CPU's XSAVE layout as the probe read it from CPUID leaf 0xD */
    XsaveLayout layout() {
        return XsaveLayout.of(components);
    }

    /** @return whether the image exists (its scenario ran) */
    boolean has(String scenario, String what) {
        return images.containsKey(scenario + " " + what);
    }

    /**
     * The raw bytes of an image.
     *
     * @param scenario the scenario
     * @param what     which image
     * @return a copy of the bytes
     */
    byte[] image(String scenario, String what) {
        byte[] b = images.get(scenario + " " + what);
        if (b == null) {
            String skip = skips.get(scenario);
            fail("fpprobe printed no '" + scenario + " " + what + "'" + (skip == null ? "" : "; it skipped: " + skip)
                    + "\nprobe output:\n" + raw.lines().map(l -> l.length() > 120 ? l.substring(0, 120) + "..." : l)
                    .reduce("", (a, b2) -> a + b2 + "\n"));
        }
        return b.clone();
    }

    /**
     * A scalar the probe observed.
     *
     * @param scenario the scenario
     * @param name     the value's name
     * @return the value
     */
    long value(String scenario, String name) {
        Long v = values.get(scenario + " " + name);
        if (v == null) {
            fail("fpprobe printed no '" + scenario + " value " + name + "'");
        }
        return v;
    }

    /** The components an image holds that the x86_64 layout does not model (PKRU here), by XCR0. */
    long unmodelled(byte[] b, Source source) {
        return xcr0Of(b, source) & ~MODELLED;
    }

    private long xcr0Of(byte[] b, Source source) {
        return switch (source) {
            case PROBE -> xmask;
            case PTRACE -> le(b, Xsave.XCR0_OFFSET);
            case FRAME -> le(b, 472);
        };
    }

    /**
     * Decodes an XSAVE image with fpctx's {@link Xsave} codec and this CPU's layout. The components the x86_64
     * layout does not model (PKRU) are taken out of XCR0 and XSTATE_BV first; a signal frame's XCR0 comes from
     * its {@code _fpx_sw_bytes.xfeatures}.
     *
     * @param layout   the register layout
     * @param scenario the scenario
     * @param what     which image
     * @param source   where it came from
     * @return the registers
     */
    RegisterFile xsave(RegisterLayout layout, String scenario, String what, Source source) {
        byte[] b = image(scenario, what);
        long xcr = xcr0Of(b, source);
        long keep = xcr & MODELLED;
        put(b, Xsave.XCR0_OFFSET, keep);
        put(b, Xsave.XSTATE_BV_OFFSET, le(b, Xsave.XSTATE_BV_OFFSET) & keep);
        return Xsave.decode(layout.zeroFile(), ElfNote.of("LINUX", Elf.NT_X86_XSTATE, b), layout());
    }

    /**
     * Decodes an {@code NT_PRFPREG} (FXSAVE) image with fpctx's {@link Fxsave} codec.
     *
     * @param layout   the register layout
     * @param scenario the scenario
     * @param what     which image
     * @return the registers
     */
    RegisterFile fxsave(RegisterLayout layout, String scenario, String what) {
        return Fxsave.decode(layout.zeroFile(), image(scenario, what));
    }

    static long le(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void put(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** @return the machine facts for the test output: kernel, CPU, XCR0, XSAVE layout, skips */
    String describe() {
        StringBuilder sb = new StringBuilder("live kernel differential run\n");
        for (String i : info) {
            sb.append("  ").append(i).append('\n');
        }
        skips.forEach((k, v) -> sb.append("  scenario skipped: ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}

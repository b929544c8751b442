package io.github.fpctx.samples.gdb;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs Debian's {@code gdb-multiarch} in batch mode against a loopback GDB server. Missing tool: the test is
 * skipped naming the Debian package, or fails when {@code CI=true} ({@code .ci/run} installs it).
 */
final class GdbMultiarch {
    static final String PACKAGE = "gdb-multiarch";
    private static final long TIMEOUT_SECONDS = 120;

    private GdbMultiarch() {
    }

    /** @return the gdb-multiarch executable; skips (locally) or fails (CI=true) when it is not installed */
    static Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "gdb-multiarch");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = "gdb-multiarch not found on PATH; install the Debian package '" + PACKAGE
                + "' (apt-get install -y " + PACKAGE + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg + " — CI=true, so this is a failure (.ci/run installs it)");
        }
        Assumptions.abort(msg);
        return null; // not reached
    }

    /**
     * Runs gdb: {@code before} commands, {@code target remote}, then {@code commands}; returns stdout+stderr.
     *
     * @param port     the server's loopback port
     * @param before   commands before connecting (e.g. {@code set endian big})
     * @param commands commands after connecting
     * @return the output
     */
    static String run(int port, List<String> before, List<String> commands) throws IOException, InterruptedException {
        Path gdb = require();
        List<String> cmd = new ArrayList<>(List.of(gdb.toString(), "-nx", "-q", "-batch",
                "-ex", "set pagination off", "-ex", "set width 0", "-ex", "set confirm off"));
        for (String c : before) {
            cmd.add("-ex");
            cmd.add(c);
        }
        cmd.add("-ex");
        cmd.add("target remote 127.0.0.1:" + port);
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        cmd.add("-ex");
        cmd.add("detach");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes(); // ends when gdb exits (batch mode) or is destroyed below
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("gdb-multiarch did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}

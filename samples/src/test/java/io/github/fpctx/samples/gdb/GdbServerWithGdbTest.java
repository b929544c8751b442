package io.github.fpctx.samples.gdb;

import io.github.fpctx.arch.powerpc.PowerPcErrata;
import io.github.fpctx.arch.powerpc.PowerPcPaths;
import io.github.fpctx.arch.x86.X86;
import io.github.fpctx.core.gdb.GdbServer;
import io.github.fpctx.core.gdb.GdbTargetDescription;
import io.github.fpctx.core.gdb.GdbTargetDescription.GdbRegister;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.register.RegisterFile;
import io.github.fpctx.testkit.Scenario;
import io.github.fpctx.testkit.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GDB server against the real client: Debian's {@code gdb-multiarch} (13.1 here) connects to a loopback
 * {@link GdbServer}, accepts the served target description (no "Architecture rejected target-supplied
 * description"), and prints every FP/vector register the description holds, which must equal the model's user
 * view; seed 001's vs0 appears at the violating step and is gone when reversing.
 */
class GdbServerWithGdbTest {
    private static final Duration IDLE = Duration.ofSeconds(60);

    /** A value per register number that shows byte swaps: byte k of register i is {@code (i * 16 + k) & 0xff}, top bit set. */
    private static BitVector pattern(int width, int i) {
        byte[] b = new byte[width / 8];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (0x80 | (i * 7 + k * 13) & 0x7f);
        }
        return BitVector.fromBytes(b, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void x86_64EveryRegisterGdbPrintsIsTheModels() throws Exception {
        Scenario s = Scenario.on("x86_64").cpuFeatures(X86.FEATURES_AVX512.toArray(String[]::new)).cpus(1)
                .task("t", t -> t.onCpu(0));
        for (int i = 0; i < 32; i++) {
            s = s.userWrites("t", "zmm" + i, pattern(512, i));
        }
        for (int i = 0; i < 8; i++) {
            s = s.userWrites("t", "st" + i, pattern(80, 40 + i)).userWrites("t", "k" + i, pattern(64, 50 + i));
        }
        s = s.userWrites("t", "fctrl", 0x0e7fL).userWrites("t", "fstat", 0x3800L).userWrites("t", "ftag", 0x2a40L)
                .userWrites("t", "mxcsr", 0x7f80L);
        checkEveryRegister(s.run(), List.of());
    }

    @Test
    void ppc64LittleEndianEveryRegisterGdbPrintsIsTheModels() throws Exception {
        checkEveryRegister(ppc("ppc64").run(), List.of());
    }

    @Test
    void ppc64BigEndianEveryRegisterGdbPrintsIsTheModels() throws Exception {
        checkEveryRegister(ppc("ppc64").run(), List.of("set endian big"));
    }

    @Test
    void ppc32EveryRegisterGdbPrintsIsTheModels() throws Exception {
        // the XML carries no byte order: GDB takes it from the executable, here from 'set endian'
        checkEveryRegister(ppc("ppc32").run(), List.of("set endian big"));
    }

    private static Scenario ppc(String arch) {
        Scenario s = Scenario.on(arch).cpus(1).task("t", t -> t.onCpu(0));
        boolean vsx = arch.equals("ppc64");
        for (int i = 0; i < 32; i++) {
            s = vsx ? s.userWrites("t", "vs" + i, pattern(128, i)) : s.userWrites("t", "fr" + i, pattern(64, i));
            s = s.userWrites("t", "vr" + i, pattern(128, 32 + i));
        }
        return s.userWrites("t", "fpscr", 0x0000_0005_8200_0001L).userWrites("t", "vrsave", 0x1234_5678L);
    }

    /** Continues to the end of the trace, prints every held register with {@code info registers} and compares. */
    private static void checkEveryRegister(ScenarioResult run, List<String> before) throws Exception {
        ByteOrder order = before.contains("set endian big") ? ByteOrder.BIG_ENDIAN : null;
        GdbServer.Builder b = run.gdbServer().idleTimeout(IDLE);
        if (order != null) {
            b.byteOrder(order);
        }
        try (GdbServer server = b.start()) {
            GdbTargetDescription target = server.target();
            // GDB hides the raw vs0h-vs31h and shows its pseudo registers vs0-vs63 (f0:vs0h, vr0-vr31) instead
            boolean vsx = target.features().contains("org.gnu.gdb.power.vsx");
            List<String> held = new ArrayList<>();
            for (GdbRegister g : target.registers()) {
                if (g.held() && !(vsx && g.name().matches("vs\\d+h"))) {
                    held.add(g.name());
                }
            }
            if (vsx) {
                for (int i = 0; i < 64; i++) {
                    held.add("vs" + i);
                }
            }
            String out = GdbMultiarch.run(server.port(), before,
                    List.of("continue", "info registers " + String.join(" ", held), "p $" + target.programCounter().orElseThrow()));
            assertFalse(out.contains("rejected target-supplied description"), out);
            assertTrue(out.contains("No more reverse-execution history"), out);
            Map<String, BigInteger> shown = parse(out, held);
            RegisterFile model = run.userView("t");
            for (String name : held) {
                BigInteger expected = new BigInteger(1, model.get(name).toBytes(ByteOrder.BIG_ENDIAN));
                assertEquals(expected.toString(16), shown.get(name) == null ? "(not shown)" : shown.get(name).toString(16),
                        name + " as gdb printed it:\n" + out);
            }
            assertTrue(held.size() >= (vsx ? 130 : 60), "registers compared: " + held);
            assertTrue(out.contains("0x" + Integer.toHexString(run.steps().size()) + " in ?? ()")
                    || out.contains(" = (void (*)()) 0x" + Integer.toHexString(run.steps().size())), "pc = position\n" + out);
        }
    }

    private static final Pattern RAW = Pattern.compile("\\(raw 0x([0-9a-f]+)\\)");
    private static final Pattern UINT128 = Pattern.compile("uint128 = 0x([0-9a-f]+)");
    private static final Pattern PAIR = Pattern.compile("^\\{0x([0-9a-f]+), 0x([0-9a-f]+)\\}");
    private static final Pattern HEX = Pattern.compile("^0x([0-9a-f]+)");

    /** Reads {@code info registers} lines: raw float bits, the uint128 member, a v2ui128 pair, or a hex integer. */
    static Map<String, BigInteger> parse(String out, List<String> names) {
        Map<String, BigInteger> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length < 2 || !names.contains(parts[0]) || m.containsKey(parts[0])) {
                continue;
            }
            String rest = parts[1].trim();
            Matcher r = RAW.matcher(rest);
            Matcher u = UINT128.matcher(rest);
            Matcher p = PAIR.matcher(rest);
            Matcher h = HEX.matcher(rest);
            if (r.find()) {
                m.put(parts[0], new BigInteger(r.group(1), 16));
            } else if (u.find()) {
                m.put(parts[0], new BigInteger(u.group(1), 16));
            } else if (p.find()) {
                m.put(parts[0], new BigInteger(p.group(2), 16).shiftLeft(128).or(new BigInteger(p.group(1), 16)));
            } else if (h.find()) {
                m.put(parts[0], new BigInteger(h.group(1), 16));
            }
        }
        return m;
    }

    @Test
    void seed001Vs0AppearsAtTheViolatingStepAndGoesWhenReversing() throws Exception {
        ScenarioResult run = Scenario.on("ppc64").withErrata(PowerPcErrata.SAVE_FPU_CLOBBERS_FR0).cpus(1)
                .task("mariadbd", t -> t.onCpu(0))
                .userWrites("mariadbd", "fpscr", 0x8200_4000L)
                .userWrites("mariadbd", "vs0", BitVector.zero(128))
                .step(PowerPcPaths.ioUringWorkerAtInterruptReturn("mariadbd")).run();
        int violating = run.violations().get(0).step();
        assertEquals(3, violating);
        try (GdbServer server = run.gdbServer().idleTimeout(IDLE).start()) {
            String out = GdbMultiarch.run(server.port(), List.of(), List.of(
                    "echo @@start\\n", "p/x $vs0.uint128",
                    "stepi", "stepi", "echo @@before\\n", "p/x $vs0.uint128", "p/x $fpscr",
                    "stepi", "echo @@violating\\n", "p/x $vs0.uint128", "p/x $f0",
                    "monitor view live", "echo @@live\\n", "p/x $vs0.uint128", "monitor view user",
                    "reverse-stepi", "echo @@reversed\\n", "p/x $vs0.uint128",
                    "continue", "echo @@again\\n", "p/x $vs0.uint128",
                    "reverse-continue", "echo @@begin\\n", "p/x $vs0.uint128", "info threads"));
            assertEquals("0x0", value(out, "@@start"), out);
            assertEquals("0x0", value(out, "@@before"), out);
            assertEquals("0x820040000000000082004000", value(out, "@@violating"), out);
            assertEquals("0x820040000000000082004000", value(out, "@@live"), out);
            assertEquals("0x0", value(out, "@@reversed"), out);
            assertEquals("0x820040000000000082004000", value(out, "@@again"), out);
            assertEquals("0x0", value(out, "@@begin"), out);
            assertTrue(out.contains("[fpctx] position 3/3: [cpu0] mariadbd: reschedule IPI"), out);
            assertTrue(out.contains("violation: [user-registers-intact] step 3, task 'mariadbd', CPU 0, vs0"), out);
            assertTrue(out.contains("Thread 1 \"mariadbd\""), out);
            assertTrue(out.contains("Thread 2 \"iou-wrk-1\""), out);
        }
    }

    /** The value of the first {@code $N = ...} line after a marker. */
    private static String value(String out, String marker) {
        int at = out.indexOf(marker);
        assertTrue(at >= 0, marker + " missing in\n" + out);
        Matcher m = Pattern.compile("\\$\\d+ = (\\S+)").matcher(out.substring(at));
        assertTrue(m.find(), "no value after " + marker + " in\n" + out);
        return m.group(1);
    }
}

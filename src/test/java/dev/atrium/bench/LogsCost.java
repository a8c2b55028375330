package dev.atrium.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code logs_cost} scenario (issue 19, point 6): what the tenant log costs the client-credentials
 * benchmark. It runs {@code client_credentials} on a fresh server with the log on, then on another fresh
 * server with it off ({@code ATRIUM_LOGS_ENABLED=false}), alternately for {@code bench.logsRounds}
 * rounds (3), so a change in the machine's load touches both settings alike. It prints every run, then
 * the median of each setting and the cost in per cent of the median without the log (the issue allows
 * at most 10 %). Beside the rates it compares the server's CPU time per token (its {@code utime + stime}
 * over the measured seconds): on a machine whose other work moves the rates around, what the log adds
 * to each token's CPU time is the steadier figure, and on a CPU-bound server it bounds the loss of rate.
 */
final class LogsCost {
    private LogsCost() {
    }

    static void run(Path jar, int clients, int warmup, int seconds, int rounds) throws Exception {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        List<Double> cpuOn = new ArrayList<>();
        List<Double> cpuOff = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean logs : new boolean[]{true, false}) {
                Benchmark.Result r = once(jar, clients, warmup, seconds, logs, "client_credentials_logs_" + (logs ? "on" : "off")
                        + " (round " + round + ")");
                (logs ? on : off).add(r.perSecond(seconds));
                (logs ? cpuOn : cpuOff).add(r.cpuPerOpMillis());
            }
        }
        double medianOn = median(on);
        double medianOff = median(off);
        System.out.printf(Locale.ROOT, "logs_cost: client_credentials median %.0f tokens/s with the tenant log, %.0f tokens/s without "
                        + "(%d rounds, %d clients, %d s each): the log costs %.1f %% (target: at most 10 %%)%n",
                medianOn, medianOff, rounds, clients, seconds, 100.0 * (medianOff - medianOn) / medianOff);
        double c1 = median(cpuOn);
        double c0 = median(cpuOff);
        System.out.printf(Locale.ROOT, "logs_cost: server CPU median %.3f ms/token with the tenant log, %.3f ms/token without: "
                + "the log adds %.1f %% CPU per token (runs with: %s; without: %s)%n", c1, c0, 100.0 * (c1 - c0) / c0, cpuOn, cpuOff);
    }

    private static Benchmark.Result once(Path jar, int clients, int warmup, int seconds, boolean logs, String label) throws Exception {
        Path dir = Files.createTempDirectory("atrium-bench-logs-");
        String secret = "bench-" + Benchmark.random(24);
        try (ServerProcess server = ServerProcess.start(jar, dir, Benchmark.freePort(), ServerProcess.newEncryptionKey(), secret, true,
                Map.of("ATRIUM_LOGS_ENABLED", Boolean.toString(logs)))) {
            server.awaitHealthy(90);
            Benchmark bench = new Benchmark("http://127.0.0.1:" + server.port);
            Benchmark.Tenant t = bench.seedTenant(secret);
            Benchmark.Result r = Benchmark.measure(server, clients, warmup, seconds, () -> bench.clientCredentials(t));
            System.out.println(r.summary(label, "tokens/s", clients, seconds));
            return r;
        } finally {
            Benchmark.delete(dir);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

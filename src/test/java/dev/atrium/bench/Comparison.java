package dev.atrium.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code compare} scenario (issue 15, goals 1 and 8): Atrium beside its peers on one machine, in
 * one run, with one load generator. It starts Atrium, Keycloak ({@link KeycloakPeer}) and node
 * oidc-provider ({@link OidcProviderPeer}) side by side ({@code bench.peers}, default
 * {@code keycloak,oidc-provider}), seeds each with the same tenant, then runs the client-credentials and
 * sign-in scenarios in interleaved rounds ({@code bench.rounds}, 3): round 1 on every server, then
 * round 2, and so on, so a change in the machine's load touches all of them alike. Each run prints its
 * line; at the end one table per scenario gives each server's medians over the rounds and the ratios
 * to Atrium. Servers that are not being measured sit idle meanwhile.
 */
final class Comparison {
    private Comparison() {
    }

    static void run(Path jar, int clients, int warmup, int seconds, int rounds, List<String> peerNames) throws Exception {
        List<Peer> peers = new ArrayList<>();
        Thread killer = new Thread(() -> peers.forEach(Peer::close), "bench-stop-peers");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            peers.add(AtriumPeer.start(jar));
            for (String name : peerNames) {
                peers.add(switch (name.strip()) {
                    case "keycloak" -> KeycloakPeer.start();
                    case "oidc-provider" -> OidcProviderPeer.start();
                    default -> throw new IllegalArgumentException("unknown peer " + name + " (known: keycloak, oidc-provider)");
                });
            }
            for (Peer p : peers) {
                System.out.printf(Locale.ROOT, "compare: %s is %s; RSS when seeded %.0f MiB%n", p.name(), p.description(), p.rssMiB());
            }
            scenario("client_credentials", "tokens/s", Peer::clientCredentials, peers, clients, warmup, seconds, rounds);
            scenario("sign_in", "sign-ins/s", Peer::signIn, peers, clients, warmup, seconds, rounds);
            for (Peer p : peers) {
                System.out.printf(Locale.ROOT, "compare: %s RSS after the runs %.0f MiB%n", p.name(), p.rssMiB());
            }
        } finally {
            peers.forEach(Peer::close);
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    private static void scenario(String scenario, String unit, Function<Peer, Runnable> operation, List<Peer> peers,
                                 int clients, int warmup, int seconds, int rounds) throws InterruptedException {
        Map<Peer, List<Benchmark.Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Peer p : peers) {
                Runnable op = operation.apply(p);
                if (op == null) {
                    continue;
                }
                Benchmark.Result r = Benchmark.run(clients, warmup, seconds, op, p::cpuMillis);
                results.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
                System.out.println(r.summary("compare_" + scenario + "_" + p.name() + " (round " + round + ")", unit, clients, seconds));
            }
        }
        System.out.printf(Locale.ROOT, "compare %s: medians of %d rounds of %d s after %d s of warm-up each, %d clients%n",
                scenario, rounds, seconds, warmup, clients);
        System.out.println("| server | " + unit + " | p50 ms | p99 ms | p99.9 ms | server CPU ms/op | failed | Atrium's rate ÷ this | this p99 ÷ Atrium's |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Row atrium = null;
        for (Map.Entry<Peer, List<Benchmark.Result>> e : results.entrySet()) {
            Row row = Row.of(e.getValue(), seconds);
            if (atrium == null) {
                atrium = row;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.1f | %.3f | %d | %.2f | %.2f |%n", e.getKey().name(),
                    row.rate, row.p50, row.p99, row.p999, row.cpu, row.failed, atrium.rate / row.rate, row.p99 / atrium.p99);
        }
    }

    /** One server's medians over its rounds. */
    private record Row(double rate, double p50, double p99, double p999, double cpu, long failed) {
        static Row of(List<Benchmark.Result> runs, int seconds) {
            return new Row(median(runs, r -> r.perSecond(seconds)), median(runs, r -> percentile(r, 0.50)),
                    median(runs, r -> percentile(r, 0.99)), median(runs, r -> percentile(r, 0.999)),
                    median(runs, Benchmark.Result::cpuPerOpMillis), runs.stream().mapToLong(Benchmark.Result::failures).sum());
        }

        private static double percentile(Benchmark.Result r, double q) {
            long[] sorted = r.latencies().clone();
            Arrays.sort(sorted);
            return Benchmark.Result.ms(sorted, q);
        }

        private static double median(List<Benchmark.Result> runs, java.util.function.ToDoubleFunction<Benchmark.Result> f) {
            double[] v = runs.stream().mapToDouble(f).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }
}

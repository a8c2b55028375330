package dev.atrium.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code startup} scenario (issue 15, goal 4): from this separate process, the milliseconds from
 * starting the server ({@code ./atrium serve}, or {@code java -jar} with {@code -Dbench.launch=jar}) to its
 * first {@code /health} 200, on a fresh H2 database (a new
 * directory each run) and on an existing one (the database the fresh run left, started again), with
 * the resident memory of each when ready. Each run stops the server before the next, so runs do not overlap.
 */
final class StartupScenario {
    private StartupScenario() {
    }

    static void run(Path jar, int runs) throws Exception {
        List<Long> fresh = new ArrayList<>();
        List<Long> existing = new ArrayList<>();
        List<Double> rssFresh = new ArrayList<>();
        List<Double> rssExisting = new ArrayList<>();
        String key = ServerProcess.newEncryptionKey();
        String secret = "bench-" + Benchmark.random(24);
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("atrium-bench-startup-");
            try {
                try (ServerProcess s = ServerProcess.start(jar, dir, Benchmark.freePort(), key, secret, false)) {
                    fresh.add(s.awaitHealthy(90));
                    rssFresh.add(s.memoryMiB("VmRSS"));
                }
                try (ServerProcess s = ServerProcess.start(jar, dir, Benchmark.freePort(), key, secret, false)) {
                    existing.add(s.awaitHealthy(90));
                    rssExisting.add(s.memoryMiB("VmRSS"));
                }
            } finally {
                Benchmark.delete(dir);
            }
            System.err.println("atrium bench: start-up run " + (i + 1) + "/" + runs + ": fresh " + fresh.get(i)
                    + " ms, existing " + existing.get(i) + " ms");
        }
        System.out.println(line("startup_fresh", fresh) + rss(rssFresh));
        System.out.println(line("startup_existing", existing) + rss(rssExisting));
    }

    /** The resident memory when ready (goal 3: at most 170 MiB on a fresh database), median and range. */
    private static String rss(List<Double> mib) {
        List<Double> sorted = mib.stream().sorted().toList();
        return String.format(Locale.ROOT, ", RSS when ready median %.0f MiB (min %.0f, max %.0f)",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static String line(String name, List<Long> ms) {
        List<Long> sorted = ms.stream().sorted().toList();
        return String.format(Locale.ROOT, "%s: /health 200 after median %d ms (min %d, max %d, %d runs)",
                name, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}

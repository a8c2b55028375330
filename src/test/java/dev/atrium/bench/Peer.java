package dev.atrium.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One server of the side-by-side comparison ({@link Comparison}): started as its own process, seeded
 * with the same tenant (an API, a machine-to-machine client allowed to call it, a web application and
 * one user with a password), and driven by the benchmark's load generator. Its CPU time and resident
 * memory are read from {@code /proc} for the process and every process it started.
 */
interface Peer extends AutoCloseable {
    /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
    long CLOCK_TICKS_PER_SECOND = 100;

    /** A short name for the table ({@code atrium}, {@code keycloak}, {@code oidc-provider}). */
    String name();

    /** What runs, for the table's legend: product, version, how it was started. */
    String description();

    /** One client-credentials token for the seeded API ({@code client_secret_post}). */
    Runnable clientCredentials();

    /** One complete sign-in from a new browser with its code exchange, or null when this peer does not take part. */
    Runnable signIn();

    /** The server's process. */
    ProcessHandle process();

    @Override
    void close();

    /** CPU time of the process and its descendants so far, in milliseconds. */
    default double cpuMillis() {
        return tree(process()).mapToLong(Peer::ticks).sum() * 1000.0 / CLOCK_TICKS_PER_SECOND;
    }

    /** Resident memory of the process and its descendants, in MiB ({@code VmRSS}). */
    default double rssMiB() {
        return tree(process()).mapToLong(p -> statusKiB(p, "VmRSS")).sum() / 1024.0;
    }

    private static Stream<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants());
    }

    private static long ticks(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException e) {
            return 0; // the process ended between listing and reading
        }
    }

    private static long statusKiB(ProcessHandle p, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            return lines.filter(l -> l.startsWith(field + ":")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Polls {@code url} every 100 ms until it answers 200; the process's log tail in the failure. */
    static void awaitOk(Process process, String url, long timeoutSeconds, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + ": the server exited with " + process.exitValue() + ": " + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + timeoutSeconds + " s: " + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 20 s, for the process and whatever it started. */
    static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}

package dev.atrium.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Atrium server run by the benchmark as its own process, started exactly as the README starts it:
 * the start script {@code ./atrium} with the jar under test ({@code ATRIUM_JAR}) and this JVM's JDK
 * ({@code JAVA_HOME}), so with the script's heap ceiling and class-data archive; {@code
 * -Dbench.launch=jar} starts {@code java -jar} instead, without either, for a comparison. Further JVM
 * options only when {@code bench.serverJvmArgs} adds some for a diagnosis. What the benchmark reads
 * about the server from outside: the time to the first
 * {@code /health} 200, its resident memory ({@code VmRSS}, {@code VmHWM} of {@code /proc/<pid>/status}),
 * its CPU time ({@code utime + stime} of {@code /proc/<pid>/stat}), and the count of SQL statements it
 * executed (the server's {@code -Datrium.debug.statements=<file>}, storage/StatementCounter).
 */
final class ServerProcess implements AutoCloseable {
    /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    final Process process;
    final Path dir;
    final int port;
    final long startedNanos;
    final Path statements;
    private final Path jar;

    private ServerProcess(Process process, Path jar, Path dir, int port, long startedNanos, Path statements) {
        this.process = process;
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.startedNanos = startedNanos;
        this.statements = statements;
    }

    /** Starts the jar on {@code port} with an H2 file database in {@code dir} (fresh or existing). */
    static ServerProcess start(Path jar, Path dir, int port, String encryptionKey, String bootstrapSecret,
                               boolean countStatements) throws IOException {
        return start(jar, dir, port, encryptionKey, bootstrapSecret, countStatements, Map.of());
    }

    /** As above, with {@code env} overriding the environment (another database, for the scale seed). */
    static ServerProcess start(Path jar, Path dir, int port, String encryptionKey, String bootstrapSecret,
                               boolean countStatements, Map<String, String> overrides) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvmOptions = new ArrayList<>();
        String extra = System.getProperty("bench.serverJvmArgs", "").strip();
        if (!extra.isEmpty()) {
            jvmOptions.addAll(List.of(extra.split("\\s+")));
        }
        Path statements = dir.resolve("statements.txt");
        if (countStatements) {
            jvmOptions.add("-Datrium.debug.statements=" + statements.toAbsolutePath());
        }
        List<String> command = new ArrayList<>();
        if (viaScript()) {
            command.addAll(List.of("sh", SCRIPT.toAbsolutePath().toString(), "serve"));
        } else {
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve"));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ATRIUM_"));
        if (viaScript()) {
            scriptEnvironment(env, jar);
            env.put("JAVA_OPTS", String.join(" ", jvmOptions));
        }
        env.put("ATRIUM_PORT", Integer.toString(port));
        env.put("ATRIUM_HOST", "127.0.0.1");
        env.put("ATRIUM_ISSUER", "http://127.0.0.1:" + port + "/");
        // -Dbench.h2Options=";CACHE_SIZE=4096": settings appended to the embedded database's URL, to measure them
        env.put("ATRIUM_DATABASE_URL", "jdbc:h2:file:" + dir.resolve("atrium").toAbsolutePath()
                + System.getProperty("bench.h2Options", ""));
        env.put("ATRIUM_ENCRYPTION_KEY", encryptionKey);
        env.put("ATRIUM_KEY_FILE", dir.resolve("atrium.key").toAbsolutePath().toString());
        env.put("ATRIUM_BOOTSTRAP_CLIENT_ID", "bench-bootstrap");
        env.put("ATRIUM_BOOTSTRAP_CLIENT_SECRET", bootstrapSecret);
        // -Dbench.logs=false: the server without the tenant log, to measure what the log costs (issue 19)
        env.put("ATRIUM_LOGS_ENABLED", System.getProperty("bench.logs", "true"));
        env.put("ATRIUM_MANAGEMENT_RATE_LIMIT", "100000");
        env.put("ATRIUM_ARGON2_MEMORY_KIB", Integer.toString(HashBound.memoryKib()));
        env.put("ATRIUM_ARGON2_ITERATIONS", Integer.toString(HashBound.iterations()));
        env.put("ATRIUM_ARGON2_PARALLELISM", Integer.toString(HashBound.parallelism()));
        env.putAll(overrides);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        long started = System.nanoTime();
        return new ServerProcess(pb.start(), jar, dir, port, started, statements);
    }

    /** The README's start script, run from the repository's root as the benchmark is. */
    private static final Path SCRIPT = Path.of("atrium");

    /** True unless {@code -Dbench.launch=jar}. */
    static boolean viaScript() {
        String launch = System.getProperty("bench.launch", "script");
        if (!launch.equals("script") && !launch.equals("jar")) {
            throw new IllegalArgumentException("bench.launch is script or jar, not " + launch);
        }
        return launch.equals("script");
    }

    private static void scriptEnvironment(Map<String, String> env, Path jar) {
        env.put("ATRIUM_JAR", jar.toAbsolutePath().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA_OPTS");
    }

    /**
     * Before the first measured start: lets the start script record the jar's class-data archive if it
     * has none (a jar given by {@code -Dbench.jar}, or a build with {@code -Datrium.skipStartTraining}),
     * by running {@code ./atrium migrate} once on an in-memory database, so that no measured start
     * includes the training run.
     */
    static void prepare(Path jar) throws IOException, InterruptedException {
        if (!viaScript()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toAbsolutePath().toString(), "migrate");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ATRIUM_"));
        scriptEnvironment(env, jar);
        env.put("ATRIUM_DATABASE_URL", "jdbc:h2:mem:bench-prepare");
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || output.contains("could not record")) {
            throw new IllegalStateException("./atrium migrate failed: " + output.strip());
        }
    }

    /** The jar's file name, for a legend. */
    String jarName() {
        return jar.getFileName().toString();
    }

    static String newEncryptionKey() {
        return Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    }

    /**
     * Polls {@code /health} every 5 ms with a plain blocking connection (no client warm-up of its own
     * in the way) and returns the milliseconds from the process start to the first 200.
     */
    long awaitHealthy(long timeoutSeconds) throws InterruptedException {
        long deadline = startedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Atrium exited with " + process.exitValue() + ": " + lastLogLines(20));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) health.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("Atrium did not answer /health within " + timeoutSeconds + " s: " + lastLogLines(20));
    }

    /** Resident set in MiB ({@code VmRSS}), or with {@code field = "VmHWM"} its peak. */
    double memoryMiB(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            String line = lines.filter(l -> l.startsWith(field + ":")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + field + " for " + process.pid()));
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time the server process has used so far (all its threads), in milliseconds. */
    double cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU milliseconds so far of each kind of the server's threads, from {@code /proc/<pid>/task/<tid>/stat}:
     * thread names with their numbers taken out ({@code "C2 CompilerThre"}, {@code "GC Thread#"},
     * Jetty's {@code "qtp…-"}), so a window's difference says where the server's CPU went. Threads that
     * ended inside the window are missing from its end, so the split is a lower bound per kind.
     */
    Map<String, Double> cpuMillisByThreadKind() {
        Map<String, Double> kinds = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLOCK_TICKS_PER_SECOND;
                    kinds.merge(threadKind(name), ms, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kinds;
    }

    static String threadKind(String name) {
        if (name.startsWith("qtp")) {
            return "jetty";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc+vm";
        }
        return name.replaceAll("[-#]?\\d+$", "");
    }

    /** SQL statements executed so far, read after the counter's 100 ms refresh has passed. */
    long statementsExecuted() throws InterruptedException {
        Thread.sleep(250);
        try {
            return Long.parseLong(Files.readString(statements, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    String lastLogLines(int n) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as operations.md stops Atrium; forcibly after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package dev.atrium;

import dev.atrium.support.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's start command, {@code ./atrium} (issue 15, goals 3 and 4): the script runs the jar with
 * the serial collector, a heap ceiling and a class-data archive of the classes a start loads, which it records with a
 * training run of the jar when there is none, when the jar is newer, or when it was recorded by
 * another JDK; with a JVM that cannot record one it starts without. It replaces itself with the JVM
 * ({@code exec}), so a service manager's SIGTERM reaches Atrium. Each test runs its own copy of the
 * jar, so the archive the build made beside {@code target/atrium.jar} is left alone.
 */
class StartScriptIT {
    private static final Path SCRIPT = Path.of("atrium");
    private static final Path JAR = Path.of("target", "atrium.jar");
    private static final String JAVA_HOME = System.getProperty("java.home");

    @Test
    void startsWithTheArchiveItRecordedAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Path jar = copyOfTheJar(dir);
        Path archive = dir.resolve("atrium.jsa");
        Path classes = dir.resolve("classes.txt");
        int port = freePort();
        ProcessBuilder pb = script(jar, JAVA_HOME, "-Xlog:class+load=info:file=" + classes.toAbsolutePath(), "serve");
        Map<String, String> env = pb.environment();
        env.put("ATRIUM_PORT", Integer.toString(port));
        env.put("ATRIUM_HOST", "127.0.0.1");
        env.put("ATRIUM_DATABASE_URL", "jdbc:h2:file:" + dir.resolve("db").resolve("atrium").toAbsolutePath());
        env.put("ATRIUM_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
        env.put("ATRIUM_KEY_FILE", dir.resolve("atrium.key").toAbsolutePath().toString());
        Path output = dir.resolve("server.log");
        Process server = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            ChildServer.awaitHealthy(server, HttpClient.newHttpClient(), "http://127.0.0.1:" + port, output, Duration.ofSeconds(120));

            assertThat(archive).as("recorded by the training run before the start").isNotEmptyFile();
            assertThat(Files.readString(dir.resolve("atrium.jsa.jdk")).strip()).isEqualTo(JAVA_HOME);
            List<String> arguments = List.of(server.info().arguments().orElseThrow());
            assertThat(arguments).as("the script became the JVM (exec), with its options")
                    .contains("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "serve");
            Process flags = new ProcessBuilder(Path.of(JAVA_HOME, "bin", "jcmd").toString(), Long.toString(server.pid()), "VM.flags")
                    .redirectErrorStream(true).start();
            String set = new String(flags.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(flags.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(set).as("the serial collector's free ratios, set by the start (HeapTuning)")
                    .contains("-XX:MinHeapFreeRatio=25", "-XX:MaxHeapFreeRatio=40").doesNotContain("G1PeriodicGCInterval");
            assertThat(Files.readAllLines(classes)).as("Atrium's own classes come from the archive, not the jar")
                    .anyMatch(l -> l.contains(" dev.atrium.Main source: shared objects file (top)"))
                    .anyMatch(l -> l.contains(" dev.atrium.Atrium source: shared objects file (top)"))
                    .noneMatch(l -> l.contains(" dev.atrium.Main source: file:"));
            assertThat(Files.readAllLines(classes)).as("the new database got its schema from the build's dump, without Flyway")
                    .anyMatch(l -> l.contains(" dev.atrium.storage.H2SchemaSnapshot "))
                    .noneMatch(l -> l.contains(" org.flywaydb.core.Flyway "));
            assertThat(Files.readString(output)).as("the archive's own warnings are not shown")
                    .doesNotContain("[cds]").contains("Atrium started: ");

            server.destroy(); // SIGTERM, to the pid the script started as
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("Atrium itself received it and stopped").isTrue();
            assertThat(server.exitValue()).isEqualTo(143);
            try (ServerSocket again = new ServerSocket(port)) {
                assertThat(again.getLocalPort()).as("nothing left listening").isEqualTo(port);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aCollectorChosenInJavaOptsIsUsedInsteadOfTheSerialOne(@TempDir Path dir) throws Exception {
        Path jar = copyOfTheJar(dir);
        Run g1 = migrate(jar, JAVA_HOME, "-XX:+UseG1GC -Xmx256m -XX:+PrintCommandLineFlags");
        assertThat(g1.exit).as(g1.output).isZero();
        assertThat(g1.output).contains("-XX:+UseG1GC", "-XX:MaxHeapSize=268435456").doesNotContain("-XX:+UseSerialGC");

        Run own = migrate(jar, JAVA_HOME, "-XX:+PrintCommandLineFlags");
        assertThat(own.exit).as(own.output).isZero();
        assertThat(own.output).contains("-XX:+UseSerialGC", "-XX:MaxHeapSize=536870912");
    }

    @Test
    void recordsTheArchiveAgainOnlyForANewerJarOrAnotherJdk(@TempDir Path dir) throws Exception {
        Path jar = copyOfTheJar(dir);
        Path archive = dir.resolve("atrium.jsa");
        Path jdk = dir.resolve("atrium.jsa.jdk");

        assertThat(migrate(jar, JAVA_HOME).exit).isZero();
        assertThat(archive).isNotEmptyFile();
        FileTime first = Files.getLastModifiedTime(archive);

        Run reused = migrate(jar, JAVA_HOME);
        assertThat(reused.exit).isZero();
        assertThat(reused.output).contains("applied");
        assertThat(Files.getLastModifiedTime(archive)).as("a current archive is used as it is").isEqualTo(first);

        FileTime jarTime = Files.getLastModifiedTime(jar);
        FileTime older = FileTime.from(jarTime.toInstant().minusSeconds(60));
        Files.setLastModifiedTime(archive, older);
        assertThat(migrate(jar, JAVA_HOME).exit).isZero();
        assertThat(Files.getLastModifiedTime(archive)).as("recorded again: the jar was newer than the archive")
                .isNotEqualTo(older);
        assertThat(Files.getLastModifiedTime(archive).compareTo(jarTime)).isPositive();

        Files.setLastModifiedTime(archive, jarTime);
        Files.writeString(jdk, "/opt/another-jdk\n");
        assertThat(migrate(jar, JAVA_HOME).exit).isZero();
        assertThat(Files.readString(jdk).strip()).as("recorded again, by this JDK").isEqualTo(JAVA_HOME);
        assertThat(Files.getLastModifiedTime(archive)).isNotEqualTo(jarTime);
    }

    @Test
    void aJvmThatCannotRecordAnArchiveStartsWithout(@TempDir Path dir) throws Exception {
        Path jar = copyOfTheJar(dir);
        // a JDK whose java refuses -XX:ArchiveClassesAtExit (as another vendor's JVM would) and runs the rest
        Path fakeJdk = dir.resolve("jdk");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path java = fakeJdk.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) echo 'Unrecognized VM option' >&2; exit 1;; esac; done\n"
                + "echo \"$*\" > \"$(dirname \"$0\")/arguments.txt\"\n"
                + "exec '" + JAVA_HOME + "/bin/java' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run run = migrate(jar, fakeJdk.toString());
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("could not record the class-data archive; starting without it").contains("applied");
        assertThat(Files.readString(fakeJdk.resolve("bin").resolve("arguments.txt")))
                .as("the JVM ran with the heap ceiling and no archive").contains("-Xmx512m").doesNotContain("SharedArchiveFile");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial archive left behind")
                    .noneMatch(name -> name.startsWith("atrium.jsa"));
        }
    }

    private record Run(int exit, String output) {
    }

    /** {@code ./atrium migrate} on an in-memory database: the script's whole decision, then a command that exits. */
    private static Run migrate(Path jar, String javaHome) throws Exception {
        return migrate(jar, javaHome, "");
    }

    private static Run migrate(Path jar, String javaHome, String javaOptions) throws Exception {
        ProcessBuilder pb = script(jar, javaHome, javaOptions, "migrate");
        pb.environment().put("ATRIUM_DATABASE_URL", "jdbc:h2:mem:start-script");
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static ProcessBuilder script(Path jar, String javaHome, String javaOptions, String command) {
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toAbsolutePath().toString(), command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ATRIUM_"));
        env.put("ATRIUM_JAR", jar.toAbsolutePath().toString());
        env.put("JAVA_HOME", javaHome);
        env.put("JAVA_OPTS", javaOptions);
        return pb;
    }

    private static Path copyOfTheJar(Path dir) throws IOException {
        assertThat(JAR).as("built by the package phase before the integration tests").exists();
        return Files.copy(JAR, dir.resolve("atrium.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package dev.atrium.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (zonky's embedded binaries) that a test stops and starts again on the same data
 * directory and port, so the JDBC URL Atrium was given stays valid across the outage. Stopping is
 * {@code pg_ctl stop -m fast}: open connections are cut and new ones refused, as in a restart or a
 * failover. As root, zonky runs it under {@code unshare -U} (see {@code PostgresStoreContractIT}).
 */
public final class StoppablePostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres running;

    private StoppablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new cluster in a temporary directory, started on a free port. */
    public static StoppablePostgres startNew() {
        try {
            Path dir = Files.createTempDirectory("atrium-outage-pg-");
            StoppablePostgres pg = new StoppablePostgres(dir, freePort());
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server again; returns once it accepts connections. */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .start();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start; as root it needs `unshare -U`", e);
        }
    }

    /** Stops the server: every connection is cut, new ones are refused until {@link #start()}. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    /** A JDBC URL for database {@code name} on this server. */
    public String url(String name) {
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    public String user() {
        return "postgres";
    }

    /** Creates database {@code name}. */
    public void createDatabase(String name) {
        execute("postgres", "create database " + name);
    }

    /** Runs {@code sql} on a connection of its own (the server must be running). */
    public void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of the test's own, outside Atrium's pool. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user(), "");
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

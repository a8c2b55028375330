package dev.atrium.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atrium.common.DatabaseUnavailableException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connection pool, the migrations and the JDBI handle for one database, H2 or PostgreSQL.
 * Both run the same migrations from {@code db/migration}, written in the SQL subset that both accept
 * (ARCHITECTURE.md §5.6): JSON is kept in {@code text} columns and parsed in Java, upserts use
 * {@code MERGE}, and nothing uses {@code RETURNING} or {@code ON CONFLICT DO UPDATE}.
 *
 * <p>Outages (issue 18). Every wait on the database is bounded: a connection is waited for at most
 * {@link #POOL_WAIT}, a statement runs at most the statement timeout. A failure that means the
 * database cannot serve (see {@link Outages}) leaves the stores as a {@link DatabaseUnavailableException},
 * never as a JDBI exception. A lost connection marks the database down: from then on {@link #jdbi()}
 * refuses at once, without touching the pool, until a probe through {@link #probeJdbi()} (the
 * poller of {@link CacheVersions}, woken by the failure) answers again and calls {@link #reachable()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long a request waits for a pooled connection; under a second, so a request that needs a down database fails fast. */
    public static final Duration POOL_WAIT = Duration.ofMillis(500);
    /** How long the first connection of the first pool may take. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(10);
    /** The statement timeout when none is configured. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    /** Replaced by a new pool when the database comes back (see {@link #reachable()}). */
    private volatile HikariDataSource pool;
    private final long statementTimeoutMillis;
    private final Jdbi jdbi;
    private final Jdbi probeJdbi;
    private final String url;
    private final String user;
    private final String password;
    private final List<Runnable> downListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    /** Why the database is known to be down, or null while it is thought to be up. */
    private volatile String downCause;
    private volatile long downSinceNanos;
    /** The last reason writes were refused for (read-only, disk full), logged once per reason. */
    private volatile String refusedWrites;

    public Database(String url, String user, String password) {
        this(url, user, password, DEFAULT_STATEMENT_TIMEOUT);
    }

    public Database(String url, String user, String password, Duration statementTimeout) {
        this.url = normalise(url);
        createDataDirectory(this.url);
        this.user = user;
        this.password = password;
        this.statementTimeoutMillis = Math.max(1, statementTimeout.toMillis());
        // the first connection may take longer than a pool wait (an H2 file still being released by a
        // process that just stopped): the pool is created with it, or creating the Database fails
        this.pool = newPool(STARTUP_WAIT.toMillis());
        this.jdbi = Jdbi.create(this::guardedConnection);
        this.probeJdbi = Jdbi.create(this::probeConnection);
        StatementCounter.installIfAsked(jdbi); // issue 15: only with -Datrium.debug.statements=<file>
    }

    /** A pool holding one connection already, made within {@code firstConnectionMillis}. */
    private HikariDataSource newPool(long firstConnectionMillis) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(10);
        hc.setPoolName("atrium");
        hc.setInitializationFailTimeout(firstConnectionMillis);
        hc.setConnectionTimeout(POOL_WAIT.toMillis());
        hc.setValidationTimeout(250);
        if (isH2()) {
            hc.setConnectionInitSql("SET QUERY_TIMEOUT " + statementTimeoutMillis);
        } else {
            hc.setConnectionInitSql("SET statement_timeout = " + statementTimeoutMillis);
            clientTimeouts().forEach((k, v) -> hc.addDataSourceProperty((String) k, v));
        }
        return new HikariDataSource(hc);
    }

    /** PostgreSQL driver bounds for a server that stops answering altogether (statement_timeout is the server's). */
    private Properties clientTimeouts() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", String.valueOf(statementTimeoutMillis / 1000 + 5));
        return p;
    }

    /**
     * An embedded H2 file database's directory is created owner-only before H2 opens the file (H2 would
     * create it with the process's default mode, readable by every local user).
     */
    static void createDataDirectory(String url) {
        if (!isEmbeddedFile(url)) {
            return;
        }
        java.nio.file.Path dir = embeddedFile(url).toAbsolutePath().getParent();
        if (dir == null || java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try {
            if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } else {
                java.nio.file.Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the database directory " + dir, e);
        }
    }

    /** Whether this process alone holds the database (an embedded H2 file), so no other node writes to it. */
    public boolean isEmbedded() {
        return isEmbeddedFile(url);
    }

    /** The {@code .mv.db} file of an embedded H2 database ({@link #isEmbeddedFile}). */
    public static java.nio.file.Path embeddedFile(String url) {
        // past H2's file-system prefixes (file:, nio:, split:, a test's wrapper …); one letter is a drive
        String path = url.substring("jdbc:h2:".length()).replaceFirst("^([A-Za-z][A-Za-z0-9]+:)+", "");
        int semi = path.indexOf(';');
        return java.nio.file.Path.of((semi >= 0 ? path.substring(0, semi) : path) + ".mv.db");
    }

    /** An H2 database in a file this process opens itself (not in memory, not a server's, not a read-only archive). */
    public static boolean isEmbeddedFile(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:") && !url.startsWith("jdbc:h2:zip:");
    }

    /** H2 runs in PostgreSQL mode with lower-case names and nulls last, as ARCHITECTURE.md §5.6 fixes. */
    public static String normalise(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String u = url;
        if (!u.toUpperCase().contains("MODE=")) {
            u += ";MODE=PostgreSQL";
        }
        if (!u.toUpperCase().contains("DATABASE_TO_LOWER=")) {
            u += ";DATABASE_TO_LOWER=TRUE";
        }
        if (!u.toUpperCase().contains("DEFAULT_NULL_ORDERING=")) {
            u += ";DEFAULT_NULL_ORDERING=HIGH";
        }
        if (!u.toUpperCase().contains("LOCK_TIMEOUT=")) {
            // writers that queue on a row lock (SELECT … FOR UPDATE) wait as PostgreSQL's do, not H2's default second
            u += ";LOCK_TIMEOUT=10000";
        }
        if (u.startsWith("jdbc:h2:mem:") && !u.toUpperCase().contains("DB_CLOSE_DELAY=")) {
            u += ";DB_CLOSE_DELAY=-1";
        }
        if (isEmbeddedFile(u) && !u.toUpperCase().contains("WRITE_DELAY=")) {
            // a commit is written to the file before it returns, not up to half a second later: a write
            // that cannot reach the disk (full, failing) is refused instead of acknowledged and lost (issue 18)
            u += ";WRITE_DELAY=0";
        }
        if (isEmbeddedFile(u) && !u.toUpperCase().contains("DB_CLOSE_ON_EXIT=")) {
            // Atrium closes the database itself, last, in its shutdown hook (after the HTTP server has stopped
            // and the tenant log, outbox and jobs have written what they hold); H2's own hook would close the
            // file at the same moment and make those last writes fail
            u += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return u;
    }

    /** The migrations written in Java, beside the SQL ones of {@link SchemaFingerprint#LOCATION}. */
    static final List<org.flywaydb.core.api.migration.JavaMigration> JAVA_MIGRATIONS = List.of(
            new dev.atrium.storage.migration.V51__Administrators_from_app_metadata(),
            new dev.atrium.storage.migration.V262__User_search_backfill_and_indexes(),
            new dev.atrium.storage.migration.V263__Log_sequence_cache_on_h2(),
            new dev.atrium.storage.migration.V282__Member_view_of_users(),
            new dev.atrium.storage.migration.V285__Member_fields_in_memberships());

    /**
     * Applies pending migrations; returns how many ran. Skips Flyway altogether when the database
     * records this build's migration fingerprint ({@link SchemaFingerprint}, issue 15 start-up), and on
     * an empty H2 database replays the build's dump of the migrated schema instead ({@link H2SchemaSnapshot}).
     * Migrations open connections of their own, outside the pool and without the statement timeout, so
     * a long one is never cut off halfway.
     */
    public int migrate() {
        var fingerprint = fingerprint();
        if (fingerprint.isPresent()) {
            if (isH2()) {
                try {
                    int applied = H2SchemaSnapshot.applyToEmptyDatabase(Database.class.getClassLoader(), url, user,
                            password, fingerprint.get());
                    if (applied > 0) {
                        return applied;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("could not create the schema of the new database: " + e.getMessage(), e);
                }
            }
            if (fingerprint.equals(SchemaFingerprint.stored(jdbi))) {
                return 0;
            }
        }
        return migrateWithFlyway(fingerprint);
    }

    /** This build's migration fingerprint ({@link SchemaFingerprint}). */
    private static java.util.Optional<String> fingerprint() {
        return SchemaFingerprint.of(Database.class.getClassLoader(),
                JAVA_MIGRATIONS.stream().<Class<?>>map(Object::getClass).toList());
    }

    /** Runs Flyway, whatever the database holds, and records the fingerprint after it succeeded. */
    int migrateWithFlyway() {
        return migrateWithFlyway(fingerprint());
    }

    private int migrateWithFlyway(java.util.Optional<String> fingerprint) {
        int ran = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:" + SchemaFingerprint.LOCATION)
                .javaMigrations(JAVA_MIGRATIONS.toArray(new org.flywaydb.core.api.migration.JavaMigration[0]))
                .load()
                .migrate()
                .migrationsExecuted;
        fingerprint.ifPresent(f -> {
            try {
                SchemaFingerprint.store(jdbi, f);
            } catch (RuntimeException e) {
                // another node recorded it at the same moment; the next start runs Flyway once more
            }
        });
        return ran;
    }

    /** The stores' JDBI: refuses at once while the database is known to be down, and reports outages as {@link DatabaseUnavailableException}. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * JDBI for the poller that finds out whether the database is back, ignoring the down flag: over the
     * pool while the database is up, over a new connection of its own while it is down (the pool's
     * own reconnection backs off up to five seconds, longer than recovery may take).
     */
    Jdbi probeJdbi() {
        return probeJdbi;
    }

    /** True when the database is not known to be down and a trivial query answers within a second. */
    public boolean isReachable() {
        if (downCause != null) {
            return false;
        }
        try (var c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Why the database is known to be down, or null. */
    public String downCause() {
        return downCause;
    }

    /** Runs {@code listener} (on the failing thread; it must not block) each time the database is marked down. */
    void onDown(Runnable listener) {
        downListeners.add(listener);
    }

    /** Runs {@code listener} before the pool closes (the poller stops there). */
    void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /**
     * A probe answered: requests may use the database again. After an outage they get a new pool, whose
     * connections are made now, instead of the old one that may still be backing off between attempts.
     */
    synchronized void reachable() {
        if (downCause == null) {
            return;
        }
        HikariDataSource old = pool;
        try {
            pool = newPool(1000);
        } catch (RuntimeException e) {
            return; // answered the probe but not the pool: still down, the next poll tries again
        }
        downCause = null;
        LOG.info("database reachable again after {} ms", (System.nanoTime() - downSinceNanos) / 1_000_000);
        // requests still holding one of its connections finish first: at most a pool wait and a statement
        long grace = POOL_WAIT.toMillis() + statementTimeoutMillis;
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            old.close();
        }, "atrium-pool-close");
        closer.setDaemon(true);
        closer.start();
    }

    private Connection probeConnection() throws SQLException {
        if (downCause == null) {
            return pool.getConnection();
        }
        Properties p = isH2() ? new Properties() : clientTimeouts();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    /** Marks the database down (logged once per outage) and wakes the listeners. */
    void down(String cause) {
        if (downCause == null) {
            downSinceNanos = System.nanoTime();
            LOG.warn("database unavailable: {}; requests that need it answer 503 until it answers again", cause);
        }
        downCause = cause;
        downListeners.forEach(Runnable::run);
    }

    /** What a failed statement means for the request: a {@link DatabaseUnavailableException}, or null for an ordinary error. */
    DatabaseUnavailableException unavailable(SQLException e) {
        Outages.Kind kind = Outages.classify(e);
        if (kind == null) {
            return null;
        }
        String cause = Outages.describe(e);
        switch (kind) {
            case CONNECTION_LOST -> down(cause);
            case WRITES_REFUSED -> {
                if (!cause.equals(refusedWrites)) {
                    refusedWrites = cause;
                    LOG.error("database refuses writes: {}; writes answer 503, reads go on", cause);
                }
                if (isH2() && Outages.failedFileWrite(e)) {
                    // H2 closes its file after a write it could not make: reopen it now (the poller,
                    // woken by down()) rather than when the next request finds it closed
                    down(cause);
                }
            }
            default -> {
            }
        }
        return new DatabaseUnavailableException(kind.message + " (" + cause + ")", kind == Outages.Kind.WRITES_REFUSED, e);
    }

    private Connection guardedConnection() {
        String cause = downCause;
        if (cause != null) {
            throw new DatabaseUnavailableException("The database is unavailable (" + cause + ")", null);
        }
        try {
            return Outages.guard(pool.getConnection(), this);
        } catch (SQLException e) {
            DatabaseUnavailableException u = unavailable(e);
            throw u != null ? u : new DatabaseUnavailableException("No database connection (" + Outages.describe(e) + ")", e);
        }
    }

    private boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** The product name, for the start-up line: "H2" or "PostgreSQL". */
    public String kind() {
        return isH2() ? "H2" : "PostgreSQL";
    }

    /** The JDBC URL without credentials that some drivers allow inside it. */
    public String describe() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        closeListeners.forEach(Runnable::run);
        pool.close();
    }
}

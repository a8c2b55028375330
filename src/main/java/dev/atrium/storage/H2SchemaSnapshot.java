package dev.atrium.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The schema a new H2 database gets from this build's migrations, recorded once by the build and
 * replayed on an empty H2 database in one script instead of running Flyway (issue 15, start-up: Flyway's
 * classes, its scans and thirty migrations were about half of a first start).
 *
 * <p>The build ({@code process-classes}) runs {@link #main} after compiling: it migrates an empty
 * in-memory database with Flyway, exactly as a server does, and writes H2's own dump of the result
 * ({@code SCRIPT}) to {@value #RESOURCE}, headed by the migrations' {@link SchemaFingerprint}. The
 * dump holds the tables, indexes, constraints and sequences, and the rows the migrations wrote: Flyway's
 * history (so Flyway sees every migration applied), the cache version counters and the fingerprint.
 * Rows anywhere else make the build fail (see {@link #ROWS_ALLOWED}), so that nothing per-install
 * (a secret, an id) can end up shared by every database made from the dump; the database's users are left
 * out of it.
 *
 * <p>A start replays the dump only when the database is H2 in memory or in a file this process holds
 * alone, holds no table in its schema yet, and the dump's fingerprint equals the fingerprint of the
 * migrations this build carries; otherwise (PostgreSQL, an existing database, a dump of other migrations,
 * or none at all, as when the classes were compiled without Maven) Flyway runs as before. The result is
 * the same schema: {@code H2SchemaSnapshotTest} compares a replayed database with a migrated one, object
 * by object. A replay that fails halfway (a full disk) leaves a database that is neither empty nor
 * migrated, as an interrupted Flyway run on H2 does (H2's DDL commits statement by statement); the start
 * fails and says so.
 */
final class H2SchemaSnapshot {
    /** Where the build puts the dump, on the class path. */
    static final String RESOURCE = "db/h2-schema-snapshot.sql";
    private static final String HEADER = "-- atrium schema fingerprint: ";
    /**
     * The tables whose rows the dump may carry. Before a migration that writes rows elsewhere is added
     * here, check that those rows are the same for every installation.
     */
    static final Set<String> ROWS_ALLOWED = Set.of("flyway_schema_history", "cache_versions", "schema_fingerprint");
    /** Statements about the database's accounts, which the dump must not carry. */
    private static final Pattern ACCOUNTS = Pattern.compile("(?i)^\\s*(CREATE|ALTER|DROP)\\s+(USER|ROLE)\\b|^\\s*GRANT\\b");

    private static final Pattern TABLE_KIND = Pattern.compile("^CREATE (MEMORY|CACHED) TABLE");
    private static final Pattern INDEX = Pattern.compile("^CREATE (UNIQUE (NULLS (NOT )?DISTINCT )?)?(SPATIAL |HASH )*INDEX ");

    private H2SchemaSnapshot() {
    }

    /** The fingerprint the dump on the class path was made from, or empty when there is none. */
    static Optional<String> fingerprint(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            String first = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return first != null && first.startsWith(HEADER)
                    ? Optional.of(first.substring(HEADER.length()).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Replays the dump on the H2 database at {@code url} when it holds no table yet and the dump was made
     * from the migrations whose fingerprint is {@code fingerprint}; returns how many migrations that
     * applied, or 0 when it did nothing (then Flyway runs).
     */
    static int applyToEmptyDatabase(ClassLoader loader, String url, String user, String password, String fingerprint)
            throws SQLException {
        if (!onlyThisProcess(url) || !fingerprint(loader).equals(Optional.of(fingerprint))) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "select count(*) from information_schema.tables where lower(table_schema) = 'public'")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    return 0;
                }
            }
            // every statement of the script commits; with the write delay of an embedded file (0: written
            // before the commit returns) each would be written on its own, a tenth of a second in all
            String writeDelay = setting(s, "WRITE_DELAY");
            if (writeDelay != null) {
                s.execute("SET WRITE_DELAY 1000");
            }
            try {
                s.execute("RUNSCRIPT FROM 'classpath:/" + RESOURCE + "'");
            } finally {
                if (writeDelay != null) {
                    s.execute("SET WRITE_DELAY " + Integer.parseInt(writeDelay));
                    s.execute("CHECKPOINT");
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "select count(*) from flyway_schema_history where version is not null and success")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Whether no other process can be creating the same schema at this moment: an H2 database in memory or
     * in a file this process opens alone. On a database server (and H2's automatic mixed mode) two nodes
     * starting together could both find it empty; there Flyway's lock on its history decides.
     */
    static boolean onlyThisProcess(String url) {
        return url.startsWith("jdbc:h2:mem:")
                || Database.isEmbeddedFile(url) && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    /** An H2 setting's value, or null when the database has no such setting. */
    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "select setting_value from information_schema.settings where setting_name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The dump of a database {@code flyway} has just migrated, checked: no accounts, rows only where allowed. */
    static List<String> dump(Connection c, String fingerprint) throws SQLException {
        try (Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                    + "where lower(table_schema) = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from \"public\".\"" + table + "\"")) {
                    rs.next();
                    if (rs.getLong(1) != 0 && !ROWS_ALLOWED.contains(table)) {
                        throw new IllegalStateException("a migration wrote rows into " + table + ", which the schema "
                                + "snapshot does not carry; check that they are the same for every installation and "
                                + "add the table to H2SchemaSnapshot.ROWS_ALLOWED");
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            List<String> indexes = new ArrayList<>();
            lines.add(HEADER + fingerprint);
            try (ResultSet rs = s.executeQuery("SCRIPT NOPASSWORDS NOSETTINGS")) {
                while (rs.next()) {
                    String statement = rs.getString(1);
                    if (ACCOUNTS.matcher(statement).find()) {
                        continue;
                    }
                    if (INDEX.matcher(statement).find()) {
                        indexes.add(statement);
                        continue;
                    }
                    // the dump is made in memory; a table takes the kind of the database it is replayed
                    // into (cached in a file, in memory in memory), as the migrations' own create table does
                    lines.add(TABLE_KIND.matcher(statement).replaceFirst("CREATE TABLE"));
                }
            }
            // H2 dumps a table's indexes before the unique and foreign-key constraints of all tables; a
            // constraint then takes over an index on its columns, where the migrations (constraints
            // declared with their tables, indexes after) gave it one of its own. Indexes last keeps that.
            lines.addAll(indexes);
            return lines;
        }
    }

    /** Build step: {@code H2SchemaSnapshot <output file>} writes the dump of this build's migrations. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: H2SchemaSnapshot <output file>");
            System.exit(2);
        }
        String url = "jdbc:h2:mem:schema-snapshot-" + UUID.randomUUID();
        List<String> lines;
        try (Database db = new Database(url, "", "")) {
            db.migrateWithFlyway();
            String fingerprint = SchemaFingerprint.stored(db.jdbi())
                    .orElseThrow(() -> new IllegalStateException("the migrations' fingerprint was not recorded"));
            try (Connection c = DriverManager.getConnection(Database.normalise(url), "", "")) {
                lines = dump(c, fingerprint);
            }
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new UncheckedIOException(e);
        }
    }
}

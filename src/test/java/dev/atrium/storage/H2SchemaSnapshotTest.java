package dev.atrium.storage;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15 start-up: an empty H2 database gets the schema from the build's dump
 * ({@link H2SchemaSnapshot}) instead of from Flyway, and ends up exactly as Flyway would have left it.
 */
class H2SchemaSnapshotTest {
    private static final ClassLoader LOADER = Database.class.getClassLoader();

    /** The comparable description of a database: its objects, and its rows but for when and by whom Flyway ran. */
    private static final List<String> DESCRIPTION = List.of(
            "select table_name, table_type, storage_type from information_schema.tables where table_schema = 'public' order by 1",
            "select table_name, column_name, ordinal_position, data_type, character_maximum_length, numeric_precision, "
                    + "is_nullable, column_default, is_identity, identity_start, identity_increment, identity_cache "
                    + "from information_schema.columns where table_schema = 'public' order by 1, 2",
            // the names H2 makes up for a constraint's index differ from one database to the next
            "select i.table_name, case when regexp_like(i.index_name, '^PRIMARY_KEY_[0-9A-F]+$|_INDEX_[0-9A-F]+$') "
                    + "then 'index of a constraint' else i.index_name end as name, i.index_type_name, "
                    + "listagg(c.column_name || ' ' || c.ordering_specification || ' ' || c.null_ordering, ', ') "
                    + "within group (order by c.ordinal_position) as columns "
                    + "from information_schema.indexes i join information_schema.index_columns c "
                    + "on c.index_schema = i.index_schema and c.index_name = i.index_name and c.table_name = i.table_name "
                    + "where i.table_schema = 'public' group by i.table_name, i.index_name, i.index_type_name order by 1, 2, 3, 4",
            "select table_name, constraint_name, constraint_type, nulls_distinct from information_schema.table_constraints "
                    + "where table_schema = 'public' order by 1, 2",
            "select constraint_name, table_name, column_name, ordinal_position from information_schema.key_column_usage "
                    + "where table_schema = 'public' order by 1, 2, 4",
            "select constraint_name, unique_constraint_name, update_rule, delete_rule from information_schema.referential_constraints "
                    + "where constraint_schema = 'public' order by 1",
            "select constraint_name, check_clause from information_schema.check_constraints where constraint_schema = 'public' order by 1",
            "select table_name, view_definition from information_schema.views where table_schema = 'public' order by 1",
            "select sequence_name, data_type, start_value, increment, cache from information_schema.sequences "
                    + "where sequence_schema = 'public' order by 1",
            "select installed_rank, version, description, type, script, checksum, success from flyway_schema_history order by 1",
            "select * from cache_versions order by 1",
            "select fingerprint from schema_fingerprint");

    @Test
    void anEmptyDatabaseReplayedFromTheDumpIsTheDatabaseFlywayMakes(@TempDir Path dir) throws Exception {
        String fingerprint = buildFingerprint();
        assertThat(H2SchemaSnapshot.fingerprint(LOADER)).as("the build wrote the dump of these migrations").contains(fingerprint);
        Instant before = Instant.now();

        String replayed = "jdbc:h2:file:" + dir.resolve("replayed/atrium");
        String migrated = "jdbc:h2:file:" + dir.resolve("migrated/atrium");
        try (Database a = new Database(replayed, "", ""); Database b = new Database(migrated, "", "")) {
            int fromDump = a.migrate();
            int fromFlyway = b.migrateWithFlyway();
            assertThat(fromDump).isEqualTo(fromFlyway).isEqualTo(Database.JAVA_MIGRATIONS.size() + sqlMigrations());

            assertThat(installedOn(a)).as("the dump's history, written when the build ran, not now").allMatch(t -> t.isBefore(before));
            assertThat(installedOn(b)).allMatch(t -> !t.isBefore(before.minusSeconds(1)));
            assertThat(describe(a)).isEqualTo(describe(b));
            assertThat(describe(a).get(0)).as("file tables, not in-memory ones").contains("CACHED").doesNotContain("MEMORY");

            // Flyway agrees: nothing pending, every checksum as recorded
            Flyway flyway = Flyway.configure().dataSource(Database.normalise(replayed), "", "")
                    .locations("classpath:" + SchemaFingerprint.LOCATION)
                    .javaMigrations(Database.JAVA_MIGRATIONS.toArray(new org.flywaydb.core.api.migration.JavaMigration[0]))
                    .load();
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

            try (Connection c = DriverManager.getConnection(Database.normalise(replayed), "", "");
                 Statement s = c.createStatement()) {
                assertThat(column(s, "select user_name from information_schema.users"))
                        .as("the dump adds no account").containsExactly("");
            }
            assertThat(a.migrate()).as("a second start finds this build's fingerprint").isZero();
        }
    }

    @Test
    void theReplayLeavesTheDatabasesWriteDelayAsItFoundIt(@TempDir Path dir) throws Exception {
        // no WRITE_DELAY in the address: every connection made with one would set it again
        String url = "jdbc:h2:file:" + dir.resolve("atrium") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (Connection keep = DriverManager.getConnection(url, "", ""); Statement s = keep.createStatement()) {
            s.execute("SET WRITE_DELAY 7");
            assertThat(H2SchemaSnapshot.applyToEmptyDatabase(LOADER, url, "", "", buildFingerprint())).isPositive();
            assertThat(column(s, "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'"))
                    .containsExactly("7");
        }
    }

    @Test
    void aDatabaseThatHoldsATableOrAnotherBuildsDumpIsLeftToFlyway() throws Exception {
        String fingerprint = buildFingerprint();
        String url = Database.normalise("jdbc:h2:mem:snapshot-" + UUID.randomUUID());
        try (Connection keep = DriverManager.getConnection(url, "", ""); Statement s = keep.createStatement()) {
            assertThat(H2SchemaSnapshot.applyToEmptyDatabase(LOADER, url, "", "", "another build's fingerprint")).isZero();
            assertThat(tables(s)).isEmpty();

            s.execute("create table operators_own (id int)");
            assertThat(H2SchemaSnapshot.applyToEmptyDatabase(LOADER, url, "", "", fingerprint)).isZero();
            assertThat(tables(s)).containsExactly("operators_own");
        }
        assertThat(H2SchemaSnapshot.applyToEmptyDatabase(LOADER, "jdbc:postgresql://127.0.0.1:1/none", "", "", fingerprint))
                .as("not H2: not even connected to").isZero();
        assertThat(H2SchemaSnapshot.applyToEmptyDatabase(LOADER, "jdbc:h2:tcp://127.0.0.1:1/none", "", "", fingerprint))
                .as("an H2 server, which other nodes may be migrating at the same moment").isZero();
        assertThat(H2SchemaSnapshot.onlyThisProcess("jdbc:h2:file:./data/atrium;AUTO_SERVER=TRUE")).isFalse();
        assertThat(H2SchemaSnapshot.onlyThisProcess("jdbc:h2:file:./data/atrium;MODE=PostgreSQL")).isTrue();
    }

    @Test
    void theDumpCarriesNoAccountAndTheBuildRefusesRowsThatCouldDifferPerInstallation() throws Exception {
        String dump;
        try (InputStream in = LOADER.getResourceAsStream(H2SchemaSnapshot.RESOURCE)) {
            assertThat(in).isNotNull();
            dump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(dump).doesNotContainIgnoringCase("CREATE USER").doesNotContainIgnoringCase("PASSWORD '")
                .doesNotContain("CREATE MEMORY TABLE").doesNotContain("CREATE CACHED TABLE");

        String url = "jdbc:h2:mem:snapshot-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "");
             Connection c = DriverManager.getConnection(Database.normalise(url), "", "")) {
            db.migrateWithFlyway();
            List<String> lines = H2SchemaSnapshot.dump(c, "f");
            assertThat(lines.get(0)).isEqualTo("-- atrium schema fingerprint: f");
            assertThat(lines).noneMatch(l -> l.startsWith("CREATE USER"));

            db.jdbi().useHandle(h -> h.execute("insert into connections (id, name, strategy, doc, created_at, updated_at) "
                    + "values ('con_1', 'x', 'auth0', '{}', current_timestamp, current_timestamp)"));
            assertThatThrownBy(() -> H2SchemaSnapshot.dump(c, "f"))
                    .hasMessageContaining("a migration wrote rows into connections");
        }
    }

    private static String buildFingerprint() {
        return SchemaFingerprint.of(LOADER, Database.JAVA_MIGRATIONS.stream().<Class<?>>map(Object::getClass).toList())
                .orElseThrow();
    }

    private static int sqlMigrations() throws Exception {
        var url = LOADER.getResource(SchemaFingerprint.LOCATION);
        try (var files = java.nio.file.Files.list(Path.of(url.toURI()))) {
            return (int) files.filter(p -> p.toString().endsWith(".sql")).count();
        }
    }

    private static List<Instant> installedOn(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("select installed_on from flyway_schema_history")
                .mapTo(java.sql.Timestamp.class).map(java.sql.Timestamp::toInstant).list());
    }

    private static List<String> describe(Database db) throws java.sql.SQLException {
        return db.jdbi().withHandle(h -> {
            List<String> out = new ArrayList<>();
            for (String query : DESCRIPTION) {
                try (Statement s = h.getConnection().createStatement(); ResultSet rs = s.executeQuery(query)) {
                    StringBuilder b = new StringBuilder(query).append('\n');
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            b.append(rs.getString(i)).append(i < meta.getColumnCount() ? " | " : "\n");
                        }
                    }
                    out.add(b.toString());
                }
            }
            return out;
        });
    }

    private static List<String> tables(Statement s) throws Exception {
        return column(s, "select table_name from information_schema.tables where table_schema = 'public'");
    }

    private static List<String> column(Statement s, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}

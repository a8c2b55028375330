package dev.atrium.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 start-up: Flyway is skipped only when the database records exactly this build's migrations. */
class SchemaFingerprintTest {

    @Test
    void aSecondStartOnTheSameDatabaseSkipsFlywayAndAnotherFingerprintRunsItAgain() {
        String url = "jdbc:h2:mem:fingerprint-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "")) {
            assertThat(db.migrate()).isGreaterThan(5);
            String recorded = fingerprint(db).orElseThrow();
            assertThat(recorded).hasSize(64).isEqualTo(SchemaFingerprint.of(Database.class.getClassLoader(),
                    Database.JAVA_MIGRATIONS.stream().<Class<?>>map(Object::getClass).toList()).orElseThrow());

            // the same build again: nothing to do, and Flyway's history is not even read
            db.jdbi().useHandle(h -> h.execute("update flyway_schema_history set checksum = checksum + 1 where version = '1'"));
            assertThat(db.migrate()).isZero();

            // another build's fingerprint: Flyway runs (and here reports the checksum it finds changed)
            db.jdbi().useHandle(h -> h.execute("update flyway_schema_history set checksum = checksum - 1 where version = '1'"));
            db.jdbi().useHandle(h -> h.execute("update schema_fingerprint set fingerprint = 'another build'"));
            assertThat(db.migrate()).isZero();
            assertThat(fingerprint(db)).contains(recorded);
        }
    }

    @Test
    void theFingerprintFollowsTheNamesAndBytesOfTheMigrationFiles(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve(SchemaFingerprint.LOCATION));
        Files.writeString(migrations.resolve("V1__a.sql"), "create table a (id int);");
        Optional<String> first = of(dir);
        assertThat(first).isPresent().isEqualTo(of(dir));

        Files.writeString(migrations.resolve("V1__a.sql"), "create table a (id bigint);");
        Optional<String> edited = of(dir);
        assertThat(edited).isPresent().isNotEqualTo(first);

        Files.writeString(migrations.resolve("V2__b.sql"), "create table b (id int);");
        assertThat(of(dir)).isPresent().isNotEqualTo(edited);
    }

    @Test
    void noMigrationsFoundMeansNoFingerprintSoFlywayRuns(@TempDir Path dir) throws Exception {
        assertThat(of(dir)).isEmpty();
    }

    private static Optional<String> of(Path root) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[]{root.toUri().toURL()}, null)) {
            return SchemaFingerprint.of(loader, List.of());
        }
    }

    private static Optional<String> fingerprint(Database db) {
        return SchemaFingerprint.stored(db.jdbi());
    }
}

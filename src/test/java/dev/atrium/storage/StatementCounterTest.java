package dev.atrium.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, goal 7: the benchmark reads the statements a server executed from the file it names. */
class StatementCounterTest {

    @Test
    void countsEveryExecutedStatementOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("statements.txt");
        Database counted;
        System.setProperty(StatementCounter.PROPERTY, file.toString());
        try {
            counted = new Database("jdbc:h2:mem:counted-" + UUID.randomUUID(), "", "");
        } finally {
            System.clearProperty(StatementCounter.PROPERTY);
        }
        try (counted; Database quiet = new Database("jdbc:h2:mem:quiet-" + UUID.randomUUID(), "", "")) {
            assertThat(quiet.jdbi().getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getSqlLogger())
                    .isNotInstanceOf(StatementCounter.class);
            var counter = (StatementCounter) counted.jdbi().getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getSqlLogger();
            counted.migrate();
            quiet.migrate();
            long start = counter.total();
            counted.jdbi().useHandle(h -> {
                h.execute("create table t (id int)");
                h.createUpdate("insert into t values (1)").execute();
                h.createQuery("select count(*) from t").mapTo(Integer.class).one();
            });
            assertThat(counter.total() - start).isEqualTo(3);
            // the tenant log's batch goes through plain JDBC and still counts once, however many events it holds
            long before = counter.total();
            dev.atrium.logs.LogIds ids = new dev.atrium.logs.LogIds();
            java.time.Instant now = java.time.Instant.now();
            java.util.List<dev.atrium.logs.LogEvent> batch = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> new dev.atrium.logs.LogEvent(ids.next(now), now, "seccft", "d", "cli", null, null, null, null,
                            null, null, null, null, null, null, null, null, null))
                    .toList();
            new JdbcLogStore(counted.jdbi(), java.time.Clock.systemUTC()).insert(batch);
            new JdbcLogStore(quiet.jdbi(), java.time.Clock.systemUTC()).insert(batch);
            assertThat(counter.total() - before).isEqualTo(1);
            for (Database db : new Database[] {counted, quiet}) {
                Integer rows = db.jdbi().withHandle(h -> h.createQuery("select count(*) from log_events").mapTo(Integer.class).one());
                assertThat(rows).isEqualTo(5);
            }
            before = counter.total();
            long deadline = System.nanoTime() + 5_000_000_000L;
            String expected = Long.toString(before);
            while (!(Files.exists(file) && Files.readString(file).equals(expected)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(file)).isEqualTo(expected);
        }
    }
}

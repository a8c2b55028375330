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
            counted.jdbi().useHandle(h -> {
                h.execute("create table t (id int)");
                h.createUpdate("insert into t values (1)").execute();
                h.createQuery("select count(*) from t").mapTo(Integer.class).one();
            });
            assertThat(counter.total()).isEqualTo(3);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(file) && Files.readString(file).equals("3")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(file)).isEqualTo("3");
        }
    }
}

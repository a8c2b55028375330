package dev.atrium.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JDBC failures {@link Outages} reads as an outage, and which kind: the SQL states PostgreSQL
 * and HikariCP report and the error codes of H2, including the ones the integration tests cannot
 * produce on demand (a full disk, a standby that refuses writes).
 */
class OutagesTest {

    @Test
    void connection_failures_mark_the_database_down() {
        assertThat(Outages.classify(new SQLException("Connection refused", "08001"))).isEqualTo(Outages.Kind.CONNECTION_LOST);
        assertThat(Outages.classify(new SQLException("An I/O error occurred", "08006"))).isEqualTo(Outages.Kind.CONNECTION_LOST);
        assertThat(Outages.classify(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(Outages.Kind.CONNECTION_LOST);
        assertThat(Outages.classify(new SQLException("the database system is starting up", "57P03")))
                .isEqualTo(Outages.Kind.CONNECTION_LOST);
        SQLException poolTimeout = new SQLTransientConnectionException(
                "atrium - Connection is not available, request timed out after 500ms.", "08001",
                new SQLException("Connection refused", "08001"));
        assertThat(Outages.classify(poolTimeout)).isEqualTo(Outages.Kind.CONNECTION_LOST);
        assertThat(Outages.describe(poolTimeout)).isEqualTo("Connection refused");
    }

    @Test
    void a_busy_pool_or_a_slow_statement_fails_the_request_without_marking_the_database_down() {
        assertThat(Outages.classify(new SQLTransientConnectionException(
                "atrium - Connection is not available, request timed out after 500ms (total=10, active=10, idle=0, waiting=3)")))
                .isEqualTo(Outages.Kind.POOL_BUSY);
        assertThat(Outages.classify(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEqualTo(Outages.Kind.TIMEOUT);
        assertThat(Outages.classify(new SQLException("could not obtain lock", "55P03"))).isEqualTo(Outages.Kind.TIMEOUT);
        assertThat(Outages.classify(new SQLTimeoutException("timed out"))).isEqualTo(Outages.Kind.TIMEOUT);
    }

    @Test
    void read_only_and_full_databases_refuse_writes() {
        assertThat(Outages.classify(new SQLException("cannot execute INSERT in a read-only transaction", "25006")))
                .isEqualTo(Outages.Kind.WRITES_REFUSED);
        assertThat(Outages.classify(new SQLException("could not extend file: No space left on device", "53100")))
                .isEqualTo(Outages.Kind.WRITES_REFUSED);
        SQLException wrapped = new SQLException("General error", "HY000", new IOException("No space left on device"));
        assertThat(Outages.classify(wrapped)).isEqualTo(Outages.Kind.WRITES_REFUSED);
    }

    @Test
    void a_full_disk_under_h2_is_named_once_for_every_failed_write_of_the_file_even_in_a_looping_chain() {
        // as H2 reports a write its store could not make: the disk's error two causes down, and a
        // suppressed exception that leads back to the top, so a naive walk never ends
        SQLException top = new SQLException("General error: \"Writing to /data/atrium.mv.db failed; length 4096 at 28672\"",
                "HY000", 50000);
        RuntimeException store = new RuntimeException("Writing to /data/atrium.mv.db failed; length 4096 at 28672",
                new IOException("No space left on device"));
        top.initCause(new RuntimeException("General error", new SQLException("again", "HY000", 50000, store)));
        store.addSuppressed(top);
        SQLException later = new SQLException("General error: \"Writing to /data/atrium.mv.db failed; length 12288 at 90112\"",
                "HY000", 50000);
        RuntimeException laterStore = new RuntimeException("x", new RuntimeException("y", new RuntimeException("z",
                new RuntimeException("Writing to /data/atrium.mv.db failed; length 12288 at 90112"))));
        laterStore.addSuppressed(new IOException("No space left on device"));
        later.initCause(laterStore);

        assertThat(Outages.classify(top)).isEqualTo(Outages.Kind.WRITES_REFUSED);
        assertThat(Outages.classify(later)).isEqualTo(Outages.Kind.WRITES_REFUSED);
        assertThat(Outages.describe(top)).isEqualTo("No space left on device (writing /data/atrium.mv.db)")
                .isEqualTo(Outages.describe(later));
        // a closed database is still a lost connection, whatever its chain holds
        SQLException closed = new SQLException("The database has been closed", "90098", 90098, store);
        assertThat(Outages.classify(closed)).isEqualTo(Outages.Kind.CONNECTION_LOST);
    }

    @Test
    void h2s_own_errors_are_read_by_their_codes_and_the_sql_text_stays_out_of_the_log_line() {
        SQLException readOnly = null;
        String url = "jdbc:h2:mem:outages-" + System.nanoTime() + ";ACCESS_MODE_DATA=r";
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("create table t (id int)");
        } catch (SQLException e) {
            readOnly = e;
        }
        assertThat((Throwable) readOnly).isNotNull();
        assertThat(Outages.classify(readOnly)).isEqualTo(Outages.Kind.WRITES_REFUSED);
        assertThat(Outages.describe(readOnly)).doesNotContain("create table");
    }

    @Test
    void ordinary_errors_are_not_outages() {
        assertThat(Outages.classify(new SQLException("duplicate key value violates unique constraint", "23505"))).isNull();
        assertThat(Outages.classify(new SQLException("syntax error", "42601"))).isNull();
        assertThat(Outages.classify(new SQLException("no state"))).isNull();
    }

    @Test
    void an_h2_server_that_went_away_is_a_lost_connection() throws Exception {
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:outages-tcp-" + System.nanoTime();
        SQLException broken = null;
        SQLException refused = null;
        try (var c = java.sql.DriverManager.getConnection(url)) {
            server.stop();
            try (var s = c.createStatement()) {
                s.execute("select 1");
            } catch (SQLException e) {
                broken = e;
            }
        }
        try (var c = java.sql.DriverManager.getConnection(url)) {
            c.isValid(1);
        } catch (SQLException e) {
            refused = e;
        }
        assertThat((Object) broken).isNotNull();
        assertThat(Outages.classify(broken)).as(broken.toString()).isEqualTo(Outages.Kind.CONNECTION_LOST);
        assertThat((Object) refused).isNotNull();
        assertThat(Outages.classify(refused)).as(refused.toString()).isEqualTo(Outages.Kind.CONNECTION_LOST);
    }
}

package dev.atrium.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * The connection pool, the migrations and the JDBI handle for one database, H2 or PostgreSQL.
 * Both run the same migrations from {@code db/migration}, written in the SQL subset that both accept
 * (ARCHITECTURE.md §5.6): JSON is kept in {@code text} columns and parsed in Java, upserts use
 * {@code MERGE}, and nothing uses {@code RETURNING} or {@code ON CONFLICT DO UPDATE}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String url;

    public Database(String url, String user, String password) {
        this.url = normalise(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(this.url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(10);
        hc.setPoolName("atrium");
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(5000);
        this.dataSource = new HikariDataSource(hc);
        this.jdbi = Jdbi.create(dataSource);
        StatementCounter.installIfAsked(jdbi); // issue 15: only with -Datrium.debug.statements=<file>
    }

    /** H2 runs in PostgreSQL mode with lower-case names and nulls last, as ARCHITECTURE.md §5.6 fixes. */
    static String normalise(String url) {
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
        if (u.startsWith("jdbc:h2:mem:") && !u.toUpperCase().contains("DB_CLOSE_DELAY=")) {
            u += ";DB_CLOSE_DELAY=-1";
        }
        return u;
    }

    /**
     * Applies pending migrations; returns how many ran. Skips Flyway altogether when the database
     * records this build's migration fingerprint ({@link SchemaFingerprint}, issue 15 start-up).
     */
    public int migrate() {
        var fingerprint = SchemaFingerprint.of(Database.class.getClassLoader(),
                List.of(dev.atrium.storage.migration.V51__Administrators_from_app_metadata.class));
        if (fingerprint.isPresent() && fingerprint.equals(SchemaFingerprint.stored(jdbi))) {
            return 0;
        }
        int ran = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + SchemaFingerprint.LOCATION)
                .javaMigrations(new dev.atrium.storage.migration.V51__Administrators_from_app_metadata())
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

    public Jdbi jdbi() {
        return jdbi;
    }

    /** True when a trivial query answers within a second. */
    public boolean isReachable() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    /** The product name, for the start-up line: "H2" or "PostgreSQL". */
    public String kind() {
        return url.startsWith("jdbc:h2:") ? "H2" : "PostgreSQL";
    }

    /** The JDBC URL without credentials that some drivers allow inside it. */
    public String describe() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

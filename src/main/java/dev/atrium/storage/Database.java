package dev.atrium.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

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
        if (!u.toUpperCase().contains("LOCK_TIMEOUT=")) {
            // writers that queue on a row lock (SELECT … FOR UPDATE) wait as PostgreSQL's do, not H2's default second
            u += ";LOCK_TIMEOUT=10000";
        }
        if (u.startsWith("jdbc:h2:mem:") && !u.toUpperCase().contains("DB_CLOSE_DELAY=")) {
            u += ";DB_CLOSE_DELAY=-1";
        }
        return u;
    }

    /** Applies pending migrations; returns how many ran. */
    public int migrate() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new dev.atrium.storage.migration.V51__Administrators_from_app_metadata())
                .load()
                .migrate()
                .migrationsExecuted;
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

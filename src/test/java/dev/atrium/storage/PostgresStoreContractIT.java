package dev.atrium.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every store contract on PostgreSQL (see {@code package-info}): on the server named by
 * {@code ATRIUM_TEST_POSTGRES_URL} (with {@code ATRIUM_TEST_POSTGRES_USER} and
 * {@code ATRIUM_TEST_POSTGRES_PASSWORD}) when it is set, else on a zonky embedded PostgreSQL started
 * for the run. Either way the run creates its own two databases, {@code atrium_it_<random>} and
 * {@code atrium_it_<random>_iso}, and drops them at the end, so runs never see each other's rows.
 *
 * <p>As root, zonky runs {@code initdb} and {@code postgres} under {@code unshare -U}, a user
 * namespace in which the process is {@code nobody}, because PostgreSQL refuses to run as root.
 * That needs unprivileged user namespaces (Debian's default; often blocked inside Docker); where
 * they are missing, run as a non-root user or point {@code ATRIUM_TEST_POSTGRES_URL} at a server.
 */
class PostgresStoreContractIT implements KeyStoreContract, TenantStoreContract, ClientStoreContract,
        ClientGrantStoreContract, ResourceServerStoreContract, RoleStoreContract, UserStoreContract,
        ConnectionStoreContract, SignInStoreContract, OrganizationStoreContract, AdministratorStoreContract,
        RefreshTokenRotationContract, EmailStoreContract, JobStoreContract, LogStoreContract,
        LogStreamStoreContract, ApplicationApprovalStoreContract, TokenQuotaStoreContract, MfaStoreContract, AssertionIdStoreContract,
        WebAuthnCredentialStoreContract, HousekeepingContract {

    private static EmbeddedPostgres embedded;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static final List<String> created = new ArrayList<>();
    private static Database shared;
    private static Database isolated;

    @BeforeAll
    static void open() throws IOException, SQLException {
        String configured = System.getenv("ATRIUM_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            adminUrl = configured;
            user = envOr("ATRIUM_TEST_POSTGRES_USER", "");
            password = envOr("ATRIUM_TEST_POSTGRES_PASSWORD", "");
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException | IllegalStateException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start; as root it needs `unshare -U` "
                        + "to work, otherwise set ATRIUM_TEST_POSTGRES_URL", e);
            }
            adminUrl = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        String name = "atrium_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        shared = migrated(name);
        isolated = migrated(name + "_iso");
    }

    @AfterAll
    static void close() throws IOException, SQLException {
        try {
            for (Database db : new Database[] {shared, isolated}) {
                if (db != null) {
                    db.close();
                }
            }
            try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                for (String db : created) {
                    s.execute("drop database if exists " + db + " with (force)");
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static Database migrated(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        created.add(name);
        Database db = new Database(withDatabase(adminUrl, name), user, password);
        db.migrate();
        return db;
    }

    /** {@code jdbc:postgresql://host:port/old?params} with {@code name} in place of {@code old}. */
    static String withDatabase(String url, String name) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("ATRIUM_TEST_POSTGRES_URL must start with " + prefix + " (got " + url + ")");
        }
        int slash = url.indexOf('/', prefix.length());
        int query = url.indexOf('?', prefix.length());
        String hostPort = url.substring(0, slash >= 0 ? slash : query >= 0 ? query : url.length());
        String params = query >= 0 ? url.substring(query) : "";
        return hostPort + "/" + name + params;
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null ? dflt : v;
    }

    /**
     * Issue 17 point 8: at 100,000 users, the searches administrators type run on V262's indexes
     * (prefix and exact terms on the lower-cased text fields, metadata values), as EXPLAIN shows.
     */
    @org.junit.jupiter.api.Test
    void userSearchUsesTheIndexesAtOneHundredThousandUsers() throws SQLException {
        String name = "atrium_it_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Database db = migrated(name);
        try {
            Jdbi jdbi = db.jdbi();
            // the bulk load runs outside Atrium's pool, whose statement timeout is for requests
            try (Connection c = DriverManager.getConnection(withDatabase(adminUrl, name), user, password);
                 Statement h = c.createStatement()) {
                h.execute("insert into users (user_id, connection_id, email, name, nickname, logins_count, blocked, doc, "
                        + "created_at, updated_at) select 'auth0|' || g, 'con_search', 'user' || g || '@example.com', "
                        + "'User ' || g, 'Nick' || g, g % 50, false, '{}', now(), now() from generate_series(1, 100000) g");
                h.execute("insert into user_search_metadata (user_id, kind, path, meta_value) "
                        + "select 'auth0|' || g, 'app_metadata', 'plan', 'plan' || (g % 1000) from generate_series(1, 100000) g");
                h.execute("analyze users");
                h.execute("analyze user_search_metadata");
            }
            assertPlanUses(jdbi, "email:user4242*", "users_search_email");
            assertPlanUses(jdbi, "name:\"user 4242*\"", "users_search_name");
            assertPlanUses(jdbi, "nickname:nick4242", "users_search_nickname");
            assertPlanUses(jdbi, "app_metadata.plan:plan42", "user_search_metadata_value");
            JdbcUserStore store = new JdbcUserStore(jdbi, java.time.Clock.systemUTC());
            dev.atrium.users.UserQuery q = new dev.atrium.users.UserQuery(dev.atrium.users.UserSearch.parse("email:user4242*"),
                    java.util.Optional.empty());
            assertThat(store.count(q)).isEqualTo(11);
            assertThat(store.search(q, 0, 5)).hasSize(5);
        } finally {
            db.close();
        }
    }

    private static void assertPlanUses(Jdbi jdbi, String search, String index) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        String condition = UserSearchSql.condition(dev.atrium.users.UserSearch.parse(search), values);
        List<String> plan = jdbi.withHandle(h -> {
            var query = h.createQuery("explain select * from users where " + condition);
            values.forEach(query::bind);
            return query.mapTo(String.class).list();
        });
        assertThat(String.join("\n", plan)).as(search).contains(index).doesNotContain("Seq Scan on users");
    }

    @Override
    public Jdbi jdbi() {
        return shared.jdbi();
    }

    @Override
    public Jdbi isolatedJdbi() {
        return isolated.jdbi();
    }
}

package dev.atrium.bench;

import tools.jackson.databind.JsonNode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Builds a tenant of realistic size (issue 15, goal 6) on H2 or PostgreSQL: by default 10,000
 * organizations, 100,000 users, 1,000,000 memberships (each user in 10 organizations, each
 * organization with 100 members), 5,000 machine-to-machine applications and 50,000 client grants
 * (each application granted 10 APIs).
 *
 * <p>How: it starts {@code target/atrium.jar} on the database, creates one template of each record
 * through the Management API (so every stored document is exactly what Atrium writes), stops the
 * server, and copies each template row N times in JDBI batches, replacing the template's id, name and
 * email in every text column. Every user gets the template's password hash and every application the
 * template's secret hash, so the benchmark can sign any of them in; both are printed at the end.
 *
 * <p>Run: {@code mvn -B -q exec:java@seed-scale -Dseed.databaseUrl=jdbc:h2:file:/tmp/scale/atrium} (or a
 * {@code jdbc:postgresql://} URL with {@code -Dseed.databaseUser}, {@code -Dseed.databasePassword}),
 * on an empty database; {@code -Dseed.fraction=0.1} builds a tenth of it. The encryption key is
 * generated or taken from {@code -Dseed.encryptionKey}; the command prints it with the applications'
 * secret, as the properties that point the benchmark's {@code scale} scenario ({@link ScaleScenario}) at
 * the seeded database.
 */
public final class ScaleSeed {
    static final String PASSWORD = "Scale-Corr3ct-Horse-Battery";
    private static final int BATCH = 2_000;

    private ScaleSeed() {
    }

    public static void main(String[] args) throws Exception {
        Seeded s = seed(required("seed.databaseUrl"), System.getProperty("seed.databaseUser", ""),
                System.getProperty("seed.databasePassword", ""), Double.parseDouble(System.getProperty("seed.fraction", "1")),
                System.getProperty("seed.encryptionKey", ServerProcess.newEncryptionKey()),
                Path.of(System.getProperty("bench.jar", "target/atrium.jar")));
        String size = s.orgs() >= 10_000 ? "large" : "small";
        System.out.printf(Locale.ROOT, "seed-scale: %d organizations, %d users, %d memberships, %d applications, %d client grants "
                        + "in %.0f s; users' password %s; e.g. organization %s (scale-org-42), user %s, application %s%n"
                        + "run the scale scenario on it with: -Dbench.scale.%s.url=%s -Dbench.scale.%s.key=%s "
                        + "-Dbench.scale.%s.secret=%s -Dbench.scale.%s.fraction=%s%n",
                s.orgs(), s.users(), (long) s.users() * 10, s.clients(), (long) s.clients() * 10, s.seconds(),
                PASSWORD, orgId(42), userId(4242), clientId(42), size, s.url(), size, s.key(),
                size, s.appSecret(), size, System.getProperty("seed.fraction", "1"));
    }

    /** A seeded tenant: where it is, the key to start Atrium on it with, the applications' secret, and its size. */
    record Seeded(String url, String user, String password, String key, String appSecret, int orgs, int users, int clients,
                  double seconds) {
    }

    /** Seeds {@code fraction} of the tenant described above on the empty database at {@code url}. */
    static Seeded seed(String url, String user, String password, double fraction, String key, Path jar) throws Exception {
        int orgs = (int) (10_000 * fraction);
        int users = (int) (100_000 * fraction);
        int membershipsPerUser = 10;
        int clients = (int) (5_000 * fraction);
        int apis = 10;
        Path dir = Files.createTempDirectory("atrium-seed-");
        String bootstrap = "seed-" + Benchmark.random(24);
        long t0 = System.nanoTime();

        ServerProcess.prepare(jar);
        Templates tpl;
        try (ServerProcess server = ServerProcess.start(jar, dir, Benchmark.freePort(), key, bootstrap, false,
                Map.of("ATRIUM_DATABASE_URL", url, "ATRIUM_DATABASE_USER", user, "ATRIUM_DATABASE_PASSWORD", password))) {
            server.awaitHealthy(120);
            tpl = templates(new Benchmark("http://127.0.0.1:" + server.port), bootstrap, apis, server.port);
        }
        System.err.printf(Locale.ROOT, "atrium seed: templates made through the Management API in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Jdbi jdbi = Jdbi.create(h2Options(url), user, password);
        try (Handle h = jdbi.open()) {
            h.begin();
            long t1 = System.nanoTime();
            copy(h, "users", "user_id", tpl.userId(), users, i -> Map.of(
                    tpl.userId(), userId(i), tpl.email(), email(i)));
            copy(h, "organizations", "id", tpl.orgId(), orgs, i -> Map.of(tpl.orgId(), orgId(i), tpl.orgName(), "scale-org-" + i));
            copy(h, "organization_connections", "organization_id", tpl.orgId(), orgs, i -> Map.of(tpl.orgId(), orgId(i)));
            h.commit();
            h.begin();
            // each membership with its copy of the user's email, name and picture, as the member store writes it (V285)
            PreparedBatch members = h.prepareBatch("insert into organization_members "
                    + "(organization_id, user_id, created_at, member_email, member_name, member_picture) "
                    + "select :org, u.user_id, current_timestamp, u.email, u.name, u.picture from users u where u.user_id = :user");
            long rows = 0;
            for (int u = 0; u < users; u++) {
                for (int k = 0; k < membershipsPerUser; k++) {
                    // spread: user u joins 10 organizations 1,000 apart, so each organization gets users/orgs*10 members
                    members.bind("org", orgId(Math.floorMod(u * 7 + k * Math.max(1, orgs / membershipsPerUser), orgs)))
                            .bind("user", userId(u)).add();
                    if (++rows % BATCH == 0) {
                        members.execute();
                    }
                }
                if (u % 20_000 == 19_999) {
                    h.commit();
                    h.begin();
                    System.err.printf(Locale.ROOT, "atrium seed: %d memberships%n", rows);
                }
            }
            if (members.size() > 0) {
                members.execute();
            }
            copy(h, "clients", "client_id", tpl.clientId(), clients, i -> Map.of(tpl.clientId(), clientId(i), tpl.clientName(), "Scale app " + i));
            h.commit();
            h.begin();
            for (int a = 0; a < apis; a++) {
                String grant = tpl.grantIds().get(a);
                int api = a;
                copy(h, "client_grants", "id", grant, clients, i -> Map.of(grant, grantId(i, api), tpl.clientId(), clientId(i)));
            }
            h.commit();
            System.err.printf(Locale.ROOT, "atrium seed: rows copied in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        }
        compactIfH2(url, user, password);
        Benchmark.delete(dir);
        return new Seeded(url, user, password, key, tpl.clientSecret(), orgs, users, clients, (System.nanoTime() - t0) / 1e9);
    }

    /** The records made through the Management API that every copy is made from. */
    private record Templates(String userId, String email, String orgId, String orgName, String clientId, String clientName,
                             String clientSecret, List<String> grantIds) {
    }

    private static Templates templates(Benchmark b, String bootstrap, int apis, int port) {
        String token = b.managementToken("bench-bootstrap", bootstrap);
        JsonNode conns = b.mgmt(token, "GET", "/connections?name=Username-Password-Authentication", null);
        String connection = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        JsonNode client = b.mgmt(token, "POST", "/clients", "{\"name\":\"Scale template app\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}");
        String clientId = client.get("client_id").asString();
        List<String> grants = new ArrayList<>();
        for (int a = 0; a < apis; a++) {
            String api = "https://api" + a + ".scale.example/";
            b.mgmt(token, "POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Scale API " + a + "\","
                    + "\"scopes\":[{\"value\":\"read:things\"},{\"value\":\"write:things\"}]}");
            grants.add(b.mgmt(token, "POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api + "\","
                    + "\"scope\":[\"read:things\"]}").get("id").asString());
        }
        String email = "scale-template@scale-template.example";
        String userId = b.mgmt(token, "POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + PASSWORD + "\",\"email_verified\":true}").get("user_id").asString();
        String orgName = "scale-org-template";
        String orgId = b.mgmt(token, "POST", "/organizations", "{\"name\":\"" + orgName + "\",\"display_name\":\"Scale template\"}")
                .get("id").asString();
        b.mgmt(token, "POST", "/organizations/" + orgId + "/enabled_connections",
                "{\"connection_id\":\"" + connection + "\",\"assign_membership_on_login\":false}");
        return new Templates(userId, email, orgId, orgName, clientId, "Scale template app", client.get("client_secret").asString(), grants);
    }

    /**
     * Inserts {@code count} copies of the row of {@code table} whose {@code keyColumn} is {@code key}; in
     * every text column each template value in {@code replace(i)} becomes the copy's value.
     */
    private static void copy(Handle h, String table, String keyColumn, String key, int count,
                             IntFunction<Map<String, String>> replace) {
        Map<String, Object> template = new LinkedHashMap<>(h.createQuery("select * from " + table + " where " + keyColumn + " = :k")
                .bind("k", key).mapToMap().one());
        List<String> columns = new ArrayList<>(template.keySet());
        PreparedBatch batch = h.prepareBatch("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", columns.stream().map(c -> ":" + c).toList()) + ")");
        for (int i = 0; i < count; i++) {
            Map<String, String> r = replace.apply(i);
            for (String c : columns) {
                Object v = template.get(c);
                if (v instanceof String s) {
                    for (var e : r.entrySet()) {
                        s = s.replace(e.getKey(), e.getValue());
                    }
                    v = s;
                }
                batch.bind(c, v);
            }
            batch.add();
            if ((i + 1) % BATCH == 0) {
                batch.execute();
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
        System.err.printf(Locale.ROOT, "atrium seed: %d %s%n", count, table);
    }

    static String userId(int i) {
        return String.format(Locale.ROOT, "auth0|scale%07d", i);
    }

    static String email(int i) {
        return "user" + i + "@scale" + (i % 500) + ".example";
    }

    static String orgId(int i) {
        return String.format(Locale.ROOT, "org_scale%07d", i);
    }

    static String clientId(int i) {
        return String.format(Locale.ROOT, "scaleclient%07d", i);
    }

    static String grantId(int i, int api) {
        return String.format(Locale.ROOT, "cgr_scale%07d_%d", i, api);
    }

    /**
     * The copy's large transactions leave H2's file far larger than its rows (9.2 to 9.5 GB for 169 MB at
     * full size), and neither H2's housekeeping nor a close shrinks it (a server run for two minutes on a
     * tenth-size seed, then stopped, left its 411 MiB as they were). So the seed ends with {@code SHUTDOWN
     * COMPACT} (about 9 s at full size), which rewrites the live pages into a new file: the scale scenario
     * reads a file of the tenant's size, not one the seed's own writes spread over gigabytes.
     */
    private static void compactIfH2(String url, String user, String password) throws Exception {
        if (!url.startsWith("jdbc:h2:")) {
            return;
        }
        Path file = url.startsWith("jdbc:h2:file:") ? Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0] + ".mv.db") : null;
        long before = file != null && Files.isRegularFile(file) ? Files.size(file) : -1;
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(h2Options(url), user, password);
             Statement s = c.createStatement()) {
            s.execute("shutdown compact");
        }
        long after = file != null && Files.isRegularFile(file) ? Files.size(file) : -1;
        System.err.printf(Locale.ROOT, "atrium seed: H2 file compacted in %.1f s%s%n", (System.nanoTime() - t0) / 1e9,
                before < 0 || after < 0 ? "" : String.format(Locale.ROOT, " (%d MiB before, %d MiB after)", before >> 20, after >> 20));
    }

    private static String h2Options(String url) {
        return url.startsWith("jdbc:h2:") ? url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" : url;
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("-D" + property + " is required");
        }
        return v;
    }
}

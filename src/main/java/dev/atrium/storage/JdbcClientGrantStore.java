package dev.atrium.storage;

import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link ClientGrantStore} over {@code client_grants}. */
public final class JdbcClientGrantStore implements ClientGrantStore {
    /** Cache invalidation of this store's writes ({@link CacheVersions}). */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.CLIENT_GRANTS);
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcClientGrantStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<ClientGrant> find(String id) {
        return one("select * from client_grants where id = :a", id, null, null);
    }

    @Override
    public List<ClientGrant> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from client_grants order by created_at, id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<ClientGrant> findByClient(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select * from client_grants where client_id = :id order by created_at, id")
                .bind("id", clientId).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<ClientGrant> find(String clientId, String audience, String subjectType) {
        return one("select * from client_grants where subject_key = :a and audience = :b and subject_type = :c",
                clientId, audience, subjectType);
    }

    @Override
    public Optional<ClientGrant> findDefault(String defaultFor, String audience, String subjectType) {
        return one("select * from client_grants where subject_key = :a and audience = :b and subject_type = :c",
                "default:" + defaultFor, audience, subjectType);
    }

    private Optional<ClientGrant> one(String sql, String a, String b, String c) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("a", a).bind("b", b).bind("c", c)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public void create(ClientGrant g) {
        Docs.unique("client grant", () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("insert into client_grants (id, client_id, default_for, subject_key, audience, subject_type, is_system, doc, created_at, updated_at) "
                            + "values (:id, :client, :df, :key, :aud, :st, :sys, :doc, :now, :now)")
                    .bind("id", g.id()).bind("client", g.clientId().orElse(null)).bind("df", g.defaultFor().orElse(null))
                    .bind("key", subjectKey(g)).bind("aud", g.audience()).bind("st", g.subjectType())
                    .bind("sys", g.isSystem()).bind("doc", Docs.write(g.doc())).bind("now", SqlTime.of(clock.instant()))
                    .execute();
            return null;
        }));
    }

    @Override
    public boolean update(ClientGrant g) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return h.createUpdate("update client_grants set doc = :doc, updated_at = :now where id = :id")
                    .bind("id", g.id()).bind("doc", Docs.write(g.doc())).bind("now", SqlTime.of(clock.instant()))
                    .execute() == 1;
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return h.createUpdate("delete from client_grants where id = :id").bind("id", id).execute() == 1;
        });
    }

    private static String subjectKey(ClientGrant g) {
        return g.clientId().orElseGet(() -> "default:" + g.defaultFor().orElse(""));
    }

    private static ClientGrant map(ResultSet rs) throws SQLException {
        return new ClientGrant(rs.getString("id"), Docs.read(rs.getString("doc")));
    }
}

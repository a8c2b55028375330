package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.JsonNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link ConsentStore} over {@code consent_grants}; the organization key is '' outside organizations. */
public final class JdbcConsentStore implements ConsentStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcConsentStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<ConsentGrant> find(String userId, String clientId, String audience, Optional<String> org) {
        return jdbi.withHandle(h -> h.createQuery("select * from consent_grants where user_id = :u and client_id = :c "
                        + "and audience = :a and organization_key = :o")
                .bind("u", userId).bind("c", clientId).bind("a", audience).bind("o", org.orElse(""))
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public ConsentGrant grant(String userId, String clientId, String audience, Optional<String> org, List<String> scope) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            Optional<ConsentGrant> existing = h.createQuery("select * from consent_grants where user_id = :u and client_id = :c "
                            + "and audience = :a and organization_key = :o")
                    .bind("u", userId).bind("c", clientId).bind("a", audience).bind("o", org.orElse(""))
                    .map((rs, ctx) -> map(rs)).findOne();
            if (existing.isPresent()) {
                LinkedHashSet<String> merged = new LinkedHashSet<>(existing.get().scope());
                merged.addAll(scope);
                h.createUpdate("update consent_grants set scope = :s, updated_at = :now where id = :id")
                        .bind("s", String.join(" ", merged)).bind("now", SqlTime.of(now)).bind("id", existing.get().id()).execute();
                return new ConsentGrant(existing.get().id(), userId, clientId, audience, org, List.copyOf(merged),
                        existing.get().createdAt(), now);
            }
            String id = Ids.hex(12);
            h.createUpdate("insert into consent_grants (id, user_id, client_id, audience, organization_key, scope, created_at, updated_at) "
                            + "values (:id, :u, :c, :a, :o, :s, :now, :now)")
                    .bind("id", id).bind("u", userId).bind("c", clientId).bind("a", audience).bind("o", org.orElse(""))
                    .bind("s", String.join(" ", scope)).bind("now", SqlTime.of(now)).execute();
            return new ConsentGrant(id, userId, clientId, audience, org, List.copyOf(scope), now, now);
        });
    }

    @Override
    public Optional<ConsentGrant> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from consent_grants where id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<ConsentGrant> list(Optional<String> userId, Optional<String> clientId, Optional<String> audience) {
        StringBuilder sql = new StringBuilder("select * from consent_grants where 1 = 1");
        userId.ifPresent(u -> sql.append(" and user_id = :u"));
        clientId.ifPresent(c -> sql.append(" and client_id = :c"));
        audience.ifPresent(a -> sql.append(" and audience = :a"));
        sql.append(" order by created_at, id");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString());
            userId.ifPresent(u -> q.bind("u", u));
            clientId.ifPresent(c -> q.bind("c", c));
            audience.ifPresent(a -> q.bind("a", a));
            return q.map((rs, ctx) -> map(rs)).list();
        });
    }

    @Override
    public boolean delete(String id, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<ConsentGrant> g = h.createQuery("select * from consent_grants where id = :id").bind("id", id)
                    .map((rs, ctx) -> map(rs)).findOne();
            g.ifPresent(c -> revokeTokens(h, c, now));
            return h.createUpdate("delete from consent_grants where id = :id").bind("id", id).execute() == 1;
        });
    }

    @Override
    public int deleteAllOfUser(String userId, Instant now) {
        return jdbi.inTransaction(h -> {
            List<ConsentGrant> all = h.createQuery("select * from consent_grants where user_id = :u").bind("u", userId)
                    .map((rs, ctx) -> map(rs)).list();
            all.forEach(c -> revokeTokens(h, c, now));
            return h.createUpdate("delete from consent_grants where user_id = :u").bind("u", userId).execute();
        });
    }

    /** The audience and organization of a refresh token live in its document, so the match is made here. */
    private static void revokeTokens(Handle h, ConsentGrant c, Instant now) {
        List<String> hashes = h.createQuery("select token_hash, doc from refresh_tokens "
                        + "where user_id = :u and client_id = :c and revoked_at is null")
                .bind("u", c.userId()).bind("c", c.clientId())
                .map((rs, ctx) -> {
                    JsonNode doc = Json.MAPPER.readTree(rs.getString("doc"));
                    boolean sameApi = c.audience().equals(Json.text(doc, "audience", null));
                    boolean sameOrg = c.organizationId().orElse("").equals(Json.text(doc, "organizationId", ""));
                    return sameApi && sameOrg ? rs.getString("token_hash") : null;
                }).list().stream().filter(java.util.Objects::nonNull).toList();
        for (String hash : hashes) {
            h.createUpdate("update refresh_tokens set revoked_at = :now where token_hash = :h")
                    .bind("now", SqlTime.of(now)).bind("h", hash).execute();
        }
    }

    private static ConsentGrant map(ResultSet rs) throws SQLException {
        String org = rs.getString("organization_key");
        String scope = rs.getString("scope");
        return new ConsentGrant(rs.getString("id"), rs.getString("user_id"), rs.getString("client_id"),
                rs.getString("audience"), org == null || org.isEmpty() ? Optional.empty() : Optional.of(org),
                scope.isBlank() ? List.of() : Arrays.asList(scope.split(" ")), SqlTime.get(rs, "created_at"),
                SqlTime.get(rs, "updated_at"));
    }
}

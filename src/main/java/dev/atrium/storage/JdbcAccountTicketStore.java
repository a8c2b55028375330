package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.email.AccountTicket;
import dev.atrium.email.AccountTicketStore;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link AccountTicketStore} over {@code account_tickets}; a use is a conditional UPDATE whose row count is checked. */
public final class JdbcAccountTicketStore implements AccountTicketStore {
    private final Jdbi jdbi;

    public JdbcAccountTicketStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(AccountTicket t) {
        Docs.unique("The ticket already exists", () -> jdbi.withHandle(h -> h.createUpdate("insert into account_tickets "
                        + "(token_hash, kind, user_id, email, client_id, result_url, doc, created_at, expires_at, used_at) values "
                        + "(:hash, :kind, :user, :email, :client, :result, :doc, :created, :expires, :used)")
                .bind("hash", t.tokenHash()).bind("kind", t.kind()).bind("user", t.userId()).bind("email", t.email())
                .bind("client", t.clientId().orElse(null)).bind("result", t.resultUrl().orElse(null))
                .bind("doc", Docs.write(doc(t)))
                .bind("created", SqlTime.of(t.createdAt())).bind("expires", SqlTime.of(t.expiresAt()))
                .bind("used", SqlTime.of(t.usedAt().orElse(null))).execute()));
    }

    @Override
    public Optional<AccountTicket> find(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("select * from account_tickets where token_hash = :h").bind("h", tokenHash)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean consume(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update account_tickets set used_at = :now where token_hash = :h "
                        + "and used_at is null and expires_at > :now")
                .bind("now", SqlTime.of(now)).bind("h", tokenHash).execute()) == 1;
    }

    @Override
    public int consumeAllOf(String userId, String kind, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update account_tickets set used_at = :now where user_id = :u "
                        + "and kind = :k and used_at is null")
                .bind("now", SqlTime.of(now)).bind("u", userId).bind("k", kind).execute());
    }

    private static ObjectNode doc(AccountTicket t) {
        ObjectNode d = Json.object().put("mark_email_verified", t.markEmailVerified());
        t.organizationId().ifPresent(o -> d.put("organization_id", o));
        if (t.includeEmail()) {
            d.put("include_email_in_redirect", true);
        }
        return d;
    }

    private static AccountTicket map(ResultSet rs) throws SQLException {
        ObjectNode doc = Docs.read(rs.getString("doc"));
        return new AccountTicket(rs.getString("token_hash"), rs.getString("kind"), rs.getString("user_id"),
                rs.getString("email"), Optional.ofNullable(rs.getString("client_id")),
                Optional.ofNullable(rs.getString("result_url")), Optional.ofNullable(Json.text(doc, "organization_id", null)),
                Json.bool(doc, "mark_email_verified", false),
                SqlTime.get(rs, "created_at"), SqlTime.get(rs, "expires_at"), SqlTime.opt(rs, "used_at"),
                Json.bool(doc, "include_email_in_redirect", false));
    }
}

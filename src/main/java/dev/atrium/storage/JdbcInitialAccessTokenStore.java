package dev.atrium.storage;

import dev.atrium.onboarding.InitialAccessToken;
import dev.atrium.onboarding.InitialAccessTokenStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link InitialAccessTokenStore} over {@code initial_access_tokens} (V250). */
public final class JdbcInitialAccessTokenStore implements InitialAccessTokenStore {
    private final Jdbi jdbi;

    public JdbcInitialAccessTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(InitialAccessToken t) {
        jdbi.useHandle(h -> h.createUpdate("insert into initial_access_tokens (id, token_hash, description, created_at, expires_at) "
                        + "values (:id, :hash, :d, :c, :e)")
                .bind("id", t.id()).bind("hash", t.tokenHash()).bind("d", t.description())
                .bind("c", SqlTime.of(t.createdAt())).bind("e", SqlTime.of(t.expiresAt())).execute());
    }

    @Override
    public Optional<InitialAccessToken> findByHash(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("select * from initial_access_tokens where token_hash = :h")
                .bind("h", tokenHash).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<InitialAccessToken> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from initial_access_tokens order by created_at, id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from initial_access_tokens where id = :id").bind("id", id).execute()) > 0;
    }

    private static InitialAccessToken map(ResultSet rs) throws SQLException {
        return new InitialAccessToken(rs.getString("id"), rs.getString("token_hash"), rs.getString("description"),
                SqlTime.get(rs, "created_at"), SqlTime.get(rs, "expires_at"));
    }
}

package dev.atrium.storage;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ClientStore} over {@code clients}; deletes cascade to client grants and connection enablements. */
public final class JdbcClientStore implements ClientStore {
    /** Cache invalidation of this store's writes ({@link CacheVersions}); deleting a client also drops its grants. */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.CLIENTS);
    static final CacheVersions.Invalidation DELETES = new CacheVersions.Invalidation(CacheVersions.CLIENTS, CacheVersions.CLIENT_GRANTS,
            CacheVersions.CONNECTIONS); // a deleted client leaves the connections it was enabled on
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcClientStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<Client> find(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select * from clients where client_id = :id")
                .bind("id", clientId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Client> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from clients order by created_at, client_id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public void create(Client c) {
        Docs.unique("client " + c.clientId(), () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("insert into clients (client_id, name, is_first_party, app_type, secret_hash, doc, created_at, updated_at) "
                            + "values (:id, :name, :fp, :type, :hash, :doc, :now, :now)")
                    .bind("id", c.clientId()).bind("name", c.name()).bind("fp", c.isFirstParty())
                    .bind("type", c.appType().orElse(null)).bind("hash", c.secretHash().orElse(null))
                    .bind("doc", Docs.write(c.doc())).bind("now", SqlTime.of(clock.instant()))
                    .execute();
            return null;
        }));
    }

    @Override
    public boolean update(Client c) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return write(h, c);
        });
    }

    @Override
    public Optional<Client> update(String clientId, UnaryOperator<Client> change) {
        return jdbi.inTransaction(h -> {
            // the row lock makes a concurrent update wait for this one and then read what it wrote
            Optional<Client> current = h.createQuery("select * from clients where client_id = :id for update")
                    .bind("id", clientId).map((rs, ctx) -> map(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<Client>empty();
            }
            Client next = change.apply(current.get());
            if (!next.clientId().equals(clientId)) {
                throw new IllegalArgumentException("an update cannot change the client id");
            }
            WRITES.bump(h);
            write(h, next);
            return Optional.of(next);
        });
    }

    private boolean write(Handle h, Client c) {
        return h.createUpdate("update clients set name = :name, is_first_party = :fp, "
                        + "app_type = :type, secret_hash = :hash, doc = :doc, updated_at = :now where client_id = :id")
                .bind("id", c.clientId()).bind("name", c.name()).bind("fp", c.isFirstParty())
                .bind("type", c.appType().orElse(null)).bind("hash", c.secretHash().orElse(null))
                .bind("doc", Docs.write(c.doc())).bind("now", SqlTime.of(clock.instant()))
                .execute() == 1;
    }

    @Override
    public boolean delete(String clientId) {
        return jdbi.inTransaction(h -> {
            DELETES.bump(h);
            h.createUpdate("delete from client_grants where client_id = :id").bind("id", clientId).execute();
            h.createUpdate("delete from connection_clients where client_id = :id").bind("id", clientId).execute();
            return h.createUpdate("delete from clients where client_id = :id").bind("id", clientId).execute() == 1;
        });
    }

    private static Client map(ResultSet rs) throws SQLException {
        return new Client(rs.getString("client_id"), Docs.read(rs.getString("doc")),
                Optional.ofNullable(rs.getString("secret_hash")));
    }

}

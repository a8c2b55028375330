package dev.atrium.storage;

import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ConnectionStore} over {@code connections} and {@code connection_clients}; deletes take the users along. */
public final class JdbcConnectionStore implements ConnectionStore {
    /** Every write of a connection or of its applications moves the connections' cache version. */
    /** A connection's name and strategy are read with the organizations' connections too, and its deletion removes them. */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.CONNECTIONS,
            CacheVersions.ORGANIZATION_CONNECTIONS);

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcConnectionStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<Connection> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from connections where id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Connection> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select * from connections where name = :name")
                .bind("name", name).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Connection> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from connections order by created_at, id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public void create(Connection c) {
        Docs.unique("connection " + c.name(), () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return h.createUpdate("insert into connections (id, name, strategy, is_domain_connection, doc, created_at, updated_at) "
                            + "values (:id, :name, :strategy, :domain, :doc, :now, :now)")
                    .bind("id", c.id()).bind("name", c.name()).bind("strategy", c.strategy())
                    .bind("domain", c.isDomainConnection()).bind("doc", Docs.write(c.doc()))
                    .bind("now", SqlTime.of(clock.instant()))
                    .execute();
        }));
    }

    @Override
    public boolean update(Connection c) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return write(h, c);
        });
    }

    @Override
    public Optional<Connection> update(String id, UnaryOperator<Connection> change) {
        return jdbi.inTransaction(h -> {
            // the row lock makes a concurrent update wait for this one and then read what it wrote
            Optional<Connection> current = h.createQuery("select * from connections where id = :id for update")
                    .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<Connection>empty();
            }
            Connection next = change.apply(current.get());
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("an update cannot change the connection id");
            }
            WRITES.bump(h);
            write(h, next);
            return Optional.of(next);
        });
    }

    private boolean write(Handle h, Connection c) {
        // name and strategy never change after creation, so only the queried flag and the document move
        return h.createUpdate("update connections set is_domain_connection = :domain, doc = :doc, "
                        + "updated_at = :now where id = :id")
                .bind("id", c.id()).bind("domain", c.isDomainConnection()).bind("doc", Docs.write(c.doc()))
                .bind("now", SqlTime.of(clock.instant()))
                .execute() == 1;
    }

    @Override
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("delete from users where connection_id = :id").bind("id", id).execute();
            h.createUpdate("delete from connection_clients where connection_id = :id").bind("id", id).execute();
            return h.createUpdate("delete from connections where id = :id").bind("id", id).execute() == 1;
        });
    }

    @Override
    public List<String> enabledClients(String connectionId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select client_id from connection_clients where connection_id = :id order by client_id")
                .bind("id", connectionId).mapTo(String.class).list());
    }

    @Override
    public void setClientEnabled(String connectionId, String clientId, boolean enabled) {
        jdbi.useTransaction(h -> {
            WRITES.bump(h);
            if (enabled) {
                enable(h, connectionId, clientId);
            } else {
                h.createUpdate("delete from connection_clients where connection_id = :c and client_id = :cl")
                        .bind("c", connectionId).bind("cl", clientId).execute();
            }
        });
    }

    @Override
    public void setEnabledClients(String connectionId, List<String> clientIds) {
        jdbi.useTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("delete from connection_clients where connection_id = :c").bind("c", connectionId).execute();
            clientIds.forEach(clientId -> enable(h, connectionId, clientId));
        });
    }

    @Override
    public List<Connection> forClient(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select c.* from connections c "
                        + "join connection_clients cc on cc.connection_id = c.id "
                        + "where cc.client_id = :id order by c.created_at, c.id")
                .bind("id", clientId).map((rs, ctx) -> map(rs)).list());
    }

    /** An idempotent insert: enabling twice leaves one row. */
    private static void enable(Handle h, String connectionId, String clientId) {
        h.createUpdate("insert into connection_clients (connection_id, client_id) values (:c, :cl) on conflict do nothing")
                .bind("c", connectionId).bind("cl", clientId).execute();
    }

    private static Connection map(ResultSet rs) throws SQLException {
        return new Connection(rs.getString("id"), Docs.read(rs.getString("doc")));
    }
}

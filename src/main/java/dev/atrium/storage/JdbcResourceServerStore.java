package dev.atrium.storage;

import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ResourceServerStore} over {@code resource_servers}. */
public final class JdbcResourceServerStore implements ResourceServerStore {
    /** Cache invalidation of this store's writes ({@link CacheVersions}); deleting an API also drops the grants for it. */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.RESOURCE_SERVERS);
    static final CacheVersions.Invalidation DELETES = new CacheVersions.Invalidation(CacheVersions.CLIENT_GRANTS, CacheVersions.RESOURCE_SERVERS);
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcResourceServerStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<ResourceServer> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from resource_servers where id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<ResourceServer> findByIdentifier(String identifier) {
        return jdbi.withHandle(h -> h.createQuery("select * from resource_servers where identifier = :id")
                .bind("id", identifier).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<ResourceServer> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from resource_servers order by is_system desc, created_at, id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public void create(ResourceServer s) {
        Docs.unique("resource server " + s.identifier(), () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("insert into resource_servers (id, identifier, name, is_system, doc, created_at, updated_at) "
                            + "values (:id, :identifier, :name, :sys, :doc, :now, :now)")
                    .bind("id", s.id()).bind("identifier", s.identifier()).bind("name", s.name())
                    .bind("sys", s.isSystem()).bind("doc", Docs.write(s.doc())).bind("now", SqlTime.of(clock.instant()))
                    .execute();
            return null;
        }));
    }

    @Override
    public boolean update(ResourceServer s) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return write(h, s);
        });
    }

    @Override
    public Optional<ResourceServer> update(String id, UnaryOperator<ResourceServer> change) {
        return jdbi.inTransaction(h -> {
            // the row lock makes a concurrent update wait for this one and then read what it wrote
            Optional<ResourceServer> current = h.createQuery("select * from resource_servers where id = :id for update")
                    .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<ResourceServer>empty();
            }
            ResourceServer next = change.apply(current.get());
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("an update cannot change the API id");
            }
            WRITES.bump(h);
            write(h, next);
            return Optional.of(next);
        });
    }

    private boolean write(Handle h, ResourceServer s) {
        return h.createUpdate("update resource_servers set name = :name, doc = :doc, updated_at = :now where id = :id")
                .bind("id", s.id()).bind("name", s.name()).bind("doc", Docs.write(s.doc()))
                .bind("now", SqlTime.of(clock.instant())).execute() == 1;
    }

    @Override
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            Optional<String> identifier = h.createQuery("select identifier from resource_servers where id = :id")
                    .bind("id", id).mapTo(String.class).findOne();
            if (identifier.isEmpty()) {
                return false;
            }
            DELETES.bump(h);
            h.createUpdate("delete from client_grants where audience = :aud").bind("aud", identifier.get()).execute();
            h.createUpdate("delete from role_permissions where resource_server_identifier = :aud").bind("aud", identifier.get()).execute();
            h.createUpdate("delete from user_permissions where resource_server_identifier = :aud").bind("aud", identifier.get()).execute();
            return h.createUpdate("delete from resource_servers where id = :id").bind("id", id).execute() == 1;
        });
    }

    private static ResourceServer map(ResultSet rs) throws SQLException {
        return new ResourceServer(rs.getString("id"), Docs.read(rs.getString("doc")));
    }
}

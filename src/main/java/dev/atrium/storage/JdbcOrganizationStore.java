package dev.atrium.storage;

import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.AccessLevel;
import dev.atrium.common.Json;
import dev.atrium.roles.Role;
import tools.jackson.databind.node.ObjectNode;
import dev.atrium.organizations.OrganizationStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link OrganizationStore} over {@code organizations} (V20). Rows of the sub-resource tables
 * pointing at users, connections, clients, client grants and roles go with them through cascading
 * foreign keys; deleting an organization deletes the rows of every {@code organization_*} table
 * explicitly in one transaction, together with its organization roles, which {@code roles} only
 * names by {@code owner_key}.
 */
public final class JdbcOrganizationStore implements OrganizationStore {
    static final String ORG_COLUMNS = "o.id, o.name, o.doc, o.created_at";
    /** Every write of an organization moves the organizations' cache version in its transaction (CachedOrganizationStore). */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.ORGANIZATIONS);
    /** Creating an organization enables its first connections, deleting it removes them (CachedOrganizationConnectionStore). */
    static final CacheVersions.Invalidation CREATES_AND_DELETES = new CacheVersions.Invalidation(CacheVersions.ORGANIZATIONS,
            CacheVersions.ORGANIZATION_CONNECTIONS);

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcOrganizationStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<Organization> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o where o.id = :id")
                .bind("id", id).map((rs, ctx) -> organization(rs)).findOne());
    }

    @Override
    public Optional<Organization> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o where o.name = :name")
                .bind("name", name).map((rs, ctx) -> organization(rs)).findOne());
    }

    @Override
    public List<Organization> list(Sort sort, boolean ascending, int offset, int limit) {
        // display_name lives in the document: sorting by it is done on the parsed rows, which is fine
        // at the sizes this server keeps; the other orders run in the database.
        String dir = ascending ? "asc" : "desc";
        if (sort == Sort.DISPLAY_NAME) {
            List<Organization> all = jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS
                    + " from organizations o order by o.id").map((rs, ctx) -> organization(rs)).list());
            var cmp = java.util.Comparator.comparing((Organization o) -> o.displayName().orElse(o.name()),
                    String.CASE_INSENSITIVE_ORDER).thenComparing(Organization::id);
            List<Organization> sorted = all.stream().sorted(ascending ? cmp : cmp.reversed()).toList();
            int from = Math.min(offset, sorted.size());
            return sorted.subList(from, Math.min(sorted.size(), from + limit));
        }
        String order = sort == Sort.NAME ? "o.name " + dir : "o.created_at " + dir + ", o.id " + dir;
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o order by " + order
                        + " limit :limit offset :offset")
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> organization(rs)).list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organizations").mapTo(Long.class).one());
    }

    @Override
    public void create(Organization organization, List<OrganizationConnection> connections) {
        Docs.unique("organization " + organization.name(), () -> jdbi.inTransaction(h -> {
            CREATES_AND_DELETES.bump(h);
            var now = SqlTime.of(clock.instant());
            h.createUpdate("insert into organizations (id, name, doc, created_at, updated_at) "
                            + "values (:id, :name, :doc, :created, :now)")
                    .bind("id", organization.id()).bind("name", organization.name())
                    .bind("doc", Docs.write(organization.doc())).bind("created", SqlTime.of(organization.createdAt()))
                    .bind("now", now).execute();
            for (OrganizationConnection c : connections) {
                JdbcOrganizationConnectionStore.insertConnection(h, c, clock.instant());
            }
            return null;
        }));
    }

    @Override
    public Optional<Organization> update(String id, UnaryOperator<Organization> change) {
        return Docs.unique("organization", () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            // The row lock makes a concurrent update wait for this one and then read what it wrote.
            Optional<Organization> current = h.createQuery("select " + ORG_COLUMNS + " from organizations o where o.id = :id for update")
                    .bind("id", id).map((rs, ctx) -> organization(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<Organization>empty();
            }
            Organization next = change.apply(current.get());
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("an update cannot change the organization id");
            }
            h.createUpdate("update organizations set name = :name, doc = :doc, updated_at = :now where id = :id")
                    .bind("id", id).bind("name", next.name()).bind("doc", Docs.write(next.doc()))
                    .bind("now", SqlTime.of(clock.instant())).execute();
            return Optional.of(next);
        }));
    }

    @Override
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            CREATES_AND_DELETES.bump(h);
            for (String table : List.of("organization_member_roles", "organization_members", "organization_invitations",
                    "organization_connections", "organization_client_grants", "organization_clients",
                    "organization_discovery_domains")) {
                h.createUpdate("delete from " + table + " where organization_id = :id").bind("id", id).execute();
            }
            h.createUpdate("delete from roles where type = :type and owner_key = :id")
                    .bind("type", Role.ORGANIZATION).bind("id", id).execute();
            return h.createUpdate("delete from organizations where id = :id").bind("id", id).execute() == 1;
        });
    }

    static Organization organization(ResultSet rs) throws SQLException {
        return new Organization(rs.getString("id"), rs.getString("name"), Docs.read(rs.getString("doc")),
                SqlTime.get(rs, "created_at"));
    }

    static void executeIfAny(PreparedBatch batch) {
        if (batch.size() > 0) {
            batch.execute();
        }
    }
}

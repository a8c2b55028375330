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
import dev.atrium.organizations.OrganizationApplicationStore;
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

/** {@link OrganizationApplicationStore} over {@code organization_client_grants} and {@code organization_clients} (V20). */
public final class JdbcOrganizationApplicationStore implements OrganizationApplicationStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcOrganizationApplicationStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void addClientGrant(String organizationId, String grantId) {
        Docs.unique("organization client grant", () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into organization_client_grants (organization_id, grant_id, created_at) values (:org, :grant, :now)")
                .bind("org", organizationId).bind("grant", grantId).bind("now", SqlTime.of(clock.instant())).execute()));
    }

    @Override
    public boolean removeClientGrant(String organizationId, String grantId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_client_grants "
                        + "where organization_id = :org and grant_id = :grant")
                .bind("org", organizationId).bind("grant", grantId).execute() == 1);
    }

    @Override
    public List<String> clientGrantIds(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select grant_id from organization_client_grants "
                        + "where organization_id = :org order by created_at, grant_id")
                .bind("org", organizationId).mapTo(String.class).list());
    }

    @Override
    public boolean hasClientGrant(String organizationId, String grantId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_client_grants "
                        + "where organization_id = :org and grant_id = :grant")
                .bind("org", organizationId).bind("grant", grantId).mapTo(Long.class).one() > 0);
    }

    @Override
    public List<Organization> organizationsOfGrant(String grantId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + JdbcOrganizationStore.ORG_COLUMNS + " from organization_client_grants g "
                        + "join organizations o on o.id = g.organization_id where g.grant_id = :grant "
                        + "order by o.name limit :limit offset :offset")
                .bind("grant", grantId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> JdbcOrganizationStore.organization(rs)).list());
    }

    @Override
    public long countOrganizationsOfGrant(String grantId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_client_grants where grant_id = :grant")
                .bind("grant", grantId).mapTo(Long.class).one());
    }

    @Override
    public void addClients(List<OrganizationClient> clients) {
        Docs.unique("organization client", () -> jdbi.inTransaction(h -> {
            var now = SqlTime.of(clock.instant());
            for (OrganizationClient c : clients) {
                h.createUpdate("insert into organization_clients (organization_id, client_id, use_for_member_access, created_at) "
                                + "values (:org, :client, :use, :now)")
                        .bind("org", c.organizationId()).bind("client", c.clientId())
                        .bind("use", c.useForMemberAccess()).bind("now", now).execute();
            }
            return null;
        }));
    }

    @Override
    public Optional<OrganizationClient> client(String organizationId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where organization_id = :org and client_id = :client")
                .bind("org", organizationId).bind("client", clientId).map((rs, ctx) -> orgClient(rs)).findOne());
    }

    @Override
    public List<OrganizationClient> clients(String organizationId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where organization_id = :org order by client_id "
                        + "limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> orgClient(rs)).list());
    }

    @Override
    public long countClients(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_clients where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public boolean updateClient(OrganizationClient c) {
        return jdbi.withHandle(h -> h.createUpdate("update organization_clients set use_for_member_access = :use "
                        + "where organization_id = :org and client_id = :client")
                .bind("org", c.organizationId()).bind("client", c.clientId()).bind("use", c.useForMemberAccess())
                .execute() == 1);
    }

    @Override
    public void removeClients(String organizationId, Collection<String> clientIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("delete from organization_clients "
                    + "where organization_id = :org and client_id = :client");
            for (String clientId : new LinkedHashSet<>(clientIds)) {
                batch.bind("org", organizationId).bind("client", clientId).add();
            }
            JdbcOrganizationStore.executeIfAny(batch);
        });
    }

    @Override
    public Map<String, OrganizationClient> associationsOf(String clientId, Collection<String> organizationIds) {
        Map<String, OrganizationClient> out = new LinkedHashMap<>();
        if (organizationIds.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where client_id = :client and organization_id in (<orgs>)")
                .bind("client", clientId).bindList("orgs", List.copyOf(new LinkedHashSet<>(organizationIds)))
                .map((rs, ctx) -> orgClient(rs)).forEach(c -> out.put(c.organizationId(), c)));
        return out;
    }

    private static OrganizationClient orgClient(ResultSet rs) throws SQLException {
        return new OrganizationClient(rs.getString("organization_id"), rs.getString("client_id"),
                rs.getBoolean("use_for_member_access"));
    }
}

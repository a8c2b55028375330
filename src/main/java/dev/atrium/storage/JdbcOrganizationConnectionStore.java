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
import dev.atrium.organizations.OrganizationConnectionStore;
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
 * {@link OrganizationConnectionStore} over {@code organization_connections} joined with {@code connections} (V20).
 * Every write moves the {@code organization_connections} cache version in its transaction
 * ({@link CachedOrganizationConnectionStore}).
 */
public final class JdbcOrganizationConnectionStore implements OrganizationConnectionStore {
    private static final String CONNECTION_SELECT = "select oc.organization_id, oc.connection_id, "
            + "oc.assign_membership_on_login, oc.show_as_button, oc.is_signup_enabled, oc.is_enabled, "
            + "oc.organization_connection_name, oc.organization_access_level, c.name, c.strategy "
            + "from organization_connections oc join connections c on c.id = oc.connection_id ";

    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.ORGANIZATION_CONNECTIONS);

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcOrganizationConnectionStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<OrganizationConnection> connections(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery(CONNECTION_SELECT + "where oc.organization_id = :org "
                        + "order by oc.created_at, oc.connection_id")
                .bind("org", organizationId).map((rs, ctx) -> connection(rs)).list());
    }

    @Override
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return jdbi.withHandle(h -> h.createQuery(CONNECTION_SELECT + "where oc.organization_id = :org "
                        + "and oc.connection_id = :con")
                .bind("org", organizationId).bind("con", connectionId).map((rs, ctx) -> connection(rs)).findOne());
    }

    @Override
    public List<String> autoMembershipOrganizations(String connectionId) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id from organization_connections where connection_id = :c "
                        + "and assign_membership_on_login = true and is_enabled = true order by created_at, organization_id")
                .bind("c", connectionId).mapTo(String.class).list());
    }

    @Override
    public List<String> connectionsEnabledInAnOrganization() {
        // one index probe per connection (the first enabled organization is enough), not a scan of every organization's rows
        return jdbi.withHandle(h -> h.createQuery("select c.id from connections c where exists (select 1 from "
                        + "organization_connections oc where oc.connection_id = c.id and oc.is_enabled = true) order by c.id")
                .mapTo(String.class).list());
    }

    @Override
    public void addConnection(OrganizationConnection connection) {
        Docs.unique("organization connection", () -> jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return insertConnection(h, connection, clock.instant());
        }));
    }

    static int insertConnection(Handle h, OrganizationConnection c, java.time.Instant now) {
        return h.createUpdate("insert into organization_connections (organization_id, connection_id, "
                        + "assign_membership_on_login, show_as_button, is_signup_enabled, is_enabled, "
                        + "organization_connection_name, organization_access_level, created_at) "
                        + "values (:org, :con, :assign, :button, :signup, :enabled, :label, :level, :now)")
                .bind("org", c.organizationId()).bind("con", c.connectionId())
                .bind("assign", c.assignMembershipOnLogin()).bind("button", c.showAsButton())
                .bind("signup", c.isSignupEnabled()).bind("enabled", c.isEnabled())
                .bind("label", c.organizationConnectionName().orElse(null))
                .bind("level", c.organizationAccessLevel().map(AccessLevel::wire).orElse(null))
                .bind("now", SqlTime.of(now)).execute();
    }

    @Override
    public Optional<OrganizationConnection> updateConnection(String organizationId, String connectionId,
                                                             UnaryOperator<OrganizationConnection> change) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            // Lock the association's row alone (H2 takes no FOR UPDATE over a join), then read it with its connection.
            boolean exists = h.createQuery("select connection_id from organization_connections "
                            + "where organization_id = :org and connection_id = :con for update")
                    .bind("org", organizationId).bind("con", connectionId).mapTo(String.class).findOne().isPresent();
            Optional<OrganizationConnection> current = !exists ? Optional.empty() : h.createQuery(CONNECTION_SELECT
                            + "where oc.organization_id = :org and oc.connection_id = :con")
                    .bind("org", organizationId).bind("con", connectionId).map((rs, ctx) -> connection(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<OrganizationConnection>empty();
            }
            OrganizationConnection c = change.apply(current.get());
            h.createUpdate("update organization_connections set "
                            + "assign_membership_on_login = :assign, show_as_button = :button, is_signup_enabled = :signup, "
                            + "is_enabled = :enabled, organization_connection_name = :label, organization_access_level = :level "
                            + "where organization_id = :org and connection_id = :con")
                    .bind("org", organizationId).bind("con", connectionId)
                    .bind("assign", c.assignMembershipOnLogin()).bind("button", c.showAsButton())
                    .bind("signup", c.isSignupEnabled()).bind("enabled", c.isEnabled())
                    .bind("label", c.organizationConnectionName().orElse(null))
                    .bind("level", c.organizationAccessLevel().map(AccessLevel::wire).orElse(null)).execute();
            return Optional.of(c);
        });
    }

    @Override
    public boolean removeConnection(String organizationId, String connectionId) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return h.createUpdate("delete from organization_connections where organization_id = :org and connection_id = :con")
                    .bind("org", organizationId).bind("con", connectionId).execute() == 1;
        });
    }

    private static OrganizationConnection connection(ResultSet rs) throws SQLException {
        return new OrganizationConnection(rs.getString("organization_id"), rs.getString("connection_id"),
                rs.getBoolean("assign_membership_on_login"), rs.getBoolean("show_as_button"),
                rs.getBoolean("is_signup_enabled"), rs.getString("name"), rs.getString("strategy"),
                rs.getBoolean("is_enabled"), Optional.ofNullable(rs.getString("organization_connection_name")),
                Optional.ofNullable(rs.getString("organization_access_level")).flatMap(AccessLevel::parse));
    }
}

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
import dev.atrium.organizations.DiscoveryDomainStore;
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

/** {@link DiscoveryDomainStore} over {@code organization_discovery_domains} (V20). */
public final class JdbcDiscoveryDomainStore implements DiscoveryDomainStore {
    private static final String DOMAIN_COLUMNS = "id, organization_id, domain, status, use_for_organization_discovery, "
            + "verification_txt, verification_host";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcDiscoveryDomainStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void createDomain(DiscoveryDomain d) {
        Docs.unique("discovery domain " + d.domain(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into organization_discovery_domains (" + DOMAIN_COLUMNS + ", created_at) "
                                + "values (:id, :org, :domain, :status, :use, :txt, :host, :now)")
                .bind("id", d.id()).bind("org", d.organizationId()).bind("domain", d.domain())
                .bind("status", d.status()).bind("use", d.useForOrganizationDiscovery())
                .bind("txt", d.verificationTxt()).bind("host", d.verificationHost())
                .bind("now", SqlTime.of(clock.instant())).execute()));
    }

    @Override
    public Optional<DiscoveryDomain> domain(String organizationId, String domainId) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", domainId).map((rs, ctx) -> domain(rs)).findOne());
    }

    @Override
    public Optional<DiscoveryDomain> domainByName(String organizationId, String domain) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org and domain = :domain")
                .bind("org", organizationId).bind("domain", domain.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> domain(rs)).findOne());
    }

    @Override
    public List<DiscoveryDomain> domains(String organizationId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org order by created_at, id limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> domain(rs)).list());
    }

    @Override
    public long countDomains(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_discovery_domains where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public Optional<DiscoveryDomain> updateDomain(String organizationId, String domainId, UnaryOperator<DiscoveryDomain> change) {
        return jdbi.inTransaction(h -> {
            Optional<DiscoveryDomain> current = h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                            + "where organization_id = :org and id = :id for update")
                    .bind("org", organizationId).bind("id", domainId).map((rs, ctx) -> domain(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<DiscoveryDomain>empty();
            }
            DiscoveryDomain d = change.apply(current.get());
            h.createUpdate("update organization_discovery_domains set status = :status, "
                            + "use_for_organization_discovery = :use where organization_id = :org and id = :id")
                    .bind("org", organizationId).bind("id", domainId).bind("status", d.status())
                    .bind("use", d.useForOrganizationDiscovery()).execute();
            return Optional.of(d);
        });
    }

    @Override
    public boolean deleteDomain(String organizationId, String domainId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_discovery_domains "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", domainId).execute() == 1);
    }

    @Override
    public List<DiscoveryDomain> discoverableDomains(String domain) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where domain = :domain and status = :verified and use_for_organization_discovery = true "
                        + "order by created_at, id")
                .bind("domain", domain.toLowerCase(Locale.ROOT)).bind("verified", DiscoveryDomain.VERIFIED)
                .map((rs, ctx) -> domain(rs)).list());
    }

    private static DiscoveryDomain domain(ResultSet rs) throws SQLException {
        return new DiscoveryDomain(rs.getString("id"), rs.getString("organization_id"), rs.getString("domain"),
                rs.getString("status"), rs.getBoolean("use_for_organization_discovery"),
                rs.getString("verification_txt"), rs.getString("verification_host"));
    }
}

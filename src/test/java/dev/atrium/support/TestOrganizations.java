package dev.atrium.support;

import dev.atrium.common.Change;
import dev.atrium.common.Ids;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.DiscoveryDomainService;
import dev.atrium.organizations.DnsTxtResolver;
import dev.atrium.organizations.NewOrganization;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationMemberService;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.ThirdPartyClientAccess;
import dev.atrium.storage.JdbcClientGrantStore;
import dev.atrium.storage.JdbcClientStore;
import dev.atrium.storage.JdbcConnectionStore;
import dev.atrium.storage.JdbcDiscoveryDomainStore;
import dev.atrium.storage.JdbcOrganizationApplicationStore;
import dev.atrium.storage.JdbcOrganizationConnectionStore;
import dev.atrium.storage.JdbcOrganizationMemberStore;
import dev.atrium.storage.JdbcOrganizationStore;
import dev.atrium.storage.JdbcRoleStore;
import dev.atrium.storage.JdbcTenantStore;
import dev.atrium.storage.JdbcUserStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Typed organization commands for tests, and the organization services wired over a migrated
 * database, so that tests build organizations as the dashboard does instead of concatenating JSON.
 */
public final class TestOrganizations {
    public final OrganizationService organizations;
    public final OrganizationConnectionService connections;
    public final OrganizationMemberService members;
    public final DiscoveryDomainService domains;
    public final OrganizationApplicationService applications;

    public TestOrganizations(Jdbi jdbi, Clock clock, DnsTxtResolver dns) {
        var clientStore = new JdbcClientStore(jdbi, clock);
        var connectionStore = new JdbcConnectionStore(jdbi, clock);
        var userStore = new JdbcUserStore(jdbi, clock);
        var tenant = new JdbcTenantStore(jdbi, clock);
        connections = new OrganizationConnectionService(new JdbcOrganizationConnectionStore(jdbi, clock), connectionStore);
        members = new OrganizationMemberService(new JdbcOrganizationMemberStore(jdbi, clock), userStore,
                new JdbcRoleStore(jdbi, clock), clientStore, connectionStore, tenant, clock);
        domains = new DiscoveryDomainService(new JdbcDiscoveryDomainStore(jdbi, clock), dns);
        applications = new OrganizationApplicationService(new JdbcOrganizationApplicationStore(jdbi, clock), clientStore,
                new JdbcClientGrantStore(jdbi, clock));
        organizations = new OrganizationService(new JdbcOrganizationStore(jdbi, clock), connections, members, domains,
                applications, userStore, tenant, clock);
    }

    /** A name no other test uses. */
    public static String uniqueName() {
        return "org-" + Ids.alnum(10).toLowerCase(Locale.ROOT);
    }

    /** A new organization with a unique name and nothing else set. */
    public static NewOrganization organization() {
        return NewOrganization.named(uniqueName());
    }

    /** A new organization with a unique name, a display name and the given connections enabled. */
    public static NewOrganization organization(String displayName, String... connectionIds) {
        return organization().with(OrganizationPatch.none().withDisplayName(Change.to(displayName)))
                .withConnections(java.util.Arrays.stream(connectionIds).map(ConnectionEnablement::of).toList());
    }

    public static OrganizationPatch thirdPartyAccess(ThirdPartyClientAccess access) {
        return OrganizationPatch.none().withThirdPartyClientAccess(access);
    }

    public Organization create() {
        return organizations.create(organization());
    }

    public Organization create(OrganizationPatch fields) {
        return organizations.create(organization().with(fields));
    }

    public Organization create(NewOrganization request) {
        return organizations.create(request);
    }

    /** The ids of the organization's enabled connections, oldest first. */
    public List<String> connectionIds(Organization org) {
        return connections.connections(org).stream().map(c -> c.connectionId()).toList();
    }
}

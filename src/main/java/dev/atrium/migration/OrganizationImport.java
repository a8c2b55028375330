package dev.atrium.migration;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.migration.ImportChecks.Kind;
import dev.atrium.migration.ImportReport.Action;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.DiscoveryDomainService;
import dev.atrium.organizations.NewDiscoveryDomain;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationMemberService;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The organizations of a Deploy CLI export: the organization itself, its enabled connections (named),
 * its client grants (named by client, as the Deploy CLI writes them), its discovery domains and its
 * application associations. Every call to the organizations package is in this one class.
 */
public final class OrganizationImport {
    private static final Set<String> SUB_RESOURCES = Set.of("id", "connections", "enabled_connections", "client_grants",
            "discovery_domains", "clients");

    private final OrganizationService organizations;
    private final OrganizationConnectionService connections;
    private final OrganizationMemberService members;
    private final DiscoveryDomainService domains;
    private final OrganizationApplicationService applications;
    private final ImportChecks checks;

    public OrganizationImport(OrganizationService organizations, OrganizationConnectionService connections,
                              OrganizationMemberService members, DiscoveryDomainService domains,
                              OrganizationApplicationService applications, ImportChecks checks) {
        this.organizations = organizations;
        this.connections = connections;
        this.members = members;
        this.domains = domains;
        this.applications = applications;
        this.checks = checks;
    }

    /**
     * Makes {@code userId} a member of the organization named (or with the id) {@code ref}, with
     * {@code roleIds}: the bulk user import's membership extension. False when there is no such organization.
     */
    boolean organizationExists(String ref) {
        return organizations.find(ref).or(() -> organizations.findByName(ref)).isPresent();
    }

    boolean addMember(String ref, String userId, List<String> roleIds) {
        Optional<Organization> org = organizations.find(ref).or(() -> organizations.findByName(ref));
        if (org.isEmpty()) {
            return false;
        }
        if (!organizations.isMember(org.get().id(), userId)) {
            organizations.addMembership(org.get().id(), userId, roleIds);
        } else if (!roleIds.isEmpty()) {
            members.assignMemberRoles(org.get(), userId, roleIds);
        }
        return true;
    }

    void apply(ObjectNode source, TenantImporter.Run run, ImportReport report) {
        String name = Json.text(source, "name", "");
        String exportedId = Json.text(source, "id", "");
        Optional<Organization> existing = exportedId.isEmpty() ? Optional.empty() : organizations.find(exportedId);
        if (existing.isEmpty()) {
            existing = organizations.findByName(name);
        }
        ObjectNode body = Json.object();
        List<String> dropped = new ArrayList<>();
        Set<String> allowed = checks.fields(Kind.ORGANIZATION, existing.isEmpty());
        for (String p : source.propertyNames()) {
            if (SUB_RESOURCES.contains(p)) {
                continue;
            }
            if (allowed.contains(p)) {
                body.set(p, source.get(p));
            } else {
                dropped.add(p);
            }
        }
        if (!dropped.isEmpty()) {
            report.notCarried("organizations/" + name + ": properties " + String.join(", ", dropped));
        }
        Organization org;
        List<String> changed = new ArrayList<>();
        if (existing.isEmpty()) {
            checks.check(Kind.ORGANIZATION, true, body);
            org = Ids.preferring(exportedId, () -> organizations.create(checks.newOrganization(body)));
        } else {
            org = existing.get();
            ObjectNode current = org.doc().deepCopy();
            current.put("name", org.name());
            ObjectNode patch = Diff.patch(current, body);
            if (!patch.isEmpty()) {
                checks.check(Kind.ORGANIZATION, false, patch);
                org = organizations.update(org.id(), checks.organizationPatch(patch)).orElseThrow();
                changed.addAll(patch.propertyNames());
            }
        }
        connections(org, source, run, report, changed);
        clientGrants(org, source, run, report, changed);
        domains(org, source, report, changed);
        clients(org, source, run, report, changed);
        if (existing.isEmpty()) {
            report.add(Action.CREATE, "organization", name, TenantImporter.keptId(exportedId, org.id()));
        } else {
            report.add(changed.isEmpty() ? Action.UNCHANGED : Action.CHANGE, "organization", name, String.join(", ", changed));
        }
    }

    private void connections(Organization org, ObjectNode source, TenantImporter.Run run, ImportReport report, List<String> changed) {
        JsonNode list = source.has("connections") ? source.get("connections") : source.get("enabled_connections");
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode item : list) {
            String connName = Json.text(item, "name", null);
            Optional<String> connectionId = connName != null ? run.connection(connName)
                    : Optional.ofNullable(Json.text(item, "connection_id", null));
            if (connectionId.isEmpty()) {
                report.notCarried("organizations/" + org.name() + ": connection " + connName + " is not in the export");
                continue;
            }
            ObjectNode body = Json.object();
            Set<String> allowed = checks.fields(Kind.ORGANIZATION_CONNECTION, true);
            for (String p : item.propertyNames()) {
                if (allowed.contains(p) && !p.equals("connection_id")) {
                    body.set(p, item.get(p));
                }
            }
            Optional<OrganizationConnection> current = organizations.connection(org.id(), connectionId.get());
            if (current.isEmpty()) {
                body.put("connection_id", connectionId.get());
                checks.check(Kind.ORGANIZATION_CONNECTION, true, body);
                connections.addConnection(org, checks.connectionEnablement(body));
                changed.add("connection " + connName);
                continue;
            }
            ObjectNode now = view(current.get());
            ObjectNode patch = Diff.patch(now, body);
            if (!patch.isEmpty()) {
                checks.check(Kind.ORGANIZATION_CONNECTION, false, patch);
                connections.updateConnection(org, connectionId.get(), checks.connectionPatch(patch));
                changed.add("connection " + connName);
            }
        }
    }

    private static ObjectNode view(OrganizationConnection c) {
        ObjectNode o = Json.object();
        o.put("assign_membership_on_login", c.assignMembershipOnLogin());
        o.put("show_as_button", c.showAsButton());
        o.put("is_signup_enabled", c.isSignupEnabled());
        o.put("is_enabled", c.isEnabled());
        c.organizationConnectionName().ifPresent(v -> o.put("organization_connection_name", v));
        c.organizationAccessLevel().ifPresent(v -> o.put("organization_access_level", v.wire()));
        return o;
    }

    private void clientGrants(Organization org, ObjectNode source, TenantImporter.Run run, ImportReport report, List<String> changed) {
        JsonNode list = source.get("client_grants");
        if (list == null || !list.isArray()) {
            return;
        }
        Set<String> have = new java.util.HashSet<>();
        applications.clientGrants(org).forEach(g -> have.add(g.id()));
        for (JsonNode item : list) {
            String clientRef = Json.text(item, "client_id", "");
            Optional<String> grantId = run.grantFor(clientRef, Json.text(item, "audience", null));
            if (grantId.isEmpty()) {
                report.notCarried("organizations/" + org.name() + ": client grant of " + clientRef
                        + " (no single grant of that client in the export)");
                continue;
            }
            if (have.add(grantId.get())) {
                applications.addClientGrant(org, grantId.get());
                changed.add("client grant " + clientRef);
            }
        }
    }

    private void domains(Organization org, ObjectNode source, ImportReport report, List<String> changed) {
        JsonNode list = source.get("discovery_domains");
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode item : list) {
            String domain = Json.text(item, "domain", "");
            if (domains.domainByName(org, domain).isPresent()) {
                continue;
            }
            domains.createDomain(org, new NewDiscoveryDomain(domain, DiscoveryDomain.PENDING,
                    Json.bool(item, "use_for_organization_discovery", true)));
            changed.add("domain " + domain);
            if (DiscoveryDomain.VERIFIED.equals(Json.text(item, "status", ""))) {
                report.notCarried("organizations/" + org.name() + ": domain " + domain
                        + " was verified in Auth0; verify it again in Atrium (new TXT record)");
            }
        }
    }

    private void clients(Organization org, ObjectNode source, TenantImporter.Run run, ImportReport report, List<String> changed) {
        JsonNode list = source.get("clients");
        if (list == null || !list.isArray()) {
            return;
        }
        List<OrganizationClient> add = new ArrayList<>();
        for (JsonNode item : list) {
            String ref = Json.text(item, "client_id", "");
            Optional<String> id = run.client(ref);
            if (id.isEmpty()) {
                report.notCarried("organizations/" + org.name() + ": application " + ref + " is not in the export");
                continue;
            }
            boolean use = Json.bool(item, "use_for_member_access", false);
            Optional<OrganizationClient> current = applications.client(org.id(), id.get());
            if (current.isEmpty()) {
                add.add(new OrganizationClient(org.id(), id.get(), use));
            } else if (current.get().useForMemberAccess() != use) {
                applications.updateClient(org, id.get(), use);
                changed.add("application " + ref);
            }
        }
        if (!add.isEmpty()) {
            applications.addClients(org, add);
            add.forEach(a -> changed.add("application " + a.clientId()));
        }
    }
}

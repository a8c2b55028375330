package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.DiscoveryDomainService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * Discovery domains of an organization (api-contract.md §B.7.7; organizations.md §4.7, §2.14).
 * There is no verify route in the Management API (organizations.md Q28): an administrator sets
 * {@code status: verified}, or the dashboard asks {@link DiscoveryDomainService#verifyDomain} to check DNS.
 */
public final class OrganizationDomainsApi {
    static final Set<String> STATUS = Set.of(DiscoveryDomain.PENDING, DiscoveryDomain.VERIFIED);
    static final Schema CREATE = Schema.of()
            .string("domain", true, 3, 255)
            .enumOf("status", false, STATUS)
            .bool("use_for_organization_discovery");
    static final Schema UPDATE = CREATE.without("domain");
    static final String DUPLICATE = "An organization discovery domain with this domain is already registered to this organization.";

    private final DiscoveryDomainService service;
    private final OrganizationsApi organizations;

    public OrganizationDomainsApi(DiscoveryDomainService service, OrganizationsApi organizations) {
        this.service = service;
        this.organizations = organizations;
    }

    /** Checkpoint paging only: {@code {domains, next?}}. */
    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:organization_discovery_domains");
        Paging paging = OrganizationsApi.checkpointOnly(ctx);
        Organization org = organizations.find(ctx);
        List<JsonNode> items = service.domains(org, paging.offset(), paging.limit()).stream()
                .map(d -> (JsonNode) view(d)).toList();
        ManagementApi.json(ctx, 200, paging.render("domains", items, service.countDomains(org), false));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:organization_discovery_domains");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        Organization org = organizations.find(ctx);
        DiscoveryDomain d = OrganizationsApi.conflict(DUPLICATE, () -> service.createDomain(org, OrganizationRequests.newDomain(body)));
        ManagementApi.json(ctx, 201, view(d));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:organization_discovery_domains");
        DiscoveryDomain d = service.domain(organizations.find(ctx), ManagementApi.path(ctx, "domainId"))
                .orElseThrow(OrganizationDomainsApi::notFound);
        ManagementApi.json(ctx, 200, view(d));
    }

    public void getByName(Context ctx) {
        ManagementApi.require(ctx, "read:organization_discovery_domains");
        DiscoveryDomain d = service.domainByName(organizations.find(ctx), ManagementApi.path(ctx, "domain"))
                .orElseThrow(OrganizationDomainsApi::notFound);
        ManagementApi.json(ctx, 200, view(d));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:organization_discovery_domains");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        DiscoveryDomain d = service.updateDomain(organizations.find(ctx), ManagementApi.path(ctx, "domainId"), OrganizationRequests.domainPatch(body))
                .orElseThrow(OrganizationDomainsApi::notFound);
        ManagementApi.json(ctx, 200, view(d));
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_discovery_domains");
        if (!service.deleteDomain(organizations.find(ctx), ManagementApi.path(ctx, "domainId"))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    static ApiException notFound() {
        return ApiException.notFound("The organization discovery domain does not exist.", null);
    }

    static ObjectNode view(DiscoveryDomain d) {
        return Json.object().put("id", d.id()).put("domain", d.domain()).put("status", d.status())
                .put("use_for_organization_discovery", d.useForOrganizationDiscovery())
                .put("verification_txt", d.verificationTxt()).put("verification_host", d.verificationHost());
    }
}

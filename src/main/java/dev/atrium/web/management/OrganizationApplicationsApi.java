package dev.atrium.web.management;

import dev.atrium.clients.ClientGrant;
import dev.atrium.common.Json;
import dev.atrium.organizations.AccessLevel;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.organizations.ThirdPartyClientAccess;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The applications of an organization: client-grant associations for machine-to-machine access
 * ({@code /organizations/{id}/client-grants}, {@code /client-grants/{id}/organizations}) and
 * per-application access ({@code /organizations/{id}/clients}) (api-contract.md §B.7.5, §B.7.8;
 * organizations.md §4.8–§4.9).
 */
public final class OrganizationApplicationsApi {
    static final Schema CLIENT_GRANT = Schema.of().string("grant_id", true, 1, 64);
    static final Schema CLIENTS = Schema.of().array("clients", true);
    static final Schema CLIENT_UPDATE = Schema.of().bool("use_for_member_access");
    static final int MAX_CLIENTS_PER_CALL = 10;

    private final OrganizationApplicationService service;
    private final OrganizationsApi organizations;

    private final ApplicationApprovals approvals;

    public OrganizationApplicationsApi(OrganizationApplicationService service, OrganizationsApi organizations) {
        this(service, organizations, null);
    }

    public OrganizationApplicationsApi(OrganizationApplicationService service, OrganizationsApi organizations, ApplicationApprovals approvals) {
        this.service = service;
        this.organizations = organizations;
        this.approvals = approvals;
    }

    /** Issue 14: the approval store, the tenant settings that hold the policy, and a clock. */
    public record ApplicationApprovals(dev.atrium.onboarding.ApplicationApprovalStore store, dev.atrium.tenant.TenantSettingsService tenant,
                                       java.time.Clock clock) {
    }

    static final Schema APPROVAL = Schema.of().enumOf("status", true, Set.of("approved", "denied", "pending"));
    static final Schema APPROVAL_POLICY = Schema.of().bool("require_approval");

    /**
     * {@code GET /api/v2/organizations/{id}/atrium-application-approvals} (Atrium's own): whether new self-registered
     * third-party applications wait for approval in this organization, and each one's request and decision.
     */
    public void approvals(Context ctx) {
        ManagementApi.require(ctx, "read:organizations");
        Organization org = organizations.find(ctx);
        ObjectNode out = Json.object();
        out.put("require_approval", dev.atrium.onboarding.OnboardingPolicy.of(approvals.tenant().get().doc())
                .approvalOrganizations().contains(org.id()));
        ArrayNode list = out.putArray("applications");
        for (dev.atrium.onboarding.ApplicationApproval a : approvals.store().list(org.id())) {
            ObjectNode v = list.addObject();
            v.put("client_id", a.clientId());
            service.findClient(a.clientId()).ifPresent(c -> v.put("name", c.name()));
            v.put("status", a.status().wire());
            v.put("requested_at", a.requestedAt().toString());
            a.decidedAt().ifPresentOrElse(d -> v.put("decided_at", d.toString()), () -> v.putNull("decided_at"));
        }
        ManagementApi.json(ctx, 200, out);
    }

    /** {@code PATCH /api/v2/organizations/{id}/atrium-application-approvals}: {@code {"require_approval": true|false}}. */
    public void updateApprovalPolicy(Context ctx) {
        ManagementApi.require(ctx, "update:organizations");
        ObjectNode body = ManagementApi.body(ctx);
        APPROVAL_POLICY.validate(body);
        Organization org = organizations.find(ctx);
        if (body.has("require_approval")) {
            setRequireApproval(approvals.tenant(), org.id(), body.get("require_approval").asBoolean());
        }
        approvals(ctx);
    }

    /** Adds or removes {@code organizationId} in the tenant policy's {@code organizations_requiring_approval}. */
    public static void setRequireApproval(dev.atrium.tenant.TenantSettingsService tenant, String organizationId, boolean required) {
        dev.atrium.onboarding.OnboardingPolicy p = dev.atrium.onboarding.OnboardingPolicy.of(tenant.get().doc());
        List<String> orgs = new ArrayList<>(p.approvalOrganizations());
        orgs.remove(organizationId);
        if (required) {
            orgs.add(organizationId);
        }
        ObjectNode policy = p.toJson();
        policy.set("organizations_requiring_approval", Json.strings(orgs));
        tenant.update(dev.atrium.tenant.TenantSettingsPatch.none().withDocument(dev.atrium.onboarding.OnboardingPolicy.SETTING, policy));
    }

    /** {@code PUT /api/v2/organizations/{id}/atrium-application-approvals/{clientId}}: {@code {"status":"approved"|"denied"|"pending"}}. */
    public void decide(Context ctx) {
        ManagementApi.require(ctx, "update:organizations");
        ObjectNode body = ManagementApi.body(ctx);
        APPROVAL.validate(body);
        Organization org = organizations.find(ctx);
        String clientId = ManagementApi.path(ctx, "clientId");
        var status = dev.atrium.onboarding.ApplicationApproval.Status.parse(Json.text(body, "status", "")).orElseThrow();
        if (!approvals.store().decide(org.id(), clientId, status, approvals.clock().instant())) {
            throw ApiException.notFound("The client does not exist", "inexistent_client");
        }
        ManagementApi.json(ctx, 200, Json.object().put("client_id", clientId).put("status", status.wire()));
    }


    /** Offset page {@code client_grants}, filtered by {@code audience}, {@code client_id} and repeated {@code grant_ids}. */
    public void clientGrants(Context ctx) {
        ManagementApi.require(ctx, "read:organization_client_grants");
        Paging paging = Paging.parse(ctx);
        Organization org = organizations.find(ctx);
        String audience = ctx.queryParam("audience");
        String clientId = ctx.queryParam("client_id");
        List<String> grantIds = ctx.queryParams("grant_ids");
        if (grantIds.size() > 10) {
            throw ApiException.invalidQuery("Query validation error: 'grant_ids' takes at most 10 values.");
        }
        List<JsonNode> items = service.clientGrants(org).stream()
                .filter(g -> audience == null || g.audience().equals(audience))
                .filter(g -> clientId == null || g.clientId().filter(clientId::equals).isPresent())
                .filter(g -> grantIds.isEmpty() || grantIds.contains(g.id()))
                .map(g -> (JsonNode) view(g)).toList();
        ManagementApi.json(ctx, 200, paging.slice("client_grants", items));
    }

    public void addClientGrant(Context ctx) {
        ManagementApi.require(ctx, "create:organization_client_grants");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENT_GRANT.validate(body);
        Organization org = organizations.find(ctx);
        ClientGrant g = OrganizationsApi.conflict("The client grant has already been added to this organization.",
                () -> service.addClientGrant(org, Json.text(body, "grant_id", "")))
                .orElseThrow(OrganizationApplicationsApi::grantNotFound);
        ObjectNode v = view(g);
        v.put("grant_id", g.id());
        ManagementApi.json(ctx, 201, v);
    }

    /** Removing an association that does not exist succeeds: the end state is the one asked for. */
    public void removeClientGrant(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_client_grants");
        service.removeClientGrant(organizations.find(ctx), ManagementApi.path(ctx, "grantId"));
        ManagementApi.noContent(ctx);
    }

    /** {@code GET /client-grants/{id}/organizations}. */
    public void ofGrant(Context ctx) {
        ManagementApi.require(ctx, "read:organization_client_grants");
        Paging paging = Paging.parse(ctx);
        String grantId = ManagementApi.path(ctx, "id");
        if (service.findGrant(grantId).isEmpty()) {
            throw grantNotFound();
        }
        List<JsonNode> items = service.organizationsOfGrant(grantId, paging.offset(), paging.limit()).stream()
                .map(o -> (JsonNode) OrganizationsApi.view(o)).toList();
        ManagementApi.json(ctx, 200, paging.render("organizations", items, service.countOrganizationsOfGrant(grantId), false));
    }

    // per-application access

    /** Checkpoint paging only (organizations.md §4.9). */
    public void clients(Context ctx) {
        ManagementApi.require(ctx, "read:organization_clients");
        Paging paging = OrganizationsApi.checkpointOnly(ctx);
        Organization org = organizations.find(ctx);
        List<JsonNode> items = service.clients(org, paging.offset(), paging.limit()).stream()
                .map(c -> (JsonNode) view(c)).toList();
        ManagementApi.json(ctx, 200, paging.render("clients", items, service.countClients(org), false));
    }

    public void client(Context ctx) {
        ManagementApi.require(ctx, "read:organization_clients");
        Organization org = organizations.find(ctx);
        OrganizationClient c = service.client(org.id(), ManagementApi.path(ctx, "clientId"))
                .orElseThrow(OrganizationApplicationsApi::clientNotFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    public void addClients(Context ctx) {
        ManagementApi.require(ctx, "create:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENTS.validate(body);
        JsonNode array = body.get("clients");
        checkCount(array);
        Organization org = organizations.find(ctx);
        List<OrganizationClient> associations = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode item)) {
                throw ApiException.badRequest("Payload validation error: 'Expected type object' on property clients[" + i + "].");
            }
            Schema.of().string("client_id", true, 1, 64).bool("use_for_member_access").validate(item);
            associations.add(new OrganizationClient(org.id(), Json.text(item, "client_id", ""),
                    Json.bool(item, "use_for_member_access", false)));
        }
        List<OrganizationClient> added = OrganizationsApi.conflict("The application is already associated with this organization.",
                () -> service.addClients(org, associations));
        ArrayNode out = Json.array();
        added.forEach(c -> out.add(view(c)));
        ManagementApi.json(ctx, 201, out);
    }

    public void updateClient(Context ctx) {
        ManagementApi.require(ctx, "update:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENT_UPDATE.validate(body);
        Organization org = organizations.find(ctx);
        String clientId = ManagementApi.path(ctx, "clientId");
        OrganizationClient existing = service.client(org.id(), clientId).orElseThrow(OrganizationApplicationsApi::clientNotFound);
        OrganizationClient c = service.updateClient(org, clientId,
                Json.bool(body, "use_for_member_access", existing.useForMemberAccess())).orElseThrow(OrganizationApplicationsApi::clientNotFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    /** Body items may be client ids or {@code {client_id}} objects (organizations.md Q10); idempotent. */
    public void removeClients(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENTS.validate(body);
        JsonNode array = body.get("clients");
        checkCount(array);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isString()) {
                ids.add(item.asString());
            } else if (item instanceof ObjectNode o && o.size() == 1 && o.get("client_id") != null && o.get("client_id").isString()) {
                ids.add(o.get("client_id").asString());
            } else {
                throw ApiException.badRequest("Payload validation error: 'Expected a client id or {client_id}' on property clients["
                        + i + "].");
            }
        }
        service.removeClients(organizations.find(ctx), ids);
        ManagementApi.noContent(ctx);
    }

    private static void checkCount(JsonNode array) {
        if (array.isEmpty() || array.size() > MAX_CLIENTS_PER_CALL) {
            throw ApiException.badRequest("Payload validation error: 'Array must have 1 to " + MAX_CLIENTS_PER_CALL
                    + " items' on property clients.");
        }
    }

    static ApiException grantNotFound() {
        return ApiException.notFound("The grant does not exist.", null);
    }

    static ApiException clientNotFound() {
        return ApiException.notFound("The client is not associated with this organization.", null);
    }

    static ObjectNode view(ClientGrant g) {
        ObjectNode v = Json.object().put("id", g.id());
        g.clientId().ifPresent(c -> v.put("client_id", c));
        v.put("audience", g.audience());
        v.set("scope", Json.strings(g.scope()));
        v.put("organization_usage", g.usage().wire());
        v.put("allow_any_organization", g.allowAnyOrganization());
        return v;
    }

    ObjectNode view(OrganizationClient c) {
        ObjectNode v = Json.object().put("client_id", c.clientId()).put("use_for_member_access", c.useForMemberAccess());
        service.findClient(c.clientId()).ifPresent(client -> {
            ObjectNode meta = Json.object().put("name", client.name());
            client.appType().ifPresent(t -> meta.put("app_type", t));
            String logo = Json.text(client.doc(), "logo_uri", null);
            if (logo != null) {
                meta.put("logo_uri", logo);
            }
            meta.put("is_first_party", client.isFirstParty());
            meta.set("grant_types", Json.strings(client.grantTypes()));
            meta.put("organization_usage", client.usage().wire());
            v.set("client", meta);
        });
        return v;
    }
}

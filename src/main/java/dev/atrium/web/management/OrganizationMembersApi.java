package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationLimits;
import dev.atrium.organizations.OrganizationMemberService;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.roles.Role;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Members, member roles and invitations of an organization (api-contract.md §B.7.2, §B.7.3;
 * organizations.md §4.4–§4.6).
 */
public final class OrganizationMembersApi {
    static final int MAX_MEMBERS_PER_CALL = 10;
    static final Schema MEMBERS = Schema.of().strings("members", true, MAX_MEMBERS_PER_CALL);
    static final Schema ROLES = Schema.of().strings("roles", true, OrganizationLimits.MAX_MEMBER_ROLES);
    static final Schema INVITATION = Schema.of()
            .object("inviter", true)
            .object("invitee", true)
            .string("client_id", true, 1, 64)
            .string("connection_id", false, 1, 50)
            .object("app_metadata", false)
            .object("user_metadata", false)
            .integer("ttl_sec", 0, OrganizationLimits.MAX_INVITATION_TTL)
            .strings("roles", false, OrganizationLimits.MAX_MEMBER_ROLES)
            .bool("send_invitation_email");

    private final OrganizationMemberService service;
    private final OrganizationService core;
    private final OrganizationsApi organizations;

    public OrganizationMembersApi(OrganizationMemberService service, OrganizationService core, OrganizationsApi organizations) {
        this.service = service;
        this.core = core;
        this.organizations = organizations;
    }

    // members

    /** {@code fields=roles} adds each member's roles and needs {@code read:organization_member_roles} too. */
    public void members(Context ctx) {
        ManagementApi.require(ctx, "read:organization_members");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        boolean withRoles = fields.include() && fields.names().contains("roles");
        if (withRoles) {
            ManagementApi.require(ctx, "read:organization_member_roles");
        }
        String orgId = ManagementApi.path(ctx, "id");
        List<Member> page = service.members(orgId, paging.offset(), paging.limit());
        if (page.isEmpty()) {
            // a membership row references its organization (deleted with it), so a page with members proves
            // the organization exists in the same read; only an empty page asks for it, and answers 404 without
            organizations.find(ctx);
        }
        Map<String, List<Role>> roles = withRoles ? service.memberRoles(orgId, page.stream().map(Member::userId).toList())
                : Map.of();
        List<JsonNode> items = page.stream().map(m -> {
            ObjectNode v = Json.object().put("user_id", m.userId());
            m.email().ifPresent(e -> v.put("email", e));
            m.picture().ifPresent(p -> v.put("picture", p));
            m.name().ifPresent(n -> v.put("name", n));
            if (withRoles) {
                ArrayNode arr = v.putArray("roles");
                roles.getOrDefault(m.userId(), List.of()).forEach(r -> arr.add(Json.object().put("id", r.id()).put("name", r.name())));
            }
            // fields=roles alone asks for the roles in addition to the member, not instead of it.
            return withRoles && fields.names().size() == 1 ? (JsonNode) v : fields.apply(v);
        }).toList();
        ManagementApi.json(ctx, 200, paging.render("members", items, () -> service.countMembers(orgId), false));
    }

    public void addMembers(Context ctx) {
        ManagementApi.require(ctx, "create:organization_members");
        List<String> userIds = RolesApi.idsBody(ctx, MEMBERS, "members");
        Organization org = organizations.find(ctx);
        ManagementApi.domain(() -> {
            service.addMembers(org, userIds);
            return null;
        });
        ManagementApi.noContent(ctx);
    }

    public void removeMembers(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_members");
        List<String> userIds = RolesApi.idsBody(ctx, MEMBERS, "members");
        service.removeMembers(organizations.find(ctx), userIds);
        ManagementApi.noContent(ctx);
    }

    // member roles

    public void memberRoles(Context ctx) {
        ManagementApi.require(ctx, "read:organization_member_roles");
        Paging paging = Paging.parse(ctx);
        Organization org = organizations.find(ctx);
        String userId = ManagementApi.path(ctx, "userId");
        if (!core.userExists(userId)) {
            throw UsersApi.notFound();
        }
        List<JsonNode> items = service.memberRoles(org.id(), userId).stream().map(r -> (JsonNode) RolesApi.view(r)).toList();
        ManagementApi.json(ctx, 200, paging.slice("roles", items));
    }

    public void assignRoles(Context ctx) {
        ManagementApi.require(ctx, "create:organization_member_roles");
        List<String> roleIds = RolesApi.idsBody(ctx, ROLES, "roles");
        Organization org = organizations.find(ctx);
        String userId = ManagementApi.path(ctx, "userId");
        if (!core.userExists(userId)) {
            throw UsersApi.notFound();
        }
        try {
            ManagementApi.domain(() -> {
                service.assignMemberRoles(org, userId, roleIds);
                return null;
            });
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict(OrganizationMemberService.MEMBER_ROLE_LIMIT, null);
            }
            throw e;
        }
        ManagementApi.noContent(ctx);
    }

    public void removeRoles(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_member_roles");
        List<String> roleIds = RolesApi.idsBody(ctx, ROLES, "roles");
        service.removeMemberRoles(organizations.find(ctx), ManagementApi.path(ctx, "userId"), roleIds);
        ManagementApi.noContent(ctx);
    }

    // invitations

    /** Offset page {@code {invitations, start, limit}} without {@code total}; newest first unless {@code sort=created_at:1}. */
    public void invitations(Context ctx) {
        ManagementApi.require(ctx, "read:organization_invitations");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        String sort = ctx.queryParam("sort");
        if (sort != null && !sort.isEmpty() && !Set.of("created_at:1", "created_at:-1").contains(sort)) {
            throw ApiException.invalidQuery("Query validation error: 'sort' must be created_at:1 or created_at:-1.");
        }
        Organization org = organizations.find(ctx);
        List<Invitation> page = service.invitations(org, "created_at:1".equals(sort), paging.offset(), paging.limit());
        List<JsonNode> items = page.stream().map(i -> fields.apply(i.doc())).toList();
        if (paging.checkpoint() || !paging.includeTotals()) {
            ManagementApi.json(ctx, 200, paging.render("invitations", items, service.countInvitations(org), false));
            return;
        }
        ArrayNode arr = Json.array();
        items.forEach(arr::add);
        ObjectNode o = Json.object();
        o.set("invitations", arr);
        o.put("start", paging.offset());
        o.put("limit", paging.limit());
        ManagementApi.json(ctx, 200, o);
    }

    /** Answers 201, as a real tenant does (api-contract.md §B.7.3; the docs say 200). */
    public void createInvitation(Context ctx) {
        ManagementApi.require(ctx, "create:organization_invitations");
        ObjectNode body = ManagementApi.body(ctx);
        INVITATION.validate(body);
        Organization org = organizations.find(ctx);
        Invitation invitation = ManagementApi.domain(() -> service.createInvitation(org, OrganizationRequests.invitation(body)));
        ManagementApi.json(ctx, 201, invitation.doc());
    }

    public void invitation(Context ctx) {
        ManagementApi.require(ctx, "read:organization_invitations");
        Fields fields = Fields.parse(ctx);
        Invitation i = service.invitation(organizations.find(ctx), ManagementApi.path(ctx, "invitationId"))
                .orElseThrow(OrganizationMembersApi::invitationNotFound);
        ManagementApi.json(ctx, 200, fields.apply(i.doc()));
    }

    public void deleteInvitation(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_invitations");
        if (!service.deleteInvitation(organizations.find(ctx), ManagementApi.path(ctx, "invitationId"))) {
            throw invitationNotFound();
        }
        ManagementApi.noContent(ctx);
    }

    static ApiException invitationNotFound() {
        return ApiException.notFound("The invitation does not exist.", "inexistent_invitation");
    }
}

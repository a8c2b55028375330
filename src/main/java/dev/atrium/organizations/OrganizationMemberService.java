package dev.atrium.organizations;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleStore;
import dev.atrium.tenant.TenantStore;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Membership of an organization (organizations.md §1.4–§1.6, §2.7): members, the roles they hold in
 * it (tenant roles, or roles the organization owns; at most 50 per member) and invitations.
 */
public final class OrganizationMemberService {
    public static final String MEMBER_ROLE_LIMIT = "No more roles can be assigned to this organization member.";
    public static final String NO_LOGIN_ROUTE = "A default login route is required to generate the invitation url.";
    static final Set<String> PASSWORDLESS = Set.of("sms", "email");

    private final OrganizationMemberStore store;
    private final UserStore users;
    private final RoleStore roles;
    private final ClientStore clients;
    private final ConnectionStore connections;
    private final TenantStore tenant;
    private final Clock clock;

    public OrganizationMemberService(OrganizationMemberStore store, UserStore users, RoleStore roles, ClientStore clients,
                                     ConnectionStore connections, TenantStore tenant, Clock clock) {
        this.store = store;
        this.users = users;
        this.roles = roles;
        this.clients = clients;
        this.connections = connections;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** Where membership and invitation changes are recorded (set once, at wiring). */
    private dev.atrium.logs.EventLog log = dev.atrium.logs.EventLog.NONE;

    /** Records membership and invitation changes in the tenant log from now on; returns this service. */
    public OrganizationMemberService recordingTo(dev.atrium.logs.EventLog log) {
        this.log = log;
        return this;
    }

    /** {@code how}: the event's {@code details.reason} ({@code auto_membership} and {@code invitation} for O63 and O77). */
    private void membership(String type, String description, Organization org, String organizationId, String userId, String how) {
        log.record(dev.atrium.logs.LogEvent.of(type, description)
                .organization(org == null ? organizationId : org.id(), org == null ? null : org.name())
                .user(userId, null).detail("reason", how));
    }

    // members

    public List<Member> members(String organizationId, int offset, int limit) {
        return store.members(organizationId, offset, limit);
    }

    public long countMembers(String organizationId) {
        return store.countMembers(organizationId);
    }

    /** Adds existing users as members; an existing membership is kept as it is. */
    public void addMembers(Organization org, List<String> userIds) {
        for (String userId : userIds) {
            if (users.find(userId).isEmpty()) {
                throw new InvalidRequestException("members", "User not found: " + userId);
            }
        }
        store.addMembers(org.id(), userIds);
        userIds.forEach(u -> membership(dev.atrium.logs.LogTypes.MEMBER_ADDED, "Member added to the organization", org, null, u, "management_api"));
    }

    /** Removes memberships (and the members' roles in the organization); non-members are ignored. */
    public void removeMembers(Organization org, List<String> userIds) {
        store.removeMembers(org.id(), userIds);
        userIds.forEach(u -> membership(dev.atrium.logs.LogTypes.MEMBER_REMOVED, "Member removed from the organization", org, null, u,
                "members"));
    }

    /** Sign-in flow: whether {@code userId} is a member of the organization. */
    public boolean isMember(String organizationId, String userId) {
        return store.isMember(organizationId, userId);
    }

    /** Sign-in flow: makes the user a member with {@code roleIds} (JIT membership), in one transaction. */
    public void addMembership(String organizationId, String userId, List<String> roleIds) {
        store.addMembership(organizationId, userId, roleIds);
        membership(dev.atrium.logs.LogTypes.MEMBER_ADDED, "Member added to the organization on login", null, organizationId, userId,
                "auto_membership");
    }

    public List<Organization> organizationsOf(String userId, int offset, int limit) {
        return store.organizationsOf(userId, offset, limit);
    }

    public long countOrganizationsOf(String userId) {
        return store.countOrganizationsOf(userId);
    }

    /** The ids of the user's organizations in the order they were joined (O47). */
    public List<String> membershipsInJoinOrder(String userId, int limit) {
        return store.membershipsInJoinOrder(userId, limit);
    }

    // member roles

    /** Sign-in flow: the organization roles of a member (tenant roles given in the org and the org's own roles). */
    public List<Role> memberRoles(String organizationId, String userId) {
        return store.memberRoles(organizationId, userId);
    }

    public Map<String, List<Role>> memberRoles(String organizationId, Collection<String> userIds) {
        return store.memberRoles(organizationId, userIds);
    }

    /**
     * Assigns roles to a user in the organization: tenant roles, or organization roles owned by this
     * organization; at most 50 per member. The user need not be a member yet (api-contract.md §B.7.2).
     */
    public void assignMemberRoles(Organization org, String userId, List<String> roleIds) {
        checkRoles(org, roleIds);
        Set<String> after = new LinkedHashSet<>();
        store.memberRoles(org.id(), userId).forEach(r -> after.add(r.id()));
        after.addAll(roleIds);
        if (after.size() > OrganizationLimits.MAX_MEMBER_ROLES) {
            throw new AlreadyExistsException(MEMBER_ROLE_LIMIT);
        }
        store.assignRoles(org.id(), userId, roleIds);
    }

    public void removeMemberRoles(Organization org, String userId, List<String> roleIds) {
        store.unassignRoles(org.id(), userId, roleIds);
    }

    private void checkRoles(Organization org, List<String> roleIds) {
        if (roleIds.size() > OrganizationLimits.MAX_MEMBER_ROLES) {
            throw new InvalidRequestException("roles", "At most " + OrganizationLimits.MAX_MEMBER_ROLES
                    + " roles can be assigned to a member.");
        }
        List<String> missing = new ArrayList<>();
        for (String roleId : new LinkedHashSet<>(roleIds)) {
            Optional<Role> role = roles.find(roleId);
            if (role.isEmpty() || (!role.get().isTenantRole() && !role.get().ownerId().equals(Optional.of(org.id())))) {
                missing.add(roleId);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("roles", "One or more of the specified roles do not exist: "
                    + String.join(", ", missing));
        }
    }

    // invitations

    /**
     * Creates an invitation. Its URL is the application's {@code initiate_login_uri}, else the
     * tenant's {@code default_redirection_uri}, with {@code invitation}, {@code organization} and
     * {@code organization_name} added; without either the request is refused, as Auth0 does. The
     * {@link InvitationListener} e-mails it unless {@code send_invitation_email} is false (Auth0's default is true).
     */
    public Invitation createInvitation(Organization org, NewInvitation request) {
        Client client = clients.find(request.clientId()).orElseThrow(() ->
                new InvalidRequestException("client_id", "The client does not exist: " + request.clientId()));
        if (request.connectionId().isPresent()) {
            String connectionId = request.connectionId().get();
            Connection connection = connections.find(connectionId).orElseThrow(() ->
                    new InvalidRequestException("connection_id", "The connection does not exist: " + connectionId));
            if (PASSWORDLESS.contains(connection.strategy())) {
                throw new InvalidRequestException("connection_id", "Passwordless connections cannot be used for invitations.");
            }
        }
        List<String> roleIds = request.roles().orElse(List.of());
        if (!roleIds.isEmpty()) {
            checkRoles(org, roleIds);
        }
        // O20: the application's login route with {organization.metadata.public_*} filled from this organization;
        // one that cannot be filled falls back to the tenant's login route, else the invitation is refused
        Map<String, String> metadata = new java.util.HashMap<>();
        if (org.doc().get("metadata") instanceof ObjectNode md) {
            md.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    metadata.put(e.getKey(), e.getValue().asString());
                }
            });
        }
        String loginRoute = Optional.ofNullable(Json.text(client.doc(), "initiate_login_uri", null))
                .filter(s -> !s.isBlank())
                .flatMap(s -> dev.atrium.clients.UrlPlaceholders.loginUri(s, metadata))
                .or(() -> Optional.ofNullable(Json.text(tenant.get().doc(), "default_redirection_uri", null))
                        .filter(s -> !s.isBlank()))
                .orElseThrow(() -> new InvalidRequestException("client_id", NO_LOGIN_ROUTE));
        String ticket = Ids.alnum(32);
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = created.plusSeconds(request.ttlSeconds());
        String id = Ids.prefixed("uinv_", 16);
        ObjectNode doc = Json.object();
        doc.put("id", id);
        doc.put("organization_id", org.id());
        doc.set("inviter", Json.object().put("name", request.inviterName()));
        doc.set("invitee", Json.object().put("email", request.inviteeEmail()));
        doc.put("invitation_url", loginRoute + (loginRoute.contains("?") ? "&" : "?") + "invitation=" + ticket
                + "&organization=" + org.id() + "&organization_name=" + URLEncoder.encode(org.name(), StandardCharsets.UTF_8));
        doc.put("created_at", DateTimeFormatter.ISO_INSTANT.format(created));
        doc.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(expires));
        doc.put("client_id", client.clientId());
        request.connectionId().ifPresent(c -> doc.put("connection_id", c));
        request.appMetadata().ifPresent(m -> doc.set("app_metadata", m));
        request.userMetadata().ifPresent(m -> doc.set("user_metadata", m));
        if (!roleIds.isEmpty()) {
            doc.set("roles", Json.strings(List.copyOf(new LinkedHashSet<>(roleIds))));
        }
        doc.put("ticket_id", ticket);
        Invitation invitation = new Invitation(id, org.id(), ticket, doc, created, expires);
        store.createInvitation(invitation);
        log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.INVITATION_CREATED, "Invitation to the organization created")
                .organization(org.id(), org.name()).client(invitation.clientId(), null).user(null, invitation.inviteeEmail())
                .detail("invitation_id", invitation.id()));
        invitationListener.created(org, invitation, request.sendInvitationEmail());
        return invitation;
    }

    /** Told of every stored invitation and whether it is to be e-mailed ({@code send_invitation_email}, issue 13). */
    @FunctionalInterface
    public interface InvitationListener {
        void created(Organization org, Invitation invitation, boolean sendEmail);
    }

    private volatile InvitationListener invitationListener = (org, invitation, send) -> { };

    public void onInvitationCreated(InvitationListener listener) {
        this.invitationListener = listener;
    }

    public Optional<Invitation> invitation(Organization org, String invitationId) {
        return store.invitation(org.id(), invitationId);
    }

    public List<Invitation> invitations(Organization org, boolean oldestFirst, int offset, int limit) {
        return store.invitations(org.id(), oldestFirst, offset, limit);
    }

    public long countInvitations(Organization org) {
        return store.countInvitations(org.id());
    }

    public boolean deleteInvitation(Organization org, String invitationId) {
        boolean deleted = store.deleteInvitation(org.id(), invitationId);
        if (deleted) {
            log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.INVITATION_DELETED, "Invitation to the organization deleted")
                    .organization(org.id(), org.name()).detail("invitation_id", invitationId));
        }
        return deleted;
    }

    /** An invitation by ticket, expired or not (the flow reports expiry itself). */
    public Optional<Invitation> invitationByTicket(String ticketId) {
        return store.invitationByTicket(ticketId);
    }

    /** An invitation by its id, in whichever organization. */
    public Optional<Invitation> invitationById(String invitationId) {
        return store.invitationById(invitationId);
    }

    /**
     * Sign-in flow: accepts an invitation for {@code userId} — membership plus the invitation's
     * roles, and the invitation deleted — in one transaction. False when it was already used.
     */
    public boolean acceptInvitation(Invitation invitation, String userId) {
        boolean accepted = store.acceptInvitation(invitation.id(), userId);
        if (accepted) {
            membership(dev.atrium.logs.LogTypes.MEMBER_ADDED, "Invitation accepted: member added to the organization", null,
                    invitation.organizationId(), userId, "invitation");
        }
        return accepted;
    }
}

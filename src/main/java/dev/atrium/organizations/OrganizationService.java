package dev.atrium.organizations;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Change;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.roles.Role;
import dev.atrium.tenant.TenantStore;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Organizations themselves (organizations.md §1.1, §2.1): create, change, delete, list, and the
 * resolution of the {@code organization} parameter. Commands arrive typed ({@link NewOrganization},
 * {@link OrganizationPatch}); this class checks what their types cannot say (name syntax, limits)
 * and throws {@link InvalidRequestException} for a broken rule and {@link AlreadyExistsException}
 * for a taken name. The sub-resources have services of their own:
 * {@link OrganizationConnectionService}, {@link OrganizationMemberService},
 * {@link DiscoveryDomainService} and {@link OrganizationApplicationService}.
 *
 * <p>The methods under "sign-in and token flows" are the read and write API that {@code /authorize}
 * and {@code /oauth/token} reach through {@code StoreOrganizationDirectory} and the
 * client-credentials grant; they keep their signatures and hand over to the sub-resource services.
 *
 * <p>Specifications: Auth0 Management API "Organizations"; Auth0 "Organizations" documentation.
 */
public final class OrganizationService {
    /** Kept here for callers of the name rule; {@link OrganizationLimits#NAME} is the definition. */
    public static final java.util.regex.Pattern NAME = OrganizationLimits.NAME;

    private final OrganizationStore store;
    private final OrganizationConnectionService connections;
    private final OrganizationMemberService members;
    private final DiscoveryDomainService domains;
    private final OrganizationApplicationService applications;
    private final UserStore users;
    private final TenantStore tenant;
    private final Clock clock;

    public OrganizationService(OrganizationStore store, OrganizationConnectionService connections,
                               OrganizationMemberService members, DiscoveryDomainService domains,
                               OrganizationApplicationService applications, UserStore users, TenantStore tenant, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.members = members;
        this.domains = domains;
        this.applications = applications;
        this.users = users;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** The organization with this id. */
    public Optional<Organization> find(String id) {
        return store.find(id);
    }

    /** The organization whose current name is {@code name}. */
    public Optional<Organization> findByName(String name) {
        return store.findByName(name);
    }

    /**
     * Resolves an {@code organization} request parameter: an id, or also a name when the tenant
     * allows names in the Authentication API (organizations.md O30, O123).
     */
    public Optional<Organization> resolve(String idOrName) {
        Optional<Organization> byId = store.find(idOrName);
        if (byId.isPresent() || !tenant.get().allowOrganizationNameInAuthenticationApi()) {
            return byId;
        }
        return store.findByName(idOrName);
    }

    public List<Organization> list(OrganizationStore.Sort sort, boolean ascending, int offset, int limit) {
        return store.list(sort, ascending, offset, limit);
    }

    public long count() {
        return store.count();
    }

    /**
     * Creates an organization with its enabled connections (at most 10, each once) in one
     * transaction. {@code third_party_client_access} defaults to {@code block} (organizations.md Q6).
     */
    public Organization create(NewOrganization request) {
        String name = checkName(request.name());
        ObjectNode doc = Json.object();
        apply(doc, request.fields());
        if (!doc.has("third_party_client_access")) {
            doc.put("third_party_client_access", ThirdPartyClientAccess.BLOCK.wire());
        }
        if (!doc.has("is_app_entitlement_active")) {
            doc.put("is_app_entitlement_active", false);
        }
        Organization org = new Organization(Ids.prefixed("org_", 16), name, doc,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (request.connections().size() > OrganizationLimits.MAX_CONNECTIONS) {
            throw new InvalidRequestException("enabled_connections",
                    "An organization can have at most " + OrganizationLimits.MAX_CONNECTIONS + " connections.");
        }
        List<OrganizationConnection> enabled = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConnectionEnablement c : request.connections()) {
            if (!seen.add(c.connectionId())) {
                throw new InvalidRequestException("enabled_connections", "Duplicate connection: " + c.connectionId());
            }
            enabled.add(connections.resolve(org.id(), c));
        }
        store.create(org, enabled);
        return org;
    }

    /**
     * Applies a patch: each property kept, removed or replaced whole (api-contract.md §B.2.6), read and
     * written in one transaction so that concurrent patches of different properties all survive.
     * Empty when the organization does not exist.
     */
    public Optional<Organization> update(String id, OrganizationPatch patch) {
        return store.update(id, existing -> {
            String name = patch.name().map(OrganizationService::checkName).orElse(existing.name());
            ObjectNode doc = existing.doc();
            apply(doc, patch);
            return existing.with(name, doc);
        });
    }

    /** Deletes the organization and everything attached to it; users stay (organizations.md O10). */
    public boolean delete(String id) {
        return store.delete(id);
    }

    /** The organizations a user belongs to. */
    public List<Organization> organizationsOf(String userId, int offset, int limit) {
        return members.organizationsOf(userId, offset, limit);
    }

    public long countOrganizationsOf(String userId) {
        return members.countOrganizationsOf(userId);
    }

    public boolean userExists(String userId) {
        return users.find(userId).isPresent();
    }

    /** The prefix of every organization id; no name may carry it. */
    static final String ID_PREFIX = "org_";

    private static String checkName(String name) {
        if (name == null || !OrganizationLimits.NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "Payload validation error: 'String does not match pattern "
                    + "^[a-z0-9_-]{1,50}$' on property name (organization names use lowercase letters, digits, _ and -).");
        }
        if (name.startsWith(ID_PREFIX)) {
            // O31: an id wins over a name, so a name shaped like an id could be taken for another organization
            throw new InvalidRequestException("name", "Payload validation error: organization names must not start with '"
                    + ID_PREFIX + "', the prefix of organization ids.");
        }
        return name;
    }

    private static void apply(ObjectNode doc, OrganizationPatch patch) {
        set(doc, "display_name", patch.displayName().map(s -> {
            if (s.isEmpty() || s.length() > 255) {
                throw new InvalidRequestException("display_name", "display_name must be 1 to 255 characters");
            }
            return (tools.jackson.databind.JsonNode) tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(s);
        }));
        set(doc, "branding", patch.branding().map(Branding::toJson));
        set(doc, "metadata", patch.metadata().map(m -> m.isEmpty() ? null : metadata(m)));
        set(doc, "token_quota", patch.tokenQuota().map(TokenQuota::toJson));
        patch.thirdPartyClientAccess().ifPresent(a -> doc.put("third_party_client_access", a.wire()));
        patch.appEntitlementActive().ifPresent(a -> doc.put("is_app_entitlement_active", a));
        patch.requireMfa().ifPresent(a -> doc.put("require_mfa", a)); // MFA (issue 12)
    }

    private static void set(ObjectNode doc, String field, Change<? extends tools.jackson.databind.JsonNode> change) {
        if (!change.present()) {
            return;
        }
        if (change.value().isEmpty() || change.value().get() == null) {
            doc.remove(field);
        } else {
            doc.set(field, change.value().get());
        }
    }

    /** At most 25 entries of keys and values of at most 255 characters. */
    private static ObjectNode metadata(Map<String, String> m) {
        if (m.size() > OrganizationLimits.MAX_METADATA) {
            throw new InvalidRequestException("metadata", "metadata can have at most " + OrganizationLimits.MAX_METADATA + " properties");
        }
        ObjectNode out = Json.object();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().length() > 255) {
                throw new InvalidRequestException("metadata", "metadata keys are at most 255 characters");
            }
            if (e.getValue().length() > 255) {
                throw new InvalidRequestException("metadata", "metadata." + e.getKey() + " must be a string of at most 255 characters");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    // sign-in and token flows (StoreOrganizationDirectory, ClientCredentialsGrantHandler)

    /** The ids of the user's organizations in the order they were joined (O47). */
    public List<String> membershipsInJoinOrder(String userId, int limit) {
        return members.membershipsInJoinOrder(userId, limit);
    }

    public List<OrganizationConnection> connections(Organization org) {
        return connections.connections(org);
    }

    /** See {@link OrganizationConnectionService#connection}. */
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return connections.connection(organizationId, connectionId);
    }

    public boolean isMember(String organizationId, String userId) {
        return members.isMember(organizationId, userId);
    }

    public List<Role> memberRoles(String organizationId, String userId) {
        return members.memberRoles(organizationId, userId);
    }

    /** Makes the user a member with {@code roleIds} (JIT membership), in one transaction. */
    public void addMembership(String organizationId, String userId, List<String> roleIds) {
        members.addMembership(organizationId, userId, roleIds);
    }

    public Optional<Invitation> invitationByTicket(String ticketId) {
        return members.invitationByTicket(ticketId);
    }

    public Optional<Invitation> invitationById(String invitationId) {
        return members.invitationById(invitationId);
    }

    public boolean acceptInvitation(Invitation invitation, String userId) {
        return members.acceptInvitation(invitation, userId);
    }

    public List<DiscoveryDomain> discoverableDomains(String emailOrDomain) {
        return domains.discoverableDomains(emailOrDomain);
    }

    public Optional<OrganizationClient> association(String organizationId, String clientId) {
        return applications.client(organizationId, clientId);
    }

    /** Token endpoint: whether the grant is associated with the organization. */
    public boolean hasClientGrant(String organizationId, String grantId) {
        return applications.hasClientGrant(organizationId, grantId);
    }
}

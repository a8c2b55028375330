package dev.atrium.organizations;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
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
import tools.jackson.databind.JsonNode;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of organizations (organizations.md §1, §2.1, §2.7, §2.12, §2.14), shared by the
 * Management API, the dashboard and the sign-in flow. Request bodies arrive type-checked by the
 * caller; this class checks what types cannot say (name syntax, limits, existence of what is
 * referenced) and throws {@link InvalidRequestException} for a broken rule and
 * {@link AlreadyExistsException} for a taken key.
 *
 * <p>The methods under "sign-in flow" are the read and write API of {@code /authorize} in
 * organization context.
 *
 * <p>Specifications: Auth0 Management API "Organizations"; Auth0 "Organizations" documentation.
 */
public final class OrganizationService {
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,50}");
    static final Pattern HEX_COLOR = Pattern.compile("#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})");
    static final Pattern DOMAIN = Pattern.compile(
            "(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    public static final int MAX_CONNECTIONS = 10;
    public static final int MAX_MEMBER_ROLES = 50;
    public static final int MAX_DOMAINS = 100;
    public static final int MAX_CLIENTS = 100;
    public static final int MAX_METADATA = 25;
    public static final long DEFAULT_INVITATION_TTL = 604_800;
    public static final long MAX_INVITATION_TTL = 2_592_000;
    /** Where the TXT record goes: a label of our own under the domain (organizations.md Q28). */
    public static final String VERIFICATION_LABEL = "_atrium-challenge.";
    public static final String SIGNUP_RULE =
            "Only database connections with assign_membership_on_login = true support is_signup_enabled = true.";
    public static final String MEMBER_ROLE_LIMIT = "No more roles can be assigned to this organization member.";
    public static final String NO_LOGIN_ROUTE = "A default login route is required to generate the invitation url.";
    static final Set<String> PASSWORDLESS = Set.of("sms", "email");
    /** Properties of an enabled connection in the GA endpoints and in {@code POST /organizations}. */
    public static final Set<String> CONNECTION_FIELDS =
            Set.of("connection_id", "assign_membership_on_login", "show_as_button", "is_signup_enabled");
    /** Properties of the Early Access {@code /organizations/{id}/connections} endpoints. */
    public static final Set<String> EA_CONNECTION_FIELDS = Set.of("connection_id", "assign_membership_on_login",
            "show_as_button", "is_signup_enabled", "is_enabled", "organization_connection_name", "organization_access_level");
    public static final Set<String> ACCESS_LEVELS = Set.of("none", "readonly", "limited", "full");

    private final OrganizationStore store;
    private final ConnectionStore connections;
    private final UserStore users;
    private final RoleStore roles;
    private final ClientStore clients;
    private final ClientGrantStore grants;
    private final TenantStore tenant;
    private final DnsTxtResolver dns;
    private final Clock clock;
    /** Where membership and invitation changes are recorded (set once, at wiring). */
    private dev.atrium.logs.EventLog log = dev.atrium.logs.EventLog.NONE;

    /** Records membership and invitation changes in the tenant log from now on; returns this service. */
    public OrganizationService recordingTo(dev.atrium.logs.EventLog log) {
        this.log = log;
        return this;
    }

    private void membership(String type, String description, Organization org, String organizationId, String userId, String how) {
        log.record(dev.atrium.logs.LogEvent.of(type, description)
                .organization(org == null ? organizationId : org.id(), org == null ? null : org.name())
                .user(userId, null).detail("via", how));
    }

    public OrganizationService(OrganizationStore store, ConnectionStore connections, UserStore users, RoleStore roles,
                               ClientStore clients, ClientGrantStore grants, TenantStore tenant, DnsTxtResolver dns,
                               Clock clock) {
        this.store = store;
        this.connections = connections;
        this.users = users;
        this.roles = roles;
        this.clients = clients;
        this.grants = grants;
        this.tenant = tenant;
        this.dns = dns;
        this.clock = clock;
    }

    // organizations

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
     * Creates an organization from a {@code POST /organizations} body, with its
     * {@code enabled_connections}, in one transaction. {@code third_party_client_access} defaults to
     * {@code block} and accepts {@code deny} as the same value (organizations.md Q6).
     */
    public Organization create(ObjectNode request) {
        String name = checkName(Json.text(request, "name", ""));
        ObjectNode doc = Json.object();
        applyFields(doc, request);
        if (!doc.has("third_party_client_access")) {
            doc.put("third_party_client_access", Organization.BLOCK);
        }
        if (!doc.has("is_app_entitlement_active")) {
            doc.put("is_app_entitlement_active", false);
        }
        Organization org = new Organization(Ids.prefixed("org_", 16), name, doc,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        List<OrganizationConnection> enabled = new ArrayList<>();
        JsonNode list = request.get("enabled_connections");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new InvalidRequestException("enabled_connections", "enabled_connections must be an array");
            }
            if (list.size() > MAX_CONNECTIONS) {
                throw new InvalidRequestException("enabled_connections",
                        "An organization can have at most " + MAX_CONNECTIONS + " connections.");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode item : list) {
                if (!(item instanceof ObjectNode o)) {
                    throw new InvalidRequestException("enabled_connections", "Each enabled connection must be an object");
                }
                OrganizationConnection c = newConnection(org.id(), o, CONNECTION_FIELDS);
                if (!seen.add(c.connectionId())) {
                    throw new InvalidRequestException("enabled_connections", "Duplicate connection: " + c.connectionId());
                }
                enabled.add(c);
            }
        }
        store.create(org, enabled);
        return org;
    }

    /**
     * Applies a {@code PATCH /organizations/{id}} body: top-level fields replace, {@code null}
     * removes an optional one, {@code metadata} and {@code branding} are replaced whole
     * (api-contract.md §B.2.6). Empty when the organization does not exist.
     */
    public Optional<Organization> update(String id, ObjectNode patch) {
        Optional<Organization> existing = store.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        String name = patch.has("name") ? checkName(Json.text(patch, "name", "")) : existing.get().name();
        ObjectNode doc = existing.get().doc();
        applyFields(doc, patch);
        Organization org = existing.get().with(name, doc);
        store.update(org);
        return Optional.of(org);
    }

    /** Deletes the organization and everything attached to it; users stay (organizations.md O10). */
    public boolean delete(String id) {
        return store.delete(id);
    }

    /** The organizations a user belongs to. */
    public List<Organization> organizationsOf(String userId, int offset, int limit) {
        return store.organizationsOf(userId, offset, limit);
    }

    /** The ids of the user's organizations in the order they were joined (O47). */
    public List<String> membershipsInJoinOrder(String userId, int limit) {
        return store.membershipsInJoinOrder(userId, limit);
    }

    public long countOrganizationsOf(String userId) {
        return store.countOrganizationsOf(userId);
    }

    public boolean userExists(String userId) {
        return users.find(userId).isPresent();
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "Payload validation error: 'String does not match pattern "
                    + "^[a-z0-9_-]{1,50}$' on property name (organization names use lowercase letters, digits, _ and -).");
        }
        return name;
    }

    private static void applyFields(ObjectNode doc, ObjectNode request) {
        if (request.has("display_name")) {
            JsonNode v = request.get("display_name");
            if (v.isNull()) {
                doc.remove("display_name");
            } else {
                String s = v.asString();
                if (s.isEmpty() || s.length() > 255) {
                    throw new InvalidRequestException("display_name", "display_name must be 1 to 255 characters");
                }
                doc.put("display_name", s);
            }
        }
        if (request.has("branding")) {
            JsonNode v = request.get("branding");
            if (v.isNull()) {
                doc.remove("branding");
            } else {
                doc.set("branding", branding(v));
            }
        }
        if (request.has("metadata")) {
            JsonNode v = request.get("metadata");
            ObjectNode m = metadata(v);
            if (m.isEmpty()) {
                doc.remove("metadata");
            } else {
                doc.set("metadata", m);
            }
        }
        if (request.has("token_quota")) {
            JsonNode v = request.get("token_quota");
            if (v.isNull()) {
                doc.remove("token_quota");
            } else {
                doc.set("token_quota", tokenQuota(v));
            }
        }
        if (request.has("third_party_client_access")) {
            String v = Json.text(request, "third_party_client_access", "");
            doc.put("third_party_client_access", switch (v) {
                case "allow" -> Organization.ALLOW;
                case "block", "deny" -> Organization.BLOCK;
                default -> throw new InvalidRequestException("third_party_client_access",
                        "third_party_client_access must be allow or block");
            });
        }
        if (request.has("is_app_entitlement_active")) {
            doc.put("is_app_entitlement_active", Json.bool(request, "is_app_entitlement_active", false));
        }
    }

    private static ObjectNode branding(JsonNode v) {
        if (!(v instanceof ObjectNode b)) {
            throw new InvalidRequestException("branding", "branding must be an object");
        }
        ObjectNode out = Json.object();
        for (String key : b.propertyNames()) {
            switch (key) {
                case "logo_url" -> {
                    JsonNode url = b.get(key);
                    if (url.isNull()) {
                        continue;
                    }
                    if (!url.isString() || !url.asString().startsWith("https://") || url.asString().length() > 2048) {
                        throw new InvalidRequestException("branding", "branding.logo_url must be an https URL");
                    }
                    out.put("logo_url", url.asString());
                }
                case "colors" -> {
                    if (!(b.get(key) instanceof ObjectNode colors)) {
                        throw new InvalidRequestException("branding", "branding.colors must be an object");
                    }
                    ObjectNode c = Json.object();
                    for (String color : colors.propertyNames()) {
                        if (!color.equals("primary") && !color.equals("page_background")) {
                            throw new InvalidRequestException("branding", "Additional properties not allowed: branding.colors." + color);
                        }
                    }
                    for (String color : List.of("primary", "page_background")) {
                        JsonNode cv = colors.get(color);
                        if (cv == null || !cv.isString() || !HEX_COLOR.matcher(cv.asString()).matches()) {
                            throw new InvalidRequestException("branding",
                                    "branding.colors." + color + " is required and must be a hex color (#RGB or #RRGGBB)");
                        }
                        c.put(color, cv.asString());
                    }
                    out.set("colors", c);
                }
                default -> throw new InvalidRequestException("branding", "Additional properties not allowed: branding." + key);
            }
        }
        return out;
    }

    /** At most 25 entries of string keys and values of at most 255 characters; null values are dropped. */
    private static ObjectNode metadata(JsonNode v) {
        ObjectNode out = Json.object();
        if (v.isNull()) {
            return out;
        }
        if (!(v instanceof ObjectNode m)) {
            throw new InvalidRequestException("metadata", "metadata must be an object");
        }
        if (m.size() > MAX_METADATA) {
            throw new InvalidRequestException("metadata", "metadata can have at most " + MAX_METADATA + " properties");
        }
        for (String key : m.propertyNames()) {
            JsonNode value = m.get(key);
            if (key.length() > 255) {
                throw new InvalidRequestException("metadata", "metadata keys are at most 255 characters");
            }
            if (value.isNull()) {
                continue;
            }
            if (!value.isString() || value.asString().length() > 255) {
                throw new InvalidRequestException("metadata", "metadata." + key + " must be a string of at most 255 characters");
            }
            out.put(key, value.asString());
        }
        return out;
    }

    private static ObjectNode tokenQuota(JsonNode v) {
        if (!(v instanceof ObjectNode q) || q.size() != 1 || !(q.get("client_credentials") instanceof ObjectNode cc)) {
            throw new InvalidRequestException("token_quota", "token_quota must be {\"client_credentials\": {...}}");
        }
        if (cc.isEmpty()) {
            throw new InvalidRequestException("token_quota", "token_quota.client_credentials needs at least one property");
        }
        ObjectNode out = Json.object();
        for (String key : cc.propertyNames()) {
            JsonNode value = cc.get(key);
            switch (key) {
                case "enforce" -> {
                    if (!value.isBoolean()) {
                        throw new InvalidRequestException("token_quota", "token_quota.client_credentials.enforce must be a boolean");
                    }
                    out.put("enforce", value.asBoolean());
                }
                case "per_day", "per_hour" -> {
                    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
                        throw new InvalidRequestException("token_quota",
                                "token_quota.client_credentials." + key + " must be an integer from 1 to 2147483647");
                    }
                    out.put(key, value.asInt());
                }
                default -> throw new InvalidRequestException("token_quota",
                        "Additional properties not allowed: token_quota.client_credentials." + key);
            }
        }
        if (!out.has("enforce")) {
            out.put("enforce", true);
        }
        ObjectNode quota = Json.object();
        quota.set("client_credentials", out);
        return quota;
    }

    // enabled connections

    public List<OrganizationConnection> connections(Organization org) {
        return store.connections(org.id());
    }

    /**
     * The organization's association with a connection, or empty. Sign-in flow: an association is
     * usable only when {@link OrganizationConnection#isEnabled()}; it carries
     * {@code assign_membership_on_login} (JIT membership), {@code is_signup_enabled} and
     * {@code show_as_button}.
     */
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return store.connection(organizationId, connectionId);
    }

    /**
     * Associates a connection from a {@code POST …/enabled_connections} or (with the Early Access
     * fields) {@code POST …/connections} body; at most 10 per organization.
     */
    public OrganizationConnection addConnection(Organization org, ObjectNode request) {
        OrganizationConnection c = newConnection(org.id(), request, EA_CONNECTION_FIELDS);
        if (store.connections(org.id()).size() >= MAX_CONNECTIONS) {
            throw new InvalidRequestException("connection_id",
                    "An organization can have at most " + MAX_CONNECTIONS + " connections.");
        }
        store.addConnection(c);
        return store.connection(org.id(), c.connectionId()).orElseThrow();
    }

    /** Changes the flags of an enabled connection; empty when it is not enabled for the organization. */
    public Optional<OrganizationConnection> updateConnection(Organization org, String connectionId, ObjectNode patch) {
        Optional<OrganizationConnection> existing = store.connection(org.id(), connectionId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        OrganizationConnection e = existing.get();
        boolean assign = Json.bool(patch, "assign_membership_on_login", e.assignMembershipOnLogin());
        boolean button = Json.bool(patch, "show_as_button", e.showAsButton());
        boolean signup = Json.bool(patch, "is_signup_enabled", e.isSignupEnabled());
        Connection connection = connections.find(connectionId).orElseThrow();
        checkSignup(connection, assign, signup);
        // Early Access fields: null resets is_enabled to its default and clears the two optional ones.
        boolean enabled = patch.has("is_enabled") ? Json.bool(patch, "is_enabled", true) : e.isEnabled();
        Optional<String> label = patch.has("organization_connection_name")
                ? Optional.ofNullable(Json.text(patch, "organization_connection_name", null)) : e.organizationConnectionName();
        Optional<String> level = patch.has("organization_access_level")
                ? accessLevel(patch.get("organization_access_level")) : e.organizationAccessLevel();
        OrganizationConnection updated = new OrganizationConnection(org.id(), connectionId, assign, button, signup,
                e.connectionName(), e.strategy(), enabled, label, level);
        store.updateConnection(updated);
        return Optional.of(updated);
    }

    public boolean removeConnection(Organization org, String connectionId) {
        return store.removeConnection(org.id(), connectionId);
    }

    private OrganizationConnection newConnection(String organizationId, ObjectNode o, Set<String> allowed) {
        for (String key : o.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new InvalidRequestException("connection_id", "Additional properties not allowed: " + key);
            }
        }
        JsonNode id = o.get("connection_id");
        if (id == null || !id.isString() || id.asString().isEmpty() || id.asString().length() > 50) {
            throw new InvalidRequestException("connection_id", "connection_id is required");
        }
        for (String flag : List.of("assign_membership_on_login", "show_as_button", "is_signup_enabled")) {
            if (o.has(flag) && !o.get(flag).isBoolean()) {
                throw new InvalidRequestException(flag, flag + " must be a boolean");
            }
        }
        Connection connection = connections.find(id.asString())
                .orElseThrow(() -> new InvalidRequestException("connection_id", "The connection does not exist: " + id.asString()));
        boolean assign = Json.bool(o, "assign_membership_on_login", false);
        boolean signup = Json.bool(o, "is_signup_enabled", false);
        checkSignup(connection, assign, signup);
        return new OrganizationConnection(organizationId, connection.id(), assign, Json.bool(o, "show_as_button", true),
                signup, connection.name(), connection.strategy(), Json.bool(o, "is_enabled", true),
                Optional.ofNullable(Json.text(o, "organization_connection_name", null)),
                o.has("organization_access_level") ? accessLevel(o.get("organization_access_level")) : Optional.empty());
    }

    /** {@code read-only}, the docs' spelling, is read as {@code readonly} (organizations.md Q5). */
    private static Optional<String> accessLevel(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        String level = v.isString() && v.asString().equals("read-only") ? "readonly" : v.asString();
        if (!ACCESS_LEVELS.contains(level)) {
            throw new InvalidRequestException("organization_access_level",
                    "organization_access_level must be one of none, readonly, limited, full");
        }
        return Optional.of(level);
    }

    private static void checkSignup(Connection connection, boolean assign, boolean signup) {
        if (signup && (!assign || !connection.isDatabase())) {
            throw new InvalidRequestException("is_signup_enabled", SIGNUP_RULE);
        }
    }

    // members and member roles

    public List<Member> members(Organization org, int offset, int limit) {
        return store.members(org.id(), offset, limit);
    }

    public long countMembers(Organization org) {
        return store.countMembers(org.id());
    }

    /** Adds existing users as members; an existing membership is kept as it is. */
    public void addMembers(Organization org, List<String> userIds) {
        for (String userId : userIds) {
            if (users.find(userId).isEmpty()) {
                throw new InvalidRequestException("members", "User not found: " + userId);
            }
        }
        store.addMembers(org.id(), userIds);
        userIds.forEach(u -> membership(dev.atrium.logs.LogTypes.MEMBER_ADDED, "Member added to the organization", org, null, u, "members"));
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

    /** Sign-in flow: the organization roles of a member (tenant roles given in the org and the org's own roles). */
    public List<Role> memberRoles(String organizationId, String userId) {
        return store.memberRoles(organizationId, userId);
    }

    public Map<String, List<Role>> memberRoles(Organization org, Collection<String> userIds) {
        return store.memberRoles(org.id(), userIds);
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
        if (after.size() > MAX_MEMBER_ROLES) {
            throw new AlreadyExistsException(MEMBER_ROLE_LIMIT);
        }
        store.assignRoles(org.id(), userId, roleIds);
    }

    public void removeMemberRoles(Organization org, String userId, List<String> roleIds) {
        store.unassignRoles(org.id(), userId, roleIds);
    }

    /** Sign-in flow: makes the user a member with {@code roleIds} (JIT membership), in one transaction. */
    /** The organizations that would make a user of {@code connectionId} a member at login (O50). */
    public List<String> autoMembershipOrganizations(String connectionId) {
        return store.autoMembershipOrganizations(connectionId);
    }

    /** The association of a client with an organization, whatever {@code is_app_entitlement_active} says. */
    public Optional<OrganizationClient> association(String organizationId, String clientId) {
        return store.client(organizationId, clientId);
    }

    /** An invitation by ticket, expired or not (the flow reports expiry itself). */
    public Optional<Invitation> invitationByTicket(String ticketId) {
        return store.invitationByTicket(ticketId);
    }

    /** An invitation by its id, in whichever organization. */
    public Optional<Invitation> invitationById(String invitationId) {
        return store.invitationById(invitationId);
    }

    public void addMembership(String organizationId, String userId, List<String> roleIds) {
        store.addMembership(organizationId, userId, roleIds);
        membership(dev.atrium.logs.LogTypes.MEMBER_ADDED, "Member added to the organization on login", null, organizationId, userId,
                "assign_membership_on_login");
    }

    private void checkRoles(Organization org, List<String> roleIds) {
        if (roleIds.size() > MAX_MEMBER_ROLES) {
            throw new InvalidRequestException("roles", "At most " + MAX_MEMBER_ROLES + " roles can be assigned to a member.");
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
     * Creates an invitation from a {@code POST …/invitations} body. Its URL is the application's
     * {@code initiate_login_uri}, else the tenant's {@code default_redirection_uri}, with
     * {@code invitation}, {@code organization} and {@code organization_name} added; without either
     * the request is refused, as Auth0 does. Atrium sends no email yet: {@code send_invitation_email}
     * is accepted and the caller delivers the URL.
     */
    public Invitation createInvitation(Organization org, ObjectNode request) {
        String inviter = nested(request, "inviter", "name", 1, 300);
        String email = nested(request, "invitee", "email", 3, 320);
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidRequestException("invitee", "invitee.email must be an email address");
        }
        String clientId = Json.text(request, "client_id", "");
        Client client = clients.find(clientId)
                .orElseThrow(() -> new InvalidRequestException("client_id", "The client does not exist: " + clientId));
        Optional<String> connectionId = Optional.ofNullable(Json.text(request, "connection_id", null));
        if (connectionId.isPresent()) {
            Connection connection = connections.find(connectionId.get()).orElseThrow(() ->
                    new InvalidRequestException("connection_id", "The connection does not exist: " + connectionId.get()));
            if (PASSWORDLESS.contains(connection.strategy())) {
                throw new InvalidRequestException("connection_id", "Passwordless connections cannot be used for invitations.");
            }
        }
        long ttl = Json.number(request, "ttl_sec", 0);
        if (ttl < 0 || ttl > MAX_INVITATION_TTL) {
            throw new InvalidRequestException("ttl_sec", "ttl_sec must be between 0 and " + MAX_INVITATION_TTL);
        }
        if (ttl == 0) {
            ttl = DEFAULT_INVITATION_TTL;
        }
        List<String> roleIds = List.of();
        if (request.has("roles")) {
            roleIds = Json.stringList(request.get("roles"));
            if (roleIds.isEmpty()) {
                throw new InvalidRequestException("roles", "roles must not be empty");
            }
            checkRoles(org, roleIds);
        }
        String loginRoute = Optional.ofNullable(Json.text(client.doc(), "initiate_login_uri", null))
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(Json.text(tenant.get().doc(), "default_redirection_uri", null))
                        .filter(s -> !s.isBlank()))
                .orElseThrow(() -> new InvalidRequestException("client_id", NO_LOGIN_ROUTE));
        String ticket = Ids.alnum(32);
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = created.plusSeconds(ttl);
        String id = Ids.prefixed("uinv_", 16);
        ObjectNode doc = Json.object();
        doc.put("id", id);
        doc.put("organization_id", org.id());
        doc.set("inviter", Json.object().put("name", inviter));
        doc.set("invitee", Json.object().put("email", email));
        doc.put("invitation_url", loginRoute + (loginRoute.contains("?") ? "&" : "?") + "invitation=" + ticket
                + "&organization=" + org.id() + "&organization_name=" + URLEncoder.encode(org.name(), StandardCharsets.UTF_8));
        doc.put("created_at", DateTimeFormatter.ISO_INSTANT.format(created));
        doc.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(expires));
        doc.put("client_id", client.clientId());
        connectionId.ifPresent(c -> doc.put("connection_id", c));
        for (String meta : List.of("app_metadata", "user_metadata")) {
            JsonNode m = request.get(meta);
            if (m != null && m.isObject()) {
                doc.set(meta, m.deepCopy());
            }
        }
        if (!roleIds.isEmpty()) {
            doc.set("roles", Json.strings(List.copyOf(new LinkedHashSet<>(roleIds))));
        }
        doc.put("ticket_id", ticket);
        Invitation invitation = new Invitation(id, org.id(), ticket, doc, created, expires);
        store.createInvitation(invitation);
        log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.INVITATION_CREATED, "Invitation to the organization created")
                .organization(org.id(), org.name()).client(invitation.clientId(), null).user(null, invitation.inviteeEmail())
                .detail("invitation_id", invitation.id()));
        return invitation;
    }

    private static String nested(ObjectNode request, String object, String field, int min, int max) {
        if (!(request.get(object) instanceof ObjectNode o)) {
            throw new InvalidRequestException(object, object + " is required");
        }
        for (String key : o.propertyNames()) {
            if (!key.equals(field)) {
                throw new InvalidRequestException(object, "Additional properties not allowed: " + object + "." + key);
            }
        }
        JsonNode v = o.get(field);
        if (v == null || !v.isString() || v.asString().length() < min || v.asString().length() > max) {
            throw new InvalidRequestException(object, object + "." + field + " is required (" + min + " to " + max + " characters)");
        }
        return v.asString();
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

    /**
     * Sign-in flow: the invitation a ticket ({@code invitation=} of {@code /authorize}) names, if it
     * exists and has not expired. Expired invitations stay listed until deleted.
     */
    public Optional<Invitation> pendingInvitation(String ticketId) {
        return store.invitationByTicket(ticketId).filter(i -> !i.isExpired(clock.instant()));
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

    // discovery domains

    /** Adds a discovery domain (lower-cased, unique in the organization, at most 100), pending unless told otherwise. */
    public DiscoveryDomain createDomain(Organization org, ObjectNode request) {
        String domain = Json.text(request, "domain", "").toLowerCase(Locale.ROOT);
        if (domain.length() < 3 || domain.length() > 255 || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidRequestException("domain", "domain must be a host name of 3 to 255 characters");
        }
        if (store.countDomains(org.id()) >= MAX_DOMAINS) {
            throw new InvalidRequestException("domain", "An organization can have at most " + MAX_DOMAINS + " discovery domains.");
        }
        DiscoveryDomain d = new DiscoveryDomain(Ids.prefixed("ord_", 22), org.id(), domain,
                Json.text(request, "status", DiscoveryDomain.PENDING),
                Json.bool(request, "use_for_organization_discovery", true),
                "atrium-domain-verification=" + Ids.alnum(32), VERIFICATION_LABEL + domain);
        store.createDomain(d);
        return d;
    }

    public Optional<DiscoveryDomain> domain(Organization org, String domainId) {
        return store.domain(org.id(), domainId);
    }

    public Optional<DiscoveryDomain> domainByName(Organization org, String domain) {
        return store.domainByName(org.id(), domain);
    }

    public List<DiscoveryDomain> domains(Organization org, int offset, int limit) {
        return store.domains(org.id(), offset, limit);
    }

    public long countDomains(Organization org) {
        return store.countDomains(org.id());
    }

    /** Sets {@code status} and/or {@code use_for_organization_discovery}; an administrator may verify directly (O130). */
    public Optional<DiscoveryDomain> updateDomain(Organization org, String domainId, ObjectNode patch) {
        return store.domain(org.id(), domainId).map(d -> {
            DiscoveryDomain updated = d.with(Json.text(patch, "status", d.status()),
                    Json.bool(patch, "use_for_organization_discovery", d.useForOrganizationDiscovery()));
            store.updateDomain(updated);
            return updated;
        });
    }

    public boolean deleteDomain(Organization org, String domainId) {
        return store.deleteDomain(org.id(), domainId);
    }

    /**
     * Checks the domain's DNS TXT record now and marks it verified when {@code verification_txt} is
     * published at {@code verification_host} (organizations.md O130). The Management API has no
     * verify route (Q28); the dashboard calls this. A failed lookup leaves the domain as it was.
     */
    public Optional<DiscoveryDomain> verifyDomain(Organization org, String domainId) {
        return store.domain(org.id(), domainId).map(d -> {
            if (d.isVerified() || !dns.txt(d.verificationHost()).contains(d.verificationTxt())) {
                return d;
            }
            DiscoveryDomain verified = d.with(DiscoveryDomain.VERIFIED, d.useForOrganizationDiscovery());
            store.updateDomain(verified);
            return verified;
        });
    }

    /**
     * Sign-in flow: the verified discovery domains, used for discovery, that match the domain of
     * {@code emailOrDomain} (an email address or a bare domain), across organizations (O127–O129).
     */
    public List<DiscoveryDomain> discoverableDomains(String emailOrDomain) {
        String domain = emailOrDomain.substring(emailOrDomain.lastIndexOf('@') + 1).trim();
        return domain.isEmpty() ? List.of() : store.discoverableDomains(domain);
    }

    // organization client grants

    /**
     * Associates a client grant with the organization. Empty when the grant does not exist; a grant
     * that is not a machine-to-machine grant usable with organizations is refused.
     */
    public Optional<ClientGrant> addClientGrant(Organization org, String grantId) {
        Optional<ClientGrant> grant = grants.find(grantId);
        if (grant.isEmpty()) {
            return grant;
        }
        if (grant.get().defaultFor().isPresent()) {
            // X37 (T87): organization M2M access is authorised per application, never for every third-party one at once
            throw new InvalidRequestException("grant_id", "organization client grants require a client-specific grant");
        }
        if (!grant.get().subjectType().equals("client")) {
            throw new InvalidRequestException("grant_id", "Only client grants with subject_type client can be associated with an organization.");
        }
        if (!Set.of("allow", "require").contains(grant.get().organizationUsage())) {
            throw new InvalidRequestException("grant_id", "The client grant must have organization_usage allow or require.");
        }
        store.addClientGrant(org.id(), grantId);
        return grant;
    }

    public boolean removeClientGrant(Organization org, String grantId) {
        return store.removeClientGrant(org.id(), grantId);
    }

    /** The grants associated with the organization, in association order. */
    public List<ClientGrant> clientGrants(Organization org) {
        return store.clientGrantIds(org.id()).stream().map(grants::find).flatMap(Optional::stream).toList();
    }

    /** Token endpoint: whether the grant is associated with the organization. */
    public boolean hasClientGrant(String organizationId, String grantId) {
        return store.hasClientGrant(organizationId, grantId);
    }

    public Optional<ClientGrant> findGrant(String grantId) {
        return grants.find(grantId);
    }

    public List<Organization> organizationsOfGrant(String grantId, int offset, int limit) {
        return store.organizationsOfGrant(grantId, offset, limit);
    }

    public long countOrganizationsOfGrant(String grantId) {
        return store.countOrganizationsOfGrant(grantId);
    }

    // organization client associations (per-application access)

    /** Associates existing applications (at most 100 per organization), in one transaction. */
    public List<OrganizationClient> addClients(Organization org, List<OrganizationClient> associations) {
        for (OrganizationClient c : associations) {
            if (clients.find(c.clientId()).isEmpty()) {
                throw new InvalidRequestException("clients", "The client does not exist: " + c.clientId());
            }
        }
        if (store.countClients(org.id()) + associations.size() > MAX_CLIENTS) {
            throw new InvalidRequestException("clients", "An organization can have at most " + MAX_CLIENTS + " applications.");
        }
        store.addClients(associations);
        return associations;
    }

    public Optional<OrganizationClient> client(String organizationId, String clientId) {
        return store.client(organizationId, clientId);
    }

    public List<OrganizationClient> clients(Organization org, int offset, int limit) {
        return store.clients(org.id(), offset, limit);
    }

    public long countClients(Organization org) {
        return store.countClients(org.id());
    }

    public Optional<OrganizationClient> updateClient(Organization org, String clientId, boolean useForMemberAccess) {
        OrganizationClient updated = new OrganizationClient(org.id(), clientId, useForMemberAccess);
        return store.updateClient(updated) ? Optional.of(updated) : Optional.empty();
    }

    public void removeClients(Organization org, List<String> clientIds) {
        store.removeClients(org.id(), clientIds);
    }

    public Map<String, OrganizationClient> associationsOf(String clientId, Collection<String> organizationIds) {
        return store.associationsOf(clientId, organizationIds);
    }

    public Optional<Client> findClient(String clientId) {
        return clients.find(clientId);
    }

    /**
     * Sign-in flow: whether members may log in to the organization through {@code clientId} under
     * per-application access (organizations.md §2.12): always while {@code is_app_entitlement_active}
     * is off, else only when the application is associated with {@code use_for_member_access}.
     * Third-party applications that are not associated fall back to {@code third_party_client_access};
     * that part is the caller's.
     */
    public boolean memberAccessAllowed(Organization org, String clientId) {
        if (!org.isAppEntitlementActive()) {
            return true;
        }
        return store.client(org.id(), clientId).map(OrganizationClient::useForMemberAccess).orElse(false);
    }
}

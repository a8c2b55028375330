package dev.atrium.oauth;

import dev.atrium.access.AccessDecision;
import dev.atrium.access.AccessRequest;
import dev.atrium.access.ConnectionOffer;
import dev.atrium.access.GateRequest;
import dev.atrium.access.OrganizationAccess;
import dev.atrium.clients.Client;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one loader of the {@code access} package: reads the stores and asks one of its three pure entry
 * points ({@link OrganizationAccess#beforeLogin}, {@link OrganizationAccess#decide},
 * {@link OrganizationAccess#offeredConnections}). It states no rule itself; it only turns stored
 * records into the access views, so the sign-in flow, the hosted pages and the refresh grant judge alike.
 */
public final class AccessRequestLoader {
    /** The picker shows at most this many organizations (O47). */
    static final int PICKER_LIMIT = 20;

    private final ConnectionStore connections;
    private final OrganizationDirectory organizations;
    private final UserStore users;
    /** Where refusals are recorded (tenant logs, issue 19); set once, at wiring. */
    private dev.atrium.logs.EventLog log = dev.atrium.logs.EventLog.NONE;
    /** The name of the tenant's Default Directory ({@code default_directory}), null or empty when none (O46). */
    private java.util.function.Supplier<String> defaultDirectory = () -> null;

    public AccessRequestLoader(ConnectionStore connections, OrganizationDirectory organizations, UserStore users) {
        this.connections = connections;
        this.organizations = organizations;
        this.users = users;
    }

    /** Reads the tenant's Default Directory (a connection name) from {@code name} from now on (O46); returns this loader. */
    public AccessRequestLoader withDefaultDirectory(java.util.function.Supplier<String> name) {
        this.defaultDirectory = name;
        return this;
    }

    /** Whether {@code connection} is the tenant's Default Directory (O46). */
    private boolean isDefaultDirectory(Connection connection) {
        String name = defaultDirectory.get();
        return name != null && !name.isEmpty() && connection.isDatabase() && name.equals(connection.name());
    }

    /**
     * Records every refusal of the gates and of the decision in the tenant log from now on ({@code f}, with
     * {@code details.reason} and the inputs the rules saw); returns this loader.
     */
    public AccessRequestLoader recordingTo(dev.atrium.logs.EventLog log) {
        this.log = log;
        return this;
    }

    /**
     * Entry point 1: the gates of {@code organization} (null: none) arriving on a transaction of {@code client},
     * with the connection the request named, if any. The refusal, or empty.
     */
    public Optional<AccessDecision.Deny> beforeLogin(Client client, OrganizationDirectory.Org organization, String connectionName) {
        Optional<Connection> named = Optional.ofNullable(connectionName).flatMap(connections::findByName);
        Optional<AccessRequest.ConnectionView> conn = Optional.ofNullable(connectionName)
                .map(name -> named.map(AccessRequestLoader::view).orElse(new AccessRequest.ConnectionView(null, name, false)));
        Optional<AccessDecision.Deny> d = gates(client, organization, connectionName);
        d.ifPresent(deny -> log.record(AccessInputs.refusal(deny, client, null, gateRequest(client, organization, connectionName))));
        return d;
    }

    /** The gates, without recording anything (the what-if question asks them too). */
    Optional<AccessDecision.Deny> gates(Client client, OrganizationDirectory.Org organization, String connectionName) {
        return OrganizationAccess.beforeLogin(gateRequest(client, organization, connectionName));
    }

    GateRequest gateRequest(Client client, OrganizationDirectory.Org organization, String connectionName) {
        Optional<Connection> named = Optional.ofNullable(connectionName).flatMap(connections::findByName);
        Optional<AccessRequest.ConnectionView> conn = Optional.ofNullable(connectionName)
                .map(name -> named.map(AccessRequestLoader::view).orElse(new AccessRequest.ConnectionView(null, name, false)));
        Optional<OrganizationDirectory.Org> org = Optional.ofNullable(organization);
        return new GateRequest(clientView(client), org.map(AccessRequestLoader::view),
                org.flatMap(o -> association(o.id(), client)), conn,
                org.flatMap(o -> named.flatMap(c -> organizations.connection(o.id(), c.id()))).map(AccessRequestLoader::view));
    }

    /**
     * Entry point 2: the decision for a user who signed in through {@code connectionId}, in {@code organizationId}
     * (null: none), carrying the invitation ticket {@code invitation} (null: none). {@code personal}: the user chose
     * a personal account, so no organization is proposed. A decision that names one organization to look at more
     * closely (the single-membership cases of the picker) is asked again with it.
     */
    public AccessDecision decide(Client client, String userId, String connectionId, String organizationId, boolean personal,
                                 String invitation) {
        AccessRequest request = load(client, userId, connectionId, organizationId, personal, invitation);
        AccessDecision d = OrganizationAccess.decide(request);
        if (d instanceof AccessDecision.EvaluateOrganization e) {
            request = load(client, userId, connectionId, e.organization(), false, null);
            d = OrganizationAccess.decide(request);
        }
        if (d instanceof AccessDecision.Deny deny) {
            log.record(AccessInputs.refusal(deny, client, request, null));
        }
        return d;
    }

    /** The decision and what it saw, without recording anything: the what-if question ({@link AccessCheck}). */
    Explained explain(Client client, String userId, String connectionId, String organizationId) {
        AccessRequest request = load(client, userId, connectionId, organizationId, false, null);
        AccessDecision d = OrganizationAccess.decide(request);
        if (d instanceof AccessDecision.EvaluateOrganization e) {
            request = load(client, userId, connectionId, e.organization(), false, null);
            d = OrganizationAccess.decide(request);
        }
        return new Explained(d, request);
    }

    record Explained(AccessDecision decision, AccessRequest request) {
    }

    /**
     * The decision asked again for a sign-in already granted, when a code or a refreshed token is about to be
     * issued: true only when it still allows {@code organizationId} without creating a membership.
     */
    public boolean reaffirms(Client client, String userId, String connectionId, String organizationId) {
        return reaffirmation(client, userId, connectionId, organizationId).isEmpty();
    }

    /**
     * {@link #reaffirms} with the reason: empty when the decision still allows the sign-in; otherwise the
     * decision's own reason, or {@code not_a_member} when it would now have to create the membership (or
     * would sign in to another organization, or none).
     */
    public Optional<dev.atrium.access.ReasonCode> reaffirmation(Client client, String userId, String connectionId,
                                                                 String organizationId) {
        AccessDecision d = OrganizationAccess.decide(load(client, userId, connectionId, organizationId, false, null));
        if (d instanceof AccessDecision.Deny deny) {
            return Optional.of(deny.reason());
        }
        boolean still = d instanceof AccessDecision.Allow a && !a.addMembership()
                && a.organization().equals(Optional.ofNullable(organizationId));
        return still ? Optional.empty() : Optional.of(dev.atrium.access.ReasonCode.NOT_A_MEMBER);
    }

    AccessRequest load(Client client, String userId, String connectionId, String organizationId, boolean personal,
                       String invitation) {
        Optional<Connection> connection = connections.find(connectionId);
        AccessRequest.ConnectionView conn = connection.map(AccessRequestLoader::view)
                .orElse(new AccessRequest.ConnectionView(connectionId, connectionId, false));
        boolean enabledForClient = connection.isPresent() && connections.enabledClients(connectionId).contains(client.clientId());
        AccessRequest.ClientView clientView = clientView(client);
        Optional<OrganizationDirectory.Org> org = Optional.ofNullable(organizationId).flatMap(id -> organizations.resolve(id, false));
        List<String> memberships = List.of();
        List<String> auto = List.of();
        if (!personal && organizationId == null) {
            // T79: the picker offers a third-party application only the organizations that admit it
            memberships = organizations.memberships(userId).stream()
                    .filter(id -> !client.isThirdParty() || organizations.resolve(id, false)
                            .map(o -> OrganizationAccess.admitsThirdParty(clientView, view(o), association(o.id(), client)))
                            .orElse(false))
                    .limit(PICKER_LIMIT).toList();
            auto = organizations.autoMembershipOrganizations(connectionId);
        }
        return new AccessRequest(clientView, userId, conn, enabledForClient,
                org.map(AccessRequestLoader::view),
                org.flatMap(o -> organizations.connection(o.id(), connectionId)).map(AccessRequestLoader::view),
                org.map(o -> organizations.isMember(o.id(), userId)).orElse(false),
                invitation(invitation, userId),
                org.flatMap(o -> association(o.id(), client)),
                memberships, auto, connection.map(this::isDefaultDirectory).orElse(false));
    }

    /** O75/O79: the invitation's email against the signed-in user's, compared here and judged by the decision. */
    private AccessRequest.Invitation invitation(String ticket, String userId) {
        if (ticket == null) {
            return AccessRequest.Invitation.NONE;
        }
        String email = users.find(userId).flatMap(User::email).orElse("");
        boolean matches = organizations.invitation(ticket).map(i -> i.inviteeEmail().equalsIgnoreCase(email)).orElse(false);
        return matches ? AccessRequest.Invitation.MATCHING_EMAIL : AccessRequest.Invitation.OTHER_EMAIL;
    }

    /**
     * Entry point 3: the connections the login page of a transaction offers, oldest first: the organization's in
     * organization context, else the tenant's that the application may use; narrowed to an invitation's connection.
     */
    public List<Connection> offeredConnections(Client client, String organizationId, String invitation) {
        return offered(offer(client, organizationId, invitation));
    }

    private static List<Connection> offered(Offer offer) {
        List<String> ids = OrganizationAccess.offeredConnections(offer.offer());
        return ids.stream().map(id -> offer.candidates().stream().filter(c -> c.id().equals(id)).findFirst())
                .flatMap(Optional::stream).toList();
    }

    private record Offer(ConnectionOffer offer, List<Connection> candidates) {
    }

    private Offer offer(Client client, String organizationId, String invitation) {
        List<Connection> candidates;
        Set<String> enabledForClient;
        if (organizationId != null) {
            candidates = organizations.connections(organizationId).stream().filter(OrganizationDirectory.OrgConnection::enabled)
                    .map(oc -> connections.find(oc.connectionId())).flatMap(Optional::stream).toList();
            enabledForClient = Set.of();
        } else {
            candidates = connections.list();
            enabledForClient = connections.forClient(client.clientId()).stream().map(Connection::id).collect(Collectors.toSet());
        }
        Optional<String> invited = Optional.ofNullable(invitation).flatMap(organizations::invitation)
                .map(OrganizationDirectory.Invitation::connectionId);
        // O45, O46: what only the post-login prompt's mode looks at, read only in that mode
        boolean postLogin = organizationId == null && client.usage() != dev.atrium.clients.OrganizationUsage.DENY
                && client.requireBehavior() == dev.atrium.clients.RequireBehavior.POST_LOGIN_PROMPT;
        Set<String> inOrganizations = postLogin ? Set.copyOf(organizations.connectionsEnabledInAnOrganization()) : Set.of();
        return new Offer(new ConnectionOffer(clientView(client), organizationId != null,
                candidates.stream().map(c -> new ConnectionOffer.Candidate(c.id(), c.isDomainConnection(),
                        enabledForClient.contains(c.id()), c.isEnterprise(), inOrganizations.contains(c.id()),
                        postLogin && isDefaultDirectory(c))).toList(), invited), candidates);
    }

    /** Sign-up through a connection: the organization's {@code is_signup_enabled} decides in organization context (O58, O78). */
    public boolean signupAllowed(String organizationId, Connection connection) {
        return signupAllowed(organizationId, connection, false);
    }

    /** Sign-up through a connection, for an invitee when {@code invitation} (O78: the connection's own switch also opens it). */
    public boolean signupAllowed(String organizationId, Connection connection, boolean invitation) {
        boolean orgSignup = organizationId != null && organizations.connection(organizationId, connection.id())
                .map(OrganizationDirectory.OrgConnection::signupEnabled).orElse(false);
        return OrganizationAccess.signupAllowed(organizationId != null, orgSignup, connection.signupAllowed(), invitation);
    }

    /**
     * The offered connections a login page may show without being asked for them (O55, O56): in an organization those
     * shown as buttons, plus the one {@code named} by the request or bound to the invitation.
     */
    public List<Connection> shownConnections(Client client, String organizationId, String invitation, String named) {
        Optional<String> invited = Optional.ofNullable(invitation).flatMap(organizations::invitation)
                .map(OrganizationDirectory.Invitation::connectionId);
        Offer offer = offer(client, organizationId, invitation);
        Set<String> discoveryOnly = OrganizationAccess.discoveryOnly(offer.offer());
        return offered(offer).stream()
                .filter(c -> OrganizationAccess.shown(organizationId != null,
                        organizationId == null || organizations.connection(organizationId, c.id())
                                .map(OrganizationDirectory.OrgConnection::showAsButton).orElse(true),
                        discoveryOnly.contains(c.id()),
                        c.name().equals(named) || invited.map(c.id()::equals).orElse(false)))
                .toList();
    }

    /** O56 (E7): the organization's login page would have nothing to show (the rule is {@link OrganizationAccess#nothingVisible}). */
    public boolean nothingVisible(Client client, String organizationId, String invitation, String named) {
        return OrganizationAccess.nothingVisible(organizationId != null, offeredConnections(client, organizationId, invitation).size(),
                shownConnections(client, organizationId, invitation, named).size());
    }

    /** The name of a connection, as the gates quote it (null when it is gone). */
    public String connectionName(String connectionId) {
        return connectionId == null ? null : connections.find(connectionId).map(Connection::name).orElse(null);
    }

    public static AccessRequest.ClientView clientView(Client client) {
        return new AccessRequest.ClientView(client.clientId(), client.isThirdParty(),
                client.isThirdParty() && !client.isStrictThirdParty(),
                AccessRequest.ClientView.Usage.valueOf(client.usage().name()),
                AccessRequest.ClientView.Prompt.valueOf(client.requireBehavior().name()));
    }

    static AccessRequest.ConnectionView view(Connection c) {
        return new AccessRequest.ConnectionView(c.id(), c.name(), c.isDomainConnection());
    }

    static AccessRequest.OrganizationView view(OrganizationDirectory.Org o) {
        return new AccessRequest.OrganizationView(o.id(), o.thirdPartyAccessAllowed(), o.appEntitlementActive());
    }

    static AccessRequest.OrganizationConnectionView view(OrganizationDirectory.OrgConnection oc) {
        return new AccessRequest.OrganizationConnectionView(oc.enabled(), oc.assignMembershipOnLogin());
    }

    Optional<AccessRequest.AssociationView> association(String organizationId, Client client) {
        return organizations.association(organizationId, client.clientId()).map(AccessRequest.AssociationView::new);
    }
}

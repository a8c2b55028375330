package dev.atrium.oauth;

import dev.atrium.access.AccessDecision;
import dev.atrium.access.AccessRequest;
import dev.atrium.access.OrganizationAccess;
import dev.atrium.authflow.AuthRequest;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.AuthTransactionStore;
import dev.atrium.authflow.FlowDispatcher;
import dev.atrium.authflow.FlowStep;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.Ids;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.sessions.BrowserSession;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.AuthorizationCodeStore;
import dev.atrium.tokens.ScopePolicy;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /authorize} and the return of every hosted page to the flow ({@code /authorize/resume}).
 * It validates the request, stores it as an {@link AuthTransaction}, and asks {@link FlowDispatcher}
 * what comes next; it gathers the dispatcher's inputs (the only I/O of the decision) and carries out
 * its answer: a page, an error, or the code.
 *
 * <p>Specifications: RFC 6749 §4.1; RFC 7636; OpenID Connect Core §3.1.2; OAuth 2.0 Form Post Response Mode;
 * RFC 9207 ({@code iss} in every authorization response); api-contract.md §A.5.
 */
public final class AuthorizeEndpoint {
    public static final Duration TRANSACTION_LIFETIME = Duration.ofMinutes(30);
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    private final AuthorizeRequestValidator validator;
    private final AuthTransactionStore transactions;
    private final SessionService sessions;
    private final ClientStore clients;
    private final ClientGrantStore grants;
    private final ResourceServerStore apis;
    private final ConnectionStore connections;
    private final UserStore users;
    private final ConsentStore consents;
    private final AuthorizationCodeStore codes;
    private final UserPermissions permissions;
    private final OrganizationDirectory organizations;
    private final AccessRequestLoader loader;
    private final TenantView tenant;
    private final SessionLifetimes lifetimes;
    private final String issuer;
    private final Clock clock;

    /** The tenant's session lifetimes, read when needed. */
    @FunctionalInterface
    public interface SessionLifetimes {
        Duration idle();
    }

    /** The tenant flags the flow reads. */
    public interface TenantView {
        /** {@code allow_organization_name_in_authentication_api} (O30). */
        boolean allowOrganizationNames();
    }

    public AuthorizeEndpoint(AuthorizeRequestValidator validator, AuthTransactionStore transactions,
                             SessionService sessions, ClientStore clients, ClientGrantStore grants,
                             ResourceServerStore apis, ConnectionStore connections, UserStore users,
                             ConsentStore consents, AuthorizationCodeStore codes, UserPermissions permissions,
                             OrganizationDirectory organizations, TenantView tenant,
                             SessionLifetimes lifetimes, String issuer, Clock clock) {
        this.validator = validator;
        this.transactions = transactions;
        this.sessions = sessions;
        this.clients = clients;
        this.grants = grants;
        this.apis = apis;
        this.connections = connections;
        this.users = users;
        this.consents = consents;
        this.codes = codes;
        this.permissions = permissions;
        this.organizations = organizations;
        this.loader = new AccessRequestLoader(connections, organizations);
        this.tenant = tenant;
        this.lifetimes = lifetimes;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** {@code GET /authorize}. {@code deviceId}: the browser's binding cookie; {@code sessionCookie}: its SSO cookie, if any. */
    public AuthorizeOutcome start(Map<String, String> params, String deviceId, Optional<String> sessionCookie) {
        AuthorizeRequestValidator.Target target;
        try {
            target = validator.target(params);
        } catch (AuthorizeError e) {
            return new AuthorizeOutcome.ErrorPage(400, e.error(), e.description());
        }
        AuthRequest request;
        try {
            request = validator.validate(target, params).request();
        } catch (AuthorizeError e) {
            return error(target.client(), target.redirectUri(), target.responseMode(), target.state(), e.error(), e.description());
        }
        String organizationId;
        try {
            organizationId = organizationOf(target.client(), request);
        } catch (AuthorizeError e) {
            return error(target.client(), target.redirectUri(), target.responseMode(), target.state(), e.error(), e.description());
        }
        Instant now = clock.instant();
        AuthTransaction tx = new AuthTransaction(Ids.alnum(32), deviceId, request, now,
                now.plus(TRANSACTION_LIFETIME), null, null, null, null, false, null, organizationId, false, false);
        transactions.create(tx);
        return dispatch(tx, sessionCookie);
    }

    /**
     * The organization named by {@code organization} (and vouched for by {@code invitation}), checked
     * before anything is shown: E3 unknown, E4/X10 third-party application not admitted, X11/E8 connection not usable,
     * E6/E14 invitations.
     */
    private String organizationOf(Client client, AuthRequest req) {
        if (req.invitation() != null) {
            if (client.isThirdParty()) {
                throw AuthorizeError.redirect("invalid_request", "parameter invitation is not allowed for third-party applications");
            }
            if (req.organization() == null) {
                throw AuthorizeError.redirect("invalid_request", "parameter organization is required with invitation");
            }
        }
        if (req.organization() == null) {
            return null;
        }
        OrganizationDirectory.Org org = organizations.resolve(req.organization(), tenant.allowOrganizationNames())
                .orElseThrow(() -> AuthorizeError.redirect("invalid_request", "parameter organization is invalid: " + req.organization()));
        if (client.isThirdParty()) {
            // T34 step 8: the third-party gates of the access decision, before any page (X10, X11)
            Optional<AccessDecision.Deny> gate = thirdPartyGates(client, org, req.connection());
            if (gate.isPresent()) {
                throw AuthorizeError.redirect(gate.get().error(), gate.get().description());
            }
        } else if (req.connection() != null) {
            boolean usable = connections.findByName(req.connection())
                    .flatMap(c -> organizations.connection(org.id(), c.id())).map(OrganizationDirectory.OrgConnection::enabled)
                    .orElse(false);
            if (!usable) {
                throw AuthorizeError.redirect("invalid_request", "the connection is not enabled for the organization");
            }
        }
        if (req.invitation() != null) {
            OrganizationDirectory.Invitation inv = organizations.invitation(req.invitation())
                    .filter(i -> i.organizationId().equals(org.id()))
                    .filter(i -> i.expiresAt().isAfter(clock.instant()))
                    .orElseThrow(() -> AuthorizeError.redirect("invalid_request", "invitation not found or expired"));
            if (inv.connectionId() != null && req.connection() == null
                    && organizations.connection(org.id(), inv.connectionId()).isEmpty()) {
                throw AuthorizeError.redirect("invalid_request", "the connection of the invitation is not enabled for the organization");
            }
        }
        return org.id();
    }

    private Optional<AccessDecision.Deny> thirdPartyGates(Client client, OrganizationDirectory.Org org, String connectionName) {
        Optional<AccessRequest.ConnectionView> conn = Optional.ofNullable(connectionName)
                .map(name -> connections.findByName(name)
                        .map(c -> new AccessRequest.ConnectionView(c.id(), c.name(), c.isDomainConnection()))
                        .orElse(new AccessRequest.ConnectionView(null, name, false)));
        Optional<AccessRequest.OrganizationConnectionView> orgConn = conn.map(AccessRequest.ConnectionView::id)
                .flatMap(id -> organizations.connection(org.id(), id)).map(AccessRequestLoader::view);
        return OrganizationAccess.thirdPartyGates(AccessRequestLoader.clientView(client),
                AccessRequestLoader.view(org), loader.association(org.id(), client), conn, orgConn);
    }

    /**
     * An organization chosen at the pre-login prompt passes the gates an {@code organization} sent to
     * {@code /authorize} passes (F2 step 3, T79, X10), before any credentials are asked: the refusal, or empty.
     */
    public Optional<AuthorizeOutcome> refusePromptedOrganization(AuthTransaction tx, OrganizationDirectory.Org org) {
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty() || !client.get().isThirdParty()) {
            return Optional.empty();
        }
        return thirdPartyGates(client.get(), org, tx.request().connection()).map(deny -> {
            transactions.delete(tx.id());
            return error(tx, deny.error(), deny.description());
        });
    }

    /** {@code GET /authorize/resume?state=…}: where every hosted page sends the browser back. */
    public AuthorizeOutcome resume(String txId, String deviceId, Optional<String> sessionCookie) {
        Optional<AuthTransaction> tx = transaction(txId, deviceId);
        if (tx.isEmpty()) {
            return expired();
        }
        return dispatch(tx.get(), sessionCookie);
    }

    /** The live transaction with this id, when it belongs to this browser. */
    public Optional<AuthTransaction> transaction(String txId, String deviceId) {
        if (txId == null || deviceId == null) {
            return Optional.empty();
        }
        return transactions.find(txId, clock.instant()).filter(t -> t.deviceId().equals(deviceId));
    }

    public void save(AuthTransaction tx) {
        transactions.update(tx);
    }

    /** The page shown when a transaction is unknown, expired or belongs to another browser. */
    public static AuthorizeOutcome expired() {
        return new AuthorizeOutcome.ErrorPage(400, "invalid_request",
                "This sign-in has expired or was started in another browser. Go back to the application and start again.");
    }

    /** The user declined consent: the flow ends with {@code access_denied}. */
    public AuthorizeOutcome deny(AuthTransaction tx) {
        transactions.delete(tx.id());
        return error(tx, "access_denied", "User did not authorize the request");
    }

    private AuthorizeOutcome dispatch(AuthTransaction start, Optional<String> sessionCookie) {
        AuthTransaction tx = start;
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty()) {
            transactions.delete(tx.id());
            return new AuthorizeOutcome.ErrorPage(400, "invalid_request", "The application no longer exists.");
        }
        Client c = client.get();
        FlowDispatcher.ClientView clientView = new FlowDispatcher.ClientView(c.organizationUsage(), c.organizationRequireBehavior());
        Optional<ResourceServer> api = Optional.ofNullable(tx.request().audience()).flatMap(apis::findByIdentifier);
        Optional<BrowserSession> session = sessionCookie.flatMap(cookie -> sessions.current(cookie, lifetimes.idle()));
        for (int round = 0; round < 6; round++) {
            final AuthTransaction current = tx;
            boolean sessionUsable = session.map(s -> usable(s, c, current)).orElse(false);
            boolean signupAllowed = !offeredConnections(current).stream().filter(Connection::isDatabase)
                    .filter(conn -> signupAllowed(current, conn)).toList().isEmpty();
            List<String> apiScopes = api.isEmpty() ? List.of()
                    : tx.authenticated() ? consentScopes(tx, c, api.get())
                    : FlowDispatcher.apiScopes(tx.request().scope());
            boolean consentRequired = !apiScopes.isEmpty() && consentRequired(c, api.get(), tx.request());
            boolean consentCovered = tx.authenticated() && consentRequired
                    && storedConsent(tx, api.get()).map(g -> g.covers(apiScopes)).orElse(false);
            AccessDecision access = tx.authenticated() && !tx.accessGranted() ? access(tx, c) : null;
            FlowStep step = FlowDispatcher.next(new FlowDispatcher.Input(tx, clientView,
                    session.map(s -> new FlowDispatcher.SessionView(s.userId(), s.connectionId(), s.authTime(), s.sid())).orElse(null),
                    sessionUsable, access, consentRequired, consentCovered, signupAllowed, clock.instant()));
            if (step instanceof FlowStep.AdoptSession) {
                BrowserSession s = session.orElseThrow();
                tx = tx.authenticated(s.userId(), s.connectionId(), s.authTime(), s.sid(), false);
                transactions.update(tx);
            } else if (step instanceof FlowStep.ApplyAccess a) {
                tx = applyAccess(tx, a);
                transactions.update(tx);
            } else if (step instanceof FlowStep.ShowOrganizationPrompt) {
                return new AuthorizeOutcome.Screen("organization", tx.id());
            } else if (step instanceof FlowStep.ShowOrganizationPicker) {
                return new AuthorizeOutcome.Screen("organization-picker", tx.id());
            } else if (step instanceof FlowStep.ShowLogin) {
                return new AuthorizeOutcome.Screen("login", tx.id());
            } else if (step instanceof FlowStep.ShowSignup) {
                return new AuthorizeOutcome.Screen("signup", tx.id());
            } else if (step instanceof FlowStep.ShowConsent) {
                return new AuthorizeOutcome.Screen("consent", tx.id());
            } else if (step instanceof FlowStep.Fail f) {
                transactions.delete(tx.id());
                return error(tx, f.error(), f.description());
            } else {
                return issueCode(tx, c, api, consentRequired);
            }
        }
        throw new IllegalStateException("the flow did not settle");
    }

    /** The API scopes the consent screen asks for: what the flow could grant before consent (T47, T67). */
    public List<String> consentScopes(AuthTransaction tx) {
        Optional<Client> client = clients.find(tx.request().clientId());
        Optional<ResourceServer> api = Optional.ofNullable(tx.request().audience()).flatMap(apis::findByIdentifier);
        if (client.isEmpty() || api.isEmpty() || !tx.authenticated()) {
            return List.of();
        }
        return consentScopes(tx, client.get(), api.get());
    }

    private List<String> consentScopes(AuthTransaction tx, Client client, ResourceServer api) {
        ScopePolicy.Result r = ScopePolicy.grant(client, Optional.of(api), tx.request().scope(), userGrant(client, api),
                api.enforcePolicies() ? Optional.of(permissions.of(tx.userId(), tx.organizationId(), api.identifier())) : Optional.empty(),
                Optional.empty());
        return FlowDispatcher.apiScopes(r.granted());
    }

    /** The application's user grant for the API, or for a third-party application the default one (T45, T46). */
    private Optional<ClientGrant> userGrant(Client client, ResourceServer api) {
        return grants.find(client.clientId(), api.identifier(), "user")
                .or(() -> client.isThirdParty() ? grants.findDefault("third_party_clients", api.identifier(), "user") : Optional.empty());
    }

    /**
     * The access decision for an authenticated transaction: gathers the inputs of
     * {@link OrganizationAccess#decide} (the only reads it needs) and resolves the decision's requests
     * to look at one organization more closely.
     */
    private AccessDecision access(AuthTransaction tx, Client client) {
        if (tx.request().invitation() != null) {
            String email = users.find(tx.userId()).flatMap(User::email).orElse("");
            boolean matches = organizations.invitation(tx.request().invitation())
                    .map(i -> i.inviteeEmail().equalsIgnoreCase(email)).orElse(false);
            if (!matches) {
                return OrganizationAccess.invitationMismatch();
            }
        }
        AccessDecision d = OrganizationAccess.decide(loader.load(client, tx.userId(), tx.connectionId(), tx.organizationId(),
                tx.personal(), tx.request().invitation() != null));
        if (d instanceof AccessDecision.EvaluateOrganization e) {
            d = OrganizationAccess.decide(loader.load(client, tx.userId(), tx.connectionId(), e.organization(), false, false));
        }
        return d;
    }

    /** Records an allowing decision: the organization, and the membership (with an invitation's roles) it implies. */
    private AuthTransaction applyAccess(AuthTransaction tx, FlowStep.ApplyAccess a) {
        if (a.organization().isPresent()) {
            String org = a.organization().get();
            Optional<OrganizationDirectory.Invitation> inv = Optional.ofNullable(tx.request().invitation())
                    .flatMap(organizations::invitation).filter(i -> i.organizationId().equals(org));
            if (inv.isPresent()) {
                // O77: membership, roles and the invitation used up, at once; the invited email is now verified
                if (!organizations.acceptInvitation(inv.get().id(), tx.userId())) {
                    throw AuthorizeError.redirect("invalid_request", "invitation not found or expired");
                }
                users.find(tx.userId()).filter(u -> !u.emailVerified()).ifPresent(u -> {
                    var doc = u.doc();
                    doc.put("email_verified", true);
                    users.update(u.withDoc(doc));
                });
            } else if (a.addMembership()) {
                organizations.addMember(org, tx.userId(), List.of());
            }
        }
        return tx.granted(a.organization().orElse(null));
    }

    /** The connections the login page offers: the organization's in organization context (Q14), else the application's. */
    public List<Connection> offeredConnections(AuthTransaction tx) {
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty()) {
            return List.of();
        }
        List<Connection> out;
        if (tx.organizationId() != null) {
            out = organizations.connections(tx.organizationId()).stream().filter(OrganizationDirectory.OrgConnection::enabled)
                    .map(oc -> connections.find(oc.connectionId())).flatMap(Optional::stream).toList();
            if (client.get().isThirdParty()) {
                // third-party applications only ever use domain-level connections (O59, T40)
                out = out.stream().filter(Connection::isDomainConnection).toList();
            }
        } else {
            out = connections.usableBy(client.get().clientId(), client.get().isThirdParty());
        }
        String invited = Optional.ofNullable(tx.request().invitation()).flatMap(organizations::invitation)
                .map(OrganizationDirectory.Invitation::connectionId).orElse(null);
        if (invited != null) {
            out = out.stream().filter(conn -> conn.id().equals(invited)).toList();
        }
        return out;
    }

    /** Sign-up through a connection: the organization's {@code is_signup_enabled} decides in organization context (O58, O78). */
    public boolean signupAllowed(AuthTransaction tx, Connection connection) {
        if (tx.organizationId() != null) {
            return organizations.connection(tx.organizationId(), connection.id())
                    .map(OrganizationDirectory.OrgConnection::signupEnabled).orElse(false);
        }
        return connection.signupAllowed();
    }

    /** The organizations offered on the picker, with their names. */
    public List<OrganizationDirectory.Org> pickerChoices(AuthTransaction tx) {
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty() || tx.userId() == null) {
            return List.of();
        }
        AccessDecision d = access(tx, client.get());
        if (!(d instanceof AccessDecision.ChooseOrganization choose)) {
            return List.of();
        }
        return choose.candidates().stream().map(id -> organizations.resolve(id, false)).flatMap(Optional::stream).toList();
    }

    public OrganizationDirectory organizations() {
        return organizations;
    }

    /** Consent is always asked of third-party applications; of first-party ones unless the API lets verifiable ones skip it. */
    static boolean consentRequired(Client client, ResourceServer api, AuthRequest req) {
        if (client.isThirdParty()) {
            return true;
        }
        return !(api.skipConsentForVerifiableFirstPartyClients() && verifiable(req.redirectUri()));
    }

    /** A redirect URI is verifiable unless it points at localhost or uses a custom scheme. */
    static boolean verifiable(String redirectUri) {
        try {
            URI u = URI.create(redirectUri);
            String host = u.getHost() == null ? "" : u.getHost();
            boolean web = "https".equals(u.getScheme()) || "http".equals(u.getScheme());
            return web && !host.equals("localhost") && !host.equals("127.0.0.1") && !host.equals("[::1]") && !host.endsWith(".localhost");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<ConsentGrant> storedConsent(AuthTransaction tx, ResourceServer api) {
        return consents.find(tx.userId(), tx.request().clientId(), api.identifier(), Optional.ofNullable(tx.organizationId()));
    }

    /**
     * The session can sign this transaction in: its user still exists and is not blocked, and its connection
     * is one the login page would offer (the organization's in organization context, O33).
     */
    private boolean usable(BrowserSession s, Client client, AuthTransaction tx) {
        Optional<User> user = users.find(s.userId());
        if (user.isEmpty() || user.get().blocked()) {
            return false;
        }
        return offeredConnections(tx).stream().map(Connection::id).anyMatch(s.connectionId()::equals);
    }

    private AuthorizeOutcome issueCode(AuthTransaction tx, Client client, Optional<ResourceServer> api, boolean consentRequired) {
        AuthRequest req = tx.request();
        Optional<ClientGrant> userGrant = api.flatMap(a -> userGrant(client, a));
        Optional<List<String>> perms = api.filter(ResourceServer::enforcePolicies)
                .map(a -> permissions.of(tx.userId(), tx.organizationId(), a.identifier()));
        Optional<List<String>> consented = !consentRequired ? Optional.empty()
                : tx.consentedScopes() != null ? Optional.of(tx.consentedScopes())
                : storedConsent(tx, api.orElseThrow()).map(ConsentGrant::scope);
        ScopePolicy.Result result = ScopePolicy.grant(client, api, req.scope(), userGrant, perms, consented);
        transactions.delete(tx.id());
        if (result.deniedReason().isPresent()) {
            return error(tx, "access_denied", result.deniedReason().get());
        }
        String code = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        Instant now = clock.instant();
        codes.create(new AuthorizationCode(SessionService.sha256(code), client.clientId(),
                req.redirectUriSent() ? req.redirectUri() : null, tx.userId(),
                tx.connectionId(), result.granted(), req.audience(), req.nonce(), req.codeChallenge(),
                req.codeChallengeMethod(), tx.authTime(), tx.sid(), tx.organizationId(), req.maxAge() != null,
                now, now.plus(CODE_LIFETIME)));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        if (req.state() != null) {
            params.put("state", req.state());
        }
        params.put("iss", issuer);
        return respond(req.redirectUri(), req.responseMode(), params);
    }

    private AuthorizeOutcome error(AuthTransaction tx, String error, String description) {
        Client client = clients.find(tx.request().clientId()).orElse(null);
        return error(client, tx.request().redirectUri(), tx.request().responseMode(), tx.request().state(), error, description);
    }

    /** An error for a known client and redirect URI: back to the client, or a page under open-redirect protection. */
    private AuthorizeOutcome error(Client client, String redirectUri, String mode, String state, String error, String description) {
        if (client != null && client.protectsRedirects()) {
            return new AuthorizeOutcome.ErrorPage(400, error, description);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        return respond(redirectUri, mode, params);
    }

    private static AuthorizeOutcome respond(String redirectUri, String mode, Map<String, String> params) {
        if ("form_post".equals(mode)) {
            return new AuthorizeOutcome.FormPost(redirectUri, params);
        }
        StringBuilder sb = new StringBuilder(redirectUri);
        char sep = "fragment".equals(mode) ? '#' : redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return new AuthorizeOutcome.Redirect(sb.toString());
    }
}

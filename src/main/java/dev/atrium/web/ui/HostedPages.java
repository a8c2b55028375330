package dev.atrium.web.ui;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.LoginService;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.oidc.HomeRealm;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.oauth.AuthorizeOutcome;
import dev.atrium.oauth.OrganizationDirectory;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.sessions.SessionService;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser side of sign-in: {@code /authorize}, the hosted pages ({@code /u/login}, {@code /u/signup},
 * {@code /u/consent}; the organization prompt and picker in {@link OrganizationPages}) and their return to the flow. Each page handler only records its outcome in the
 * transaction and redirects to {@code /authorize/resume}; {@link AuthorizeEndpoint} decides what comes next.
 */
public final class HostedPages {
    /** Creates a database user from the sign-up form; throws {@link InvalidRequestException} naming the field. */
    @FunctionalInterface
    public interface Signup {
        User create(Client client, Connection connection, String email, String username, String password);
    }

    private final AuthorizeEndpoint authorize;
    private final LoginService login;
    private final SessionService sessions;
    private final Signup signup;
    private final ClientStore clients;
    private final ResourceServerStore apis;
    private final ConsentStore consents;
    private final UserStore users;
    private final TenantStore tenant;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;
    private final OrganizationPages organizationPages;
    private final LoginConnections choose;
    /** Issue 14: organizations where self-registered applications wait for approval; none until wired. */
    private dev.atrium.onboarding.ApprovalGate approvals;

    public void approvals(dev.atrium.onboarding.ApprovalGate gate) {
        this.approvals = gate;
    }

    /** True (and the page sent) when the application waits for the organization's approval instead of consent. */
    private boolean waitingForApproval(Context ctx, Client client, AuthTransaction tx) {
        Optional<String> waiting = approvals == null ? Optional.empty() : approvals.waiting(client, tx.organizationId());
        waiting.ifPresent(message -> templates.send(ctx, 403, "error.jte", new Views.Error(
                chrome("error", "Waiting for your organization's approval", client, tx), "application_pending_approval", message)));
        return waiting.isPresent();
    }

    public HostedPages(AuthorizeEndpoint authorize, LoginService login, SessionService sessions, Signup signup,
                       ClientStore clients, ResourceServerStore apis, ConsentStore consents, UserStore users,
                       TenantStore tenant, Templates templates, Cookies cookies, Csrf csrf) {
        this.authorize = authorize;
        this.login = login;
        this.sessions = sessions;
        this.signup = signup;
        this.clients = clients;
        this.apis = apis;
        this.consents = consents;
        this.users = users;
        this.tenant = tenant;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
        this.organizationPages = new OrganizationPages(this, authorize, clients, users, templates, cookies, csrf);
        this.choose = new LoginConnections(authorize, users);
    }

    /** Identifier-first connection choice, shared with the password reset page. */
    LoginConnections loginConnections() {
        return choose;
    }

    public void authorize(Context ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        send(ctx, authorize.start(params, cookies.device(ctx), cookies.session(ctx)));
    }

    public void resume(Context ctx) {
        send(ctx, authorize.resume(ctx.queryParam("state"), cookies.device(ctx), cookies.session(ctx)));
    }

    // ---- login

    public void loginPage(Context ctx) {
        Optional<AuthTransaction> tx = transaction(ctx);
        if (tx.isEmpty()) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        // issue 11: connection= naming an enterprise connection the transaction may use goes straight to its provider
        String named = tx.get().request().connection();
        if (named != null && authorize.offeredConnections(tx.get()).stream().anyMatch(c -> c.isEnterprise() && c.name().equals(named))) {
            ctx.redirect("/u/sso?state=" + enc(tx.get().id()) + "&connection=" + enc(named), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        if (choose.nothingVisible(tx.get())) {
            send(ctx, authorize.fail(tx.get(), OAuthError.INVALID_REQUEST, LoginConnections.NOTHING_VISIBLE)); // O56 (E7)
            return;
        }
        // O73-O78: an invitee without an account lands on the sign-up form (unless they asked for the login form)
        Optional<String> invited = choose.invitedEmail(tx.get());
        if (invited.isPresent() && ctx.queryParam("returning") == null && !choose.hasAccount(tx.get(), invited.get())
                && !choose.signupTargets(tx.get()).isEmpty()) {
            ctx.redirect("/u/signup?state=" + enc(tx.get().id()), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        String hint = invited.orElse(tx.get().request().loginHint());
        renderLogin(ctx, 200, tx.get(), hint == null ? "" : hint, null);
    }

    public void loginSubmit(Context ctx) {
        Optional<AuthTransaction> found = transaction(ctx);
        if (found.isEmpty() || !csrfOk(ctx, "flow")) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        // issue 11: home-realm discovery, before any password is looked at; a connection the request named wins (O43)
        if (tx.request().connection() == null) {
            Optional<Connection> realm = HomeRealm.of(authorize.offeredConnections(tx), username, d -> tx.organizationId() != null
                    && authorize.organizations().discover(d).contains(tx.organizationId()));
            if (realm.isPresent()) {
                // the address typed is carried on to the provider as its login_hint (identifier first)
                ctx.redirect("/u/sso?state=" + enc(tx.id()) + "&connection=" + enc(realm.get().name()) + "&login_hint=" + enc(username),
                        io.javalin.http.HttpStatus.FOUND);
                return;
            }
        }
        Optional<Connection> connection = choose.forLogin(tx, ctx.formParam("connection"), username);
        if (connection.isEmpty()) {
            renderLogin(ctx, 400, tx, username, "This application has no database connection to sign in with.");
            return;
        }
        if (username.isEmpty() || password.isEmpty()) {
            renderLogin(ctx, 400, tx, username, "Enter your email address and password.");
            return;
        }
        LoginService.Result result = login.login(clients.find(tx.request().clientId()).orElse(null), connection.get(), username, password, ctx.ip());
        if (result instanceof LoginService.Result.Success s) {
            // issue 12: once signed in (no second factor pending), a passkey is offered when the connection has them on
            String offer = passkeys == null ? null : passkeys.offer(tx, s.user(), s.connection());
            if (signIn(ctx, tx, s.user(), s.connection()) && offer != null) {
                ctx.redirect(offer, io.javalin.http.HttpStatus.FOUND);
            }
            return;
        }
        String message;
        int status;
        if (result instanceof LoginService.Result.TooSoon t) {
            message = "Too many failed attempts. Wait " + t.seconds() + " second" + (t.seconds() == 1 ? "" : "s") + " before trying again.";
            status = 429;
        } else if (result instanceof LoginService.Result.TooManyAttempts) {
            message = "Your account has been blocked after too many failed attempts from this address. Contact your administrator to unblock it.";
            status = 429;
        } else if (result instanceof LoginService.Result.UserBlocked) {
            message = "This account is blocked. Contact your administrator.";
            status = 401;
        } else {
            message = "Wrong email or password.";
            status = 401;
        }
        renderLogin(ctx, status, tx, username, message);
    }

    private void renderLogin(Context ctx, int status, AuthTransaction tx, String username, String error) {
        Client client = clients.find(tx.request().clientId()).orElseThrow();
        List<Connection> conns = choose.shown(tx);
        // issue 11: the enterprise connections the transaction may use and that ask for a button; O55: not those the
        // organization hides, nor those only home-realm discovery reaches (O45)
        List<Views.EnterpriseButton> buttons = authorize.shownConnections(tx).stream()
                .filter(c -> c.isEnterprise() && c.showAsButton())
                .map(c -> new Views.EnterpriseButton(c.name(), c.displayName(), "/u/sso?state=" + enc(tx.id()) + "&connection="
                        + enc(c.name()), Json.text(c.options(), "icon_url", null))).toList();
        if (conns.isEmpty() && buttons.isEmpty() && client.isThirdParty()) {
            // X9 (T41): nothing is domain-level, so a third-party application has no way to sign anyone in
            error(ctx, 400, OAuthError.INVALID_REQUEST.code(), "no connections are available for this application");
            return;
        }
        boolean signupAllowed = !choose.signupTargets(tx).isEmpty();
        boolean invitation = tx.request().invitation() != null;
        Views.Login view = new Views.Login(chrome(invitation ? "accept-invitation" : "login",
                invitation ? "Accept your invitation" : "Log in to continue", client, tx), tx.id(),
                csrf.token(cookies.device(ctx), "flow"), tx.request().connection(), username, error,
                signupAllowed ? "/u/signup?state=" + tx.id() : null, conns.stream().anyMatch(Connection::requiresUsername), buttons,
                passkeys == null ? null : passkeys.loginOptions(ctx, tx)); // issue 12
        templates.send(ctx, status, "login.jte", view);
    }

    // ---- sign-up

    public void signupPage(Context ctx) {
        Optional<AuthTransaction> tx = transaction(ctx);
        if (tx.isEmpty()) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        String hint = choose.invitedEmail(tx.get()).orElse(tx.get().request().loginHint());
        renderSignup(ctx, 200, tx.get(), hint == null ? "" : hint, "", Map.of());
    }

    public void signupSubmit(Context ctx) {
        Optional<AuthTransaction> found = transaction(ctx);
        if (found.isEmpty() || !csrfOk(ctx, "flow")) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<String> invited = choose.invitedEmail(tx);
        if (invited.isPresent() && !invited.get().equalsIgnoreCase(email)) {
            // O75, O79 (E15): an invitation is accepted only by its invitee; nothing is created for another address
            send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, "invitation email does not match the authenticated user"));
            return;
        }
        Optional<Connection> connection = choose.forSignup(tx, ctx.formParam("connection"));
        if (connection.isEmpty()) {
            renderSignup(ctx, 400, tx, email, username, Map.of("form", "Sign-up is not available for this application."));
            return;
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            renderSignup(ctx, 400, tx, email, username, Map.of("email", "Enter a valid email address."));
            return;
        }
        User user;
        try {
            user = signup.create(clients.find(tx.request().clientId()).orElse(null), connection.get(), email, username.isEmpty() ? null : username, password);
        } catch (InvalidRequestException e) {
            String field = e.field() == null ? "form" : e.field();
            renderSignup(ctx, 400, tx, email, username, Map.of(field.equals("email") || field.equals("username")
                    || field.equals("password") ? field : "form", e.getMessage()));
            return;
        }
        signIn(ctx, tx, user, connection.get());
    }

    private void renderSignup(Context ctx, int status, AuthTransaction tx, String email, String username,
                              Map<String, String> errors) {
        Client client = clients.find(tx.request().clientId()).orElseThrow();
        Optional<Connection> target = choose.forSignup(tx, null);
        boolean requiresUsername = target.map(Connection::requiresUsername).orElse(false);
        String rule = target.map(c -> passwordRule(c.passwordPolicy())).orElse("");
        boolean invitation = tx.request().invitation() != null;
        templates.send(ctx, status, "signup.jte", new Views.Signup(chrome(invitation ? "accept-invitation" : "signup",
                invitation ? "Accept your invitation" : "Create your account", client, tx), tx.id(),
                csrf.token(cookies.device(ctx), "flow"), tx.request().connection(), email, invitation, username, requiresUsername,
                errors, "/u/login?state=" + tx.id() + (invitation ? "&returning=1" : ""), rule));
    }

    static String passwordRule(String policy) {
        return switch (policy) {
            case "none" -> "Any password.";
            case "low" -> "At least 6 characters.";
            case "fair" -> "At least 8 characters, with lower-case and upper-case letters and a number.";
            case "excellent" -> "At least 10 characters, with 3 of: lower-case, upper-case, numbers, special characters; no more than 2 identical characters in a row.";
            default -> "At least 8 characters, with 3 of: lower-case, upper-case, numbers, special characters.";
        };
    }

    // ---- consent

    public void consentPage(Context ctx) {
        Optional<AuthTransaction> found = transaction(ctx);
        if (found.isEmpty() || !found.get().authenticated() || found.get().request().audience() == null) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Client client = clients.find(tx.request().clientId()).orElseThrow();
        if (waitingForApproval(ctx, client, tx)) {
            return;
        }
        ResourceServer api = apis.findByIdentifier(tx.request().audience()).orElseThrow();
        // T69: when a consent is stored (asked again for more), the scopes it lacks are marked as new
        Optional<List<String>> before = consents.find(tx.userId(), client.clientId(), api.identifier(), Optional.ofNullable(tx.organizationId()))
                .map(ConsentGrant::scope);
        List<Views.ScopeLine> lines = ConsentLines.of(authorize.consentScopes(tx), tenant.get().flag(TenantSettings.SCOPE_DESCRIPTIONS_FOR_CONSENT),
                s -> describe(api, s), s -> before.map(b -> !b.contains(s)).orElse(false));
        String userName = users.find(tx.userId()).map(User::name).orElse("");
        String owner = Json.text(client.doc().get("client_metadata"), "owner", null);
        String orgName = Optional.ofNullable(tx.organizationId()).flatMap(id -> authorize.organizations().resolve(id, false))
                .map(OrganizationDirectory.Org::label).orElse(null);
        templates.send(ctx, 200, "consent.jte", new Views.Consent(chrome("consent", "Authorize " + client.name(), client, tx),
                tx.id(), csrf.token(cookies.device(ctx), "flow"), userName, client.name(), api.name(),
                owner, orgName, client.isThirdParty(), lines, metadataHost(client)));
    }

    /** Issue 14: the host a Client ID Metadata Document application was fetched from, shown beside its self-chosen name. */
    static String metadataHost(Client client) {
        String url = Json.text(client.doc(), dev.atrium.clients.ClientService.CLIENT_ID_METADATA_DOCUMENT, null);
        return url == null ? null : java.net.URI.create(url).getHost();
    }

    public void consentSubmit(Context ctx) {
        Optional<AuthTransaction> found = transaction(ctx);
        if (found.isEmpty() || !csrfOk(ctx, "flow") || !found.get().authenticated() || found.get().request().audience() == null) {
            send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Optional<Client> consenting = clients.find(tx.request().clientId());
        if (consenting.isPresent() && waitingForApproval(ctx, consenting.get(), tx)) {
            return;
        }
        if (!"accept".equals(ctx.formParam("action"))) {
            send(ctx, authorize.deny(tx));
            return;
        }
        List<String> scopes = authorize.consentScopes(tx);
        consents.grant(tx.userId(), tx.request().clientId(), tx.request().audience(), Optional.ofNullable(tx.organizationId()), scopes);
        authorize.save(tx.consented(scopes));
        ctx.redirect("/authorize/resume?state=" + enc(tx.id()), io.javalin.http.HttpStatus.FOUND);
    }

    private static String describe(ResourceServer api, String scope) {
        for (JsonNode s : api.doc().path("scopes")) {
            if (scope.equals(Json.text(s, "value", null))) {
                String d = Json.text(s, "description", "");
                return d.isBlank() ? scope : d;
            }
        }
        return scope;
    }

    // ---- shared

    /** A new SSO session for the user, recorded in the transaction; then back to the flow. False: a second factor is due first. */
    boolean signIn(Context ctx, AuthTransaction tx, User user, Connection connection) { // issue 11: also EnterpriseLoginPages
        // MFA (issue 12): when a second factor is due, the transaction records the user without a session;
        // the session starts only once the factor is passed (completeSecondFactor), so an abandoned step leaves none
        AuthTransaction identified = tx.authenticated(user.userId(), connection.id(), null, null, true);
        if (authorize.secondFactorPending(identified)) {
            authorize.save(identified);
            ctx.redirect("/authorize/resume?state=" + enc(tx.id()), io.javalin.http.HttpStatus.FOUND);
            return false;
        }
        startSession(ctx, tx, user, connection.id());
        return true;
    }

    /** Issue 12: passkeys on the login page and offered after a password sign-in; none until wiring supplies them. */
    private PasskeyPages passkeys;

    void passkeys(PasskeyPages p) {
        this.passkeys = p;
    }

    /** Issue 12: the login page again with a refusal (a passkey that did not verify). */
    void renderLoginError(Context ctx, AuthTransaction tx, String error) {
        renderLogin(ctx, 401, tx, "", error);
    }

    /** MFA (issue 12): the second factor is passed: the SSO session starts now. */
    void completeSecondFactor(Context ctx, AuthTransaction tx, User user) {
        startSession(ctx, tx, user, tx.connectionId());
    }

    private void startSession(Context ctx, AuthTransaction tx, User user, String connectionId) {
        TenantSettings t = tenant.get();
        cookies.session(ctx).ifPresent(sessions::end);
        SessionService.Started started = sessions.start(user.userId(), connectionId,
                Duration.ofHours(Json.number(t.doc(), "session_lifetime", 168)),
                Duration.ofHours(Json.number(t.doc(), "idle_session_lifetime", 72)));
        cookies.setSession(ctx, started.cookieValue());
        authorize.save(tx.authenticated(user.userId(), connectionId, started.session().authTime(), started.session().sid(), true));
        ctx.redirect("/authorize/resume?state=" + enc(tx.id()), io.javalin.http.HttpStatus.FOUND);
    }

    Optional<AuthTransaction> transaction(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse(ctx.formParam("state"));
        return cookies.existingDevice(ctx).flatMap(d -> authorize.transaction(state, d));
    }

    boolean csrfOk(Context ctx, String purpose) {
        return cookies.existingDevice(ctx).map(d -> csrf.valid(d, purpose, ctx.formParam("_csrf"))).orElse(false);
    }

    /** The chrome of a page in a transaction: the organization's branding in organization context. */
    Chrome chrome(String screen, String title, Client client, AuthTransaction tx) {
        Chrome base = chrome(screen, title, client);
        Optional<OrganizationDirectory.Org> org = Optional.ofNullable(tx.organizationId())
                .flatMap(id -> authorize.organizations().resolve(id, false));
        if (org.isEmpty()) {
            return base;
        }
        OrganizationDirectory.Org o = org.get();
        return new Chrome(screen, title, base.appName() + " · " + o.label(), base.tenantName(),
                o.logoUrl() != null ? o.logoUrl() : base.logoUrl(),
                o.primaryColor() != null ? o.primaryColor() : base.primaryColor(),
                o.pageBackground() != null ? o.pageBackground() : base.pageBackground());
    }

    // ---- organization prompt (pre-login) and picker (post-login): OrganizationPages

    public void organizationPage(Context ctx) {
        organizationPages.promptPage(ctx);
    }

    public void organizationSubmit(Context ctx) {
        organizationPages.promptSubmit(ctx);
    }

    public void pickerPage(Context ctx) {
        organizationPages.pickerPage(ctx);
    }

    public void pickerSubmit(Context ctx) {
        organizationPages.pickerSubmit(ctx);
    }

    public Chrome chrome(String screen, String title, Client client) {
        TenantSettings t = tenant.get();
        JsonNode colors = t.doc().path("branding").path("colors");
        String logo = client != null ? Json.text(client.doc(), "logo_uri", t.logoUrl()) : t.logoUrl();
        return new Chrome(screen, title, client != null ? client.name() : t.friendlyName(), t.friendlyName(), logo,
                Json.text(colors, "primary", null), Json.text(colors, "page_background", null));
    }

    /** Carries out an outcome of the flow. */
    public void send(Context ctx, AuthorizeOutcome outcome) {
        if (outcome instanceof AuthorizeOutcome.Redirect r) {
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(r.location(), io.javalin.http.HttpStatus.FOUND);
        } else if (outcome instanceof AuthorizeOutcome.FormPost f) {
            templates.send(ctx, 200, "form_post.jte", new Views.FormPost(f.action(), f.params()));
        } else if (outcome instanceof AuthorizeOutcome.Screen s) {
            ctx.header("Cache-Control", "no-store");
            ctx.redirect("/u/" + s.name() + "?state=" + enc(s.txId()), io.javalin.http.HttpStatus.FOUND);
        } else if (outcome instanceof AuthorizeOutcome.ErrorPage e) {
            error(ctx, e.status(), e.error().code(), e.description());
        }
    }

    public void error(Context ctx, int status, String error, String description) {
        templates.send(ctx, status, "error.jte", new Views.Error(chrome("error", "Something went wrong", null), error, description));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

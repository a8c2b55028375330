package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.clients.ClientStore;
import dev.atrium.connections.Connection;
import dev.atrium.mfa.WebAuthnService;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Passkeys as a first factor on database connections with Auth0's {@code options.authentication_methods.passkey.enabled}
 * (issue 12). The login page carries a "Sign in with a passkey" form (a discoverable credential: no
 * {@code allowCredentials}, user verification required) that posts to {@code POST /u/login/passkey}; the credential
 * names its holder, whose connection must have passkeys on and be offered to this transaction. A passkey sign-in
 * is multi-factor (possession of the key and the user's verification on it), so it satisfies the MFA step: its
 * {@code amr} is {@code ["mfa", "phr"]} (phishing-resistant). After a password sign-in on such a connection, a user
 * without a passkey is offered one ({@code /u/passkey-enrollment}, screen {@code passkey-enrollment}) and may skip it.
 */
public final class PasskeyPages {
    /** The amr method of a passkey sign-in, beside {@code "mfa"}. */
    public static final String AMR = "phr";

    private final HostedPages pages;
    private final MfaPages mfaPages;
    private final AuthorizeEndpoint authorize;
    private final WebAuthnService webauthn;
    private final ClientStore clients;
    private final UserStore users;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;

    public PasskeyPages(HostedPages pages, MfaPages mfaPages, AuthorizeEndpoint authorize, WebAuthnService webauthn, ClientStore clients,
                        UserStore users, Templates templates, Cookies cookies, Csrf csrf) {
        this.pages = pages;
        this.mfaPages = mfaPages;
        this.authorize = authorize;
        this.webauthn = webauthn;
        this.clients = clients;
        this.users = users;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
        pages.passkeys(this);
    }

    public void register(RoutesConfig r) {
        r.post("/u/login/passkey", this::signIn);
        r.get("/u/passkey-enrollment", this::enrollmentPage);
        r.post("/u/passkey-enrollment", this::enroll);
    }

    /** Auth0's switch: {@code options.authentication_methods.passkey.enabled} on a database connection. */
    public static boolean enabled(Connection c) {
        return c.isDatabase() && c.options().path("authentication_methods").path("passkey").path("enabled").asBoolean(false);
    }

    /** The options of the login page's passkey form, or null when no connection offered here has passkeys on. */
    String loginOptions(Context ctx, AuthTransaction tx) {
        if (authorize.offeredConnections(tx).stream().noneMatch(PasskeyPages::enabled)) {
            return null;
        }
        return webauthn.assertionOptions(WebAuthnService.Kind.PASSKEY, null, WebAuthnPages.boundTo("passkey-login", tx, cookies, ctx)).toString();
    }

    /** After a password sign-in: the page offering a passkey, or null when there is nothing to offer. */
    String offer(AuthTransaction tx, User user, Connection connection) {
        return enabled(connection) && !webauthn.has(user.userId(), dev.atrium.mfa.WebAuthnCredential.PASSKEY)
                ? "/u/passkey-enrollment?state=" + enc(tx.id()) : null;
    }

    private void signIn(Context ctx) {
        Optional<AuthTransaction> found = pages.transaction(ctx);
        if (found.isEmpty() || !pages.csrfOk(ctx, "flow")) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        String response = Optional.ofNullable(ctx.formParam("response")).orElse("");
        String refused;
        try {
            var credential = webauthn.authenticate(WebAuthnService.Kind.PASSKEY, null, response,
                    WebAuthnPages.boundTo("passkey-login", tx, cookies, ctx));
            Optional<User> user = users.find(credential.userId());
            Optional<Connection> connection = user.flatMap(u -> authorize.offeredConnections(tx).stream()
                    .filter(c -> c.id().equals(u.connectionId())).filter(PasskeyPages::enabled).findFirst());
            if (user.isPresent() && user.get().blocked()) {
                refused = "This account is blocked. Contact your administrator.";
            } else if (connection.isEmpty()) {
                refused = "This passkey cannot be used to sign in to this application.";
            } else {
                mfaPages.passed(ctx, tx.authenticated(user.get().userId(), connection.get().id(), null, null, true), user.get(), AMR);
                return;
            }
        } catch (WebAuthnService.Refused e) {
            refused = e.getMessage();
        }
        pages.renderLoginError(ctx, tx, refused);
    }

    private Optional<AuthTransaction> enrolling(Context ctx) {
        // only right after the user typed their password here, with the session started: never from an adopted session
        return pages.transaction(ctx).filter(AuthTransaction::authenticated).filter(AuthTransaction::loggedInHere)
                .filter(t -> t.sid() != null);
    }

    private void enrollmentPage(Context ctx) {
        Optional<AuthTransaction> tx = enrolling(ctx);
        Optional<User> user = tx.flatMap(t -> users.find(t.userId()));
        if (user.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        render(ctx, 200, tx.get(), user.get(), null);
    }

    private void render(Context ctx, int status, AuthTransaction tx, User user, String error) {
        String name = user.email().or(user::username).orElse(user.userId());
        String options = webauthn.registrationOptions(WebAuthnService.Kind.PASSKEY, user.userId(), name,
                user.name() == null ? name : user.name(), WebAuthnPages.boundTo("passkey-enroll", tx, cookies, ctx)).toString();
        var client = clients.find(tx.request().clientId()).orElse(null);
        templates.send(ctx, status, "webauthn.jte", new WebAuthnPages.View(pages.chrome("passkey-enrollment", "Create a passkey", client, tx),
                "/u/passkey-enrollment?state=" + enc(tx.id()), tx.id(), csrf.token(cookies.device(ctx), "flow"), "create", options,
                "Create a passkey", "Next time, sign in with your fingerprint, face or device PIN instead of a password.",
                null, error, "/authorize/resume?state=" + enc(tx.id())));
    }

    private void enroll(Context ctx) {
        Optional<AuthTransaction> found = enrolling(ctx);
        Optional<User> user = found.flatMap(t -> users.find(t.userId()));
        if (user.isEmpty() || !pages.csrfOk(ctx, "flow")) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Optional<Connection> connection = authorize.offeredConnections(tx).stream()
                .filter(c -> c.id().equals(user.get().connectionId())).filter(PasskeyPages::enabled).findFirst();
        if (connection.isEmpty()) {
            ctx.redirect("/authorize/resume?state=" + enc(tx.id()), HttpStatus.FOUND);
            return;
        }
        try {
            webauthn.register(WebAuthnService.Kind.PASSKEY, user.get().userId(), Optional.ofNullable(ctx.formParam("response")).orElse(""),
                    WebAuthnPages.boundTo("passkey-enroll", tx, cookies, ctx), "Passkey");
        } catch (WebAuthnService.Refused e) {
            render(ctx, 400, tx, user.get(), e.getMessage());
            return;
        }
        ctx.redirect("/authorize/resume?state=" + enc(tx.id()), HttpStatus.FOUND);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

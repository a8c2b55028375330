package dev.atrium.web.ui;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.oidc.OidcOptions;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.oidc.UpstreamException;
import dev.atrium.enterprise.EnterpriseUsers;
import dev.atrium.enterprise.OidcRelyingParty;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.users.User;
import dev.atrium.web.Cookies;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Sign-in through an OpenID Connect enterprise connection: {@code GET /u/sso?state=<tx>&connection=NAME} sends the
 * browser to the upstream provider, {@code GET /login/callback} takes it back and records the identity in the
 * transaction as the login page does, then returns to the flow.
 *
 * <p>The upstream {@code state} is sealed under the master key and names the transaction, the connection, the
 * {@code nonce} and the PKCE verifier, with an expiry; the callback accepts it only in the browser that owns the
 * transaction (device cookie) and only while that transaction is not yet authenticated, so a state is good for one
 * sign-in. A connection is used only when {@code offeredConnections} offers it for the transaction (application,
 * organization, third-party rules). Upstream errors end the flow on the application's error channel.
 *
 * <p>A {@code front_channel} connection gets its ID token posted by the browser to {@code POST /login/callback}
 * ({@link #posted}, which also takes SAML answers): that cross-site post carries no SameSite=Lax cookie, so it is only
 * sealed ({@link FrontChannelAnswers}) and handed on to {@code GET /login/callback}, where the transaction is bound to
 * the browser and the ID token is validated in full. A connection's callback takes only its own channel's answer:
 * a code for back_channel, a sealed answer for front_channel.
 */
public final class EnterpriseLoginPages {
    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseLoginPages.class);
    private static final String PURPOSE = "oidc-state";
    /** The longest {@code login_hint} passed on (an e-mail address is at most 254 characters). */
    static final int MAX_HINT = 320;

    private final HostedPages pages;
    private final AuthorizeEndpoint authorize;
    private final OidcRelyingParty rp;
    private final EnterpriseUsers users;
    private final SecretSealer sealer;
    private final Cookies cookies;
    private final URI callback;
    private final Clock clock;
    private final FrontChannelAnswers answers;
    private SamlLoginPages saml; // issue 11: samlp connections
    private ConnectionTry tryer; // issue 11: the dashboard's "Try"

    public EnterpriseLoginPages(HostedPages pages, AuthorizeEndpoint authorize, OidcRelyingParty rp, EnterpriseUsers users,
                                SecretSealer sealer, Cookies cookies, String issuer, Clock clock) {
        this.pages = pages;
        this.authorize = authorize;
        this.rp = rp;
        this.users = users;
        this.sealer = sealer;
        this.cookies = cookies;
        this.callback = URI.create(issuer + "login/callback");
        this.clock = clock;
        this.answers = new FrontChannelAnswers(sealer, clock);
    }

    /** Adds SAML connections: {@link #start} hands them to {@code saml}. */
    public EnterpriseLoginPages withSaml(SamlLoginPages saml) {
        this.saml = saml;
        return this;
    }

    /** The dashboard's "Try": callbacks whose state is a try's go to {@code tryer}. */
    public EnterpriseLoginPages withTry(ConnectionTry tryer) {
        this.tryer = tryer;
        return this;
    }

    public SamlLoginPages saml() {
        return saml;
    }

    /** {@code <issuer>login/callback}: the redirect URI to register at the upstream provider. */
    public URI callback() {
        return callback;
    }

    /** {@code GET /u/sso}: to the provider of the named connection, when the transaction may use it. */
    public void start(Context ctx) {
        Optional<AuthTransaction> found = pages.transaction(ctx);
        if (found.isEmpty() || found.get().authenticated()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        String name = Optional.ofNullable(ctx.queryParam("connection")).orElse(tx.request().connection());
        Optional<Connection> connection = offered(tx, name);
        if (connection.isEmpty()) {
            pages.error(ctx, 400, OAuthError.INVALID_REQUEST.code(), "This application cannot sign in through that connection.");
            return;
        }
        if (connection.get().isSaml() && saml != null) {
            saml.start(ctx, tx, connection.get());
            return;
        }
        String nonce = Ids.urlSafe(32);
        String verifier = Ids.urlSafe(48);
        ObjectNode pending = Json.object().put("p", PURPOSE).put("tx", tx.id()).put("c", connection.get().id())
                .put("n", nonce).put("v", verifier).put("r", Ids.urlSafe(16))
                .put("exp", clock.instant().plus(AuthorizeEndpoint.TRANSACTION_LIFETIME).getEpochSecond());
        String state = sealer.seal(Json.write(pending));
        try {
            URI to = rp.authorizationRedirect(connection.get(), callback, state, nonce, verifier, loginHint(ctx, tx));
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(to.toString(), HttpStatus.FOUND);
        } catch (UpstreamException e) {
            LOG.warn("enterprise connection {}: {}", connection.get().name(), e.getMessage());
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, "The identity provider is not available: " + e.getMessage()));
        }
    }

    /** {@code GET /login/callback}: the provider's answer. */
    public void callback(Context ctx) {
        if (tryer != null && tryer.callback(ctx, ctx.queryParam("state"))) {
            return; // the dashboard's "Try" of a connection, not a sign-in
        }
        Optional<ObjectNode> pending = open(ctx.queryParam("state"));
        Optional<AuthTransaction> found = pending.flatMap(p -> cookies.existingDevice(ctx)
                .flatMap(d -> authorize.transaction(Json.text(p, "tx", ""), d)));
        if (found.isEmpty() || found.get().authenticated()) {
            // unknown, forged, expired, replayed, or from another browser: nothing to end, nothing to record
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        ObjectNode p = pending.get();
        Optional<Connection> connection = authorize.offeredConnections(tx).stream()
                .filter(c -> c.id().equals(Json.text(p, "c", "")) && c.isOidc()).findFirst();
        if (connection.isEmpty()) {
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, "The connection is no longer available to this application."));
            return;
        }
        boolean front = OidcOptions.frontChannel(connection.get().options());
        Optional<FrontChannelAnswers.Answer> answer = front ? answers.open(ctx.queryParam("answer"), ctx.queryParam("state"))
                : Optional.empty();
        String error = front ? answer.map(FrontChannelAnswers.Answer::error).orElse(ctx.queryParam("error")) : ctx.queryParam("error");
        String code = ctx.queryParam("code");
        if (front && answer.isEmpty() && error == null) {
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED,
                    "The identity provider's answer is missing, expired or belongs to another sign-in."));
            return;
        }
        if (error != null || (!front && (code == null || code.isEmpty()))) {
            String shown = error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "no code";
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, "The identity provider did not sign you in (" + shown + ")."));
            return;
        }
        User user;
        try {
            OidcRelyingParty.Identity identity = front
                    ? rp.frontChannel(connection.get(), answer.get().idToken(), Json.text(p, "n", ""))
                    : rp.exchange(connection.get(), callback, code, Json.text(p, "v", ""), Json.text(p, "n", ""));
            user = users.signIn(connection.get(), identity);
        } catch (UpstreamException e) {
            LOG.warn("enterprise connection {}: {}", connection.get().name(), e.getMessage());
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, e.getMessage() + "."));
            return;
        }
        if (user.blocked()) {
            pages.send(ctx, authorize.fail(tx, OAuthError.UNAUTHORIZED, "user is blocked"));
            return;
        }
        pages.signIn(ctx, tx, user, connection.get());
    }

    /**
     * {@code POST /login/callback}: a SAML answer ({@code SAMLResponse}, {@code RelayState}) goes to the assertion
     * consumer service; otherwise it is a front-channel OpenID Connect answer ({@code id_token} or {@code error}, with
     * {@code state}), sealed and handed to {@code GET /login/callback}, where the browser's cookies arrive.
     */
    public void posted(Context ctx) {
        if (saml != null && (ctx.formParam("SAMLResponse") != null || ctx.formParam("RelayState") != null)) {
            saml.acs(ctx);
            return;
        }
        String state = ctx.formParam("state");
        if (open(state).isEmpty() && (tryer == null || !tryer.owns(state))) {
            // unsolicited, forged or expired: there is no sign-in in progress this answer may belong to
            pages.error(ctx, 400, OAuthError.INVALID_REQUEST.code(), "This sign-in answer does not belong to a sign-in in progress.");
            return;
        }
        String idToken = ctx.formParam("id_token");
        if (idToken != null && idToken.length() > FrontChannelAnswers.MAX_ID_TOKEN) {
            LOG.warn("front-channel answer refused: an id_token of {} characters", idToken.length());
            pages.error(ctx, 400, OAuthError.INVALID_REQUEST.code(), "The identity provider's answer is too large to be a sign-in.");
            return;
        }
        String sealed = answers.seal(state, idToken, ctx.formParam("error"));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(callback.getRawPath() + "?state=" + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8)
                + "&answer=" + sealed, HttpStatus.SEE_OTHER);
    }

    /**
     * The address to hand the provider as {@code login_hint}: the one typed on the identifier-first login page (home-realm
     * discovery passes it along), else the application's own {@code login_hint}; {@code null} when neither looks like one.
     */
    static String loginHint(Context ctx, AuthTransaction tx) {
        String typed = ctx.queryParam("login_hint");
        String hint = typed != null && !typed.isBlank() ? typed.trim() : tx.request().loginHint();
        return hint != null && hint.length() <= MAX_HINT && hint.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f) ? hint : null;
    }

    /** An enterprise connection the transaction's login page may offer, by name. */
    Optional<Connection> offered(AuthTransaction tx, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return authorize.offeredConnections(tx).stream().filter(c -> (c.isOidc() || (c.isSaml() && saml != null))
                && c.name().equals(name)).findFirst();
    }

    private Optional<ObjectNode> open(String state) {
        return sealer.openDocument(state, PURPOSE, clock.instant().getEpochSecond(), 2048);
    }

}

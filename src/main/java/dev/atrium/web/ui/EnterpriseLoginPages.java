package dev.atrium.web.ui;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
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
        String error = ctx.queryParam("error");
        String code = ctx.queryParam("code");
        if (error != null || code == null || code.isEmpty()) {
            String shown = error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "no code";
            pages.send(ctx, authorize.fail(tx, OAuthError.ACCESS_DENIED, "The identity provider did not sign you in (" + shown + ")."));
            return;
        }
        User user;
        try {
            OidcRelyingParty.Identity identity = rp.exchange(connection.get(), callback, code, Json.text(p, "v", ""),
                    Json.text(p, "n", ""));
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
        if (state == null || state.isEmpty() || state.length() > 2048) {
            return Optional.empty();
        }
        try {
            ObjectNode p = Json.parseObject(sealer.open(state));
            if (!PURPOSE.equals(Json.text(p, "p", "")) || Json.number(p, "exp", 0) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

}

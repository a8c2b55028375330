package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.saml.SamlException;
import dev.atrium.connections.saml.SamlProfile;
import dev.atrium.connections.saml.SamlRequests;
import dev.atrium.connections.saml.SamlResponseValidator;
import dev.atrium.enterprise.EnterpriseUsers;
import dev.atrium.enterprise.OidcRelyingParty;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.oauth.AuthorizeOutcome;
import dev.atrium.users.User;
import dev.atrium.web.Cookies;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in through a SAML 2.0 connection. {@link #start} sends the AuthnRequest (its {@code ID} and the transaction
 * sealed into {@code RelayState}); the identity provider posts its answer to {@code POST /login/callback?connection=NAME},
 * where it is validated in full ({@link SamlResponseValidator}: signature, audience, recipient, destination, the
 * request id of this transaction, validity, replay). Because the post comes from another site, the browser's
 * SameSite=Lax cookies are not on it: the callback hands the result over in a sealed, short-lived ticket to
 * {@code GET /login/callback/samlp}, where the transaction is bound to the browser (device cookie) and must not be
 * authenticated yet, so a ticket signs in once. {@code GET /samlp/metadata?connection=NAME} is the SP metadata.
 */
public final class SamlLoginPages {
    private static final Logger LOG = LoggerFactory.getLogger(SamlLoginPages.class);
    private static final String RELAY = "saml-relay";
    private static final String TICKET = "saml-ticket";
    private static final Duration TICKET_LIFETIME = Duration.ofMinutes(2);

    private final HostedPages pages;
    private final AuthorizeEndpoint authorize;
    private final SamlRequests requests;
    private final SamlResponseValidator validator;
    private final EnterpriseUsers users;
    private final SecretSealer sealer;
    private final Cookies cookies;
    private final java.util.function.Function<String, Optional<Connection>> byName;
    private final Clock clock;
    private ConnectionTry tryer; // the dashboard's "Try"

    public SamlLoginPages(HostedPages pages, AuthorizeEndpoint authorize, SamlRequests requests, SamlResponseValidator validator,
                          EnterpriseUsers users, SecretSealer sealer, Cookies cookies,
                          java.util.function.Function<String, Optional<Connection>> byName, Clock clock) {
        this.pages = pages;
        this.authorize = authorize;
        this.requests = requests;
        this.validator = validator;
        this.users = users;
        this.sealer = sealer;
        this.cookies = cookies;
        this.byName = byName;
        this.clock = clock;
    }

    /** The dashboard's "Try" ({@link ConnectionTry}): validated answers of a try go back to it. */
    public SamlLoginPages withTry(ConnectionTry tryer) {
        this.tryer = tryer;
        return this;
    }

    /** To the identity provider with an AuthnRequest for this transaction. */
    void start(Context ctx, AuthTransaction tx, Connection c) {
        String requestId = "_" + Ids.alnum(32);
        send(ctx, c, requestId, Json.object().put("p", RELAY).put("tx", tx.id()).put("c", c.id()).put("rid", requestId)
                .put("exp", clock.instant().plus(AuthorizeEndpoint.TRANSACTION_LIFETIME).getEpochSecond()));
    }

    /** The dashboard's try of {@code c}: the same AuthnRequest, its relay naming the administrator instead of a transaction. */
    void startTry(Context ctx, Connection c, String administratorId) {
        String requestId = "_" + Ids.alnum(32);
        send(ctx, c, requestId, Json.object().put("p", RELAY).put("adm", administratorId).put("c", c.id()).put("rid", requestId)
                .put("exp", clock.instant().plus(ConnectionTry.LIFETIME).getEpochSecond()));
    }

    private void send(Context ctx, Connection c, String requestId, ObjectNode relay) {
        SamlRequests.Outgoing out = requests.authnRequest(c, requestId, sealer.seal(Json.write(relay)), clock.instant());
        ctx.header("Cache-Control", "no-store");
        if (out instanceof SamlRequests.Redirect r) {
            // a try starts from a posted form: 303, so that the browser goes on with a GET
            ctx.redirect(r.url(), relay.has("adm") ? HttpStatus.SEE_OTHER : HttpStatus.FOUND);
        } else if (out instanceof SamlRequests.Post p) {
            pages.send(ctx, new AuthorizeOutcome.FormPost(p.action(), p.fields()));
        }
    }

    /** {@code POST /login/callback?connection=NAME}: the assertion consumer service. */
    public void acs(Context ctx) {
        Optional<ObjectNode> relay = open(ctx.formParam("RelayState"), RELAY);
        Optional<Connection> c = Optional.ofNullable(ctx.queryParam("connection")).flatMap(byName).filter(Connection::isSaml);
        if (relay.isEmpty() || c.isEmpty() || !c.get().id().equals(Json.text(relay.get(), "c", ""))) {
            // unsolicited, forged or expired: there is no sign-in in progress this answer may belong to
            pages.error(ctx, 400, dev.atrium.common.OAuthError.INVALID_REQUEST.code(), "This sign-in answer does not belong to a sign-in in progress.");
            return;
        }
        ObjectNode ticket = Json.object().put("p", TICKET).put("tx", Json.text(relay.get(), "tx", "")).put("c", c.get().id())
                .put("exp", clock.instant().plus(TICKET_LIFETIME).getEpochSecond());
        if (relay.get().has("adm") && tryer != null) {
            tryAnswer(ctx, c.get(), relay.get());
            return;
        }
        try {
            SamlResponseValidator.Assertion a = validator.validate(c.get(), ctx.formParam("SAMLResponse"),
                    Json.text(relay.get(), "rid", ""), clock.instant());
            ticket.put("sub", a.nameId());
            ticket.set("claims", SamlProfile.claims(c.get(), a));
        } catch (SamlException e) {
            LOG.warn("saml connection {}: {}", c.get().name(), e.getMessage());
            ticket.put("err", e.getMessage());
        }
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/login/callback/samlp?ticket=" + URLEncoder.encode(sealer.seal(Json.write(ticket)), StandardCharsets.UTF_8),
                HttpStatus.SEE_OTHER);
    }

    /** The answer to a dashboard try, validated in full as a sign-in's, shown to the administrator and stored nowhere. */
    private void tryAnswer(Context ctx, Connection c, ObjectNode relay) {
        String admin = Json.text(relay, "adm", "");
        try {
            SamlResponseValidator.Assertion a = validator.validate(c, ctx.formParam("SAMLResponse"), Json.text(relay, "rid", ""),
                    clock.instant());
            tryer.finish(ctx, c.id(), admin, EnterpriseUsers.preview(c, new OidcRelyingParty.Identity(a.nameId(),
                    SamlProfile.claims(c, a))), null);
        } catch (SamlException e) {
            LOG.warn("trying saml connection {}: {}", c.name(), e.getMessage());
            tryer.finish(ctx, c.id(), admin, null, e.getMessage());
        }
    }

    /** {@code GET /login/callback/samlp?ticket=}: the validated answer, now in the browser that owns the transaction. */
    public void complete(Context ctx) {
        Optional<ObjectNode> ticket = open(ctx.queryParam("ticket"), TICKET);
        Optional<AuthTransaction> found = ticket.flatMap(t -> cookies.existingDevice(ctx)
                .flatMap(d -> authorize.transaction(Json.text(t, "tx", ""), d)));
        if (found.isEmpty() || found.get().authenticated()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        ObjectNode t = ticket.get();
        Optional<Connection> c = authorize.offeredConnections(tx).stream()
                .filter(x -> x.id().equals(Json.text(t, "c", "")) && x.isSaml()).findFirst();
        if (c.isEmpty()) {
            pages.send(ctx, authorize.fail(tx, dev.atrium.common.OAuthError.ACCESS_DENIED, "The connection is no longer available to this application."));
            return;
        }
        if (t.has("err")) {
            pages.send(ctx, authorize.fail(tx, dev.atrium.common.OAuthError.ACCESS_DENIED, Json.text(t, "err", "") + "."));
            return;
        }
        User user = users.signIn(c.get(), new OidcRelyingParty.Identity(Json.text(t, "sub", ""),
                t.get("claims") instanceof ObjectNode o ? o : Json.object()));
        if (user.blocked()) {
            pages.send(ctx, authorize.fail(tx, dev.atrium.common.OAuthError.UNAUTHORIZED, "user is blocked"));
            return;
        }
        pages.signIn(ctx, tx, user, c.get());
    }

    /** {@code GET /samlp/metadata?connection=NAME}. */
    public void metadata(Context ctx) {
        Optional<Connection> c = Optional.ofNullable(ctx.queryParam("connection")).flatMap(byName).filter(Connection::isSaml);
        if (c.isEmpty()) {
            pages.error(ctx, 404, "not_found", "There is no SAML connection of that name.");
            return;
        }
        ctx.status(200).contentType("application/samlmetadata+xml; charset=utf-8").result(requests.metadata(c.get()));
    }

    private Optional<ObjectNode> open(String sealed, String purpose) {
        return sealer.openDocument(sealed, purpose, clock.instant().getEpochSecond(), 8192);
    }
}

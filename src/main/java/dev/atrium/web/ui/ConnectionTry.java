package dev.atrium.web.ui;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.oidc.UpstreamException;
import dev.atrium.enterprise.EnterpriseUsers;
import dev.atrium.enterprise.OidcRelyingParty;
import dev.atrium.web.dashboard.ConnectionTester;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dashboard's "Try" of an enterprise connection ({@link ConnectionTester}). It uses the same relying party, callback
 * and validation as a real sign-in ({@link EnterpriseLoginPages}, {@link SamlLoginPages}), but the upstream state names
 * the administrator who started the try instead of an authorization transaction, and the outcome is the profile a first
 * sign-in would create ({@link EnterpriseUsers#preview}), sealed into a short-lived ticket for the dashboard's try page:
 * no user is created, no session is started, no application is involved.
 */
public final class ConnectionTry implements ConnectionTester {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTry.class);
    static final String STATE = "oidc-try";
    private static final String TICKET = "connection-try";
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final OidcRelyingParty rp;
    private final SecretSealer sealer;
    private final Function<String, Optional<Connection>> byId;
    private final URI callback;
    private final Clock clock;
    private final FrontChannelAnswers answers;
    private SamlLoginPages saml;

    public ConnectionTry(OidcRelyingParty rp, SecretSealer sealer, Function<String, Optional<Connection>> byId, String issuer,
                         Clock clock) {
        this.rp = rp;
        this.sealer = sealer;
        this.byId = byId;
        this.callback = URI.create(issuer + "login/callback");
        this.clock = clock;
        this.answers = new FrontChannelAnswers(sealer, clock);
    }

    /** SAML connections are tried through {@code saml}, which hands its validated answer back to {@link #finish}. */
    public ConnectionTry withSaml(SamlLoginPages saml) {
        this.saml = saml;
        return this;
    }

    @Override
    public void start(Context ctx, Connection c, String administratorId) {
        if (c.isSaml() && saml != null) {
            saml.startTry(ctx, c, administratorId);
            return;
        }
        if (!c.isOidc()) {
            finish(ctx, c.id(), administratorId, null, "Only enterprise connections can be tried here");
            return;
        }
        String nonce = Ids.urlSafe(32);
        String verifier = Ids.urlSafe(48);
        ObjectNode pending = Json.object().put("p", STATE).put("c", c.id()).put("adm", administratorId)
                .put("n", nonce).put("v", verifier).put("r", Ids.urlSafe(16))
                .put("exp", clock.instant().plus(LIFETIME).getEpochSecond());
        try {
            URI to = rp.authorizationRedirect(c, callback, sealer.seal(Json.write(pending)), nonce, verifier, null);
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(to.toString(), HttpStatus.SEE_OTHER);
        } catch (UpstreamException e) {
            LOG.warn("trying enterprise connection {}: {}", c.name(), e.getMessage());
            finish(ctx, c.id(), administratorId, null, "The identity provider is not available: " + e.getMessage());
        }
    }

    /** Whether {@code state} is a live try's (a front-channel answer posted with it is handed on like a sign-in's). */
    boolean owns(String state) {
        return open(state, STATE).isPresent();
    }

    /** {@code GET /login/callback} when {@code state} is a try's: handles it and answers {@code true}. */
    boolean callback(Context ctx, String state) {
        Optional<ObjectNode> found = open(state, STATE);
        if (found.isEmpty()) {
            return false;
        }
        ObjectNode p = found.get();
        String connectionId = Json.text(p, "c", "");
        String admin = Json.text(p, "adm", "");
        Optional<Connection> c = byId.apply(connectionId).filter(Connection::isOidc);
        boolean front = c.isPresent() && dev.atrium.connections.oidc.OidcOptions.frontChannel(c.get().options());
        Optional<FrontChannelAnswers.Answer> answer = front ? answers.open(ctx.queryParam("answer"), state) : Optional.empty();
        String error = answer.map(FrontChannelAnswers.Answer::error).orElse(ctx.queryParam("error"));
        String code = ctx.queryParam("code");
        if (c.isEmpty()) {
            finish(ctx, connectionId, admin, null, "The connection no longer exists");
        } else if (front && answer.isEmpty() && error == null) {
            finish(ctx, connectionId, admin, null, "The identity provider's answer is missing or expired");
        } else if (error != null || (!front && (code == null || code.isEmpty()))) {
            String shown = error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "no code";
            finish(ctx, connectionId, admin, null, "The identity provider did not sign you in (" + shown + ")");
        } else {
            try {
                OidcRelyingParty.Identity identity = front ? rp.frontChannel(c.get(), answer.get().idToken(), Json.text(p, "n", ""))
                        : rp.exchange(c.get(), callback, code, Json.text(p, "v", ""), Json.text(p, "n", ""));
                finish(ctx, connectionId, admin, EnterpriseUsers.preview(c.get(), identity), null);
            } catch (UpstreamException e) {
                LOG.warn("trying enterprise connection {}: {}", c.get().name(), e.getMessage());
                finish(ctx, connectionId, admin, null, e.getMessage());
            }
        }
        return true;
    }

    /** Ends a try: on to the dashboard's try page with the outcome sealed in a ticket. */
    void finish(Context ctx, String connectionId, String administratorId, ObjectNode profile, String error) {
        ObjectNode t = Json.object().put("p", TICKET).put("c", connectionId).put("adm", administratorId)
                .put("exp", clock.instant().plus(LIFETIME).getEpochSecond());
        if (profile != null) {
            t.set("profile", profile);
        } else {
            t.put("err", error);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(ConnectionTester.resultPath(connectionId) + "?ticket="
                + URLEncoder.encode(sealer.seal(Json.write(t)), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    @Override
    public Optional<Outcome> open(String ticket, String connectionId, String administratorId) {
        return open(ticket, TICKET).filter(t -> Json.text(t, "c", "").equals(connectionId) && Json.text(t, "adm", "").equals(administratorId))
                .map(t -> new Outcome(t.get("profile") instanceof ObjectNode o ? o : null,
                        t.get("profile") instanceof ObjectNode ? null : Json.text(t, "err", "The try failed")));
    }

    private Optional<ObjectNode> open(String sealed, String purpose) {
        return sealer.openDocument(sealed, purpose, clock.instant().getEpochSecond(), 16384);
    }
}

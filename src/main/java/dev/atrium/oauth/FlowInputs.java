package dev.atrium.oauth;

import dev.atrium.access.AccessDecision;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.FlowDispatcher;
import dev.atrium.clients.Client;
import dev.atrium.connections.Connection;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.sessions.BrowserSession;
import dev.atrium.sessions.SessionService;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gathers what {@link FlowDispatcher#next} reads about a transaction: the only reads of the dispatcher. The
 * parts that do not depend on the transaction's state (the client, the API, the browser's session) are read
 * once per request in a {@link Context}; the rest is computed from the transaction handed in.
 */
public final class FlowInputs {
    private final ResourceServerStore apis;
    private final SessionService sessions;
    private final UserStore users;
    private final AccessRequestLoader access;
    private final ConsentPolicy consent;
    private final Supplier<Duration> idleLifetime;
    private final Clock clock;
    private final java.util.function.Predicate<AuthTransaction> mfaRequired;

    public FlowInputs(ResourceServerStore apis, SessionService sessions, UserStore users, AccessRequestLoader access,
                      ConsentPolicy consent, Supplier<Duration> idleLifetime, Clock clock,
                      java.util.function.Predicate<AuthTransaction> mfaRequired) {
        this.mfaRequired = mfaRequired;
        this.apis = apis;
        this.sessions = sessions;
        this.users = users;
        this.access = access;
        this.consent = consent;
        this.idleLifetime = idleLifetime;
        this.clock = clock;
    }

    /** What one request reads once: the application, its API, and the browser's live session. */
    record Context(Client client, Optional<ResourceServer> api, Optional<BrowserSession> session) {
        FlowDispatcher.ClientView clientView() {
            return new FlowDispatcher.ClientView(client.usage(), client.requireBehavior());
        }
    }

    Context context(Client client, AuthTransaction tx, Optional<String> sessionCookie) {
        return new Context(client, Optional.ofNullable(tx.request().audience()).flatMap(apis::findByIdentifier),
                sessionCookie.flatMap(cookie -> sessions.current(cookie, idleLifetime.get())));
    }

    /** The dispatcher's input for {@code tx} in this request. */
    FlowDispatcher.Input of(Context ctx, AuthTransaction tx) {
        Client c = ctx.client();
        boolean sessionUsable = !tx.authenticated() && ctx.session().map(s -> usable(s, c, tx)).orElse(false);
        boolean signupAllowed = !tx.authenticated() && access.offeredConnections(c, tx.organizationId(), tx.request().invitation())
                .stream().filter(Connection::isDatabase).anyMatch(conn -> signupAllowed(tx, conn));
        List<String> apiScopes = ctx.api().isEmpty() ? List.of()
                : tx.authenticated() ? consent.scopes(tx, c, ctx.api().get())
                : FlowDispatcher.apiScopes(tx.request().scope());
        boolean consentRequired = consentRequired(ctx, tx, apiScopes);
        boolean consentCovered = tx.authenticated() && consentRequired
                && consent.stored(tx, ctx.api().get()).map(g -> g.covers(apiScopes)).orElse(false);
        AccessDecision decision = tx.authenticated() && !tx.accessGranted()
                ? access.decide(c, tx.userId(), tx.connectionId(), tx.organizationId(), tx.personal(), tx.request().invitation())
                : null;
        return new FlowDispatcher.Input(tx, ctx.clientView(),
                ctx.session().map(s -> new FlowDispatcher.SessionView(s.userId(), s.connectionId(), s.authTime(), s.sid())).orElse(null),
                sessionUsable, decision, consentRequired, consentCovered, signupAllowed, clock.instant(),
                tx.authenticated() && mfaRequired(tx));
    }

    /** MFA (issue 12): the policy (tenant, request, organization, enrollment) asks this sign-in for a second factor. */
    boolean mfaRequired(AuthTransaction tx) {
        return mfaRequired.test(tx);
    }

    boolean consentRequired(Context ctx, AuthTransaction tx) {
        return ctx.api().isPresent() && consentRequired(ctx, tx, tx.authenticated()
                ? consent.scopes(tx, ctx.client(), ctx.api().get()) : FlowDispatcher.apiScopes(tx.request().scope()));
    }

    private static boolean consentRequired(Context ctx, AuthTransaction tx, List<String> apiScopes) {
        return !apiScopes.isEmpty() && ConsentPolicy.required(ctx.client(), ctx.api().get(), tx.request());
    }

    /** Sign-up through a connection: the organization's {@code is_signup_enabled} decides in organization context (O58, O78). */
    boolean signupAllowed(AuthTransaction tx, Connection connection) {
        return access.signupAllowed(tx.organizationId(), connection, tx.request().invitation() != null);
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
        return access.offeredConnections(client, tx.organizationId(), tx.request().invitation()).stream()
                .map(Connection::id).anyMatch(s.connectionId()::equals);
    }
}

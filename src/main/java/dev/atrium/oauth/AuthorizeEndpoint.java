package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.access.AccessDecision;
import dev.atrium.authflow.AuthRequest;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.AuthTransactionStore;
import dev.atrium.authflow.FlowDispatcher;
import dev.atrium.authflow.FlowStep;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.Ids;
import dev.atrium.connections.Connection;
import dev.atrium.sessions.BrowserSession;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /authorize} and the return of every hosted page to the flow ({@code /authorize/resume}): a
 * shell. It validates the request, stores it as an {@link AuthTransaction}, applies the dispatcher's
 * transitions (session adoption, then the access decision's effects: each at most once, in that order),
 * and carries out the one step that remains: a page, an error, or the code. The reads live in
 * {@link FlowInputs}, the writes of the decision in {@link AccessEffects}, consent in {@link ConsentPolicy},
 * the code in {@link CodeIssuer}; the organization and third-party rules in {@code access}, reached through
 * {@link AccessRequestLoader}.
 *
 * <p>Every change of organization on a transaction (the {@code organization} parameter here, the pre-login
 * prompt, the post-login picker and "continue with a personal account" in {@link OrganizationChoices}) passes
 * the same gates ({@link AccessRequestLoader#beforeLogin}) and clears the earlier decision and consent; once
 * the organization is settled no page may change it.
 *
 * <p>Specifications: RFC 6749 §4.1; RFC 7636; OpenID Connect Core §3.1.2; OAuth 2.0 Form Post Response Mode;
 * RFC 9207 ({@code iss} in every authorization response); api-contract.md §A.5.
 */
public final class AuthorizeEndpoint {
    public static final Duration TRANSACTION_LIFETIME = Duration.ofMinutes(30);

    private final AuthorizeRequestValidator validator;
    private final AuthTransactionStore transactions;
    private final ClientStore clients;
    private final OrganizationDirectory organizations;
    private final AccessRequestLoader access;
    private final FlowInputs inputs;
    private final AccessEffects effects;
    private final ConsentPolicy consent;
    private final CodeIssuer codes;
    private final AuthorizeResponses responses;
    private final TenantView tenant;
    private final Clock clock;
    private final OrganizationChoices choices;
    /** Where refused consents are recorded (tenant logs, issue 19); set once, at wiring. */
    private dev.atrium.logs.EventLog log = dev.atrium.logs.EventLog.NONE;

    /** Records refused consents in the tenant log from now on; returns this endpoint. */
    public AuthorizeEndpoint recordingTo(dev.atrium.logs.EventLog log) {
        this.log = log;
        return this;
    }

    /** The tenant flags the flow reads. */
    public interface TenantView {
        /** {@code allow_organization_name_in_authentication_api} (O30). */
        boolean allowOrganizationNames();
    }

    /** The collaborators of the shell, each a small class of its own. */
    public record Parts(FlowInputs inputs, AccessEffects effects, ConsentPolicy consent, CodeIssuer codes,
                        AuthorizeResponses responses) {
    }

    public AuthorizeEndpoint(AuthorizeRequestValidator validator, AuthTransactionStore transactions, ClientStore clients,
                             OrganizationDirectory organizations, AccessRequestLoader access, Parts parts, TenantView tenant,
                             Clock clock) {
        this.validator = validator;
        this.transactions = transactions;
        this.clients = clients;
        this.organizations = organizations;
        this.access = access;
        this.inputs = parts.inputs();
        this.effects = parts.effects();
        this.consent = parts.consent();
        this.codes = parts.codes();
        this.responses = parts.responses();
        this.tenant = tenant;
        this.clock = clock;
        this.choices = new OrganizationChoices(transactions, clients, organizations, access, responses, this::pickerChoices);
    }

    /** {@code GET /authorize}. {@code deviceId}: the browser's binding cookie; {@code sessionCookie}: its SSO cookie, if any. */
    public AuthorizeOutcome start(Map<String, String> params, String deviceId, Optional<String> sessionCookie) {
        AuthorizeRequestValidator.Target target;
        try {
            target = validator.target(params, o -> organizations.resolve(o, tenant.allowOrganizationNames())
                    .map(OrganizationDirectory.Org::name));
        } catch (AuthorizeError e) {
            return new AuthorizeOutcome.ErrorPage(400, e.error(), e.description());
        }
        AuthTransaction tx;
        try {
            AuthRequest request = validator.validate(target, params).request();
            tx = AuthTransaction.start(Ids.alnum(32), deviceId, request, clock.instant(), TRANSACTION_LIFETIME,
                    organizationOf(target.client(), request));
        } catch (AuthorizeError e) {
            if (e.reason() != null) {
                // a rule refused the request itself (the gates' refusals are recorded by the loader)
                log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.LOGIN_FAILED, e.description())
                        .client(target.client().clientId(), target.client().name()).reason(e.reason()).detail("error", e.error().code())
                        .detail("inputs", dev.atrium.common.Json.object().put("client_id", target.client().clientId())
                                .put("organization_usage", target.client().organizationUsage())
                                .put("organization_id", params.get("organization")))
                        .organization(params.get("organization"), null));
            }
            return responses.error(target.client(), target.redirectUri(), target.responseMode(), target.state(), e.error(), e.description());
        }
        transactions.create(tx);
        return dispatch(tx, sessionCookie);
    }

    /**
     * The organization named by {@code organization} (and vouched for by {@code invitation}), through the gates
     * every organization passes before anything is shown (E3 unknown; E1, X10, X11, E8 in the gates; E6/E14 invitations).
     */
    private String organizationOf(Client client, AuthRequest req) {
        if (req.invitation() != null) {
            if (client.isThirdParty()) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "parameter invitation is not allowed for third-party applications");
            }
            if (req.organization() == null) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "parameter organization is required with invitation");
            }
        }
        if (req.organization() == null) {
            access.beforeLogin(client, null, req.connection()).ifPresent(deny -> {
                throw AuthorizeError.redirect(deny.error(), deny.description());
            });
            return null;
        }
        OrganizationDirectory.Org org = organizations.resolve(req.organization(), tenant.allowOrganizationNames())
                .orElseThrow(() -> AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "parameter organization is invalid: " + req.organization()));
        Optional<AccessDecision.Deny> gate = access.beforeLogin(client, org, req.connection());
        if (gate.isPresent()) {
            throw AuthorizeError.redirect(gate.get().error(), gate.get().description());
        }
        if (req.invitation() != null) {
            OrganizationDirectory.Invitation inv = organizations.invitation(req.invitation())
                    .filter(i -> i.organizationId().equals(org.id()))
                    .filter(i -> i.expiresAt().isAfter(clock.instant()))
                    .orElseThrow(() -> invitationRefused(client, org, "invitation_invalid", "invitation not found or expired"));
            if (inv.connectionId() != null && req.connection() == null
                    && organizations.connection(org.id(), inv.connectionId()).isEmpty()) {
                throw invitationRefused(client, org, "invitation_connection_not_enabled",
                        "the connection of the invitation is not enabled for the organization");
            }
        }
        return org.id();
    }

    /**
     * Records an invitation refused at {@code /authorize} ({@code fi}, O77) and returns the error that says why. The
     * ticket is not recorded: it is what lets its holder accept the invitation.
     */
    private AuthorizeError invitationRefused(Client client, OrganizationDirectory.Org org, String reason, String why) {
        log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.INVITATION_REFUSED, why).reason(reason)
                .client(client.clientId(), client.name()).organization(org.id(), org.name()));
        return AuthorizeError.redirect(OAuthError.INVALID_REQUEST, why);
    }

    /** The changes of organization the prompt and the picker ask for. */
    public OrganizationChoices organizationChoices() {
        return choices;
    }

    // ---- the flow

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
        return new AuthorizeOutcome.ErrorPage(400, OAuthError.INVALID_REQUEST,
                "This sign-in has expired or was started in another browser. Go back to the application and start again.");
    }

    /** issue 11: a step outside Atrium (an enterprise identity provider) failed: the flow ends with this error. */
    public AuthorizeOutcome fail(AuthTransaction tx, OAuthError error, String description) {
        transactions.delete(tx.id());
        return responses.error(tx, error, description);
    }

    /** The user declined consent: the flow ends with {@code access_denied}. */
    public AuthorizeOutcome deny(AuthTransaction tx) {
        transactions.delete(tx.id());
        log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.CONSENT_REFUSED, "User did not authorize the request")
                .client(tx.request().clientId(), null).user(tx.userId(), null).audience(tx.request().audience())
                .organization(tx.organizationId(), null).reason("consent_refused"));
        return responses.error(tx, OAuthError.ACCESS_DENIED, "User did not authorize the request");
    }

    /**
     * Applies the transitions the dispatcher asks for (at most one session adoption, then at most one
     * recording of the access decision: each changes the state it depends on, so neither can recur) and
     * carries out the step that remains.
     */
    private AuthorizeOutcome dispatch(AuthTransaction start, Optional<String> sessionCookie) {
        Optional<Client> client = clients.find(start.request().clientId());
        if (client.isEmpty()) {
            transactions.delete(start.id());
            return new AuthorizeOutcome.ErrorPage(400, OAuthError.INVALID_REQUEST, "The application no longer exists.");
        }
        FlowInputs.Context ctx = inputs.context(client.get(), start, sessionCookie);
        AuthTransaction tx = start;
        FlowStep step = FlowDispatcher.next(inputs.of(ctx, tx));
        try {
            if (step instanceof FlowStep.AdoptSession) {
                BrowserSession s = ctx.session().orElseThrow();
                tx = tx.authenticated(s.userId(), s.connectionId(), s.authTime(), s.sid(), false);
                step = FlowDispatcher.next(inputs.of(ctx, tx));
            }
            if (step instanceof FlowStep.ApplyAccess a) {
                tx = effects.apply(tx, a);
                step = FlowDispatcher.next(inputs.of(ctx, tx));
            }
        } catch (AuthorizeError e) {
            transactions.delete(tx.id());
            return responses.error(tx, e.error(), e.description());
        }
        if (tx != start) {
            transactions.update(tx);
        }
        return carryOut(step, ctx, tx);
    }

    private AuthorizeOutcome carryOut(FlowStep step, FlowInputs.Context ctx, AuthTransaction tx) {
        if (step instanceof FlowStep.Page page) {
            return new AuthorizeOutcome.Screen(page.screen(), tx.id());
        }
        transactions.delete(tx.id());
        if (step instanceof FlowStep.Fail f) {
            return responses.error(tx, f.error(), f.description());
        }
        if (step instanceof FlowStep.IssueCode) {
            return codes.issue(tx, ctx.client(), ctx.api(), inputs.consentRequired(ctx, tx));
        }
        throw new IllegalStateException("a transition the dispatcher asked for twice: " + step);
    }

    // ---- what the hosted pages show

    /** The API scopes the consent screen asks for: what the flow could grant before consent (T47, T67). */
    public List<String> consentScopes(AuthTransaction tx) {
        Optional<Client> client = clients.find(tx.request().clientId());
        FlowInputs.Context ctx = client.map(c -> inputs.context(c, tx, Optional.empty())).orElse(null);
        if (ctx == null || ctx.api().isEmpty() || !tx.authenticated()) {
            return List.of();
        }
        return consent.scopes(tx, ctx.client(), ctx.api().get());
    }

    /** The connections the login page offers (entry point 3 of {@code access}). */
    public List<Connection> offeredConnections(AuthTransaction tx) {
        return clients.find(tx.request().clientId())
                .map(c -> access.offeredConnections(c, tx.organizationId(), tx.request().invitation())).orElse(List.of());
    }

    /** Sign-up through a connection: the organization's {@code is_signup_enabled} decides in organization context (O58, O78). */
    public boolean signupAllowed(AuthTransaction tx, Connection connection) {
        return access.signupAllowed(tx.organizationId(), connection, tx.request().invitation() != null);
    }

    /** The offered connections the login page may use without being asked for one by name (O55, O56). */
    public List<Connection> shownConnections(AuthTransaction tx) {
        return clients.find(tx.request().clientId()).map(c -> access.shownConnections(c, tx.organizationId(),
                tx.request().invitation(), tx.request().connection())).orElse(List.of());
    }

    /** O56 (E7): in an organization, connections are enabled but none may be shown and none was named. */
    public boolean nothingVisible(AuthTransaction tx) {
        return clients.find(tx.request().clientId()).map(c -> access.nothingVisible(c, tx.organizationId(),
                tx.request().invitation(), tx.request().connection())).orElse(false);
    }

    /** The organizations offered on the picker, with their names. */
    public List<OrganizationDirectory.Org> pickerChoices(AuthTransaction tx) {
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty() || tx.userId() == null) {
            return List.of();
        }
        AccessDecision d = access.decide(client.get(), tx.userId(), tx.connectionId(), tx.organizationId(), tx.personal(),
                tx.request().invitation());
        if (!(d instanceof AccessDecision.ChooseOrganization choose)) {
            return List.of();
        }
        return choose.candidates().stream().map(id -> organizations.resolve(id, false)).flatMap(Optional::stream).toList();
    }

    /** MFA (issue 12): the policy asks {@code tx} (authenticated) for a second factor it has not passed yet. */
    public boolean secondFactorPending(AuthTransaction tx) {
        return !tx.mfaDone() && inputs.mfaRequired(tx);
    }

    public OrganizationDirectory organizations() {
        return organizations;
    }
}

package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.access.ReasonCode;
import dev.atrium.authflow.AuthRequest;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.clients.Client;
import dev.atrium.common.Ids;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.AuthorizationCodeStore;
import dev.atrium.tokens.ScopePolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The last step of a sign-in: the scopes granted, the organization decision asked once more, and the
 * one-time code stored (only its hash) for the exchange, and the ID token when the response type returns one
 * through the browser (with {@code c_hash} beside a code).
 */
public final class CodeIssuer {
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    private final AuthorizationCodeStore codes;
    private final ConsentPolicy consent;
    private final AccessRequestLoader access;
    private final AuthorizeResponses responses;
    private final Clock clock;
    private final FrontChannelIdTokens idTokens;
    private EventLog log = EventLog.NONE;

    /** Mints the ID token of a response type that returns one through the browser; {@code code} is null without a code. */
    @FunctionalInterface
    public interface FrontChannelIdTokens {
        String mint(Client client, AuthTransaction tx, List<String> grantedScope, String code);
    }

    public CodeIssuer(AuthorizationCodeStore codes, ConsentPolicy consent, AccessRequestLoader access,
                      AuthorizeResponses responses, FrontChannelIdTokens idTokens, Clock clock) {
        this.idTokens = idTokens;
        this.codes = codes;
        this.consent = consent;
        this.access = access;
        this.responses = responses;
        this.clock = clock;
    }

    /** Records the refusals of code issuance (the organization re-check, the scope policy) from now on; returns this. */
    public CodeIssuer recordingTo(EventLog log) {
        this.log = log;
        return this;
    }

    /** The {@code f} event of a refusal at code issuance, with its reason and the inputs the check saw. */
    private static LogEvent.Builder refusal(AuthTransaction tx, Client client, Optional<ResourceServer> api, ReasonCode reason,
                                            String description) {
        return LogEvent.of(LogTypes.LOGIN_FAILED, description)
                .client(client.clientId(), client.name())
                .user(tx.userId(), null)
                .organization(tx.organizationId(), null)
                .audience(api.map(ResourceServer::identifier).orElse(null))
                .scope(String.join(" ", tx.request().scope()))
                .reason(reason.code())
                .detail("error", OAuthError.ACCESS_DENIED.code())
                .detail("inputs", dev.atrium.common.Json.object().put("client_id", client.clientId())
                        .put("third_party", client.isThirdParty())
                        .put("organization_id", tx.organizationId())
                        .put("audience", api.map(ResourceServer::identifier).orElse(null))
                        .put("user_policy", api.map(a -> a.userPolicy().wire()).orElse(null)));
    }

    /** The code, or the error that ends the flow. The caller has already deleted the transaction. */
    AuthorizeOutcome issue(AuthTransaction tx, Client client, Optional<ResourceServer> api, boolean consentRequired) {
        AuthRequest req = tx.request();
        Optional<ReasonCode> refused = tx.organizationId() == null ? Optional.empty()
                : access.reaffirmation(client, tx.userId(), tx.connectionId(), tx.organizationId());
        if (refused.isPresent()) {
            // membership re-checked when the code is issued: a user removed from the organization (or an organization
            // gone, or its connection switched off) since the decision gets no code for it
            String description = "user " + tx.userId() + " is not a member of organization " + tx.organizationId();
            log.record(refusal(tx, client, api, refused.get(), description));
            return responses.error(tx, OAuthError.ACCESS_DENIED, description);
        }
        ScopePolicy.Result result = ScopePolicy.grant(client, api, req.scope(), api.flatMap(a -> consent.userGrant(client, a)),
                api.flatMap(a -> consent.permissionsOf(tx, a)), consent.consented(tx, api, consentRequired));
        if (result.deniedReason().isPresent()) {
            result.deniedCode().ifPresent(code -> log.record(refusal(tx, client, api, code, result.deniedReason().get())));
            return responses.error(tx, OAuthError.ACCESS_DENIED, result.deniedReason().get());
        }
        if (!req.returnsCode()) {
            // response_type=id_token: nothing is stored, nothing can be exchanged later
            return responses.success(tx, null, idTokens.mint(client, tx, result.granted(), null));
        }
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        codes.create(AuthorizationCode.issue(SessionService.sha256(code),
                new AuthorizationCode.Grant(client.clientId(), req.redirectUriSent() ? req.redirectUri() : null, result.granted(),
                        req.audience(), req.nonce(), req.codeChallenge(), req.codeChallengeMethod(), req.maxAge() != null),
                new AuthorizationCode.Subject(tx.userId(), tx.connectionId(), tx.authTime(), tx.sid(), tx.organizationId()),
                clock.instant(), CODE_LIFETIME));
        return responses.success(tx, code, req.returnsIdToken() ? idTokens.mint(client, tx, result.granted(), code) : null);
    }
}

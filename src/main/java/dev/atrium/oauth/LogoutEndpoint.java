package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.RedirectTargets;
import dev.atrium.keys.KeyService;
import dev.atrium.tenant.TenantStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two logout endpoints. {@code /v2/logout} (Auth0): ends the session and returns to
 * {@code returnTo} when it is one of the client's (or, without {@code client_id}, the tenant's)
 * allowed logout URLs. {@code /oidc/logout} (RP-initiated): the {@code id_token_hint} must be an ID
 * token we signed for a known application (expired is fine; see {@link #verifyHint} for how an ID token
 * is told from an access token); {@code client_id} must match its audience; the
 * {@code post_logout_redirect_uri} must be allowed; without a hint the user confirms first.
 * An unlisted URL is never redirected to, nor a listed one that fails {@link RedirectTargets} (it may
 * have been stored before that rule).
 *
 * <p>Specifications: OpenID Connect RP-Initiated Logout 1.0 §2–3; Auth0 "Log Users Out of Auth0"; api-contract.md §A.10.
 */
public final class LogoutEndpoint {
    private final ClientStore clients;
    private final TenantStore tenant;
    private final KeyService keys;
    private final String issuer;

    /** What to do after the session is ended. */
    public sealed interface Result {
        record Redirect(String location) implements Result {
        }

        /** The "you are signed out" page. */
        record LoggedOut() implements Result {
        }

        /** Ask the person to confirm (no {@code id_token_hint}). */
        record Confirm() implements Result {
        }

        record Error(String error, String description) implements Result {
        }
    }

    /** The decision plus the session to end ({@code sid} from the hint, when given). */
    public record Decision(Result result, boolean endSession, Optional<String> sid) {
    }

    public LogoutEndpoint(ClientStore clients, TenantStore tenant, KeyService keys, String issuer) {
        this.clients = clients;
        this.tenant = tenant;
        this.keys = keys;
        this.issuer = issuer;
    }

    /** X20 (T100): strict third-party applications end sessions with /oauth/revoke, never through a logout endpoint. */
    private Optional<Decision> thirdParty(String clientId) {
        if (clientId != null && clients.find(clientId).map(Client::isStrictThirdParty).orElse(false)) {
            return Optional.of(new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "logout is not supported for third-party clients"),
                    false, Optional.empty()));
        }
        return Optional.empty();
    }

    public Decision v2(Map<String, String> p) {
        String returnTo = p.get("returnTo");
        String clientId = p.get("client_id");
        Optional<Decision> refused = thirdParty(clientId);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<String> allowed;
        if (clientId != null && !clientId.isEmpty()) {
            Optional<Client> client = clients.find(clientId);
            if (client.isEmpty()) {
                return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "Unknown client: " + clientId), true, Optional.empty());
            }
            allowed = client.get().allowedLogoutUrls();
            if (returnTo == null || returnTo.isEmpty()) {
                // the first listed URL, only if it still passes today's rule (it may predate it)
                Optional<String> first = allowed.stream().findFirst()
                        .filter(u -> RedirectTargets.allowed(RedirectTargets.Kind.LOGOUT_URL, u));
                return new Decision(first.<Result>map(Result.Redirect::new).orElseGet(Result.LoggedOut::new), true, Optional.empty());
            }
        } else {
            allowed = dev.atrium.common.Json.stringList(tenant.get().doc().get("allowed_logout_urls"));
        }
        if (returnTo == null || returnTo.isEmpty()) {
            return new Decision(new Result.LoggedOut(), true, Optional.empty());
        }
        if (!allowed.contains(returnTo) || !RedirectTargets.allowed(RedirectTargets.Kind.LOGOUT_URL, returnTo)) {
            return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(),
                    "The returnTo URL \"" + returnTo + "\" is not in the list of allowed logout URLs."), true, Optional.empty());
        }
        return new Decision(new Result.Redirect(returnTo), true, Optional.empty());
    }

    public Decision oidc(Map<String, String> p, boolean confirmed) {
        String hint = p.get("id_token_hint");
        String clientId = p.get("client_id");
        String redirect = p.get("post_logout_redirect_uri");
        Optional<Decision> refused = thirdParty(clientId);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (clientId != null && !clientId.isEmpty() && clients.find(clientId).isEmpty()) {
            return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "Unknown client: " + clientId), false, Optional.empty());
        }
        Optional<JWTClaimsSet> claims = Optional.empty();
        if (hint != null && !hint.isEmpty()) {
            claims = verifyHint(hint);
            if (claims.isEmpty()) {
                return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "The id_token_hint is not a valid ID token of this issuer."), false, Optional.empty());
            }
            List<String> aud = claims.get().getAudience();
            if (clientId != null && !clientId.isEmpty() && !aud.contains(clientId)) {
                return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "client_id does not match the audience of id_token_hint."), false, Optional.empty());
            }
            if (clientId == null || clientId.isEmpty()) {
                clientId = aud.isEmpty() ? null : aud.get(0);
            }
            String logoutHint = p.get("logout_hint");
            Object sid = claims.get().getClaim("sid");
            if (logoutHint != null && !logoutHint.isEmpty() && !logoutHint.equals(sid)) {
                return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(), "logout_hint does not match the session of id_token_hint."), false, Optional.empty());
            }
        } else if (!confirmed) {
            return new Decision(new Result.Confirm(), false, Optional.empty());
        }
        Optional<String> sid = claims.map(c -> c.getClaim("sid")).filter(String.class::isInstance).map(String.class::cast);
        if (redirect == null || redirect.isEmpty()) {
            return new Decision(new Result.LoggedOut(), true, sid);
        }
        Optional<Client> client = clientId == null ? Optional.empty() : clients.find(clientId);
        if (client.isEmpty() || !client.get().allowedLogoutUrls().contains(redirect)
                || !RedirectTargets.allowed(RedirectTargets.Kind.LOGOUT_URL, redirect)) {
            return new Decision(new Result.Error(OAuthError.INVALID_REQUEST.code(),
                    "The post_logout_redirect_uri \"" + redirect + "\" is not in the list of allowed logout URLs of the application."),
                    true, sid);
        }
        String state = p.get("state");
        String location = state == null || state.isEmpty() ? redirect
                : redirect + (redirect.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        return new Decision(new Result.Redirect(location), true, sid);
    }

    /**
     * An ID token this issuer signed for a known application; expired is fine. What makes it an ID token
     * rather than any other JWT Atrium signs: a {@code typ} header that is absent or {@code JWT} (never
     * {@code at+jwt}), exactly one audience that is the id of an existing application, a {@code sub} and
     * {@code iat}, and none of the claims every Atrium access token carries ({@code scope}) or that mark
     * one ({@code gty}, {@code permissions}, {@code client_id}). An access token, even one for an API whose
     * identifier equals a client id, always has {@code scope}, so it never passes.
     */
    private Optional<JWTClaimsSet> verifyHint(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<JWK> key = keys.verificationKey(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !(key.get() instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) {
                return Optional.empty();
            }
            JOSEObjectType typ = jwt.getHeader().getType();
            if (typ != null && !JOSEObjectType.JWT.equals(typ)) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!issuer.equals(c.getIssuer()) || c.getSubject() == null || c.getIssueTime() == null
                    || c.getAudience() == null || c.getAudience().size() != 1) {
                return Optional.empty();
            }
            for (String accessTokenClaim : List.of("scope", "gty", "permissions", "client_id")) {
                if (c.getClaim(accessTokenClaim) != null) {
                    return Optional.empty();
                }
            }
            return clients.find(c.getAudience().get(0)).isPresent() ? Optional.of(c) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

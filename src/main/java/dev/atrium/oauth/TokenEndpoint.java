package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.clients.Client;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
import dev.atrium.oauth.grants.GrantHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /oauth/token} as a fixed pipeline (ARCHITECTURE.md §5.5): read the grant type, find
 * its handler, authenticate the client, check that the client may use the grant, then let the
 * handler issue. The order is the endpoint's, never a handler's. The pipeline is also the one place
 * exchanges are logged ({@code seccft}/{@code feccft}, {@code seacft}/{@code feacft},
 * {@code sertft}/{@code fertft}): the log reads the issued access token's claims, never the tokens.
 *
 * <p>Specifications: RFC 6749 §3.2, §5; api-contract.md §A.6.
 */
public final class TokenEndpoint {
    private static final Map<String, String[]> LOG_TYPES = Map.of(
            "client_credentials", new String[]{LogTypes.CLIENT_CREDENTIALS_EXCHANGE, LogTypes.CLIENT_CREDENTIALS_EXCHANGE_FAILED,
                    "Client Credentials for Access Token"},
            "authorization_code", new String[]{LogTypes.CODE_EXCHANGE, LogTypes.CODE_EXCHANGE_FAILED,
                    "Authorization Code for Access Token"},
            "refresh_token", new String[]{LogTypes.REFRESH_EXCHANGE, LogTypes.REFRESH_EXCHANGE_FAILED,
                    "Refresh Token for Access Token"});

    private final ClientAuthenticator authenticator;
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();
    private final EventLog log;

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers) {
        this(authenticator, handlers, EventLog.NONE);
    }

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers, EventLog log) {
        this.authenticator = authenticator;
        handlers.forEach(h -> this.handlers.put(h.grantType(), h));
        this.log = log;
    }

    static OAuthException notAllowed(String grantType) {
        return OAuthException.refused(403, dev.atrium.access.ReasonCode.GRANT_TYPE_NOT_ALLOWED,
                "Grant type '" + grantType + "' not allowed for the client.");
    }

    public ObjectNode handle(OAuthRequest request) {
        String grantType = request.required("grant_type");
        GrantHandler handler = handlers.get(grantType);
        if (handler == null) {
            throw new OAuthException(400, OAuthError.UNSUPPORTED_GRANT_TYPE, "Grant type not supported");
        }
        Client client = null;
        try {
            // a public client is authenticated like one, then refused the grant it may not use (X14), not answered 401
            client = authenticator.authenticate(request, true);
            if (!client.grantTypes().contains(grantType) || (client.isPublic() && !handler.allowsPublicClients())) {
                throw notAllowed(grantType);
            }
            ObjectNode response = handler.handle(request, client);
            logSuccess(grantType, request, client, response);
            return response;
        } catch (OAuthException e) {
            logFailure(grantType, request, client, e);
            throw e;
        }
    }

    private void logSuccess(String grantType, OAuthRequest request, Client client, ObjectNode response) {
        String[] types = LOG_TYPES.get(grantType);
        if (types == null) {
            return;
        }
        LogEvent.Builder e = LogEvent.of(types[0], types[2]).client(client.clientId(), client.name());
        if (grantType.equals("client_credentials")) {
            // the hot path: what the request named and the handler decided, without reading the token back (O120: the
            // organization's id and name, whether the request named it by id or name or the client's default chose it)
            e.audience(request.param("audience").orElse(null));
            e.organization(request.decided().get(OAuthRequest.ORGANIZATION_ID), request.decided().get(OAuthRequest.ORGANIZATION_NAME));
        } else {
            JsonNode at = response.get("access_token");
            try {
                JWTClaimsSet claims = at == null ? null : SignedJWT.parse(at.asString()).getJWTClaimsSet();
                if (claims != null) {
                    e.user(claims.getSubject(), null);
                    List<String> aud = claims.getAudience();
                    e.audience(aud.isEmpty() ? null : aud.get(0));
                    e.organization(claims.getStringClaim("org_id"), claims.getStringClaim("org_name"));
                }
            } catch (java.text.ParseException | RuntimeException ignored) {
                // an opaque access token (no audience): nothing more to read
            }
        }
        JsonNode scope = response.get("scope");
        e.scope(scope == null ? request.param("scope").orElse(null) : scope.asString());
        log.record(e);
    }

    private void logFailure(String grantType, OAuthRequest request, Client client, OAuthException error) {
        String[] types = LOG_TYPES.get(grantType);
        if (types == null) {
            return;
        }
        LogEvent.Builder e = LogEvent.of(types[1], error.description())
                .audience(request.param("audience").orElse(null))
                .scope(request.param("scope").orElse(null))
                .detail("error", error.error().code())
                .detail("error_description", error.description())
                .reason(error.reason());
        if (client != null) {
            e.client(client.clientId(), client.name());
        } else {
            e.client(request.param("client_id").orElse(null), null);
        }
        request.param("organization").ifPresent(o -> e.detail("organization", o));
        log.record(e);
    }
}

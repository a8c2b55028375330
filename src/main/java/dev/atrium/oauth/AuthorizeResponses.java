package dev.atrium.oauth;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.OAuthError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an authorization response leaves Atrium: to the client's checked redirect URI in its response mode,
 * with {@code iss} always (RFC 9207), or as a page when the client protects its redirects.
 */
public final class AuthorizeResponses {
    private final ClientStore clients;
    private final String issuer;

    public AuthorizeResponses(ClientStore clients, String issuer) {
        this.clients = clients;
        this.issuer = issuer;
    }

    AuthorizeOutcome error(AuthTransaction tx, OAuthError error, String description) {
        Client client = clients.find(tx.request().clientId()).orElse(null);
        return error(client, tx.request().redirectUri(), tx.request().responseMode(), tx.request().state(), error, description);
    }

    /** An error for a known client and redirect URI: back to the client, or a page under open-redirect protection. */
    AuthorizeOutcome error(Client client, String redirectUri, String mode, String state, OAuthError error,
                           String description) {
        if (client != null && client.protectsRedirects()) {
            return new AuthorizeOutcome.ErrorPage(400, error, description);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.code());
        params.put("error_description", description);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        return respond(redirectUri, mode, params);
    }

    /** A successful response carrying {@code code}, {@code id_token} or both (either may be null). */
    AuthorizeOutcome success(AuthTransaction tx, String code, String idToken) {
        Map<String, String> params = new LinkedHashMap<>();
        if (code != null) {
            params.put("code", code);
        }
        if (idToken != null) {
            params.put("id_token", idToken);
        }
        if (tx.request().state() != null) {
            params.put("state", tx.request().state());
        }
        params.put("iss", issuer);
        return respond(tx.request().redirectUri(), tx.request().responseMode(), params);
    }

    private static AuthorizeOutcome respond(String redirectUri, String mode, Map<String, String> params) {
        if ("form_post".equals(mode)) {
            return new AuthorizeOutcome.FormPost(redirectUri, params);
        }
        StringBuilder sb = new StringBuilder(redirectUri);
        char sep = "fragment".equals(mode) ? '#' : redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return new AuthorizeOutcome.Redirect(sb.toString());
    }
}

package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthRequest;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.clients.ClientStore;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of an {@code /authorize} request, one method each, in the order that matters: the
 * client and the exact redirect URI first (errors before that are pages, never redirects, so an
 * attacker cannot bounce a browser through Atrium), then everything else (errors go back to the client).
 *
 * <p>Specifications: RFC 6749 §3.1.2.3, §4.1.2.1; RFC 7636 §4.4.1; OpenID Connect Core §3.1.2.2;
 * api-contract.md §A.5 (processing order).
 */
public final class AuthorizeRequestValidator {
    static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");

    /** T32 (with §5 C8): the only parameters a strict third-party application may send; {@code ext-*} also passes. */
    static final Set<String> STRICT_PARAMETERS = Set.of("acr_values", "audience", "authorization_details", "client_id",
            "code_challenge", "code_challenge_method", "connection", "correlation_id", "display", "dpop_jkt", "login_hint",
            "max_age", "nonce", "prompt", "redirect_uri", "resource", "response_type", "scope", "state", "ui_locales",
            "organization", "response_mode", "auth0Client");

    private final ClientStore clients;
    private final ResourceServerStore apis;
    private final ClientGrantStore grants;
    private final AccessRequestLoader access;

    /** The client and the validated request. */
    public record Validated(Client client, AuthRequest request, Optional<ResourceServer> api) {
    }

    public AuthorizeRequestValidator(ClientStore clients, ResourceServerStore apis, ClientGrantStore grants,
                                     AccessRequestLoader access) {
        this.clients = clients;
        this.apis = apis;
        this.grants = grants;
        this.access = access;
    }

    /** The client and redirect URI, validated before anything can be redirected. */
    public record Target(Client client, String redirectUri, boolean redirectUriSent, String responseMode, String state) {
    }

    public Target target(Map<String, String> p) {
        return target(p, organization -> Optional.empty());
    }

    /**
     * As {@link #target(Map)}; {@code organizationName} resolves the request's {@code organization} parameter to the
     * organization's name, which fills a {@code {organization_name}} callback (O18, O19) for an application that uses
     * organizations. Without an organization, or for an unknown one, such a callback matches nothing.
     */
    public Target target(Map<String, String> p, java.util.function.Function<String, Optional<String>> organizationName) {
        String clientId = p.get("client_id");
        if (clientId == null || clientId.isEmpty()) {
            throw AuthorizeError.page(OAuthError.INVALID_REQUEST, "Missing required parameter: client_id");
        }
        Client client = clients.find(clientId)
                .orElseThrow(() -> AuthorizeError.page(OAuthError.INVALID_REQUEST, "Unknown client: " + clientId));
        String redirectUri = p.get("redirect_uri");
        boolean sent = redirectUri != null && !redirectUri.isEmpty();
        if (!sent) {
            // OpenID Connect requires it (Core §3.1.2.1); for plain OAuth, Auth0 falls back to the registered
            // callback, which we allow only when there is exactly one (RFC 6749 §3.1.2.3)
            if (client.callbacks().size() != 1 || scope(p).contains("openid")) {
                throw AuthorizeError.page(OAuthError.INVALID_REQUEST, "Missing required parameter: redirect_uri");
            }
            redirectUri = client.callbacks().get(0);
        }
        Optional<String> org = client.usage() == OrganizationUsage.DENY ? Optional.empty()
                : Optional.ofNullable(p.get("organization")).filter(o -> !o.isEmpty()).flatMap(organizationName);
        if (!dev.atrium.clients.UrlPlaceholders.matches(client.callbacks(), redirectUri, org)) {
            throw AuthorizeError.page(OAuthError.INVALID_REQUEST,
                    "The redirect_uri \"" + redirectUri + "\" is not in the list of allowed callback URLs of the application.");
        }
        String defaultMode = defaultResponseMode(p.get("response_type"));
        String mode = Optional.ofNullable(p.get("response_mode")).filter(s -> !s.isEmpty()).orElse(defaultMode);
        return new Target(client, redirectUri, sent, RESPONSE_MODES.contains(mode) ? mode : defaultMode, p.get("state"));
    }

    /**
     * Where errors go when no response mode was asked for: the fragment for response types that return tokens
     * in the front channel (OAuth 2.0 Multiple Response Type Encoding Practices §5), the query otherwise.
     */
    static String defaultResponseMode(String responseType) {
        return responseType != null && responseType.contains("token") ? "fragment" : "query";
    }

    /** Every check after {@link #target}; failures are {@link AuthorizeError#redirect redirect} errors. */
    public Validated validate(Target t, Map<String, String> p) {
        Client client = t.client();
        if (client.isStrictThirdParty()) {
            strictParameters(p);
        }
        responseMode(p);
        String responseType = responseType(client, p);
        List<String> scope = scope(p);
        Set<String> prompt = prompt(p);
        Long maxAge = maxAge(p);
        String[] pkce = pkce(client, p, responseType.startsWith("code"));
        Optional<ResourceServer> api = audience(p);
        if (client.isStrictThirdParty() && api.isEmpty()) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "audience is required for third-party clients");
        }
        if (client.isThirdParty() && api.isPresent()) {
            thirdPartyAccess(client, api.get());
            connection(client, p);
        } else if (api.isPresent() && api.get().userPolicy() == ApiAccessPolicy.DENY_ALL) {
            throw AuthorizeError.redirect(OAuthError.ACCESS_DENIED, "Access to the API \"" + api.get().identifier() + "\" is denied for user flows.");
        }
        String org = p.get("organization");
        if (org != null && !org.isEmpty() && client.usage() == OrganizationUsage.DENY) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "parameter organization is not allowed for this client")
                    .because(dev.atrium.access.ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_CLIENT.code());
        }
        return new Validated(client, new AuthRequest(client.clientId(), t.redirectUri(), t.redirectUriSent(), t.responseMode(), scope,
                api.map(ResourceServer::identifier).orElse(null), t.state(), emptyToNull(p.get("nonce")), pkce[0], pkce[1],
                prompt, maxAge, emptyToNull(p.get("login_hint")), emptyToNull(p.get("connection")),
                emptyToNull(p.get("screen_hint")), emptyToNull(p.get("ui_locales")), emptyToNull(org),
                emptyToNull(p.get("invitation")), emptyToNull(p.get("acr_values")), responseType), api);
    }

    /** X1 (T32–T33): anything outside the allow-list is refused, naming the first offending parameter. */
    private static void strictParameters(Map<String, String> p) {
        for (String name : p.keySet()) {
            if (!STRICT_PARAMETERS.contains(name) && !name.startsWith("ext-")) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "parameter " + name + " is not supported for third-party clients");
            }
        }
    }

    /** X6/X7 (T44–T50), before any login or consent page is shown. */
    private void thirdPartyAccess(Client client, ResourceServer api) {
        ThirdPartyAccess.Decision d = ThirdPartyAccess.userFlow(client, api,
                grants.find(client.clientId(), api.identifier(), "user"),
                grants.findDefault(ClientGrantService.DEFAULT_FOR_THIRD_PARTY, api.identifier(), "user"));
        if (d instanceof ThirdPartyAccess.Decision.Denied denied) {
            throw AuthorizeError.redirect(denied.error(), denied.description()).because(denied.reason().code());
        }
    }

    /**
     * X8 (T41): a named connection must be one the third-party application may use (the gates of {@code access}
     * without an organization). With an organization the gates judge it with the organization, naming it (X11, T77).
     */
    private void connection(Client client, Map<String, String> p) {
        String name = emptyToNull(p.get("connection"));
        if (name != null && emptyToNull(p.get("organization")) == null) {
            access.beforeLogin(client, null, name).ifPresent(deny -> {
                throw AuthorizeError.redirect(deny.error(), deny.description());
            });
        }
    }

    private static void responseMode(Map<String, String> p) {
        String mode = p.get("response_mode");
        if (mode != null && !mode.isEmpty() && !RESPONSE_MODES.contains(mode)) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Unsupported response_mode: " + mode);
        }
    }

    /** The response types served for sign-in; none of them puts an access token in the front channel. */
    static final List<String> RESPONSE_TYPES = List.of("code", "id_token", "code id_token");

    /**
     * The response type in canonical order ({@code code} before {@code id_token}). The ID-token types need the
     * {@code implicit} grant (Auth0's rule), a {@code nonce} and {@code openid} (OpenID Connect Core §3.2.2.1,
     * §3.3.2.11), and never the query (OAuth 2.0 Multiple Response Type Encoding Practices §5). Types that carry an
     * access token through the browser are refused for every application (RFC 9700 §2.1.2).
     */
    private static String responseType(Client client, Map<String, String> p) {
        String type = p.get("response_type");
        if (type == null || type.isEmpty()) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Missing required parameter: response_type");
        }
        Set<String> parts = new LinkedHashSet<>(Arrays.asList(type.trim().split("\\s+")));
        String canonical = (parts.contains("code") ? "code " : "") + (parts.contains("id_token") ? "id_token " : "")
                + (parts.contains("token") ? "token" : "");
        canonical = canonical.trim();
        boolean known = parts.stream().allMatch(t -> t.equals("code") || t.equals("id_token") || t.equals("token"));
        if (!canonical.equals("code") && client.isStrictThirdParty()) {
            throw AuthorizeError.redirect(OAuthError.UNSUPPORTED_RESPONSE_TYPE,
                    "response_type " + type + " is not supported for third-party clients");
        }
        if (!known || !RESPONSE_TYPES.contains(canonical)) {
            throw AuthorizeError.redirect(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "Unsupported response type: " + type);
        }
        if (canonical.startsWith("code") && !client.grantTypes().contains("authorization_code")) {
            throw AuthorizeError.redirect(OAuthError.UNAUTHORIZED_CLIENT,
                    "Grant type 'authorization_code' not allowed for the client.");
        }
        if (canonical.contains("id_token")) {
            if (!client.grantTypes().contains("implicit")) {
                throw AuthorizeError.redirect(OAuthError.UNAUTHORIZED_CLIENT, "Grant type 'implicit' not allowed for the client.");
            }
            if ("query".equals(p.get("response_mode"))) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST,
                        "response_mode query is not allowed for response_type " + canonical);
            }
            if (!scope(p).contains("openid")) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "scope openid is required for response_type " + canonical);
            }
            if (emptyToNull(p.get("nonce")) == null) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Missing required parameter: nonce");
            }
        }
        return canonical;
    }

    private static List<String> scope(Map<String, String> p) {
        String s = p.get("scope");
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+"))));
    }

    private static Set<String> prompt(Map<String, String> p) {
        String s = p.get("prompt");
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
        for (String v : out) {
            if (!PROMPTS.contains(v)) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Unsupported prompt value: " + v);
            }
        }
        if (out.contains("none") && out.size() > 1) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "prompt=none cannot be combined with other values");
        }
        return Set.copyOf(out);
    }

    private static Long maxAge(Map<String, String> p) {
        String s = p.get("max_age");
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "max_age must be a non-negative integer");
        }
    }

    /** An S256 challenge ({@code plain} is never accepted); public clients must send one. */
    private static String[] pkce(Client client, Map<String, String> p, boolean issuesCode) {
        String challenge = emptyToNull(p.get("code_challenge"));
        String method = emptyToNull(p.get("code_challenge_method"));
        if (challenge == null) {
            if (method != null) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "code_challenge_method requires code_challenge");
            }
            if (client.isStrictThirdParty()) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "code_challenge is required for third-party clients");
            }
            if (client.isPublic() && issuesCode) {
                throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Missing required parameter: code_challenge");
            }
            return new String[]{null, null};
        }
        // RFC 9700 §2.1.1: S256 only, for every client; an omitted method would mean plain (RFC 7636 §4.3)
        if (method == null || method.equals("plain")) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "code_challenge_method must be S256");
        }
        if (!method.equals("S256")) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "Unsupported code_challenge_method: " + method);
        }
        if (!challenge.matches("[A-Za-z0-9._~-]{43,128}")) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]");
        }
        return new String[]{challenge, method};
    }

    private Optional<ResourceServer> audience(Map<String, String> p) {
        String aud = emptyToNull(p.get("audience"));
        String resource = emptyToNull(p.get("resource"));
        if (resource != null) {
            // RFC 8707 (issue 14): resource names the API as audience does; both only when they agree
            try {
                aud = ResourceIndicator.requested(List.of(resource), Optional.ofNullable(aud), id -> apis.findByIdentifier(id).isPresent())
                        .orElse(null);
            } catch (OAuthException e) {
                throw AuthorizeError.redirect(e.error(), e.description());
            }
        }
        String identifier = aud;
        if (identifier == null) {
            return Optional.empty();
        }
        ResourceServer found = apis.findByIdentifier(identifier)
                .orElseThrow(() -> AuthorizeError.redirect(OAuthError.ACCESS_DENIED, "Service not found: " + identifier));
        return Optional.of(found);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

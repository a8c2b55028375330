package dev.atrium.enterprise;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.oidc.OidcOptions;
import dev.atrium.connections.oidc.UpstreamException;
import dev.atrium.connections.oidc.UpstreamUrls;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One relying party for every {@code oidc} connection. The upstream's discovery document is fetched once per
 * {@link #METADATA_LIFETIME} per connection and its keys are a Nimbus {@link JWKSourceBuilder} source (cached,
 * fetched again when a token names an unknown {@code kid}, rate-limited). Only asymmetric signature algorithms the
 * upstream announces are accepted, so neither {@code none} nor an HMAC keyed by the public client secret passes.
 *
 * <p>Specifications: OpenID Connect Core 1.0 §3.1 (authorization code flow, ID token validation §3.1.3.7) and §3.2
 * (the front channel's {@code id_token} response, nonce §3.2.2.11), OAuth 2.0 Form Post Response Mode, OpenID Connect
 * Discovery 1.0, RFC 7636 (PKCE), RFC 9700 §2.1.
 */
public final class OidcRelyingParty {
    static final Duration METADATA_LIFETIME = Duration.ofMinutes(15);
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final UpstreamFetcher fetcher;
    private final UpstreamUrls urls;
    private final OidcOptions options;
    private final Clock clock;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    /** What Atrium learnt from the upstream: the subject and the claims of the ID token (plus userinfo when asked). */
    public record Identity(String subject, ObjectNode claims) {
    }

    /** The discovered upstream: its metadata and key source. */
    record Provider(String source, OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant fetched) {
    }

    public OidcRelyingParty(UpstreamFetcher fetcher, UpstreamUrls urls, OidcOptions options, Clock clock) {
        this.fetcher = fetcher;
        this.urls = urls;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Where to send the browser: the upstream's authorization endpoint with code, PKCE S256, state and nonce, and the
     * address the person typed as {@code login_hint} when there is one (OpenID Connect Core §3.1.2.1).
     */
    public URI authorizationRedirect(Connection c, URI callback, String state, String nonce, String codeVerifier,
                                     String loginHint) {
        Provider p = provider(c);
        var o = c.options();
        if (OidcOptions.frontChannel(o)) {
            return frontChannelRedirect(p, o, callback, state, nonce, loginHint);
        }
        return new AuthenticationRequest.Builder(ResponseType.CODE, scope(o),
                new ClientID(Json.text(o, "client_id", "")), callback)
                .endpointURI(p.metadata().getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
                .loginHint(loginHint)
                .build().toURI();
    }

    /**
     * The front channel (Auth0's {@code type: "front_channel"}): {@code response_type=id_token} answered with
     * {@code response_mode=form_post} (OAuth 2.0 Form Post Response Mode), so the ID token reaches Atrium in a POST
     * body rather than in a URL; the {@code nonce} binds it to the transaction (OpenID Connect Core §3.2.2.1). No
     * code, no PKCE, no client secret.
     */
    private static URI frontChannelRedirect(Provider p, tools.jackson.databind.JsonNode o, URI callback, String state,
                                            String nonce, String loginHint) {
        List<ResponseType> types = p.metadata().getResponseTypes();
        if (types != null && !types.contains(ResponseType.IDTOKEN)) {
            throw new UpstreamException("The provider does not offer response_type id_token, which a front_channel connection needs");
        }
        List<com.nimbusds.oauth2.sdk.ResponseMode> modes = p.metadata().getResponseModes();
        if (modes != null && !modes.contains(com.nimbusds.oauth2.sdk.ResponseMode.FORM_POST)) {
            throw new UpstreamException("The provider does not offer response_mode form_post, which a front_channel connection needs");
        }
        return new AuthenticationRequest.Builder(ResponseType.IDTOKEN, scope(o), new ClientID(Json.text(o, "client_id", "")), callback)
                .endpointURI(p.metadata().getAuthorizationEndpointURI())
                .responseMode(com.nimbusds.oauth2.sdk.ResponseMode.FORM_POST)
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .loginHint(loginHint)
                .build().toURI();
    }

    /**
     * The front channel's answer: the ID token the browser posted, validated in full as the back channel's is (signature
     * by the upstream's keys, issuer, audience, expiry, the transaction's {@code nonce}). Its claims are all there is: no
     * access token, so no userinfo.
     */
    public Identity frontChannel(Connection c, String idToken, String nonce) {
        Provider p = provider(c);
        JWT jwt;
        try {
            jwt = com.nimbusds.jwt.JWTParser.parse(idToken);
        } catch (java.text.ParseException e) {
            throw new UpstreamException("The provider's ID token is not a JWT");
        }
        IDTokenClaimsSet claims = validate(c, p, jwt, nonce);
        return new Identity(claims.getSubject().getValue(), Json.parseObject(JSONObjectUtils.toJSONString(claims.toJSONObject())));
    }

    /** The connection's {@code scope}, joined by the attribute map's {@code userinfo_scope} when it asks for userinfo. */
    static Scope scope(tools.jackson.databind.JsonNode o) {
        Scope s = Scope.parse(Json.text(o, "scope", "openid"));
        if (!s.contains("openid")) {
            s.add("openid");
        }
        Scope userinfo = Scope.parse(Json.text(o.path("attribute_map"), "userinfo_scope", ""));
        if (userinfo != null) {
            userinfo.forEach(v -> {
                if (!s.contains(v)) {
                    s.add(v);
                }
            });
        }
        return s;
    }

    /** The upstream's end-session endpoint, when it announces one. */
    public java.util.Optional<URI> endSessionEndpoint(Connection c) {
        try {
            return java.util.Optional.ofNullable(provider(c).metadata().getEndSessionEndpointURI());
        } catch (UpstreamException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Exchanges the code on the back channel and validates the ID token: signature by the upstream's keys, issuer,
     * audience, expiry and the transaction's {@code nonce}. Userinfo is fetched only when the connection's
     * attribute map names a {@code userinfo_scope}; its {@code sub} must be the ID token's.
     */
    public Identity exchange(Connection c, URI callback, String code, String codeVerifier, String nonce) {
        Provider p = provider(c);
        var o = c.options();
        ClientID clientId = new ClientID(Json.text(o, "client_id", ""));
        String configured = Json.text(o, "token_endpoint_auth_method", "");
        List<ClientAuthenticationMethod> methods = p.metadata().getTokenEndpointAuthMethods();
        ClientAuthentication auth;
        if (configured.equals("private_key_jwt")) {
            try {
                // RFC 7523 §3: iss = sub = client_id, a fresh jti, a short expiry; aud is the provider's issuer
                // identifier alone, as RFC 7523bis asks (servers that refuse audience injection accept only that)
                auth = new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(new com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet(
                        clientId, new com.nimbusds.oauth2.sdk.id.Audience(p.metadata().getIssuer().getValue())),
                        JWSAlgorithm.RS256, options.assertionKey(o), null, null);
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new UpstreamException("The client assertion for the provider could not be signed", e);
            }
        } else if (configured.equals("client_secret_post")) {
            auth = new ClientSecretPost(clientId, new Secret(options.clientSecret(o)));
        } else if (configured.equals("client_secret_basic")) {
            auth = new ClientSecretBasic(clientId, new Secret(options.clientSecret(o)));
        } else if (methods == null || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            Secret secret = new Secret(options.clientSecret(o));
            auth = new ClientSecretBasic(clientId, secret);
        } else if (methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            auth = new ClientSecretPost(clientId, new Secret(options.clientSecret(o)));
        } else {
            throw new UpstreamException("The provider accepts neither client_secret_basic nor client_secret_post");
        }
        HTTPRequest request = new TokenRequest(p.metadata().getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), callback, new CodeVerifier(codeVerifier)))
                .toHTTPRequest();
        Map<String, String> headers = new HashMap<>();
        if (request.getAuthorization() != null) {
            headers.put("Authorization", request.getAuthorization());
        }
        headers.put("Accept", "application/json");
        UpstreamFetcher.Answer answer = fetcher.postForm(p.metadata().getTokenEndpointURI().toString(), headers, request.getBody());
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(answer.body());
        } catch (java.text.ParseException e) {
            throw new UpstreamException("The provider's token answer is not JSON");
        }
        if (answer.status() != 200) {
            Object error = json.get("error");
            throw new UpstreamException("The provider refused the sign-in code"
                    + (error instanceof String s && s.matches("[A-Za-z0-9_.-]{1,64}") ? " (" + s + ")" : ""));
        }
        JWT idToken;
        com.nimbusds.oauth2.sdk.token.AccessToken accessToken;
        try {
            OIDCTokenResponse tokens = OIDCTokenResponse.parse(new net.minidev.json.JSONObject(json));
            idToken = tokens.getOIDCTokens().getIDToken();
            accessToken = tokens.getOIDCTokens().getAccessToken();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new UpstreamException("The provider's token answer holds no ID token");
        }
        if (idToken == null) {
            // OIDCTokens accepts an answer without one (a refresh answer may lack it); a sign-in never does
            throw new UpstreamException("The provider's token answer holds no ID token");
        }
        IDTokenClaimsSet claims = validate(c, p, idToken, nonce);
        ObjectNode out = Json.parseObject(JSONObjectUtils.toJSONString(claims.toJSONObject()));
        String userinfoScope = Json.text(o.path("attribute_map"), "userinfo_scope", "");
        if (!userinfoScope.isEmpty() && p.metadata().getUserInfoEndpointURI() != null && accessToken != null) {
            mergeUserinfo(p, accessToken, claims.getSubject().getValue(), out);
        }
        return new Identity(claims.getSubject().getValue(), out);
    }

    private IDTokenClaimsSet validate(Connection c, Provider p, JWT idToken, String nonce) {
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        List<JWSAlgorithm> announced = p.metadata().getIDTokenJWSAlgs();
        (announced == null ? List.of(JWSAlgorithm.RS256) : announced).stream().filter(ASYMMETRIC::contains).forEach(algs::add);
        if (algs.isEmpty()) {
            throw new UpstreamException("The provider announces no asymmetric ID token signature algorithm");
        }
        IDTokenValidator validator = new IDTokenValidator(p.metadata().getIssuer(),
                new ClientID(Json.text(c.options(), "client_id", "")), new JWSVerificationKeySelector<>(algs, p.keys()), null);
        validator.setMaxClockSkew(60);
        try {
            return validator.validate(idToken, new Nonce(nonce));
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw new UpstreamException("The provider's ID token is not valid for this sign-in", e);
        }
    }

    private void mergeUserinfo(Provider p, com.nimbusds.oauth2.sdk.token.AccessToken token, String subject, ObjectNode out) {
        UpstreamFetcher.Answer a = fetcher.get(p.metadata().getUserInfoEndpointURI().toString(),
                Map.of("Authorization", token.toAuthorizationHeader(), "Accept", "application/json"));
        if (a.status() != 200) {
            throw new UpstreamException("The provider's userinfo endpoint answered HTTP " + a.status());
        }
        ObjectNode info;
        try {
            info = Json.parseObject(a.body());
        } catch (RuntimeException e) {
            throw new UpstreamException("The provider's userinfo answer is not a JSON object");
        }
        if (!subject.equals(Json.text(info, "sub", ""))) {
            throw new UpstreamException("The provider's userinfo is about another subject");
        }
        for (String k : info.propertyNames()) {
            if (!out.has(k)) {
                out.set(k, info.get(k));
            }
        }
    }

    /** The connection's discovered provider, fetched again after {@link #METADATA_LIFETIME} or a change of options. */
    Provider provider(Connection c) {
        String source = discoveryUrl(c);
        Provider cached = providers.get(c.id());
        Instant now = clock.instant();
        if (cached != null && cached.source().equals(source) && cached.fetched().plus(METADATA_LIFETIME).isAfter(now)) {
            return cached;
        }
        UpstreamFetcher.Answer a = fetcher.get(source, Map.of("Accept", "application/json"));
        if (a.status() != 200) {
            throw new UpstreamException("The provider's discovery document answered HTTP " + a.status());
        }
        OIDCProviderMetadata meta;
        try {
            meta = OIDCProviderMetadata.parse(a.body());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new UpstreamException("The provider's discovery document is not valid");
        }
        String configuredIssuer = Json.text(c.options(), "issuer", "");
        if (!configuredIssuer.isEmpty() && !configuredIssuer.equals(meta.getIssuer().getValue())) {
            throw new UpstreamException("The provider's discovery document names another issuer");
        }
        if (meta.getAuthorizationEndpointURI() == null || meta.getTokenEndpointURI() == null || meta.getJWKSetURI() == null) {
            throw new UpstreamException("The provider's discovery document lacks an authorization, token or jwks endpoint");
        }
        urls.check("authorization_endpoint", meta.getAuthorizationEndpointURI().toString());
        urls.check("token_endpoint", meta.getTokenEndpointURI().toString());
        urls.check("jwks_uri", meta.getJWKSetURI().toString());
        URL jwks;
        try {
            jwks = meta.getJWKSetURI().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new UpstreamException("The provider's jwks_uri is not a URL");
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks, fetcher).build();
        Provider p = new Provider(source, meta, keys, now);
        providers.put(c.id(), p);
        return p;
    }

    /** {@code options.discovery_url}, else the issuer's {@code .well-known/openid-configuration}. */
    static String discoveryUrl(Connection c) {
        String d = Json.text(c.options(), "discovery_url", "");
        if (!d.isEmpty()) {
            return d;
        }
        String iss = Json.text(c.options(), "issuer", "");
        return (iss.endsWith("/") ? iss : iss + "/") + ".well-known/openid-configuration";
    }
}

package dev.atrium.interop;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import static dev.atrium.oauth.SignInFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, "Done means": Spring Security configured the way a Spring Boot application configures Auth0, by
 * {@code issuer-uri} alone. {@link ClientRegistrations#fromIssuerLocation} (the OAuth2 client) and
 * {@link JwtDecoders#fromIssuerLocation} (the resource server) read Atrium's discovery document; the client's own
 * token response client exchanges a real code, and Spring's decoders validate the ID token and the access token
 * (signature from the JWKS, issuer, expiry, audience). Only the browser step in the middle is ours.
 */
class SpringSecurityIssuerUriTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static ClientRegistration registration() {
        return ClientRegistrations.fromIssuerLocation(atrium.issuer())
                .registrationId("atrium")
                .clientId(f.webId)
                .clientSecret(f.webSecret)
                .redirectUri(SignInFixture.WEB_CALLBACK)
                .scope("openid", "profile", "email", "read:orders")
                .build();
    }

    @Test
    void theOAuth2ClientConfiguredByIssuerUriSignsAUserInAndValidatesTheIdToken() {
        ClientRegistration reg = registration();
        assertThat(reg.getProviderDetails().getIssuerUri()).isEqualTo(atrium.issuer());
        assertThat(reg.getProviderDetails().getAuthorizationUri()).isEqualTo(atrium.issuer() + "authorize");
        assertThat(reg.getProviderDetails().getJwkSetUri()).isNotBlank();

        // Spring builds the authorization request (state, nonce, PKCE are ours to add as its resolver would)
        String state = "spring-state-1";
        String nonce = "spring-nonce-1";
        OAuth2AuthorizationRequest authz = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(reg.getProviderDetails().getAuthorizationUri())
                .clientId(reg.getClientId())
                .redirectUri(reg.getRedirectUri())
                .scopes(reg.getScopes())
                .state(state)
                .additionalParameters(Map.of("audience", f.api, OidcParameterNames.NONCE, nonce))
                .attributes(Map.of(OidcParameterNames.NONCE, nonce))
                .build();
        TestBrowser.Page back = f.signIn(new TestBrowser(atrium.baseUrl()), authz.getAuthorizationRequestUri());
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        Map<String, String> params = query(back.location());
        assertThat(params.get("state")).isEqualTo(state);
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(params.get("code"))
                .redirectUri(reg.getRedirectUri()).state(state).build();

        OAuth2AccessTokenResponse tokens = new RestClientAuthorizationCodeTokenResponseClient()
                .getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(reg, new OAuth2AuthorizationExchange(authz, response)));
        assertThat(tokens.getAccessToken().getTokenValue()).isNotBlank();
        String idToken = (String) tokens.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN);
        assertThat(idToken).isNotBlank();

        // the OIDC login's own ID token decoder: signature, iss, aud = client_id, exp, iat
        Jwt id = new OidcIdTokenDecoderFactory().createDecoder(reg).decode(idToken);
        assertThat(id.getSubject()).isEqualTo(f.userId);
        assertThat(id.getClaimAsString("nonce")).isEqualTo(nonce);
        assertThat(id.getAudience()).containsExactly(f.webId);
        assertThat(id.getClaimAsString(OAuth2ParameterNames.SCOPE)).isNull();
    }

    @Test
    void theResourceServerConfiguredByIssuerUriValidatesARealAccessTokenAndRefusesAForgedOne() {
        ClientRegistration reg = registration();
        String code = f.webCode(f.authorizeWeb("openid read:orders", "&audience=" + TestAtrium.enc(f.api)));
        String access = f.exchangeWeb(code).json().get("access_token").asString();

        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(atrium.issuer());
        // what a Spring Boot resource server adds for Auth0: the audience of the API
        ((NimbusJwtDecoder) decoder).setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(reg.getProviderDetails().getIssuerUri()),
                new JwtClaimValidator<Collection<String>>("aud", aud -> aud != null && aud.contains(f.api))));
        Jwt jwt = decoder.decode(access);
        assertThat(jwt.getSubject()).isEqualTo(f.userId);
        assertThat(jwt.getIssuer().toString()).isEqualTo(atrium.issuer());
        assertThat(Set.of(jwt.getClaimAsString("scope").split(" "))).contains("read:orders");

        // a token with a changed payload keeps its header and signature: the decoder must refuse it
        String[] parts = access.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace(f.userId, "auth0|someone-else").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> decoder.decode(parts[0] + "." + forgedPayload + "." + parts[2]))
                .isInstanceOf(JwtException.class);
        // a Management API token (another audience) is refused by the API's audience check
        String other = atrium.managementToken();
        assertThatThrownBy(() -> decoder.decode(other)).isInstanceOf(JwtException.class);
    }
}

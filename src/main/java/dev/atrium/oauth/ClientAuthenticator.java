package dev.atrium.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientCredential;
import dev.atrium.clients.ClientCredentialService;
import dev.atrium.clients.ClientCredentialStore;
import dev.atrium.clients.ClientSecrets;
import dev.atrium.clients.ClientStore;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the client of a back-channel request: {@code client_secret_basic} (both parts
 * form-url-decoded after the split, as RFC 6749 §2.3.1 asks), {@code client_secret_post},
 * {@code private_key_jwt} (verified by Nimbus's {@link ClientAuthenticationVerifier} against the
 * application's credentials, its {@code aud} exactly the issuer identifier, each assertion id usable once
 * and remembered until its {@code exp} plus the tolerated clock skew), or {@code none} for public clients.
 * An application configured for {@code private_key_jwt} can use nothing else. Every failure is the
 * same 401 {@code access_denied}/{@code Unauthorized}, so a caller cannot tell an unknown client
 * from a wrong secret or key.
 *
 * <p>Specifications: RFC 6749 §2.3; RFC 7521 §4.2; RFC 7523 §2.2, §3; OpenID Connect Core §9;
 * api-contract.md §A.2.
 */
public final class ClientAuthenticator {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** How far ahead an assertion's {@code exp} may lie: they are meant to be short-lived. */
    static final long MAX_ASSERTION_LIFETIME_SECONDS = 300;
    /**
     * The clock skew the assertion verifier tolerates past {@code exp}. A spent {@code jti} is kept at
     * least this long after {@code exp}: forgetting it earlier would let the same assertion pass again.
     */
    static final long CLOCK_SKEW_SECONDS = DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS;

    private final ClientStore clients;
    private final ClientSecrets secrets;
    private final ClientCredentialStore credentials;
    private final ClientAuthenticationVerifier<Client> assertions;
    private final Clock clock;
    private final String issuer;

    public ClientAuthenticator(ClientStore clients, ClientSecrets secrets, ClientCredentialStore credentials,
                               String issuer, Clock clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.credentials = credentials;
        this.clock = clock;
        this.issuer = issuer;
        // the audience is checked again, strictly, in assertion(): only the issuer identifier itself passes
        Set<Audience> audiences = Set.of(new Audience(issuer));
        this.assertions = new ClientAuthenticationVerifier<>(new CredentialSelector(), null, audiences,
                JWTAudienceCheck.LEGACY, null, MAX_ASSERTION_LIFETIME_SECONDS);
    }

    /** The authenticated client. {@code allowPublic}: whether a client without credentials may pass. */
    public Client authenticate(OAuthRequest req, boolean allowPublic) {
        if (req.param("client_assertion").isPresent() || req.param("client_assertion_type").isPresent()) {
            return assertion(req);
        }
        String clientId;
        Optional<String> secret;
        Optional<String[]> basic = req.authorization().flatMap(ClientAuthenticator::basic);
        if (basic.isPresent()) {
            clientId = basic.get()[0];
            secret = Optional.of(basic.get()[1]);
            Optional<String> bodyId = req.param("client_id");
            if (bodyId.isPresent() && !bodyId.get().equals(clientId)) {
                throw OAuthException.unauthorizedClient();
            }
        } else {
            clientId = req.param("client_id").orElseThrow(() -> OAuthException.missing("client_id"));
            secret = req.param("client_secret");
        }
        Optional<Client> client = clients.find(clientId);
        if (client.isEmpty() || client.get().usesPrivateKeyJwt()) {
            throw OAuthException.unauthorizedClient();
        }
        Client c = client.get();
        if (secret.isPresent()) {
            if (c.secretHash().isEmpty() || !secrets.matches(secret.get(), c.secretHash().get())) {
                throw OAuthException.unauthorizedClient();
            }
            return c;
        }
        if (allowPublic && c.isPublic()) {
            return c;
        }
        throw OAuthException.unauthorizedClient();
    }

    private Client assertion(OAuthRequest req) {
        // one authentication method per request (RFC 6749 §2.3)
        if (!req.param("client_assertion_type").equals(Optional.of(JWT_BEARER)) || req.param("client_secret").isPresent()
                || req.authorization().flatMap(ClientAuthenticator::basic).isPresent()) {
            throw OAuthException.unauthorizedClient();
        }
        PrivateKeyJWT auth;
        try {
            auth = PrivateKeyJWT.parse(req.params());
        } catch (ParseException e) {
            throw OAuthException.unauthorizedClient();
        }
        Client client = clients.find(auth.getClientID().getValue()).filter(Client::usesPrivateKeyJwt)
                .orElseThrow(OAuthException::unauthorizedClient);
        Context<Client> context = new Context<>();
        context.set(client);
        try {
            assertions.verify(auth, null, context);
        } catch (InvalidClientException | JOSEException e) {
            throw OAuthException.unauthorizedClient();
        }
        JWTAuthenticationClaimsSet claims = auth.getJWTAuthenticationClaimsSet();
        if (claims.getJWTID() == null || claims.getExpirationTime() == null || !audienceIsTheIssuer(claims)) {
            throw OAuthException.unauthorizedClient();
        }
        Instant now = clock.instant();
        // kept until the last instant the verifier could still accept the assertion: exp plus the skew
        Instant forgetAfter = claims.getExpirationTime().toInstant().plusSeconds(CLOCK_SKEW_SECONDS);
        // the server's own clock decides too, so acceptance and retention are judged by the same clock
        if (now.isAfter(forgetAfter)
                || !credentials.spendAssertionId(client.clientId(), claims.getJWTID().getValue(), forgetAfter, now)) {
            throw OAuthException.unauthorizedClient();
        }
        return client;
    }

    /**
     * Audience injection (RFC 7523bis): the {@code aud} must name this server by its issuer identifier, exactly,
     * and nothing else. The token endpoint URL, the issuer without its trailing slash and any array holding a
     * second value are refused. An array whose only member is the issuer is the same single audience and passes.
     */
    private boolean audienceIsTheIssuer(JWTAuthenticationClaimsSet claims) {
        List<Audience> aud = claims.getAudience();
        return aud != null && aud.size() == 1 && issuer.equals(aud.get(0).getValue());
    }

    /** The public keys of the credentials the client lists, live, for the assertion's algorithm and key id. */
    private final class CredentialSelector implements ClientCredentialsSelector<Client> {
        @Override
        public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod method, Context<Client> context) {
            return List.of();
        }

        @Override
        public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod method, JWSHeader header,
                                                          boolean forceRefresh, Context<Client> context) {
            Client client = context.get();
            Instant now = clock.instant();
            return client.privateKeyJwtCredentialIds().stream()
                    .map(credentialId -> credentials.find(client.clientId(), credentialId))
                    .flatMap(Optional::stream)
                    .filter(c -> c.usableAt(now) && c.alg().equals(header.getAlgorithm().getName()))
                    .filter(c -> header.getKeyID() == null || header.getKeyID().equals(c.kid()))
                    .map(ClientCredential::pem)
                    .map(ClientCredentialService::rsaKey)
                    .toList();
        }
    }

    private static Optional<String[]> basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.unauthorizedClient();
            }
            return Optional.of(new String[]{
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            throw OAuthException.unauthorizedClient();
        }
    }
}

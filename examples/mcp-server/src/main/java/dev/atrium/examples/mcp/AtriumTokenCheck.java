package dev.atrium.examples.mcp;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the example MCP server checks an access token from Atrium, as any resource server should: the signature with a
 * key from Atrium's JWKS ({@code /.well-known/jwks.json}, RS256 only), {@code iss} equal to Atrium's issuer,
 * {@code aud} naming this server's resource identifier, {@code exp} in the future, the scopes the server needs and,
 * when it serves organizations, an {@code org_id} among the ones it serves.
 *
 * <p>The outcome says what to answer: {@link Outcome.Allowed} with the claims, or {@link Outcome.Refused} with the
 * HTTP status and the {@code WWW-Authenticate} parameters (RFC 6750 §3): 401 without an error code when there is no
 * token, 401 {@code invalid_token} when the token is not one for this server, 403 {@code insufficient_scope} when a
 * scope is missing, 403 {@code invalid_token} when the token is for an organization this server does not serve.
 */
public final class AtriumTokenCheck {
    /** What the check decided. */
    public sealed interface Outcome {
        record Allowed(JWTClaimsSet claims, String subject, String organization, Set<String> scopes) implements Outcome {
        }

        /** {@code error} is null when no token was presented. */
        record Refused(int status, String error, String description) implements Outcome {
        }
    }

    private final String resource;
    private final Set<String> requiredScopes;
    private final boolean organizationRequired;
    private final Set<String> organizations;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param issuer               Atrium's issuer, exactly as in its tokens (with its trailing slash)
     * @param jwksUri              where Atrium publishes its signing keys
     * @param resource             this server's resource identifier: the API identifier in Atrium, the tokens' {@code aud}
     * @param requiredScopes       scopes every call needs
     * @param organizationRequired whether a token must carry {@code org_id}
     * @param organizations        the organizations served (ids); empty serves any organization
     */
    public AtriumTokenCheck(String issuer, String jwksUri, String resource, Set<String> requiredScopes,
                            boolean organizationRequired, Set<String> organizations) {
        this.resource = resource;
        this.requiredScopes = Set.copyOf(requiredScopes);
        this.organizationRequired = organizationRequired || !organizations.isEmpty();
        this.organizations = Set.copyOf(organizations);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwksUri).toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jwksUri, e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // Atrium's access tokens are typed JWT; RFC 9068's at+jwt is accepted too
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(resource,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat")));
    }

    public String resource() {
        return resource;
    }

    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** Checks the value of an {@code Authorization} header (null when absent). */
    public Outcome check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Outcome.Refused(401, null, null);
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return new Outcome.Refused(401, "invalid_request", "send the access token as Authorization: Bearer <token>");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(parts[1], null);
        } catch (Exception e) {
            return new Outcome.Refused(401, "invalid_token", "the access token is not valid for " + resource);
        }
        Set<String> scopes;
        String organization;
        try {
            String scope = claims.getStringClaim("scope");
            scopes = scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
            organization = claims.getStringClaim("org_id");
        } catch (ParseException e) {
            return new Outcome.Refused(401, "invalid_token", "the access token's scope or org_id is not a string");
        }
        if (!scopes.containsAll(requiredScopes)) {
            Set<String> missing = new HashSet<>(requiredScopes);
            missing.removeAll(scopes);
            return new Outcome.Refused(403, "insufficient_scope", "missing scope " + String.join(" ", List.copyOf(missing)));
        }
        if (organizationRequired && (organization == null || organization.isEmpty())) {
            return new Outcome.Refused(403, "invalid_token", "sign in to an organization: the access token has no org_id");
        }
        if (!organizations.isEmpty() && !organizations.contains(organization)) {
            return new Outcome.Refused(403, "invalid_token", "this server does not serve organization " + organization);
        }
        return new Outcome.Allowed(claims, claims.getSubject(), organization, Set.copyOf(scopes));
    }
}

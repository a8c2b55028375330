package dev.atrium.onboarding;

import dev.atrium.common.OAuthError;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Software statements (RFC 7591 §2.3): a JWT a known vendor signs over its client's metadata. When it verifies with
 * a key the tenant trusts ({@value #SETTING}, a JWK set of public keys), the statement's metadata take precedence over
 * the request's (§3.1.1) and the application is pre-approved: organizations that make new third-party applications
 * wait ({@link ApprovalGate}) let it through. A statement that does not verify is refused, never ignored.
 */
public final class SoftwareStatements {
    /** The tenant setting holding the trusted keys: {@code {"keys":[…]}} of public JWKs. */
    public static final String SETTING = "atrium_trusted_software_statement_keys";
    /** Marks an application whose registration carried a verified statement. */
    public static final String PRE_APPROVED = "atrium_software_statement_verified";
    static final Set<String> SIGNED_MEMBERS = Set.of("client_name", "redirect_uris", "grant_types", "logo_uri", "client_uri",
            "software_id", "software_version", "token_endpoint_auth_method");

    private SoftwareStatements() {
    }

    /** Checks a value for {@link #SETTING}: a JWK set of public keys only; throws {@link InvalidRequestException}. */
    public static JWKSet trustedKeys(JsonNode value) {
        try {
            JWKSet set = JWKSet.parse(Json.write(value));
            for (JWK k : set.getKeys()) {
                if (k.isPrivate()) {
                    throw new InvalidRequestException(SETTING, SETTING + " must hold public keys only");
                }
            }
            return set;
        } catch (java.text.ParseException | RuntimeException e) {
            if (e instanceof InvalidRequestException ire) {
                throw ire;
            }
            throw new InvalidRequestException(SETTING, SETTING + " must be a JWK set ({\"keys\":[…]}) of public keys");
        }
    }

    /** Thrown with the RFC 7591 §3.2.2 error code ({@code invalid_software_statement}, {@code unapproved_software_statement}). */
    public static final class Refused extends RuntimeException {
        private final String error;

        Refused(String error, String message) {
            super(message);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /**
     * The request with the verified statement's metadata laid over it, and {@code software_statement} removed;
     * {@code trusted} is the tenant setting (absent: no vendor is trusted).
     */
    public static ObjectNode apply(ObjectNode request, JsonNode trusted, Instant now) {
        JsonNode st = request.get("software_statement");
        if (st == null) {
            return request;
        }
        if (!st.isString()) {
            throw new Refused(OAuthError.INVALID_SOFTWARE_STATEMENT.code(), "software_statement must be a signed JWT");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(st.asString());
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new Refused(OAuthError.INVALID_SOFTWARE_STATEMENT.code(), "software_statement must be a signed JWT");
        }
        if (claims.getIssuer() == null || (claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isBefore(now))) {
            throw new Refused(OAuthError.INVALID_SOFTWARE_STATEMENT.code(), "software_statement needs an iss and must not be expired");
        }
        List<JWK> keys = trusted == null || trusted.isNull() ? List.of() : trustedKeys(trusted).getKeys();
        boolean verified = false;
        for (JWK k : keys) {
            if (jwt.getHeader().getKeyID() != null && !jwt.getHeader().getKeyID().equals(k.getKeyID())) {
                continue;
            }
            try {
                java.security.Key publicKey = k.toPublicJWK() instanceof com.nimbusds.jose.jwk.AsymmetricJWK a ? a.toPublicKey() : null;
                if (publicKey == null) {
                    continue;
                }
                JWSVerifier v = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey);
                if (jwt.verify(v)) {
                    verified = true;
                    break;
                }
            } catch (com.nimbusds.jose.JOSEException e) {
                // a key of another type or algorithm: try the next
            }
        }
        if (!verified) {
            throw new Refused(OAuthError.UNAPPROVED_SOFTWARE_STATEMENT.code(), "software_statement is not signed by a key this tenant trusts");
        }
        ObjectNode out = request.deepCopy();
        out.remove("software_statement");
        for (Map.Entry<String, Object> c : claims.getClaims().entrySet()) {
            if (SIGNED_MEMBERS.contains(c.getKey())) {
                out.set(c.getKey(), Json.MAPPER.valueToTree(c.getValue()));
            }
        }
        out.put("software_statement_issuer", claims.getIssuer());
        return out;
    }
}

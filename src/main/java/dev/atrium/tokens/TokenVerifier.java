package dev.atrium.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.keys.KeyService;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies access tokens that this server issued: RS256 signature by a published (not revoked) key,
 * the issuer, the expected audience and the expiry. A token signed by a previous key verifies until
 * that key is revoked.
 */
public final class TokenVerifier {
    private final KeyService keys;
    private final String issuer;
    private final Clock clock;

    public TokenVerifier(KeyService keys, String issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The claims of {@code token} when it is valid for {@code audience}; empty otherwise. */
    public Optional<JWTClaimsSet> verify(String token, String audience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<JWK> key = keys.verificationKey(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !(key.get() instanceof RSAKey rsa)) {
                return Optional.empty();
            }
            if (!jwt.verify(new RSASSAVerifier(rsa))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer()) || exp == null || !exp.toInstant().isAfter(clock.instant())
                    || claims.getAudience() == null || !claims.getAudience().contains(audience)) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

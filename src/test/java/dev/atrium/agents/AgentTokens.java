package dev.atrium.agents;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.atrium.support.TestAtrium;

import java.net.URI;
import java.util.Set;

/** Validates an access token as a resource server would: signature from the JWKS, issuer, expiry and one expected audience. */
final class AgentTokens {
    private AgentTokens() {
    }

    static JWTClaimsSet validate(TestAtrium atrium, String token, String audience) throws Exception {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(atrium.baseUrl() + "/.well-known/jwks.json").toURL()).retrying(false).build()));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(atrium.issuer()).build(), Set.of("sub", "exp", "iat")));
        return p.process(token, null);
    }
}

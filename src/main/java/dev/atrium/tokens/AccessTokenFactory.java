package dev.atrium.tokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.atrium.clients.Client;
import dev.atrium.common.Ids;
import dev.atrium.resourceservers.ResourceServer;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds and signs access tokens in Auth0's dialects (api-contract.md §A.7.1): {@code access_token}
 * ({@code azp}, {@code gty}) or RFC 9068 ({@code client_id}, {@code jti}, {@code typ: at+jwt}).
 */
public final class AccessTokenFactory {
    private final JwtSigner signer;
    private final String issuer;
    private final Clock clock;

    public record Issued(String token, long expiresIn) {
    }

    public AccessTokenFactory(JwtSigner signer, String issuer, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The audience of access tokens that are good only for {@code /userinfo}. */
    public String userinfoAudience() {
        return issuer + "userinfo";
    }

    /**
     * A user access token: for {@code api} (with the userinfo audience added when {@code openid} was
     * granted), or for {@code /userinfo} alone when no API was asked for.
     */
    public Issued user(Client client, String userId, Optional<ResourceServer> api, List<String> scopes,
                       Optional<List<String>> permissions, String organizationId, String organizationName) {
        Instant now = clock.instant();
        long lifetime = api.map(ResourceServer::tokenLifetime).orElse(86400L);
        boolean rfc9068 = api.map(a -> a.tokenDialect().startsWith("rfc9068")).orElse(false);
        List<String> audience = new ArrayList<>();
        api.ifPresent(a -> audience.add(a.identifier()));
        if (scopes.contains("openid") || api.isEmpty()) {
            audience.add(userinfoAudience());
        }
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId)
                .audience(audience.size() == 1 ? List.of(audience.get(0)) : audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .claim("scope", String.join(" ", scopes));
        if (rfc9068) {
            b.claim("client_id", client.clientId()).jwtID(Ids.alnum(24));
        } else {
            b.claim("azp", client.clientId());
        }
        if (organizationId != null) {
            b.claim("org_id", organizationId);
            if (organizationName != null) {
                b.claim("org_name", organizationName);
            }
        }
        if (api.isPresent() && api.get().enforcePolicies() && api.get().tokenDialect().endsWith("_authz")) {
            List<String> apiScopes = api.get().scopes();
            b.claim("permissions", permissions.orElse(List.of()).stream().filter(apiScopes::contains).toList());
        }
        String token = signer.sign(b.build(), rfc9068 ? new JOSEObjectType("at+jwt") : JOSEObjectType.JWT);
        return new Issued(token, lifetime);
    }

    /**
     * A client-credentials token for {@code api} with {@code scopes}; with an organization it carries
     * {@code org_id}, and {@code org_name} when that is given (organizations.md O118).
     */
    public Issued clientCredentials(Client client, ResourceServer api, List<String> scopes, String organizationId,
                                    String organizationName) {
        Instant now = clock.instant();
        long lifetime = api.tokenLifetime();
        boolean rfc9068 = api.tokenDialect().startsWith("rfc9068");
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(client.clientId() + "@clients")
                .audience(api.identifier())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .claim("scope", String.join(" ", scopes));
        if (rfc9068) {
            b.claim("client_id", client.clientId()).jwtID(Ids.alnum(24));
        } else {
            b.claim("gty", "client-credentials").claim("azp", client.clientId());
        }
        if (organizationId != null) {
            b.claim("org_id", organizationId);
            if (organizationName != null) {
                b.claim("org_name", organizationName);
            }
        }
        if (api.enforcePolicies() && api.tokenDialect().endsWith("_authz")) {
            b.claim("permissions", scopes);
        }
        String token = signer.sign(b.build(), rfc9068 ? new JOSEObjectType("at+jwt") : JOSEObjectType.JWT);
        return new Issued(token, lifetime);
    }
}

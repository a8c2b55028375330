package dev.atrium.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.atrium.clients.Client;
import dev.atrium.users.User;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * ID tokens: {@code iss}, {@code sub}, {@code aud} (the client), {@code iat}/{@code exp} (the client's
 * {@code jwt_configuration.lifetime_in_seconds}), {@code nonce} exactly when one was sent, {@code auth_time},
 * {@code sid}, {@code at_hash} or {@code c_hash}, and profile and email claims by scope.
 *
 * <p>Specifications: OpenID Connect Core §2, §3.1.3.6 ({@code at_hash}), §5.4 (claims by scope);
 * api-contract.md §A.7.2.
 */
public final class IdTokenFactory {
    static final List<String> PROFILE_CLAIMS = List.of("name", "nickname", "picture", "given_name", "family_name",
            "middle_name", "preferred_username", "profile", "website", "gender", "birthdate", "zoneinfo", "locale");

    /** The {@code acr} of a multi-factor sign-in (OpenID Provider Authentication Policy Extension 1.0). */
    static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    private final JwtSigner signer;
    private final String issuer;
    private final Clock clock;
    /** MFA (issue 12): the amr of the sign-in that started an SSO session, by its sid (empty: no second factor). */
    private java.util.function.Function<String, List<String>> amrBySid = sid -> List.of();

    /** What the ID token is about, besides the user and client. */
    public record Context(List<String> scope, String nonce, Instant authTime, String sid, String accessToken,
                          String organizationId, String organizationName) {
    }

    public IdTokenFactory(JwtSigner signer, String issuer, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * MFA (issue 12): tokens of a session started after a second factor carry its {@code amr} ({@code ["mfa", ...]})
     * and the multi-factor {@code acr}; refreshes and silent sign-ins keep them, since they keep the sid.
     */
    public IdTokenFactory withAuthenticationMethods(java.util.function.Function<String, List<String>> bySid) {
        this.amrBySid = bySid;
        return this;
    }

    public String issue(Client client, User user, Context c) {
        return issue(client, user, c, null);
    }

    /** An ID token sent with {@code code} through the browser carries {@code c_hash} (OpenID Connect Core §3.3.2.11). */
    public String issue(Client client, User user, Context c, String code) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.userId())
                .audience(client.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(client.idTokenLifetime())));
        if (c.nonce() != null) {
            b.claim("nonce", c.nonce());
        }
        if (c.authTime() != null) {
            b.claim("auth_time", c.authTime().getEpochSecond());
        }
        if (c.sid() != null) {
            b.claim("sid", c.sid());
            List<String> amr = amrBySid.apply(c.sid());
            if (amr.contains("mfa")) {
                b.claim("amr", amr);
                b.claim("acr", MFA_ACR);
            }
        }
        if (c.accessToken() != null) {
            b.claim("at_hash", halfHash(c.accessToken()));
        }
        if (code != null) {
            b.claim("c_hash", halfHash(code));
        }
        if (c.organizationId() != null) {
            b.claim("org_id", c.organizationId());
            if (c.organizationName() != null) {
                b.claim("org_name", c.organizationName());
            }
        }
        profileClaims(user, c.scope()).forEach(b::claim);
        return signer.sign(b.build());
    }

    /** The user's claims that {@code scope} releases (also the body of {@code /userinfo}). */
    public static java.util.Map<String, Object> profileClaims(User user, List<String> scope) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        JsonNode doc = user.doc();
        if (scope.contains("profile")) {
            for (String claim : PROFILE_CLAIMS) {
                JsonNode v = doc.get(claim);
                if (v != null && v.isString()) {
                    out.put(claim, v.asString());
                }
            }
            JsonNode updated = doc.get("updated_at");
            if (updated != null && updated.isString()) {
                out.put("updated_at", updated.asString());
            }
        }
        if (scope.contains("email")) {
            user.email().ifPresent(e -> out.put("email", e));
            out.put("email_verified", user.emailVerified());
        }
        return out;
    }

    /** Base64url of the left half of SHA-256 of the token (RS256). */
    static String halfHash(String token) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, h.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

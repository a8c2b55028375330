package dev.atrium.onboarding;

import dev.atrium.common.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Initial access tokens (RFC 7591 §3): when the onboarding policy opens dynamic registration only to holders of one
 * ({@link OnboardingPolicy#registrationNeedsToken()}), {@code POST /oidc/register} must carry one as a bearer token.
 * A token is 32 random bytes; only its SHA-256 is stored (the randomness makes a salt unnecessary), so the plain
 * token is shown once, when minted. A token serves any number of registrations until it expires or is revoked.
 */
public final class InitialAccessTokens {
    static final String PREFIX = "atiat_";
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InitialAccessTokenStore store;
    private final Clock clock;

    public InitialAccessTokens(InitialAccessTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new token and its stored form. */
    public record Minted(InitialAccessToken stored, String token) {
    }

    /** Mints a token living {@code lifetime} (empty: {@link #DEFAULT_LIFETIME}); throws {@link InvalidRequestException} on bad input. */
    public Minted mint(String description, Optional<Duration> lifetime) {
        Duration life = lifetime.orElse(DEFAULT_LIFETIME);
        if (life.compareTo(Duration.ofMinutes(1)) < 0 || life.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidRequestException("expires_in", "expires_in must be between 60 seconds and 365 days");
        }
        if (description != null && description.length() > 200) {
            throw new InvalidRequestException("description", "description must be at most 200 characters");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idBytes = new byte[12];
        RANDOM.nextBytes(idBytes);
        String id = "iat_" + HexFormat.of().formatHex(idBytes);
        Instant now = clock.instant();
        InitialAccessToken stored = new InitialAccessToken(id, hash(token), description, now, now.plus(life));
        store.insert(stored);
        return new Minted(stored, token);
    }

    public List<InitialAccessToken> list() {
        return store.list();
    }

    public boolean revoke(String id) {
        return store.delete(id);
    }

    /**
     * Null when {@code authorization} (the request's Authorization header) carries a live token; otherwise why not,
     * in words fit for an {@code error_description}.
     */
    public String refusal(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "This tenant requires an initial access token (Authorization: Bearer …) to register an application";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 200) {
            return "The Authorization header must carry an initial access token as a Bearer token";
        }
        String token = authorization.substring(7).trim();
        Optional<InitialAccessToken> found = store.findByHash(hash(token));
        if (found.isEmpty()) {
            return "The initial access token is not valid (unknown or revoked)";
        }
        if (!clock.instant().isBefore(found.get().expiresAt())) {
            return "The initial access token has expired";
        }
        return null;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.atrium.sessions;

import dev.atrium.common.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Creates, finds and ends SSO sessions. The cookie value is 256 random bits; only its SHA-256 is stored.
 * Lifetimes come from the tenant settings (absolute and idle, in hours).
 */
public final class SessionService {
    private final SessionStore store;
    private final Clock clock;

    /** A new session and the cookie value that refers to it (shown to the browser once). */
    public record Started(BrowserSession session, String cookieValue) {
    }

    public SessionService(SessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Started start(String userId, String connectionId, Duration absolute, Duration idle) {
        Instant now = clock.instant();
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        BrowserSession s = new BrowserSession(sha256(cookie), Ids.alnum(32), userId, connectionId, now, now, now,
                now.plus(absolute), now.plus(idle), false);
        store.create(s);
        return new Started(s, cookie);
    }

    /** The live session behind a cookie value, its idle lifetime extended. */
    public Optional<BrowserSession> current(String cookieValue, Duration idle) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<BrowserSession> s = store.findByHash(sha256(cookieValue)).filter(x -> x.liveAt(now));
        s.ifPresent(x -> {
            // write at most once a minute: the idle clock does not need second precision
            if (x.lastActiveAt().plusSeconds(60).isBefore(now)) {
                store.touch(x.idHash(), now, min(now.plus(idle), x.expiresAt()));
            }
        });
        return s;
    }

    public Optional<BrowserSession> findBySid(String sid) {
        return store.findBySid(sid);
    }

    public void end(String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty()) {
            store.revoke(sha256(cookieValue));
        }
    }

    public void endBySid(String sid) {
        store.findBySid(sid).ifPresent(s -> store.revoke(s.idHash()));
    }

    public void endAllOfUser(String userId) {
        store.revokeAllOfUser(userId);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

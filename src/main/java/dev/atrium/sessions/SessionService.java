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
 * Creates, finds and ends browser sessions; every lookup names the {@link BrowserSession.Kind} it
 * accepts, and the methods without one mean SSO. The cookie value is 256 random bits; only its SHA-256 is stored.
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

    /** A new SSO session (the hosted login pages). */
    public Started start(String userId, String connectionId, Duration absolute, Duration idle) {
        return start(BrowserSession.Kind.SSO, userId, connectionId, absolute, idle);
    }

    public Started start(BrowserSession.Kind kind, String userId, String connectionId, Duration absolute, Duration idle) {
        Instant now = clock.instant();
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        BrowserSession s = new BrowserSession(sha256(cookie), Ids.alnum(32), userId, connectionId, now, now, now,
                now.plus(absolute), now.plus(idle), false, kind);
        store.create(s);
        return new Started(s, cookie);
    }

    /** The live SSO session behind an SSO cookie value, its idle lifetime extended. */
    public Optional<BrowserSession> current(String cookieValue, Duration idle) {
        return current(BrowserSession.Kind.SSO, cookieValue, idle);
    }

    /** The live session of {@code kind} behind a cookie value, its idle lifetime extended; a session of another kind is none. */
    public Optional<BrowserSession> current(BrowserSession.Kind kind, String cookieValue, Duration idle) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<BrowserSession> s = store.findByHash(sha256(cookieValue)).filter(x -> x.kind() == kind).filter(x -> x.liveAt(now));
        s.ifPresent(x -> {
            // write at most once a minute: the idle clock does not need second precision
            if (x.lastActiveAt().plusSeconds(60).isBefore(now)) {
                store.touch(x.idHash(), now, min(now.plus(idle), x.expiresAt()));
            }
        });
        return s;
    }

    /** The SSO session with this public {@code sid} (dashboard sessions are never named by a sid). */
    public Optional<BrowserSession> findBySid(String sid) {
        return store.findBySid(sid).filter(s -> s.kind() == BrowserSession.Kind.SSO);
    }

    /** Ends the SSO session behind an SSO cookie value. */
    public void end(String cookieValue) {
        end(BrowserSession.Kind.SSO, cookieValue);
    }

    /** Ends the session of {@code kind} behind a cookie value; a value naming a session of another kind ends nothing. */
    public void end(BrowserSession.Kind kind, String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty()) {
            String hash = sha256(cookieValue);
            store.findByHash(hash).filter(s -> s.kind() == kind).ifPresent(s -> store.revoke(hash));
        }
    }

    public void endBySid(String sid) {
        findBySid(sid).ifPresent(s -> store.revoke(s.idHash()));
    }

    /** Ends every session of the user, of every kind. */
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

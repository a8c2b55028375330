package dev.atrium.authflow;

import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.users.PasswordHasher;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a username or email and password against a database connection, with brute-force
 * protection per user and IP. Wrong email and wrong password answer alike. A successful login
 * clears the counter, records {@code last_login}, and upgrades an imported bcrypt hash to Argon2id.
 * Blocks are keyed by connection and identifier as typed (lower-cased), so an administrator lifts
 * them by user (all its identifiers) or by identifier (every database connection).
 *
 * <p>Specifications: Auth0 "Database Connections", "Brute-Force Protection".
 */
public final class LoginService {
    private final UserStore users;
    private final ConnectionStore connections;
    private final PasswordHasher hasher;
    private final LoginFailureStore failures;
    private final Clock clock;
    /** A hash of a random password, made on first need: what an unknown identifier is verified against. */
    private volatile String dummyHash;

    /** The outcome of one attempt. */
    public sealed interface Result {
        record Success(User user, Connection connection) implements Result {
        }

        record WrongCredentials() implements Result {
        }

        record TooSoon(long seconds) implements Result {
        }

        record TooManyAttempts() implements Result {
        }

        record UserBlocked() implements Result {
        }
    }

    public LoginService(UserStore users, ConnectionStore connections, PasswordHasher hasher,
                        LoginFailureStore failures, Clock clock) {
        this.users = users;
        this.connections = connections;
        this.hasher = hasher;
        this.failures = failures;
        this.clock = clock;
    }

    /** An Auth0 user block: an identifier of a database connection blocked from one address. */
    public record Block(String identifier, String ip, String connection) {
    }

    /** The blocks of a user, under any of its identifiers (email, username). */
    public List<Block> blocks(User user) {
        return blocks(keysOf(user));
    }

    /** The blocks of an identifier (email or username) in any database connection. */
    public List<Block> blocks(String identifier) {
        return blocks(keysOf(identifier));
    }

    public void unblock(User user) {
        failures.unblock(List.copyOf(keysOf(user).keySet()));
    }

    public void unblock(String identifier) {
        failures.unblock(List.copyOf(keysOf(identifier).keySet()));
    }

    private List<Block> blocks(Map<String, Connection> keys) {
        return failures.blocked(List.copyOf(keys.keySet())).stream()
                .map(f -> new Block(f.userKey().substring(f.userKey().indexOf(':') + 1), f.ip(), keys.get(f.userKey()).name()))
                .toList();
    }

    private Map<String, Connection> keysOf(User user) {
        Map<String, Connection> keys = new LinkedHashMap<>();
        connections.find(user.connectionId()).ifPresent(c -> {
            user.email().ifPresent(e -> keys.put(userKey(c.id(), e), c));
            user.username().ifPresent(u -> keys.put(userKey(c.id(), u), c));
        });
        return keys;
    }

    private Map<String, Connection> keysOf(String identifier) {
        Map<String, Connection> keys = new LinkedHashMap<>();
        connections.list().stream().filter(Connection::isDatabase).forEach(c -> keys.put(userKey(c.id(), identifier), c));
        return keys;
    }

    public static String userKey(String connectionId, String identifier) {
        return connectionId + ":" + identifier.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * An unknown identifier (or a user without a password) costs the same one verification as a known one, so the
     * time of an answer does not tell which accounts exist. Always false.
     */
    private boolean spendOneHash(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hasher.hash(dev.atrium.common.Ids.alnum(32));
            dummyHash = dummy;
        }
        hasher.verify(password, dummy);
        return false;
    }

    public Result login(Connection connection, String identifier, String password, String ip) {
        Instant now = clock.instant();
        String key = userKey(connection.id(), identifier);
        if (connection.bruteForceProtection()) {
            Optional<LoginFailureStore.Failures> f = failures.find(key, ip);
            BruteForcePolicy.Verdict v = f.map(x -> BruteForcePolicy.check(x.count(), x.lastFailure(),
                    x.blockedAt().isPresent(), now)).orElse(new BruteForcePolicy.Verdict.Allowed());
            if (v instanceof BruteForcePolicy.Verdict.Blocked) {
                return new Result.TooManyAttempts();
            }
            if (v instanceof BruteForcePolicy.Verdict.Wait w) {
                return new Result.TooSoon(w.seconds());
            }
        }
        String id = identifier.trim();
        Optional<User> user = id.contains("@") ? users.findByEmail(connection.id(), id.toLowerCase(Locale.ROOT))
                : users.findByUsername(connection.id(), id);
        boolean verified = user.isPresent() && user.get().passwordHash().isPresent()
                ? hasher.verify(password, user.get().passwordHash().get())
                : spendOneHash(password);
        if (!verified) {
            if (connection.bruteForceProtection()) {
                int count = failures.find(key, ip).map(LoginFailureStore.Failures::count).orElse(0) + 1;
                failures.recordFailure(key, ip, now, count >= BruteForcePolicy.BLOCK_AFTER);
                if (count >= BruteForcePolicy.BLOCK_AFTER) {
                    return new Result.TooManyAttempts();
                }
            }
            return new Result.WrongCredentials();
        }
        User u = user.get();
        if (u.blocked()) {
            return new Result.UserBlocked();
        }
        failures.reset(key, ip);
        ObjectNode doc = u.doc();
        doc.put("last_login", now.toString());
        doc.put("last_ip", ip);
        doc.put("logins_count", doc.path("logins_count").asLong(0) + 1);
        User updated = u.withDoc(doc);
        if (hasher.needsUpgrade(u.passwordHash().get())) {
            updated = updated.withPasswordHash(hasher.hash(password));
        }
        users.update(updated);
        return new Result.Success(updated, connection);
    }
}

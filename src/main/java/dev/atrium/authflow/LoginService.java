package dev.atrium.authflow;

import dev.atrium.clients.Client;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
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
    private final EventLog log;
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
        this(users, connections, hasher, failures, clock, EventLog.NONE);
    }

    public LoginService(UserStore users, ConnectionStore connections, PasswordHasher hasher,
                        LoginFailureStore failures, Clock clock, EventLog log) {
        this.log = log;
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
        String upgraded = hasher.needsUpgrade(u.passwordHash().get()) ? hasher.hash(password) : null;
        // under the row lock, so a concurrent Management API change (a block, a new password) is not written over
        User updated = users.update(u.userId(), current -> {
            ObjectNode doc = current.doc();
            doc.put("last_login", now.toString());
            doc.put("last_ip", ip);
            doc.put("logins_count", doc.path("logins_count").asLong(0) + 1);
            User next = current.withDoc(doc);
            return upgraded != null && current.passwordHash().equals(u.passwordHash()) ? next.withPasswordHash(upgraded) : next;
        }).orElse(u);
        return new Result.Success(updated, connection);
    }

    // MFA (issue 12)
    public enum SecondFactor { PASSED, WRONG, BLOCKED }

    /**
     * A second-factor code, behind the same counter as the password of the user's sign-in identifier: a wrong code
     * is a failed attempt, a blocked identifier cannot pass the factor, and a right code clears the counter.
     */
    public SecondFactor secondFactor(String connectionId, User user, String ip, java.util.function.BooleanSupplier verify) {
        Instant now = clock.instant();
        Optional<Connection> connection = connections.find(connectionId);
        boolean protect = connection.map(Connection::bruteForceProtection).orElse(true);
        String key = userKey(connectionId, user.email().or(user::username).orElse(user.userId()));
        if (protect) {
            Optional<LoginFailureStore.Failures> f = failures.find(key, ip);
            BruteForcePolicy.Verdict v = f.map(x -> BruteForcePolicy.check(x.count(), x.lastFailure(),
                    x.blockedAt().isPresent(), now)).orElse(new BruteForcePolicy.Verdict.Allowed());
            if (!(v instanceof BruteForcePolicy.Verdict.Allowed)) {
                return SecondFactor.BLOCKED;
            }
        }
        if (verify.getAsBoolean()) {
            failures.reset(key, ip);
            return SecondFactor.PASSED;
        }
        if (protect) {
            int count = failures.find(key, ip).map(LoginFailureStore.Failures::count).orElse(0) + 1;
            failures.recordFailure(key, ip, now, count >= BruteForcePolicy.BLOCK_AFTER);
        }
        return SecondFactor.WRONG;
    }

    /**
     * A sign-in attempt of {@code client}'s user: {@link #login(Connection, String, String, String)}, recorded in
     * the tenant log as {@code s}, {@code fp} (known user, wrong password), {@code fu} (no such user),
     * {@code limit_wc} (blocked by brute-force protection) or {@code f} (user blocked, or asked to wait).
     */
    public Result login(Client client, Connection connection, String identifier, String password, String ip) {
        Result r = login(connection, identifier, password, ip);
        LogEvent.Builder e;
        if (r instanceof Result.Success s) {
            e = LogEvent.of(LogTypes.LOGIN_SUCCESS, "Success Login").user(s.user().userId(), s.user().email().orElse(identifier));
        } else if (r instanceof Result.WrongCredentials) {
            e = known(connection, identifier)
                    ? LogEvent.of(LogTypes.WRONG_PASSWORD, "Wrong email or password.").reason("wrong_password")
                    : LogEvent.of(LogTypes.UNKNOWN_USER, "Wrong email or password.").reason("unknown_user");
        } else if (r instanceof Result.TooManyAttempts) {
            e = LogEvent.of(LogTypes.BLOCKED_ACCOUNT, "Too many failed login attempts: the account is blocked from this address.")
                    .reason("brute_force_block");
        } else if (r instanceof Result.TooSoon t) {
            e = LogEvent.of(LogTypes.LOGIN_FAILED, "Too many attempts; asked to wait " + t.seconds() + " seconds.")
                    .reason("brute_force_delay");
        } else {
            e = LogEvent.of(LogTypes.LOGIN_FAILED, "user is blocked").reason("user_blocked");
        }
        if (!(r instanceof Result.Success)) {
            e.user(null, identifier);
        }
        e.client(client == null ? null : client.clientId(), client == null ? null : client.name())
                .connection(connection.name(), connection.id());
        log.record(e);
        return r;
    }

    private boolean known(Connection connection, String identifier) {
        String id = identifier.trim();
        return (id.contains("@") ? users.findByEmail(connection.id(), id.toLowerCase(Locale.ROOT))
                : users.findByUsername(connection.id(), id)).isPresent();
    }
}

package dev.atrium.users;

import dev.atrium.common.OAuthError;

import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for users of database connections, shared by the Management API, sign-up and the
 * dashboard: required properties per connection, the password policy, Auth0's defaults for a new
 * profile, PATCH merging (metadata one level deep, {@code null} deleting a key), and the end of
 * every session and refresh token of a user whose password changes, who is blocked or deleted
 * ({@link AccountSessions}). Administrator status is not a user field: see {@link Administrators}.
 *
 * <p>Specifications: Auth0 Management API "Create a user", "Update a user", "Search users";
 * "Normalized User Profile"; "Metadata" (merge rules).
 */
public final class UserService {
    public static final String WEAK_PASSWORD = "PasswordStrengthError: Password is too weak";
    public static final String USER_EXISTS = "The user already exists.";
    private static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+";
    private static final Set<String> METADATA = Set.of("user_metadata", "app_metadata");
    /** Request properties that steer the operation and are not part of the stored profile. */
    private static final Set<String> DIRECTIVES = Set.of("connection", "password", "verify_email",
            "verify_phone_number", "client_id", "user_id");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final UserStore store;
    private final ConnectionStore connections;
    private final PasswordHasher hasher;
    private final AccountSessions sessions;
    private final Clock clock;
    private EventLog log = EventLog.NONE;

    /** One page of a search and the number of users matching it. */
    public record Page(List<User> users, long total) {
    }

    public UserService(UserStore store, ConnectionStore connections, PasswordHasher hasher, AccountSessions sessions, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** As the other constructor, recording password changes, blocks and sign-ups in the tenant log. */
    public UserService(UserStore store, ConnectionStore connections, PasswordHasher hasher, AccountSessions sessions, Clock clock,
                       EventLog log) {
        this(store, connections, hasher, sessions, clock);
        this.log = log;
    }

    /**
     * A sign-up from the hosted page or {@code /dbconnections/signup}: {@link #create}, recorded as {@code ss}
     * or {@code fs} for the application it happened through.
     */
    public User signup(String clientId, String clientName, ObjectNode request) {
        String connection = Json.text(request, "connection", null);
        String email = Json.text(request, "email", null);
        try {
            User u = create(request);
            log.record(LogEvent.of(LogTypes.SIGNUP_SUCCESS, "Successful signup").client(clientId, clientName)
                    .connection(connection, u.connectionId()).user(u.userId(), u.email().orElse(email)));
            return u;
        } catch (RuntimeException e) {
            log.record(LogEvent.of(LogTypes.SIGNUP_FAILED, e.getMessage()).client(clientId, clientName)
                    .connection(connection, null).user(null, email)
                    .reason(e instanceof AlreadyExistsException ? "user_exists" : OAuthError.INVALID_SIGNUP.code()));
            throw e;
        }
    }

    public Optional<User> find(String userId) {
        return store.find(userId);
    }

    /** Every user with this email, in any connection. */
    public List<User> byEmail(String email) {
        return store.findAllByEmail(email);
    }

    /** Users matching the search syntax {@code q} and, when given, the connection named {@code connection}. */
    public Page search(String q, Optional<String> connection, int offset, int limit) {
        UserFilter filter = UserSearch.parse(q);
        Optional<String> connectionId = Optional.empty();
        if (connection.isPresent()) {
            Optional<Connection> c = connections.findByName(connection.get());
            if (c.isEmpty()) {
                return new Page(List.of(), 0);
            }
            connectionId = Optional.of(c.get().id());
        }
        UserQuery query = new UserQuery(filter, connectionId);
        long total = store.count(query);
        return new Page(offset >= total || limit == 0 ? List.of() : store.search(query, offset, limit), total);
    }

    /** Creates a user from a request document whose types were already checked. */
    public User create(ObjectNode request) {
        return insert(request, Optional.empty());
    }

    /**
     * Creates a user whose password arrives already hashed (bulk import, issue 16): the same checks as
     * {@link #create} except the password policy, which a hash cannot be held to; without a hash the
     * user has no password until they reset it.
     */
    public User createImported(ObjectNode request, Optional<String> passwordHash) {
        return insert(request, Optional.of(passwordHash));
    }

    private User insert(ObjectNode request, Optional<Optional<String>> imported) {
        Connection c = databaseConnection(Json.text(request, "connection", ""));
        ObjectNode doc = request.deepCopy();
        DIRECTIVES.forEach(doc::remove);
        String email = Json.text(doc, "email", null);
        if (email == null) {
            throw new InvalidRequestException("email", "Payload validation error: 'Missing required property: email'.");
        }
        checkEmail(email);
        email = email.toLowerCase(Locale.ROOT);
        doc.put("email", email);
        checkUsername(c, doc.get("username"));
        String password = Json.text(request, "password", null);
        if (password == null && imported.isEmpty()) {
            throw new InvalidRequestException("password", "Payload validation error: 'Missing required property: password'.");
        }
        if (imported.isEmpty()) {
            checkPassword(c, password);
        }
        String hex = Json.text(request, "user_id", Ids.hex(12));
        String userId = "auth0|" + hex;
        String now = now();
        doc.put("user_id", userId);
        putIfAbsent(doc, "email_verified", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "name", Json.MAPPER.getNodeFactory().stringNode(email));
        String local = email.substring(0, email.indexOf('@'));
        putIfAbsent(doc, "nickname", Json.MAPPER.getNodeFactory().stringNode(local));
        putIfAbsent(doc, "picture", Json.MAPPER.getNodeFactory().stringNode(gravatar(email, local)));
        putIfAbsent(doc, "blocked", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "user_metadata", Json.object());
        putIfAbsent(doc, "app_metadata", Json.object());
        doc.set("identities", Json.array().add(Json.object().put("connection", c.name()).put("user_id", hex)
                .put("provider", "auth0").put("isSocial", false)));
        doc.put("logins_count", 0);
        doc.put("created_at", now);
        doc.put("updated_at", now);
        User user = new User(userId, c.id(), doc, Optional.empty());
        if (store.findByEmail(c.id(), email).isPresent()
                || user.username().flatMap(u -> store.findByUsername(c.id(), u)).isPresent()) {
            throw new AlreadyExistsException(USER_EXISTS);
        }
        user = imported.isPresent() ? (imported.get().isPresent() ? user.withPasswordHash(imported.get().get()) : user)
                : user.withPasswordHash(hasher.hash(password));
        try {
            store.create(user);
        } catch (AlreadyExistsException e) {
            // a concurrent create won the race for the same email, username or id
            throw new AlreadyExistsException(USER_EXISTS);
        }
        return user;
    }

    /**
     * Applies a PATCH whose types were already checked: shallow merge, {@code null} removes a
     * property, metadata merged one level deep, a new password re-hashed.
     */
    public Optional<User> update(String userId, ObjectNode patch) {
        Optional<User> existing = store.find(userId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        User user = existing.get();
        Connection c = connections.find(user.connectionId())
                .orElseThrow(() -> new InvalidRequestException("connection", "The connection does not exist."));
        String target = Json.text(patch, "connection", c.name());
        if (!target.equals(c.name())) {
            throw new InvalidRequestException("connection", "The user has no identity in connection " + target + ".");
        }
        String password = Json.text(patch, "password", null);
        if (password != null && patch.has("email")) {
            throw new InvalidRequestException("Cannot update password and email simultaneously");
        }
        // the checks below depend only on the PATCH and the connection, so they run before the row is locked
        if (patch.has("email")) {
            JsonNode email = patch.get("email");
            if (email.isNull()) {
                if (!c.requiresUsername()) {
                    throw new InvalidRequestException("email", "email is required in this connection");
                }
            } else {
                checkEmail(email.asString());
            }
        }
        if (patch.has("username")) {
            if (patch.get("username").isNull() && c.requiresUsername()) {
                throw new InvalidRequestException("username", "username is required in this connection");
            }
            checkUsername(c, patch.get("username"));
        }
        String hash = null;
        if (password != null) {
            try {
                checkPassword(c, password);
            } catch (InvalidRequestException e) {
                log.record(LogEvent.of(LogTypes.PASSWORD_CHANGE_FAILED, e.getMessage()).user(userId, user.email().orElse(null))
                        .connection(c.name(), c.id()).reason("password_policy"));
                throw e;
            }
            // hashing is slow: done before the row is locked
            hash = hasher.hash(password);
        }
        String now = now();
        String newHash = hash;
        User[] before = new User[1];
        Optional<User> result;
        try {
            result = store.update(userId, current -> {
                before[0] = current;
                User merged = current.withDoc(merged(current.doc(), patch, password != null, now));
                return newHash == null ? merged : merged.withPasswordHash(newHash);
            });
        } catch (AlreadyExistsException e) {
            throw new AlreadyExistsException(USER_EXISTS);
        }
        if (result.isEmpty()) {
            return Optional.empty();
        }
        User updated = result.get();
        boolean newlyBlocked = updated.blocked() && !before[0].blocked();
        if (password != null || newlyBlocked) {
            // issue 9, point 15: a new password or a block ends every session and refresh token of the user
            sessions.endAll(userId);
        }
        if (password != null) {
            log.record(LogEvent.of(LogTypes.PASSWORD_CHANGED, "Success Change Password").user(userId, updated.email().orElse(null))
                    .connection(c.name(), c.id()));
        }
        if (newlyBlocked) {
            log.record(LogEvent.of(LogTypes.USER_BLOCKED, "The user was blocked").user(userId, updated.email().orElse(null))
                    .connection(c.name(), c.id()));
        }
        return Optional.of(updated);
    }

    /** The stored document with a checked PATCH applied; runs while the user's row is locked. */
    private static ObjectNode merged(ObjectNode doc, ObjectNode patch, boolean newPassword, String now) {
        if (patch.has("email")) {
            JsonNode email = patch.get("email");
            if (email.isNull()) {
                doc.remove("email");
            } else {
                String lower = email.asString().toLowerCase(Locale.ROOT);
                if (!lower.equals(Json.text(doc, "email", null)) && !patch.has("email_verified")) {
                    // a new address is unverified until said otherwise
                    doc.put("email_verified", false);
                }
                doc.put("email", lower);
            }
        }
        for (String name : patch.propertyNames()) {
            JsonNode v = patch.get(name);
            if (DIRECTIVES.contains(name) || name.equals("email")) {
                continue;
            }
            if (METADATA.contains(name)) {
                doc.set(name, mergeMetadata(doc.get(name), v));
            } else if (v.isNull()) {
                doc.remove(name);
            } else {
                doc.set(name, v);
            }
        }
        if (newPassword) {
            doc.put("last_password_reset", now);
        }
        doc.put("updated_at", now);
        return doc;
    }

    /** False when there was nothing to delete. The user's sessions and refresh tokens end either way. */
    public boolean delete(String userId) {
        boolean deleted = store.delete(userId);
        // a user id can be given again at creation: nothing of the deleted account may carry over to it
        sessions.endAll(userId);
        return deleted;
    }

    /** The user of this email in {@code connection}, if any. */
    public Optional<User> findByEmail(Connection connection, String email) {
        return store.findByEmail(connection.id(), email);
    }

    /**
     * Makes {@code password} the user's password: unchanged when it already is (its hash upgraded to
     * the current Argon2id parameters if need be), otherwise set as a password change, which ends
     * the user's sessions and refresh tokens. True when the password changed.
     */
    public boolean ensurePassword(String userId, String password) {
        User user = store.find(userId).orElseThrow(() -> new InvalidRequestException("user_id", "The user does not exist."));
        String hash = user.passwordHash().orElse(null);
        if (!hasher.verify(password, hash)) {
            update(userId, Json.object().put("password", password));
            return true;
        }
        if (hasher.needsUpgrade(hash)) {
            String upgraded = hasher.hash(password);
            // only the hash moves, and only if no one changed the password meanwhile
            store.update(userId, u -> u.passwordHash().filter(hash::equals).isPresent() ? u.withPasswordHash(upgraded) : u);
        }
        return false;
    }

    private Connection databaseConnection(String name) {
        Connection c = connections.findByName(name)
                .orElseThrow(() -> new InvalidRequestException("connection", "The connection does not exist."));
        if (!c.isDatabase()) {
            throw new InvalidRequestException("connection", "Only database connections (strategy auth0) can hold users created here.");
        }
        return c;
    }

    private static void checkPassword(Connection c, String password) {
        if (!c.policy().accepts(password)) {
            throw new InvalidRequestException("password", WEAK_PASSWORD);
        }
    }

    private static void checkEmail(String email) {
        if (!email.matches(EMAIL_PATTERN)) {
            throw new InvalidRequestException("email", "Payload validation error: 'Object didn't pass validation for format email: "
                    + email + "' on property email.");
        }
    }

    /** A username only where the connection asks for one, within its length limits (Auth0's defaults: 1 to 15). */
    private static void checkUsername(Connection c, JsonNode username) {
        if (username == null || username.isNull()) {
            if (c.requiresUsername()) {
                throw new InvalidRequestException("username", "Payload validation error: 'Missing required property: username'.");
            }
            return;
        }
        if (!c.requiresUsername()) {
            throw new InvalidRequestException("username", "Cannot set username for connection without requires_username");
        }
        JsonNode limits = c.options().path("validation").path("username");
        long min = Json.number(limits, "min", 1);
        long max = Json.number(limits, "max", 15);
        int length = username.asString().length();
        if (length < min || length > max) {
            throw new InvalidRequestException("username", "username must be between " + min + " and " + max + " characters");
        }
    }

    /** One level deep: each supplied key replaces the stored one, a {@code null} value removes it. */
    private static ObjectNode mergeMetadata(JsonNode stored, JsonNode patch) {
        ObjectNode merged = stored instanceof ObjectNode o ? o.deepCopy() : Json.object();
        for (String key : patch.propertyNames()) {
            JsonNode v = patch.get(key);
            if (v.isNull()) {
                merged.remove(key);
            } else {
                merged.set(key, v);
            }
        }
        return merged;
    }

    /** The picture Auth0 gives a new profile: the Gravatar of the email, falling back to initials. */
    private static String gravatar(String email, String local) {
        String initials = local.replaceAll("[^a-z0-9]", "");
        initials = initials.isEmpty() ? "a" : initials.substring(0, Math.min(2, initials.length()));
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(email.getBytes(StandardCharsets.UTF_8));
            return "https://s.gravatar.com/avatar/" + HexFormat.of().formatHex(md5)
                    + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F" + initials + ".png";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private String now() {
        return MILLIS.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name) || doc.get(name).isNull()) {
            doc.set(name, value);
        }
    }
}

package dev.atrium.users;

import dev.atrium.common.OAuthError;

import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Change;
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

/**
 * The rules for users of database connections, shared by the Management API, sign-up and the
 * dashboard, which hand over typed commands ({@link NewUser}, {@link UserPatch}): required properties
 * per connection, the password policy, Auth0's defaults for a new profile, patch merging (metadata
 * one level deep, a {@code null} value deleting a key), and the end of
 * every session and refresh token of a user whose password changes, who is blocked or deleted
 * ({@link AccountSessions}). Administrator status is not a user field: see {@link Administrators}.
 *
 * <p>Specifications: Auth0 Management API "Create a user", "Update a user", "Search users";
 * "Normalized User Profile"; "Metadata" (merge rules).
 */
public final class UserService {
    public static final String WEAK_PASSWORD = "PasswordStrengthError: Password is too weak";
    public static final String USER_EXISTS = "The user already exists.";
    /** Auth0's words for O67's refusal: a database connection enabled for no application. */
    public static final String CONNECTION_DISABLED = "connection is disabled";
    private static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+";
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final UserStore store;
    private final ConnectionStore connections;
    private final PasswordHasher hasher;
    private final AccountSessions sessions;
    private final Clock clock;
    private EventLog log = EventLog.NONE;

    /** One page of a search and the number of users matching it (-1 when not counted). */
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
    public User signup(String clientId, String clientName, NewUser request) {
        String connection = request.connection();
        String email = request.email().orElse(null);
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
        return search(q, connection, offset, limit, true);
    }

    /**
     * {@link #search(String, Optional, int, int)}; without {@code withTotal} the matches are not counted (the page's
     * total is then -1), one statement fewer for a listing whose response shows no total.
     */
    public Page search(String q, Optional<String> connection, int offset, int limit, boolean withTotal) {
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
        if (!withTotal) {
            return new Page(limit == 0 ? List.of() : store.search(query, offset, limit), -1);
        }
        long total = store.count(query);
        return new Page(offset >= total || limit == 0 ? List.of() : store.search(query, offset, limit), total);
    }

    /** Creates a user. */
    public User create(NewUser request) {
        return insert(request, Optional.empty());
    }

    /**
     * Creates a user for an administrator (the Management API's {@code POST /users}, the dashboard): the
     * database connection must be enabled for at least one application (O67). Enabling it only for an
     * organization is not enough; sign-ups, imports and the server's own accounts are not held to it.
     */
    public User createByAdministrator(NewUser request) {
        Connection c = databaseConnection(request.connection());
        if (connections.enabledClients(c.id()).isEmpty()) {
            throw new InvalidRequestException("connection", CONNECTION_DISABLED);
        }
        return create(request);
    }

    /**
     * Creates a user whose password arrives already hashed (bulk import, issue 16): the same checks as
     * {@link #create} except the password policy, which a hash cannot be held to; without a hash the
     * user has no password until they reset it. A password in {@code request} is ignored.
     */
    public User createImported(NewUser request, Optional<String> passwordHash) {
        return insert(request, Optional.of(passwordHash));
    }

    private User insert(NewUser request, Optional<Optional<String>> imported) {
        Connection c = databaseConnection(request.connection());
        String email = request.email().orElseThrow(() ->
                new InvalidRequestException("email", "Payload validation error: 'Missing required property: email'."));
        checkEmail(email);
        String lower = email.toLowerCase(Locale.ROOT);
        checkUsername(c, request.username());
        String password = request.password().orElse(null);
        if (password == null && imported.isEmpty()) {
            throw new InvalidRequestException("password", "Payload validation error: 'Missing required property: password'.");
        }
        if (imported.isEmpty()) {
            checkPassword(c, password);
        }
        String hex = request.userId().orElseGet(() -> Ids.hex(12));
        String userId = "auth0|" + hex;
        String now = now();
        String local = lower.substring(0, lower.indexOf('@'));
        UserProfile p = request.profile();
        ObjectNode doc = Json.object();
        doc.put("email", lower);
        request.username().ifPresent(u -> doc.put("username", u));
        p.phoneNumber().value().ifPresent(v -> doc.put("phone_number", v));
        p.phoneVerified().ifPresent(v -> doc.put("phone_verified", v));
        p.givenName().value().ifPresent(v -> doc.put("given_name", v));
        p.familyName().value().ifPresent(v -> doc.put("family_name", v));
        doc.put("user_id", userId);
        doc.put("email_verified", request.emailVerified().orElse(false));
        doc.put("name", p.name().value().orElse(lower));
        doc.put("nickname", p.nickname().value().orElse(local));
        doc.put("picture", p.picture().value().orElseGet(() -> gravatar(lower, local)));
        doc.put("blocked", request.blocked().orElse(false));
        doc.set("user_metadata", request.userMetadata().orElseGet(Json::object));
        doc.set("app_metadata", request.appMetadata().orElseGet(Json::object));
        doc.set("identities", Json.array().add(Json.object().put("connection", c.name()).put("user_id", hex)
                .put("provider", "auth0").put("isSocial", false)));
        doc.put("logins_count", 0);
        doc.put("created_at", now);
        doc.put("updated_at", now);
        User user = new User(userId, c.id(), doc, Optional.empty());
        if (store.findByEmail(c.id(), lower).isPresent()
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
     * Applies a patch: each property kept, removed or set, metadata merged one level deep, a new
     * password re-hashed. Empty when the user does not exist.
     */
    public Optional<User> update(String userId, UserPatch patch) {
        Optional<User> existing = store.find(userId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        User user = existing.get();
        Connection c = connections.find(user.connectionId())
                .orElseThrow(() -> new InvalidRequestException("connection", "The connection does not exist."));
        String target = patch.connection().orElse(c.name());
        if (!target.equals(c.name())) {
            throw new InvalidRequestException("connection", "The user has no identity in connection " + target + ".");
        }
        String password = patch.password().orElse(null);
        if (password != null && patch.email().present()) {
            throw new InvalidRequestException("Cannot update password and email simultaneously");
        }
        // the checks below depend only on the patch and the connection, so they run before the row is locked
        if (patch.email().present()) {
            Optional<String> email = patch.email().value();
            if (email.isEmpty()) {
                if (!c.requiresUsername()) {
                    throw new InvalidRequestException("email", "email is required in this connection");
                }
            } else {
                checkEmail(email.get());
            }
        }
        if (patch.username().present()) {
            if (patch.username().value().isEmpty() && c.requiresUsername()) {
                throw new InvalidRequestException("username", "username is required in this connection");
            }
            checkUsername(c, patch.username().value());
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

    /** The stored document with a checked patch applied; runs while the user's row is locked. */
    private static ObjectNode merged(ObjectNode doc, UserPatch patch, boolean newPassword, String now) {
        if (patch.email().present()) {
            Optional<String> email = patch.email().value();
            if (email.isEmpty()) {
                doc.remove("email");
            } else {
                String lower = email.get().toLowerCase(Locale.ROOT);
                if (!lower.equals(Json.text(doc, "email", null)) && patch.emailVerified().isEmpty()) {
                    // a new address is unverified until said otherwise
                    doc.put("email_verified", false);
                }
                doc.put("email", lower);
            }
        }
        patch.emailVerified().ifPresent(v -> doc.put("email_verified", v));
        set(doc, "username", patch.username());
        patch.blocked().ifPresent(v -> doc.put("blocked", v));
        UserProfile p = patch.profile();
        set(doc, "given_name", p.givenName());
        set(doc, "family_name", p.familyName());
        set(doc, "name", p.name());
        set(doc, "nickname", p.nickname());
        set(doc, "picture", p.picture());
        set(doc, "phone_number", p.phoneNumber());
        p.phoneVerified().ifPresent(v -> doc.put("phone_verified", v));
        patch.userMetadata().ifPresent(m -> doc.set("user_metadata", mergeMetadata(doc.get("user_metadata"), m)));
        patch.appMetadata().ifPresent(m -> doc.set("app_metadata", mergeMetadata(doc.get("app_metadata"), m)));
        if (newPassword) {
            doc.put("last_password_reset", now);
        }
        doc.put("updated_at", now);
        return doc;
    }

    private static void set(ObjectNode doc, String field, Change<String> change) {
        if (change.present()) {
            change.value().ifPresentOrElse(v -> doc.put(field, v), () -> doc.remove(field));
        }
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
            update(userId, UserPatch.password(password));
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
    private static void checkUsername(Connection c, Optional<String> username) {
        if (username.isEmpty()) {
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
        int length = username.get().length();
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
}

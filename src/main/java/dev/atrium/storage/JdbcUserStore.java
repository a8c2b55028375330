package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.users.User;
import dev.atrium.users.UserQuery;
import dev.atrium.users.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link UserStore} over {@code users}. The queried columns (email lower-cased, username, name,
 * blocked) are copied from the document on every write; deleting a user removes its role and
 * permission rows through the foreign keys.
 */
public final class JdbcUserStore implements UserStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcUserStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<User> find(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select * from users where user_id = :id")
                .bind("id", userId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<User> findByEmail(String connectionId, String email) {
        return jdbi.withHandle(h -> h.createQuery("select * from users where connection_id = :c and email = :e")
                .bind("c", connectionId).bind("e", lower(email)).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<User> findByUsername(String connectionId, String username) {
        return jdbi.withHandle(h -> h.createQuery("select * from users where connection_id = :c and username = :u")
                .bind("c", connectionId).bind("u", username).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<User> findAllByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("select * from users where email = :e order by created_at, user_id")
                .bind("e", lower(email)).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<User> search(UserQuery query, int offset, int limit) {
        Where w = where(query);
        return jdbi.withHandle(h -> w.bind(h.createQuery("select * from users" + w.sql
                        + " order by created_at, user_id limit :limit offset :offset"))
                .bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public long count(UserQuery query) {
        Where w = where(query);
        return jdbi.withHandle(h -> w.bind(h.createQuery("select count(*) from users" + w.sql))
                .mapTo(Long.class).one());
    }

    @Override
    public void create(User u) {
        Docs.unique("user " + u.userId(), () -> jdbi.inTransaction(h -> {
            int n = bindSearchedColumns(h.createUpdate(
                        "insert into users (user_id, connection_id, email, username, name, picture, password_hash, blocked, doc, "
                                + "created_at, updated_at, nickname, logins_count, last_login) values (:id, :c, :email, :username, "
                                + ":name, :picture, :hash, :blocked, :doc, :now, :now, :nickname, :logins, :last)"), u)
                .bind("id", u.userId()).bind("c", u.connectionId())
                .bind("email", u.email().orElse(null)).bind("username", u.username().orElse(null))
                .bind("name", u.name()).bind("picture", picture(u)).bind("hash", u.passwordHash().orElse(null))
                .bind("blocked", u.blocked()).bind("doc", Docs.write(u.doc())).bind("now", SqlTime.of(clock.instant()))
                .execute();
            // a new row has no metadata rows: those of a deleted user of the same id went with it (on delete cascade)
            insertMetadataRows(h, u);
            return n;
        }));
    }

    @Override
    public boolean update(User u) {
        // an email or username change can collide with another user of the connection
        return Docs.unique("user " + u.userId(), () -> jdbi.inTransaction(h -> write(h, u, null)));
    }

    @Override
    public Optional<User> update(String userId, UnaryOperator<User> change) {
        // an email or username change can collide with another user of the connection
        return Docs.unique("user " + userId, () -> jdbi.inTransaction(h -> {
            // the row lock makes a concurrent update wait for this one and then read what it wrote
            Optional<User> current = h.createQuery("select * from users where user_id = :id for update")
                    .bind("id", userId).map((rs, ctx) -> map(rs)).findOne();
            if (current.isEmpty()) {
                return Optional.<User>empty();
            }
            User next = change.apply(current.get());
            if (!next.userId().equals(userId) || !next.connectionId().equals(current.get().connectionId())) {
                throw new IllegalArgumentException("an update cannot change the user id or connection");
            }
            write(h, next, current.get());
            return Optional.of(next);
        }));
    }

    /**
     * Writes {@code u} over its row with the searched columns, in one statement; the metadata rows, and the copies of
     * the email, name and picture in the user's memberships (V285), are written again unless {@code before} (the row
     * as read under its lock, or null when not read) had the same values: a sign-in changes the login count and time,
     * not those.
     */
    private boolean write(Handle h, User u, User before) {
        boolean updated = bindSearchedColumns(h.createUpdate(
                    "update users set email = :email, username = :username, name = :name, picture = :picture, "
                            + "password_hash = :hash, blocked = :blocked, doc = :doc, updated_at = :now, "
                            + "nickname = :nickname, logins_count = :logins, last_login = :last where user_id = :id"), u)
            .bind("id", u.userId())
            .bind("email", u.email().orElse(null)).bind("username", u.username().orElse(null))
            .bind("name", u.name()).bind("picture", picture(u)).bind("hash", u.passwordHash().orElse(null))
            .bind("blocked", u.blocked())
            .bind("doc", Docs.write(u.doc())).bind("now", SqlTime.of(clock.instant()))
            .execute() == 1;
        if (updated && (before == null || memberFieldsChanged(before, u))) {
            // the memberships' copies (V285), under this transaction's lock of the user's row
            h.createUpdate("update organization_members set member_email = :email, member_name = :name, member_picture = :picture "
                            + "where user_id = :id")
                    .bind("id", u.userId()).bind("email", u.email().orElse(null)).bind("name", u.name()).bind("picture", picture(u))
                    .execute();
        }
        if (updated && (before == null || !UserSearchColumns.metadata(before.doc()).equals(UserSearchColumns.metadata(u.doc())))) {
            h.createUpdate("delete from user_search_metadata where user_id = :id").bind("id", u.userId()).execute();
            insertMetadataRows(h, u);
        }
        return updated;
    }

    @Override
    public boolean delete(String userId) {
        return jdbi.inTransaction(h -> {
            // MFA (issue 12): a user id can be given again; no factor of the deleted account may carry over to it
            h.createUpdate("delete from webauthn_credentials where user_id = :id").bind("id", userId).execute();
            h.createUpdate("delete from mfa_enrollments where user_id = :id").bind("id", userId).execute();
            return h.createUpdate("delete from users where user_id = :id").bind("id", userId).execute() == 1;
        });
    }

    /** A where clause and its bindings. */
    private record Where(String sql, Map<String, Object> values) {
        <S extends SqlStatement<S>> S bind(S statement) {
            values.forEach(statement::bind);
            return statement;
        }
    }

    private static Where where(UserQuery q) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> terms = new ArrayList<>();
        if (!(q.filter() instanceof dev.atrium.users.UserFilter.All)) {
            terms.add("(" + UserSearchSql.condition(q.filter(), values) + ")");
        }
        q.connectionId().ifPresent(c -> {
            terms.add("connection_id = :connection_id");
            values.put("connection_id", c);
        });
        return new Where(terms.isEmpty() ? "" : " where " + String.join(" and ", terms), values);
    }

    /** Binds the searched copies of the document's fields (issue 17 point 8), written with the row on every write. */
    private static <S extends SqlStatement<S>> S bindSearchedColumns(S statement, User u) {
        return statement.bind("nickname", UserSearchColumns.nickname(u.doc())).bind("logins", UserSearchColumns.loginsCount(u.doc()))
                .bind("last", UserSearchColumns.lastLogin(u.doc()));
    }

    /** The metadata rows searched by {@code app_metadata.*} and {@code user_metadata.*}, for a user that has none stored. */
    private static void insertMetadataRows(org.jdbi.v3.core.Handle h, User u) {
        var batch = h.prepareBatch("insert into user_search_metadata (user_id, kind, path, meta_value) values (:id, :kind, :path, :value)");
        for (UserSearchColumns.MetadataValue v : UserSearchColumns.metadata(u.doc())) {
            batch.bind("id", u.userId()).bind("kind", v.kind()).bind("path", v.path()).bind("value", v.value()).add();
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    /** Whether a field copied into the user's memberships (V285) differs between the two versions of the user. */
    private static boolean memberFieldsChanged(User before, User after) {
        return !before.email().equals(after.email()) || !before.name().equals(after.name())
                || !java.util.Objects.equals(picture(before), picture(after));
    }

    /** The document's picture, also kept as a column for the members pages (V282) and in each membership (V285). */
    private static String picture(User u) {
        return Json.text(u.doc(), "picture", null);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString("user_id"), rs.getString("connection_id"), Docs.read(rs.getString("doc")),
                Optional.ofNullable(rs.getString("password_hash")));
    }
}

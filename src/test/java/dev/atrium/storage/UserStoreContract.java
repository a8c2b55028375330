package dev.atrium.storage;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.JsonNode;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Json;
import dev.atrium.users.User;
import dev.atrium.users.UserQuery;
import dev.atrium.users.UserStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link UserStore} contract, run against every database that implements it. Each test works
 * in its own connection id and with unique emails, and assumes nothing about what else the
 * tables hold.
 */
public interface UserStoreContract {
    Jdbi jdbi();

    default UserStore userStore() {
        return new JdbcUserStore(jdbi(), Clock.systemUTC());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static String connectionId() {
        return "con_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static User user(String userId, String connectionId, String email, String username, String name) {
        var doc = Json.object().put("user_id", userId).put("email", email).put("name", name);
        if (username != null) {
            doc.put("username", username);
        }
        return new User(userId, connectionId, doc, Optional.of("$argon2id$hash-of-" + userId));
    }

    private static UserQuery in(String connectionId) {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(connectionId), Optional.empty());
    }

    @Test
    default void createThenFindByIdEmailAndUsername() {
        UserStore store = userStore();
        String con = connectionId();
        String email = unique("Find") + "@Example.com";
        User u = user("auth0|" + unique("find"), con, email, unique("name"), "Find Me");
        store.create(u);
        assertThat(store.find(u.userId())).contains(u);
        assertThat(store.find(u.userId()).orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
        assertThat(store.findByEmail(con, email.toLowerCase())).contains(u);
        assertThat(store.findByEmail(con, email.toUpperCase())).contains(u);
        assertThat(store.findByEmail(connectionId(), email)).isEmpty();
        assertThat(store.findByUsername(con, u.username().orElseThrow())).contains(u);
        assertThat(store.findByUsername(con, unique("nobody"))).isEmpty();
        assertThat(store.find("auth0|" + unique("missing"))).isEmpty();
    }

    @Test
    default void emailAndUsernameAreUniquePerConnection() {
        UserStore store = userStore();
        String con = connectionId();
        String email = unique("dup") + "@example.com";
        String username = unique("dup");
        User u = user("auth0|" + unique("a"), con, email, username, "A");
        store.create(u);
        assertThatThrownBy(() -> store.create(user("auth0|" + unique("b"), con, email.toUpperCase(), null, "B")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.create(user("auth0|" + unique("c"), con, unique("c") + "@example.com", username, "C")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.create(user(u.userId(), connectionId(), unique("d") + "@example.com", null, "D")))
                .isInstanceOf(AlreadyExistsException.class);
        // the same email and username in another connection belong to another user
        store.create(user("auth0|" + unique("e"), connectionId(), email, username, "E"));
        // users without a username do not collide on it
        store.create(user("auth0|" + unique("f"), con, unique("f") + "@example.com", null, "F"));
        store.create(user("auth0|" + unique("g"), con, unique("g") + "@example.com", null, "G"));
    }

    @Test
    default void findAllByEmailSpansConnectionsOldestFirst() {
        UserStore store = userStore();
        String email = unique("all") + "@example.com";
        String prefix = "auth0|" + unique("all");
        User first = user(prefix + "-1", connectionId(), email, null, "1");
        User second = user(prefix + "-2", connectionId(), email.toUpperCase(), null, "2");
        store.create(first);
        store.create(second);
        assertThat(store.findAllByEmail(email.toUpperCase())).extracting(User::userId)
                .containsExactly(first.userId(), second.userId());
        assertThat(store.findAllByEmail(unique("none") + "@example.com")).isEmpty();
    }

    @Test
    default void searchAndCountApplyEveryFilterAndPaging() {
        UserStore store = userStore();
        String con = connectionId();
        String prefix = "auth0|" + unique("s");
        User a = user(prefix + "-1", con, unique("alpha") + "@example.com", "alpha1", "Ann 50% Off");
        User b = user(prefix + "-2", con, unique("beta") + "@example.com", "beta1", "Bob Builder");
        User c = user(prefix + "-3", con, unique("gamma") + "@example.com", null, "Carl_Builder");
        List.of(a, b, c).forEach(store::create);
        store.create(user(prefix + "-4", connectionId(), a.email().orElseThrow(), null, "Elsewhere"));

        assertThat(store.count(in(con))).isEqualTo(3);
        assertThat(store.search(in(con), 0, 10)).containsExactly(a, b, c);
        assertThat(store.search(in(con), 1, 1)).containsExactly(b);
        assertThat(store.search(in(con), 3, 10)).isEmpty();

        assertThat(store.search(new UserQuery(a.email().map(String::toUpperCase), Optional.empty(), Optional.empty(),
                Optional.of(con), Optional.empty()), 0, 10)).containsExactly(a);
        assertThat(store.count(new UserQuery(a.email(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
                .isEqualTo(2);
        assertThat(store.search(new UserQuery(Optional.empty(), Optional.of("beta1"), Optional.empty(), Optional.of(con),
                Optional.empty()), 0, 10)).containsExactly(b);
        assertThat(store.search(new UserQuery(Optional.empty(), Optional.empty(), Optional.of(c.userId()), Optional.empty(),
                Optional.empty()), 0, 10)).containsExactly(c);

        assertThat(store.search(text(con, "BUILDER"), 0, 10)).containsExactly(b, c);
        assertThat(store.search(text(con, "ALPHA"), 0, 10)).containsExactly(a);
        // wildcards in the text are literal characters
        assertThat(store.search(text(con, "50%"), 0, 10)).containsExactly(a);
        assertThat(store.search(text(con, "%"), 0, 10)).containsExactly(a);
        assertThat(store.search(text(con, "l_b"), 0, 10)).containsExactly(c);
        assertThat(store.count(text(con, "_"))).isEqualTo(1);
        assertThat(store.count(text(con, "nobody-here"))).isZero();
    }

    private static UserQuery text(String connectionId, String text) {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(connectionId), Optional.of(text));
    }

    @Test
    default void updateReplacesDocumentAndHashAndKeepsUniqueness() {
        UserStore store = userStore();
        String con = connectionId();
        User u = user("auth0|" + unique("u"), con, unique("u") + "@example.com", null, "Before");
        User other = user("auth0|" + unique("o"), con, unique("o") + "@example.com", null, "Other");
        store.create(u);
        store.create(other);
        String newEmail = unique("new") + "@example.com";
        User changed = u.withDoc(u.doc().put("email", newEmail).put("name", "After").put("blocked", true))
                .withPasswordHash("$argon2id$new");
        assertThat(store.update(changed)).isTrue();
        User read = store.find(u.userId()).orElseThrow();
        assertThat(read).isEqualTo(changed);
        assertThat(read.blocked()).isTrue();
        assertThat(store.findByEmail(con, newEmail)).contains(changed);
        assertThat(store.findByEmail(con, u.email().orElseThrow())).isEmpty();
        assertThat(store.count(text(con, "after"))).isEqualTo(1);

        User clash = other.withDoc(other.doc().put("email", newEmail.toUpperCase()));
        assertThatThrownBy(() -> store.update(clash)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store.update(user("auth0|" + unique("absent"), con, unique("x") + "@example.com", null, "X"))).isFalse();
    }

    @Test
    default void deleteRemovesTheUserAndItsRoleAndPermissionRows() {
        UserStore store = userStore();
        User u = user("auth0|" + unique("del"), connectionId(), unique("del") + "@example.com", null, "Del");
        store.create(u);
        String roleId = "rol_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbi().useHandle(h -> {
            h.createUpdate("insert into roles (id, name, created_at) values (:id, :name, :now)")
                    .bind("id", roleId).bind("name", unique("role")).bind("now", OffsetDateTime.now()).execute();
            h.createUpdate("insert into user_roles (user_id, role_id) values (:u, :r)")
                    .bind("u", u.userId()).bind("r", roleId).execute();
            h.createUpdate("insert into user_permissions (user_id, resource_server_identifier, permission_name) "
                    + "values (:u, 'https://api.example.com', 'read:x')").bind("u", u.userId()).execute();
        });

        assertThat(store.delete(u.userId())).isTrue();
        assertThat(store.find(u.userId())).isEmpty();
        long left = jdbi().withHandle(h -> h.createQuery("select (select count(*) from user_roles where user_id = :u)"
                + " + (select count(*) from user_permissions where user_id = :u)").bind("u", u.userId()).mapTo(Long.class).one());
        assertThat(left).isZero();
        assertThat(store.delete(u.userId())).isFalse();
    }

    /**
     * Several writers each change their own property of one user through {@code update(id, change)}
     * at the same time: the row lock makes each start from the last one's result, so every change survives.
     */
    @Test
    default void userStoreUpdatesFromSeveralThreadsLoseNothing() throws Exception {
        User before = user("auth0|" + unique("concurrent"), connectionId(), unique("concurrent") + "@example.com", null, "Concurrent");
        userStore().create(before);
        int writers = 6;
        int rounds = 5;
        ConcurrentWriters.run(writers, rounds, (writer, round) -> userStore().update(before.userId(), current -> {
            ObjectNode doc = current.doc();
            ObjectNode bag = doc.get("app_metadata") instanceof ObjectNode o ? o : Json.object();
            bag.put("field_" + writer, round);
            doc.set("app_metadata", bag);
            return current.withDoc(doc);
        }).orElseThrow());
        JsonNode bag = userStore().find(before.userId()).orElseThrow().doc().get("app_metadata");
        for (int w = 0; w < writers; w++) {
            assertThat(bag.path("field_" + w).asInt()).as("field_" + w).isEqualTo(rounds);
        }
        assertThat(bag.size()).isEqualTo(writers);
    }

    @Test
    default void userStoreUpdateOfAMissingRowIsEmptyAndAFailedChangeWritesNothing() {
        User before = user("auth0|" + unique("concurrent"), connectionId(), unique("concurrent") + "@example.com", null, "Concurrent");
        userStore().create(before);
        assertThat(userStore().update("auth0|missing-" + before.userId(), current -> current)).isEmpty();
        assertThatThrownBy(() -> userStore().update(before.userId(), current -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(userStore().find(before.userId()).orElseThrow().doc()).isEqualTo(before.doc());
    }
}

package dev.atrium.storage;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.JsonNode;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.users.User;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ConnectionStore} contract, run against every database that implements it. Each test
 * makes its own uniquely named rows and assumes nothing about what else the tables hold.
 */
public interface ConnectionStoreContract {
    Jdbi jdbi();

    default ConnectionStore connectionStore() {
        return new JdbcConnectionStore(jdbi(), Clock.systemUTC());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Ids grow with creation order, so "oldest first" is decided even when two rows share a timestamp. */
    private static Connection connection(String name, String strategy) {
        String id = "con_" + String.format("%012x", System.nanoTime() & 0xffffffffffffL)
                + UUID.randomUUID().toString().substring(0, 4);
        return new Connection(id, Json.object().put("id", id).put("name", name).put("strategy", strategy));
    }

    @Test
    default void createThenFindByIdAndName() {
        ConnectionStore store = connectionStore();
        Connection c = connection(unique("find"), "auth0");
        store.create(c);
        assertThat(store.find(c.id())).contains(c);
        assertThat(store.findByName(c.name())).contains(c);
        assertThat(store.find("con_missing" + UUID.randomUUID())).isEmpty();
        assertThat(store.findByName(unique("missing"))).isEmpty();
    }

    @Test
    default void nameIsUnique() {
        ConnectionStore store = connectionStore();
        Connection c = connection(unique("unique"), "auth0");
        store.create(c);
        assertThatThrownBy(() -> store.create(connection(c.name(), "oidc"))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.create(c)).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void listIsOldestFirst() {
        ConnectionStore store = connectionStore();
        Connection a = connection(unique("list-a"), "auth0");
        store.create(a);
        Connection b = connection(unique("list-b"), "oidc");
        store.create(b);
        List<String> ids = store.list().stream().map(Connection::id).toList();
        assertThat(ids).contains(a.id(), b.id());
        assertThat(ids.indexOf(a.id())).isLessThan(ids.indexOf(b.id()));
    }

    @Test
    default void updateReplacesTheDocument() {
        ConnectionStore store = connectionStore();
        Connection c = connection(unique("update"), "auth0");
        store.create(c);
        Connection changed = new Connection(c.id(), c.doc().put("is_domain_connection", true).put("display_name", "Shown"));
        assertThat(store.update(changed)).isTrue();
        assertThat(store.find(c.id())).contains(changed);
        assertThat(store.find(c.id()).orElseThrow().isDomainConnection()).isTrue();
        assertThat(store.update(connection(unique("absent"), "auth0"))).isFalse();
    }

    @Test
    default void enablementsOneByOneAndWholesale() {
        ConnectionStore store = connectionStore();
        Connection c = connection(unique("enable"), "auth0");
        store.create(c);
        String app1 = unique("app1");
        String app2 = unique("app2");
        String app3 = unique("app3");
        assertThat(store.enabledClients(c.id())).isEmpty();
        store.setClientEnabled(c.id(), app1, true);
        store.setClientEnabled(c.id(), app1, true);
        store.setClientEnabled(c.id(), app2, true);
        assertThat(store.enabledClients(c.id())).containsExactlyInAnyOrder(app1, app2);
        store.setClientEnabled(c.id(), app1, false);
        store.setClientEnabled(c.id(), app1, false);
        assertThat(store.enabledClients(c.id())).containsExactly(app2);
        store.setEnabledClients(c.id(), List.of(app1, app3));
        assertThat(store.enabledClients(c.id())).containsExactlyInAnyOrder(app1, app3);
        store.setEnabledClients(c.id(), List.of());
        assertThat(store.enabledClients(c.id())).isEmpty();
    }

    @Test
    default void forClientListsTheClientsConnectionsOldestFirst() {
        ConnectionStore store = connectionStore();
        Connection a = connection(unique("for-a"), "auth0");
        Connection b = connection(unique("for-b"), "oidc");
        Connection other = connection(unique("for-other"), "auth0");
        store.create(a);
        store.create(b);
        store.create(other);
        String app = unique("app");
        store.setClientEnabled(b.id(), app, true);
        store.setClientEnabled(a.id(), app, true);
        assertThat(store.forClient(app)).containsExactly(a, b);
        assertThat(store.forClient(unique("nobody"))).isEmpty();
    }

    @Test
    default void deleteTakesEnablementsAndUsersAlong() {
        ConnectionStore store = connectionStore();
        JdbcUserStore users = new JdbcUserStore(jdbi(), Clock.systemUTC());
        Connection c = connection(unique("delete"), "auth0");
        Connection kept = connection(unique("kept"), "auth0");
        store.create(c);
        store.create(kept);
        String app = unique("app");
        store.setClientEnabled(c.id(), app, true);
        store.setClientEnabled(kept.id(), app, true);
        String email = unique("user") + "@example.com";
        User gone = new User("auth0|" + unique("gone"), c.id(), Json.object().put("email", email), Optional.empty());
        User stays = new User("auth0|" + unique("stays"), kept.id(), Json.object().put("email", email), Optional.empty());
        users.create(gone);
        users.create(stays);

        assertThat(store.delete(c.id())).isTrue();
        assertThat(store.find(c.id())).isEmpty();
        assertThat(store.enabledClients(c.id())).isEmpty();
        assertThat(store.forClient(app)).containsExactly(kept);
        assertThat(users.find(gone.userId())).isEmpty();
        assertThat(users.find(stays.userId())).isPresent();
        assertThat(store.delete(c.id())).isFalse();
    }

    /**
     * Several writers each change their own property of one connection through {@code update(id, change)}
     * at the same time: the row lock makes each start from the last one's result, so every change survives.
     */
    @Test
    default void connectionStoreUpdatesFromSeveralThreadsLoseNothing() throws Exception {
        Connection before = connection(unique("concurrent"), "auth0");
        connectionStore().create(before);
        int writers = 6;
        int rounds = 5;
        ConcurrentWriters.run(writers, rounds, (writer, round) -> connectionStore().update(before.id(), current -> {
            ObjectNode doc = current.doc();
            ObjectNode bag = doc.get("metadata") instanceof ObjectNode o ? o : Json.object();
            bag.put("field_" + writer, round);
            doc.set("metadata", bag);
            return new Connection(current.id(), doc);
        }).orElseThrow());
        JsonNode bag = connectionStore().find(before.id()).orElseThrow().doc().get("metadata");
        for (int w = 0; w < writers; w++) {
            assertThat(bag.path("field_" + w).asInt()).as("field_" + w).isEqualTo(rounds);
        }
        assertThat(bag.size()).isEqualTo(writers);
    }

    @Test
    default void connectionStoreUpdateOfAMissingRowIsEmptyAndAFailedChangeWritesNothing() {
        Connection before = connection(unique("concurrent"), "auth0");
        connectionStore().create(before);
        assertThat(connectionStore().update("missing-" + before.id(), current -> current)).isEmpty();
        assertThatThrownBy(() -> connectionStore().update(before.id(), current -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(connectionStore().find(before.id()).orElseThrow().doc()).isEqualTo(before.doc());
    }
}

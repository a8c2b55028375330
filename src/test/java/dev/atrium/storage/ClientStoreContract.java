package dev.atrium.storage;

import tools.jackson.databind.JsonNode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link ClientStore} contract. Every test makes its own ids: the tables are shared. */
public interface ClientStoreContract {
    Jdbi jdbi();

    private ClientStore clients() {
        return new JdbcClientStore(jdbi(), Clock.systemUTC());
    }

    private static Client client(String id, String name) {
        ObjectNode doc = Json.object().put("name", name).put("app_type", "regular_web").put("is_first_party", true);
        doc.set("callbacks", Json.strings(java.util.List.of("https://app.example.com/callback")));
        return new Client(id, doc, Optional.of("hash-of-" + id));
    }

    @Test
    default void clientStoreCreatesFindsAndLists() {
        String id = Ids.alnum(32);
        clients().create(client(id, "Web app"));

        Client found = clients().find(id).orElseThrow();
        assertThat(found.name()).isEqualTo("Web app");
        assertThat(found.appType()).contains("regular_web");
        assertThat(found.callbacks()).containsExactly("https://app.example.com/callback");
        assertThat(found.secretHash()).contains("hash-of-" + id);
        assertThat(clients().list()).extracting(Client::clientId).contains(id);
        assertThat(clients().find("missing-" + id)).isEmpty();
    }

    @Test
    default void clientStoreRefusesADuplicateId() {
        String id = Ids.alnum(32);
        clients().create(client(id, "First"));

        assertThatThrownBy(() -> clients().create(client(id, "Second"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(clients().find(id).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    default void clientStoreUpdatesTheDocumentAndSecretHash() {
        String id = Ids.alnum(32);
        Client created = client(id, "Before");
        clients().create(created);

        Client changed = created.withDoc(created.doc().put("name", "After").put("is_first_party", false))
                .withSecretHash("rotated-hash");
        assertThat(clients().update(changed)).isTrue();

        Client found = clients().find(id).orElseThrow();
        assertThat(found.name()).isEqualTo("After");
        assertThat(found.isThirdParty()).isTrue();
        assertThat(found.secretHash()).contains("rotated-hash");
        assertThat(clients().update(client("missing-" + id, "Nobody"))).isFalse();
    }

    @Test
    default void clientStoreDeleteRemovesItsGrantsAndConnectionEnablements() {
        String id = Ids.alnum(32);
        String connectionId = "con_" + Ids.alnum(16);
        clients().create(client(id, "Doomed"));
        ObjectNode grantDoc = Json.object().put("client_id", id).put("audience", "https://api.example.com/" + id);
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).create(new ClientGrant("cgr_" + Ids.alnum(16), grantDoc));
        jdbi().useHandle(h -> {
            h.createUpdate("insert into connections (id, name, strategy, doc, created_at, updated_at) "
                            + "values (:id, :name, 'auth0', '{}', :now, :now)")
                    .bind("id", connectionId).bind("name", "db-" + connectionId)
                    .bind("now", SqlTime.of(Instant.now())).execute();
            h.createUpdate("insert into connection_clients (connection_id, client_id) values (:c, :id)")
                    .bind("c", connectionId).bind("id", id).execute();
        });

        assertThat(clients().delete(id)).isTrue();

        assertThat(clients().find(id)).isEmpty();
        assertThat(count("select count(*) from client_grants where client_id = :id", id)).isZero();
        assertThat(count("select count(*) from connection_clients where client_id = :id", id)).isZero();
        assertThat(count("select count(*) from connections where id = :id", connectionId))
                .as("the connection itself stays").isEqualTo(1);
        assertThat(clients().delete(id)).isFalse();
    }

    private long count(String sql, String id) {
        return jdbi().withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    /**
     * Several writers each change their own property of one application through {@code update(id, change)}
     * at the same time: the row lock makes each start from the last one's result, so every change survives.
     */
    @Test
    default void clientStoreUpdatesFromSeveralThreadsLoseNothing() throws Exception {
        Client before = client(Ids.alnum(32), "Concurrent");
        clients().create(before);
        int writers = 6;
        int rounds = 5;
        ConcurrentWriters.run(writers, rounds, (writer, round) -> clients().update(before.clientId(), current -> {
            ObjectNode doc = current.doc();
            ObjectNode bag = doc.get("client_metadata") instanceof ObjectNode o ? o : Json.object();
            bag.put("field_" + writer, round);
            doc.set("client_metadata", bag);
            return current.withDoc(doc);
        }).orElseThrow());
        JsonNode bag = clients().find(before.clientId()).orElseThrow().doc().get("client_metadata");
        for (int w = 0; w < writers; w++) {
            assertThat(bag.path("field_" + w).asInt()).as("field_" + w).isEqualTo(rounds);
        }
        assertThat(bag.size()).isEqualTo(writers);
    }

    @Test
    default void clientStoreUpdateOfAMissingRowIsEmptyAndAFailedChangeWritesNothing() {
        Client before = client(Ids.alnum(32), "Concurrent");
        clients().create(before);
        assertThat(clients().update("missing-" + before.clientId(), current -> current)).isEmpty();
        assertThatThrownBy(() -> clients().update(before.clientId(), current -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(clients().find(before.clientId()).orElseThrow().doc()).isEqualTo(before.doc());
    }
}

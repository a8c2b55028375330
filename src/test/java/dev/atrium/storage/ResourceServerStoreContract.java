package dev.atrium.storage;

import tools.jackson.databind.JsonNode;
import dev.atrium.clients.ClientGrant;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link ResourceServerStore} contract: unique identifiers, and deletes that take their grants and permissions along. */
public interface ResourceServerStoreContract {
    Jdbi jdbi();

    private ResourceServerStore apis() {
        return new JdbcResourceServerStore(jdbi(), Clock.systemUTC());
    }

    private static ResourceServer api(String identifier, String name) {
        ObjectNode doc = Json.object().put("identifier", identifier).put("name", name).put("token_lifetime", 3600);
        doc.set("scopes", Json.array().add(Json.object().put("value", "read:orders")));
        return new ResourceServer(Ids.alnum(24), doc);
    }

    private static String identifier() {
        return "https://orders.example.com/" + Ids.alnum(12);
    }

    @Test
    default void resourceServerStoreCreatesAndFindsByIdAndIdentifier() {
        ResourceServer api = api(identifier(), "Orders");
        apis().create(api);

        assertThat(apis().find(api.id()).orElseThrow().doc()).isEqualTo(api.doc());
        assertThat(apis().findByIdentifier(api.identifier())).map(ResourceServer::id).contains(api.id());
        assertThat(apis().find(api.id()).orElseThrow().scopes()).containsExactly("read:orders");
        assertThat(apis().list()).extracting(ResourceServer::id).contains(api.id());
        assertThat(apis().find("missing")).isEmpty();
        assertThat(apis().findByIdentifier(identifier())).isEmpty();
    }

    @Test
    default void resourceServerStoreRefusesADuplicateIdentifier() {
        String identifier = identifier();
        apis().create(api(identifier, "First"));

        assertThatThrownBy(() -> apis().create(api(identifier, "Second"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(apis().findByIdentifier(identifier).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    default void resourceServerStoreUpdates() {
        ResourceServer api = api(identifier(), "Before");
        apis().create(api);

        assertThat(apis().update(new ResourceServer(api.id(), api.doc().put("name", "After")))).isTrue();
        assertThat(apis().find(api.id()).orElseThrow().name()).isEqualTo("After");
        assertThat(apis().update(api(identifier(), "Nobody"))).isFalse();
    }

    @Test
    default void resourceServerStoreDeleteRemovesGrantsAndRoleAndUserPermissions() {
        ResourceServer api = api(identifier(), "Doomed");
        apis().create(api);
        String aud = api.identifier();
        String roleId = "rol_" + Ids.alnum(16);
        String userId = "auth0|" + Ids.hex(12);
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).create(new ClientGrant("cgr_" + Ids.alnum(16),
                Json.object().put("client_id", Ids.alnum(32)).put("audience", aud)));
        jdbi().useHandle(h -> {
            var now = SqlTime.of(Instant.now());
            h.createUpdate("insert into roles (id, name, created_at) values (:id, :id, :now)")
                    .bind("id", roleId).bind("now", now).execute();
            h.createUpdate("insert into role_permissions (role_id, resource_server_identifier, permission_name) "
                    + "values (:r, :aud, 'read:orders')").bind("r", roleId).bind("aud", aud).execute();
            h.createUpdate("insert into users (user_id, connection_id, doc, created_at, updated_at) "
                    + "values (:u, 'con_test', '{}', :now, :now)").bind("u", userId).bind("now", now).execute();
            h.createUpdate("insert into user_permissions (user_id, resource_server_identifier, permission_name) "
                    + "values (:u, :aud, 'read:orders')").bind("u", userId).bind("aud", aud).execute();
        });

        assertThat(apis().delete(api.id())).isTrue();

        assertThat(apis().find(api.id())).isEmpty();
        assertThat(count("select count(*) from client_grants where audience = :aud", aud)).isZero();
        assertThat(count("select count(*) from role_permissions where resource_server_identifier = :aud", aud)).isZero();
        assertThat(count("select count(*) from user_permissions where resource_server_identifier = :aud", aud)).isZero();
        assertThat(count("select count(*) from roles where id = :aud", roleId)).as("the role stays").isEqualTo(1);
        assertThat(count("select count(*) from users where user_id = :aud", userId)).as("the user stays").isEqualTo(1);
        assertThat(apis().delete(api.id())).isFalse();
    }

    private long count(String sql, String aud) {
        return jdbi().withHandle(h -> h.createQuery(sql).bind("aud", aud).mapTo(Long.class).one());
    }

    /**
     * Several writers each change their own property of one API through {@code update(id, change)}
     * at the same time: the row lock makes each start from the last one's result, so every change survives.
     */
    @Test
    default void resourceServerStoreUpdatesFromSeveralThreadsLoseNothing() throws Exception {
        ResourceServer before = api(identifier(), "Concurrent");
        apis().create(before);
        int writers = 6;
        int rounds = 5;
        ConcurrentWriters.run(writers, rounds, (writer, round) -> apis().update(before.id(), current -> {
            ObjectNode doc = current.doc();
            ObjectNode bag = doc.get("metadata") instanceof ObjectNode o ? o : Json.object();
            bag.put("field_" + writer, round);
            doc.set("metadata", bag);
            return new ResourceServer(current.id(), doc);
        }).orElseThrow());
        JsonNode bag = apis().find(before.id()).orElseThrow().doc().get("metadata");
        for (int w = 0; w < writers; w++) {
            assertThat(bag.path("field_" + w).asInt()).as("field_" + w).isEqualTo(rounds);
        }
        assertThat(bag.size()).isEqualTo(writers);
    }

    @Test
    default void resourceServerStoreUpdateOfAMissingRowIsEmptyAndAFailedChangeWritesNothing() {
        ResourceServer before = api(identifier(), "Concurrent");
        apis().create(before);
        assertThat(apis().update("missing-" + before.id(), current -> current)).isEmpty();
        assertThatThrownBy(() -> apis().update(before.id(), current -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(apis().find(before.id()).orElseThrow().doc()).isEqualTo(before.doc());
    }
}

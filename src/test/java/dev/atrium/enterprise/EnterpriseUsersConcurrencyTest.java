package dev.atrium.enterprise;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.users.User;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated enterprise sign-in refreshes the user's root attributes while administrators change the same user: the
 * refresh is one locked read-modify-write ({@code UserStore#update(id, change)}), so none of the other changes is lost
 * (a whole-row write from an earlier read would put back the metadata it had read). Over H2, without HTTP: the race
 * is made dense with two threads writing the same row many times.
 */
class EnterpriseUsersConcurrencyTest {
    @Test
    void signInsDoNotLoseConcurrentChangesOfTheSameUser() {
        try (Database db = new Database("jdbc:h2:mem:enterprise-users-" + UUID.randomUUID(), "", "")) {
            db.migrate();
            JdbcUserStore store = new JdbcUserStore(db.jdbi(), Clock.systemUTC());
            EnterpriseUsers users = new EnterpriseUsers(store, Clock.systemUTC());
            Connection c = new Connection("con_race", Json.object().put("name", "race").put("strategy", "oidc")
                    .set("options", Json.object().put("set_user_root_attributes", "on_each_login")));
            String id = users.signIn(c, identity(0)).userId();
            int rounds = 40;
            CompletableFuture<Void> signIns = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= rounds; i++) {
                    users.signIn(c, identity(i));
                }
            });
            CompletableFuture<Void> edits = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < rounds; i++) {
                    int n = i;
                    store.update(id, u -> {
                        ObjectNode doc = u.doc();
                        ((ObjectNode) doc.get("app_metadata")).put("k" + n, n);
                        return new User(u.userId(), u.connectionId(), doc, u.passwordHash());
                    });
                }
            });
            CompletableFuture.allOf(signIns, edits).join();
            User after = store.find(id).orElseThrow();
            for (int i = 0; i < rounds; i++) {
                assertThat(after.doc().get("app_metadata").has("k" + i)).as("app_metadata.k" + i).isTrue();
            }
            assertThat(after.doc().get("name").asString()).isEqualTo("Name " + rounds);
        }
    }

    private static OidcRelyingParty.Identity identity(int round) {
        return new OidcRelyingParty.Identity("sub-1", Json.object().put("sub", "sub-1").put("email", "grace@acme.example")
                .put("name", "Name " + round));
    }
}

package dev.atrium.storage;

import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ClientGrantStore} contract: one grant per subject (an application, or a
 * {@code default_for} class of applications), audience and subject type.
 */
public interface ClientGrantStoreContract {
    Jdbi jdbi();

    private ClientGrantStore grants() {
        return new JdbcClientGrantStore(jdbi(), Clock.systemUTC());
    }

    private static ClientGrant grant(String subjectField, String subject, String audience, String subjectType) {
        ObjectNode doc = Json.object().put(subjectField, subject).put("audience", audience);
        if (subjectType != null) {
            doc.put("subject_type", subjectType);
        }
        doc.set("scope", Json.strings(List.of("read:things")));
        return new ClientGrant("cgr_" + Ids.alnum(16), doc);
    }

    private static String audience() {
        return "https://api.example.com/" + Ids.alnum(12);
    }

    @Test
    default void clientGrantStoreFindsByIdClientAndSubject() {
        String client = Ids.alnum(32);
        String aud = audience();
        ClientGrant m2m = grant("client_id", client, aud, null);
        ClientGrant user = grant("client_id", client, aud, "user");
        grants().create(m2m);
        grants().create(user);

        assertThat(grants().find(m2m.id()).orElseThrow().doc()).isEqualTo(m2m.doc());
        assertThat(grants().findByClient(client)).extracting(ClientGrant::id).containsExactlyInAnyOrder(m2m.id(), user.id());
        assertThat(grants().find(client, aud, "client")).map(ClientGrant::id).contains(m2m.id());
        assertThat(grants().find(client, aud, "user")).map(ClientGrant::id).contains(user.id());
        assertThat(grants().find(client, audience(), "client")).isEmpty();
        assertThat(grants().list()).extracting(ClientGrant::id).contains(m2m.id(), user.id());
        assertThat(grants().find("cgr_missing")).isEmpty();
    }

    @Test
    default void clientGrantStoreRefusesASecondGrantForTheSameClientAudienceAndSubjectType() {
        String client = Ids.alnum(32);
        String aud = audience();
        grants().create(grant("client_id", client, aud, "client"));

        assertThatThrownBy(() -> grants().create(grant("client_id", client, aud, "client")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(grants().findByClient(client)).hasSize(1);
    }

    @Test
    default void clientGrantStoreKeepsDefaultForGrantsApartAndUnique() {
        String aud = audience();
        ClientGrant dflt = grant("default_for", "third_party_clients", aud, "user");
        grants().create(dflt);

        assertThat(grants().findDefault("third_party_clients", aud, "user")).map(ClientGrant::id).contains(dflt.id());
        assertThat(grants().findDefault("third_party_clients", aud, "client")).isEmpty();
        assertThat(grants().find("third_party_clients", aud, "user"))
                .as("a default_for grant is not a grant of a client with that id").isEmpty();
        assertThatThrownBy(() -> grants().create(grant("default_for", "third_party_clients", aud, "user")))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void clientGrantStoreUpdatesAndDeletes() {
        ClientGrant g = grant("client_id", Ids.alnum(32), audience(), null);
        grants().create(g);

        ObjectNode doc = g.doc();
        doc.set("scope", Json.strings(List.of("read:things", "write:things")));
        assertThat(grants().update(new ClientGrant(g.id(), doc))).isTrue();
        assertThat(grants().find(g.id()).orElseThrow().scope()).containsExactly("read:things", "write:things");

        assertThat(grants().delete(g.id())).isTrue();
        assertThat(grants().find(g.id())).isEmpty();
        assertThat(grants().delete(g.id())).isFalse();
        assertThat(grants().update(g)).isFalse();
    }
}

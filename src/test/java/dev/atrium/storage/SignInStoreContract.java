package dev.atrium.storage;

import dev.atrium.authflow.LoginFailureStore;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientCredential;
import dev.atrium.clients.ClientCredentialStore;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.AuthorizationCodeStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contracts of {@link ClientCredentialStore}, {@link LoginFailureStore} and {@link AuthorizationCodeStore}, run against each
 * database by a class that supplies a migrated {@link #jdbi()}. Every key is unique, so tests share the database.
 */
public interface SignInStoreContract {
    Jdbi jdbi();

    default ClientCredentialStore credentials() {
        return new JdbcClientCredentialStore(jdbi());
    }

    default LoginFailureStore failures() {
        return new JdbcLoginFailureStore(jdbi());
    }

    private String client() {
        String id = Ids.alnum(32);
        new JdbcClientStore(jdbi(), Clock.systemUTC()).create(new Client(id, Json.object().put("name", "c " + id), Optional.empty()));
        return id;
    }

    private static ClientCredential credential(String clientId, Instant at) {
        return new ClientCredential(Ids.prefixed("cred_", 22), clientId, "key", "kid-1", "RS256", "public_key",
                "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----", at, at, null);
    }

    @Test
    default void credentialsAreCreatedListedUpdatedAndDeletedPerClient() {
        String client = client();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ClientCredential a = credential(client, t);
        ClientCredential b = credential(client, t.plusSeconds(1));
        credentials().create(a);
        credentials().create(b);
        assertThat(credentials().list(client)).extracting(ClientCredential::id).containsExactly(a.id(), b.id());
        assertThat(credentials().find(client(), a.id())).as("another client's").isEmpty();
        ClientCredential expiring = a.withExpiresAt(t.plusSeconds(3600), t.plusSeconds(2));
        assertThat(credentials().update(expiring)).isTrue();
        assertThat(credentials().find(client, a.id())).contains(expiring);
        assertThat(credentials().delete(client, a.id())).isTrue();
        assertThat(credentials().delete(client, a.id())).isFalse();
        assertThat(credentials().list(client)).extracting(ClientCredential::id).containsExactly(b.id());
    }

    @Test
    default void credentialsGoWithTheirClient() {
        String client = client();
        ClientCredential c = credential(client, Instant.now());
        credentials().create(c);
        new JdbcClientStore(jdbi(), Clock.systemUTC()).delete(client);
        assertThat(credentials().find(client, c.id())).isEmpty();
    }

    @Test
    default void anAuthorizationCodeIsReadWithoutSpendingItAndConsumedOnce() {
        AuthorizationCodeStore codes = new JdbcAuthorizationCodeStore(jdbi());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String hash = Ids.alnum(43);
        AuthorizationCode code = new AuthorizationCode(hash, "c-" + Ids.alnum(8), "https://app.example.com/cb", "auth0|u",
                "con_x", List.of("openid"), null, null, "ch", "S256", now, "sid", null, false, now, now.plusSeconds(60));
        assertThat(codes.find(hash)).isEmpty();
        codes.create(code);
        assertThat(codes.find(hash)).contains(code);
        assertThat(codes.find(hash)).as("reading does not spend").contains(code);
        assertThat(codes.consume(hash, now)).isInstanceOf(AuthorizationCodeStore.Consumed.Ok.class);
        assertThat(codes.find(hash)).as("still readable once spent").contains(code);
        assertThat(codes.consume(hash, now)).isInstanceOf(AuthorizationCodeStore.Consumed.Replayed.class);
        String expired = Ids.alnum(43);
        codes.create(new AuthorizationCode(expired, "c", null, "auth0|u", "con_x", List.of("openid"), null, null, null, null,
                now, "sid", null, false, now.minusSeconds(120), now.minusSeconds(60)));
        assertThat(codes.consume(expired, now)).isInstanceOf(AuthorizationCodeStore.Consumed.Invalid.class);
        assertThat(codes.consume(Ids.alnum(43), now)).isInstanceOf(AuthorizationCodeStore.Consumed.Invalid.class);
    }

    @Test
    default void anAssertionIdIsSpentOnceUntilItExpires() {
        String client = "c-" + Ids.alnum(12);
        Instant now = Instant.now();
        assertThat(credentials().spendAssertionId(client, "j1", now.plusSeconds(60), now)).isTrue();
        assertThat(credentials().spendAssertionId(client, "j1", now.plusSeconds(60), now)).isFalse();
        assertThat(credentials().spendAssertionId("other-" + client, "j1", now.plusSeconds(60), now)).as("per client").isTrue();
        assertThat(credentials().spendAssertionId(client, "j1", now.plusSeconds(200), now.plusSeconds(120)))
                .as("forgotten once expired").isTrue();
    }

    @Test
    default void failuresCountBlockAndAreLiftedPerUserKey() {
        String key = "con_x:" + Ids.alnum(10);
        String other = "con_y:" + Ids.alnum(10);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(failures().recordFailure(key, "10.0.0.1", now, false)).isEqualTo(1);
        assertThat(failures().recordFailure(key, "10.0.0.1", now.plusSeconds(1), true)).isEqualTo(2);
        assertThat(failures().recordFailure(key, "10.0.0.2", now, false)).isEqualTo(1);
        failures().recordFailure(other, "10.0.0.1", now, true);
        LoginFailureStore.Failures f = failures().find(key, "10.0.0.1").orElseThrow();
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.lastFailure()).isEqualTo(now.plusSeconds(1));
        assertThat(f.blockedAt()).contains(now.plusSeconds(1));
        assertThat(failures().blocked(List.of(key, other))).extracting(LoginFailureStore.Failures::userKey)
                .containsExactlyInAnyOrder(key, other);
        assertThat(failures().blocked(List.of())).isEmpty();
        assertThat(failures().unblock(List.of(key))).isEqualTo(2);
        assertThat(failures().find(key, "10.0.0.2")).isEmpty();
        assertThat(failures().blocked(List.of(other))).hasSize(1);
        failures().reset(other, "10.0.0.1");
        assertThat(failures().blocked(List.of(other))).isEmpty();
    }
}

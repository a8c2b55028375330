package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections are read from each node's cache on the sign-in path (storage/CachedConnectionStore).
 * An application an administrator has just switched off on a connection must not sign anyone in through
 * it any longer, even though the node read that connection's applications a moment before: the write
 * drops the node's copies at once.
 */
class DisabledConnectionTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    @Test
    void anApplicationSwitchedOffOnTheConnectionCannotSignAnyoneInThroughItAtOnce() {
        JsonNode app = f.webClient("Switched off " + System.nanoTime(), "");
        String clientId = app.get("client_id").asString();
        String authorize = "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=openid&state=st-1";
        String code = f.code(new TestBrowser(atrium.baseUrl()), authorize);
        assertThat(code).as("signed in while the application is on the connection (and the node cached it)").isNotBlank();

        assertThat(atrium.mgmt("PATCH", "/connections/" + f.connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":false}]").status()).isEqualTo(204);

        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page after = f.signIn(browser, authorize);
        assertThat(after.status() == 302 && after.location() != null && after.location().contains("code="))
                .as("no code once the application is off the connection: " + after.status() + " " + after.location())
                .isFalse();
    }
}

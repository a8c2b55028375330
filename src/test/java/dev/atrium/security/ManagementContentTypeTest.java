package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: a cross-site form or a sloppy client posts JSON to the Management API under another media
 * type ({@code text/plain} is a CORS "simple" request). Auth0 answers 415
 * {@code {"statusCode":415,"error":"Unsupported Media Type","message":"Unsupported Media Type"}};
 * nothing may be created or changed.
 */
class ManagementContentTypeTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private Hostile.Answer call(String method, String path, String type, String body) {
        return Hostile.send(atrium, method, "/api/v2" + path, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                atrium.managementToken(), null);
    }

    private int roles() {
        return atrium.mgmt("GET", "/roles?per_page=100", null).json().size();
    }

    @Test
    void jsonSentAsTextPlainCreatesNothing() {
        int before = roles();
        Hostile.Answer r = call("POST", "/roles", "text/plain", "{\"name\":\"via-text-plain\"}");

        assertThat(r.status()).isEqualTo(415);
        Hostile.assertShape("/api/v2/roles", r);
        assertThat(Hostile.json(r).get("message").asString()).isEqualTo("Unsupported Media Type");
        assertThat(roles()).isEqualTo(before);
    }

    @Test
    void everyOtherTypeAndAMissingTypeAreRefusedOnPostPatchAndPut() {
        String id = atrium.mgmt("POST", "/roles", "{\"name\":\"typed-role\",\"description\":\"before\"}").json().get("id").asString();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                "application/xml", "application/jsonx", null}) {
            Hostile.Answer patch = call("PATCH", "/roles/" + id, type, "{\"description\":\"after\"}");
            assertThat(patch.status()).as(String.valueOf(type)).isEqualTo(415);
            Hostile.assertShape("/api/v2/roles", patch);
            Hostile.Answer put = call("PUT", "/keys/signing/nope/revoke", type, "{}");
            assertThat(put.status()).as(String.valueOf(type)).isEqualTo(415);
        }
        assertThat(atrium.mgmt("GET", "/roles/" + id, null).json().get("description").asString()).isEqualTo("before");
    }

    @Test
    void applicationJsonWithParametersAndAnyCaseIsAccepted() {
        assertThat(call("POST", "/roles", "application/json; charset=utf-8", "{\"name\":\"with-charset\"}").status()).isBetween(200, 201);
        assertThat(call("POST", "/roles", "Application/JSON", "{\"name\":\"upper-case\"}").status()).isBetween(200, 201);
    }

    @Test
    void callsWithoutABodyNeedNoType() {
        String id = atrium.mgmt("POST", "/clients", "{\"name\":\"rotating\",\"app_type\":\"non_interactive\"}").json()
                .get("client_id").asString();
        assertThat(call("POST", "/clients/" + id + "/rotate-secret", null, null).status()).isEqualTo(200);
    }

    @Test
    void theTypeIsCheckedOnlyAfterAuthentication() {
        Hostile.Answer r = Hostile.send(atrium, "POST", "/api/v2/roles", "text/plain", "{}".getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(r.status()).isEqualTo(401);
        Hostile.assertShape("/api/v2/roles", r);
    }
}

package dev.atrium.oauth;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ThirdPartyAccess} as a table, rows named by rule id (third-party-apps.md T44–T50, T83; X6, X7):
 * the outcome rendered with the reason code of the {@code access.ReasonCode} vocabulary.
 */
class ThirdPartyAccessTest {
    static final Client STRICT = client("strict");
    static final Client PERMISSIVE = client("permissive");
    static final ClientGrant OWN = new ClientGrant("cgr_own", Json.parseObject("{\"id\":\"cgr_own\"}"));
    static final ClientGrant DEFAULT = new ClientGrant("cgr_default", Json.parseObject("{\"id\":\"cgr_default\"}"));

    static Client client(String mode) {
        return new Client("app", Json.parseObject("{\"client_id\":\"app\",\"name\":\"app\",\"is_first_party\":false,"
                + "\"third_party_security_mode\":\"" + mode + "\"}"), Optional.empty());
    }

    static ResourceServer api(String userPolicy, String clientPolicy, boolean system) {
        return new ResourceServer("api", Json.parseObject("{\"identifier\":\"https://api.example/\",\"is_system\":" + system
                + ",\"subject_type_authorization\":{\"user\":{\"policy\":\"" + userPolicy + "\"},\"client\":{\"policy\":\""
                + clientPolicy + "\"}}}"));
    }

    record Row(String name, ThirdPartyAccess.Decision decision, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String render(ThirdPartyAccess.Decision d) {
        if (d instanceof ThirdPartyAccess.Decision.Denied denied) {
            return "denied " + denied.reason().code() + " " + denied.error() + " " + denied.status();
        }
        return "allowed " + ((ThirdPartyAccess.Decision.Allowed) d).grant().map(ClientGrant::id).orElse("-");
    }

    static Stream<Row> rows() {
        ResourceServer open = api("allow_all", "require_client_grant", false);
        ResourceServer grantOnly = api("require_client_grant", "require_client_grant", false);
        ResourceServer closed = api("deny_all", "deny_all", false);
        ResourceServer system = api("allow_all", "require_client_grant", true);
        return Stream.of(
                new Row("T49 X7 user flow, API denies all user flows", ThirdPartyAccess.userFlow(STRICT, closed, Optional.of(OWN),
                        Optional.empty()), "denied api_access_denied_by_policy access_denied 403"),
                new Row("T50 X6 user flow to a system API, even with a grant", ThirdPartyAccess.userFlow(PERMISSIVE, system,
                        Optional.of(OWN), Optional.empty()), "denied third_party_not_authorized_for_api unauthorized_client 403"),
                new Row("T48 X6 strict application without any grant", ThirdPartyAccess.userFlow(STRICT, open, Optional.empty(),
                        Optional.empty()), "denied third_party_not_authorized_for_api unauthorized_client 403"),
                new Row("T45 strict application with the default third-party grant", ThirdPartyAccess.userFlow(STRICT, open,
                        Optional.empty(), Optional.of(DEFAULT)), "allowed cgr_default"),
                new Row("T46 its own grant wins over the default one", ThirdPartyAccess.userFlow(STRICT, open, Optional.of(OWN),
                        Optional.of(DEFAULT)), "allowed cgr_own"),
                new Row("T44 permissive application, API allows all, no grant", ThirdPartyAccess.userFlow(PERMISSIVE, open,
                        Optional.empty(), Optional.empty()), "allowed -"),
                new Row("T44 X6 permissive application, API requires a grant, none", ThirdPartyAccess.userFlow(PERMISSIVE, grantOnly,
                        Optional.empty(), Optional.empty()), "denied third_party_not_authorized_for_api unauthorized_client 403"),
                new Row("T83 X6 client credentials need a grant", ThirdPartyAccess.clientFlow(STRICT, open, Optional.empty(),
                        Optional.empty()), "denied third_party_not_authorized_for_api unauthorized_client 403"),
                new Row("T83 client credentials with the application's grant", ThirdPartyAccess.clientFlow(STRICT, open,
                        Optional.of(OWN), Optional.empty()), "allowed cgr_own"),
                new Row("T49 X7 client credentials, API denies all machine flows", ThirdPartyAccess.clientFlow(STRICT, closed,
                        Optional.of(OWN), Optional.empty()), "denied api_access_denied_by_policy access_denied 403"),
                new Row("T50 X6 client credentials to a system API", ThirdPartyAccess.clientFlow(STRICT, system, Optional.of(OWN),
                        Optional.empty()), "denied third_party_not_authorized_for_api unauthorized_client 403"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row r) {
        assertThat(render(r.decision())).isEqualTo(r.expected());
    }
}

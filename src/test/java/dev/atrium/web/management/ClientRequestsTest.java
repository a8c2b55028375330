package dev.atrium.web.management;

import dev.atrium.clients.AppType;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantPatch;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.MemoryClientStores;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.NewClientCredential;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RefreshTokenSettings;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.SubjectType;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClientRequests}: Management API bodies (already accepted by their schemas) mapped to the clients slice's
 * commands, and the stored documents those commands make, which must hold every property as it was sent.
 */
class ClientRequestsTest {
    private static final ClientService.TenantModes MODES = new ClientService.TenantModes(false, false);

    /** A create body using typed properties and properties Atrium only stores, nested ones included. */
    private static final String FULL = """
            {"name":"Full","description":"d","app_type":"regular_web","oidc_conformant":true,
             "callbacks":["https://app.example/cb"],"allowed_logout_urls":["https://app.example/"],
             "web_origins":["https://app.example"],"allowed_origins":["https://app.example"],
             "client_aliases":["alias"],"allowed_clients":[],"grant_types":["authorization_code","refresh_token"],
             "token_endpoint_auth_method":"client_secret_basic",
             "jwt_configuration":{"alg":"RS256","lifetime_in_seconds":600,"secret_encoded":false,"scopes":{"s":{"x":1}}},
             "refresh_token":{"rotation_type":"rotating","expiration_type":"expiring","leeway":5,"token_lifetime":600,
                              "infinite_token_lifetime":false,"idle_token_lifetime":300,"infinite_idle_token_lifetime":false,
                              "policies":[{"audience":"https://api.example","scope":["read"]}]},
             "organization_usage":"allow","organization_require_behavior":"post_login_prompt",
             "organization_discovery_methods":["email","organization_name"],
             "default_organization":{"organization_id":"org_1","flows":["client_credentials"],"note":"kept"},
             "client_metadata":{"b":"2","a":"1"},"logo_uri":"https://app.example/logo.png",
             "initiate_login_uri":"https://app.example/login","cross_origin_loc":null,"sso":true,"sso_disabled":false,
             "custom_login_page_on":true,"addons":{"aws":{"principal":"p","lifetime_in_seconds":900}},
             "mobile":{"ios":{"team_id":"T"}},"native_social_login":null,"compliance_level":"none",
             "require_pushed_authorization_requests":false,"signed_request_object":{"required":false}}""";

    @Test
    void everyPropertyOfACreateBodyIsStoredAsItWasSent() {
        ObjectNode body = Json.parseObject(FULL);
        NewClient request = ClientRequests.newClient(body);
        assertThat(request.name()).isEqualTo("Full");
        assertThat(request.fields().appType()).contains(AppType.REGULAR_WEB);
        assertThat(request.fields().organizationUsage()).isEqualTo(Change.to(OrganizationUsage.ALLOW));
        assertThat(request.fields().organizationRequireBehavior()).isEqualTo(Change.to(RequireBehavior.POST_LOGIN_PROMPT));
        assertThat(request.fields().tokenEndpointAuthMethod()).isEqualTo(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC));
        assertThat(request.fields().refreshToken().value().orElseThrow().rotationType()).contains(RefreshTokenSettings.Rotation.ROTATING);
        assertThat(request.fields().others().names()).containsExactly("cross_origin_loc", "sso", "sso_disabled",
                "custom_login_page_on", "addons", "mobile", "native_social_login", "compliance_level",
                "require_pushed_authorization_requests", "signed_request_object");

        Client stored = new MemoryClientStores().service().create(request, MODES).client();
        ObjectNode doc = stored.doc();
        for (String name : body.propertyNames()) {
            assertThat(doc.get(name)).as(name).isEqualTo(body.get(name));
        }
        assertThat(Json.write(doc.get("client_metadata"))).isEqualTo("{\"b\":\"2\",\"a\":\"1\"}");
    }

    @Test
    void aPatchChangesTheStoredDocumentAsAShallowMergeOfItsBody() {
        MemoryClientStores stores = new MemoryClientStores();
        ClientService service = stores.service();
        Client created = service.create(ClientRequests.newClient(Json.parseObject(FULL)), MODES).client();
        ObjectNode body = Json.parseObject("""
                {"description":null,"logo_uri":null,"organization_usage":null,"organization_discovery_methods":null,
                 "default_organization":null,"refresh_token":{"rotation_type":"non-rotating","expiration_type":"non-expiring"},
                 "jwt_configuration":{"lifetime_in_seconds":60},"addons":null,"mobile":{"android":{}},"grant_types":["client_credentials"],
                 "client_metadata":{"z":"26"},"token_endpoint_auth_method":null,"sso":false,"new_thing":[1,2]}""");
        Client updated = service.update(created.clientId(), ClientRequests.patch(body), Optional.empty()).orElseThrow();

        ObjectNode expected = created.doc();
        Json.applyPatch(expected, body);
        ObjectNode actual = updated.doc();
        expected.remove("updated_at");
        actual.remove("updated_at");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void O121_aTokenQuotaIsStoredInItsOneShapeAndNullRemovesIt() {
        ClientPatch p = ClientRequests.patch(Json.parseObject("{\"token_quota\":{\"client_credentials\":{\"per_day\":5}}}"));
        assertThat(p.others().get("token_quota").orElseThrow())
                .isEqualTo(Json.parseObject("{\"client_credentials\":{\"enforce\":true,\"per_day\":5}}"));
        assertThat(ClientRequests.patch(Json.parseObject("{\"token_quota\":null}")).others().get("token_quota").orElseThrow().isNull())
                .isTrue();
        assertThatThrownBy(() -> ClientRequests.patch(Json.parseObject("{\"token_quota\":{\"per_day\":5}}")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"default_organization\":{\"organization_id\":\"org_1\"}}|default_organization requires organization_id and flows [\"client_credentials\"]",
            "{\"default_organization\":{\"organization_id\":\"org_1\",\"flows\":\"client_credentials\"}}|default_organization requires organization_id and flows [\"client_credentials\"]",
            "{\"default_organization\":{\"organization_id\":\"org_1\",\"flows\":[1]}}|default_organization requires organization_id and flows [\"client_credentials\"]",
            "{\"default_organization\":{\"organization_id\":7,\"flows\":[\"client_credentials\"]}}|default_organization requires organization_id and flows [\"client_credentials\"]",
            "{\"client_metadata\":{\"a\":1}}|client_metadata values are strings of at most 255 characters",
            "{\"jwt_configuration\":{\"lifetime_in_seconds\":0}}|jwt_configuration.lifetime_in_seconds must be between 1 and 2592000",
            "{\"token_quota\":{\"client_credentials\":{}}}|token_quota.client_credentials needs at least one property"})
    void brokenNestedShapesAreRefusedWithTheirMessage(String body, String message) {
        assertThatThrownBy(() -> ClientRequests.patch(Json.parseObject(body)))
                .isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    @Test
    void nullsOfTypedPropertiesClearThemAndAbsenceKeepsThem() {
        ClientPatch p = ClientRequests.patch(Json.parseObject(
                "{\"refresh_token\":null,\"client_authentication_methods\":null,\"initiate_login_uri\":null}"));
        assertThat(p.refreshToken()).isEqualTo(Change.clear());
        assertThat(p.clientAuthenticationMethods()).isEqualTo(Change.clear());
        assertThat(p.initiateLoginUri()).isEqualTo(Change.clear());
        assertThat(p.organizationUsage()).isEqualTo(Change.keep());
        assertThat(p.names()).containsExactly("initiate_login_uri", "client_authentication_methods", "refresh_token");
        assertThat(ClientRequests.patch(Json.object())).isEqualTo(ClientPatch.none());
    }

    @Test
    void privateKeyJwtCredentialsAreReadFromTheMethods() {
        ClientPatch p = ClientRequests.patch(Json.parseObject(
                "{\"client_authentication_methods\":{\"private_key_jwt\":{\"credentials\":[{\"id\":\"cred_1\"},{\"id\":\"cred_2\"}]}}}"));
        assertThat(p.clientAuthenticationMethods().value().orElseThrow().privateKeyJwtCredentialIds()).containsExactly("cred_1", "cred_2");
        assertThat(p.clientAuthenticationMethods().value().orElseThrow().hasPrivateKeyJwt()).isTrue();
    }

    @Test
    void grantBodiesMapToTheirCommands() {
        NewClientGrant g = ClientRequests.newGrant(Json.parseObject(
                "{\"client_id\":\"c1\",\"audience\":\"https://api\",\"scope\":[\"read\"],\"organization_usage\":null,"
                        + "\"allow_any_organization\":true}"));
        assertThat(g.clientId()).contains("c1");
        assertThat(g.forThirdPartyClients()).isFalse();
        assertThat(g.subjectType()).isEmpty();
        assertThat(g.fields()).isEqualTo(ClientGrantPatch.none().withScope(List.of("read")).withOrganizationUsage(Change.clear())
                .withAllowAnyOrganization(Change.to(true)));
        NewClientGrant d = ClientRequests.newGrant(Json.parseObject(
                "{\"default_for\":\"third_party_clients\",\"audience\":\"https://api\",\"subject_type\":\"user\"}"));
        assertThat(d.forThirdPartyClients()).isTrue();
        assertThat(d.subjectType()).contains(SubjectType.USER);
        assertThatThrownBy(() -> ClientRequests.newGrant(Json.parseObject(
                "{\"client_id\":\"c1\",\"default_for\":\"third_party_clients\",\"audience\":\"https://api\"}")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("exactly one of client_id and default_for is required");
        assertThatThrownBy(() -> ClientRequests.newGrant(Json.parseObject("{\"audience\":\"https://api\"}")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(ClientRequests.grantPatch(Json.parseObject("{\"allow_any_organization\":null,\"allow_all_scopes\":false}")))
                .isEqualTo(ClientGrantPatch.none().withAllowAnyOrganization(Change.clear()).withAllowAllScopes(false));
    }

    @Test
    void credentialBodiesMapToTheirCommands() {
        NewClientCredential c = ClientRequests.newCredential(Json.parseObject(
                "{\"credential_type\":\"public_key\",\"pem\":\"PEM\",\"expires_at\":\"2030-01-01T00:00:00Z\"}"));
        assertThat(c.alg()).isEqualTo(NewClientCredential.Algorithm.RS256);
        assertThat(c.name()).isEmpty();
        assertThat(c.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(ClientRequests.newCredential(Json.parseObject("{\"pem\":\"P\",\"alg\":\"PS256\",\"kid\":\"k\"}")).alg())
                .isEqualTo(NewClientCredential.Algorithm.PS256);
        assertThat(ClientRequests.expiry(null)).isEqualTo(Change.keep());
        assertThat(ClientRequests.expiry(Json.parseObject("{\"e\":null}").get("e"))).isEqualTo(Change.clear());
        assertThatThrownBy(() -> ClientRequests.expiry(Json.parseObject("{\"e\":\"tomorrow\"}").get("e")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("expires_at must be an ISO 8601 date-time");
    }
}

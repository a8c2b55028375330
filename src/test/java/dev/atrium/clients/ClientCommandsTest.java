package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The clients slice's enums, command records and value rules, and how a command is written into the stored document; no database. */
class ClientCommandsTest {

    @Test
    void enumsKeepTheirWireValues() {
        assertThat(AppType.WIRE).hasSize(25).contains("native", "spa", "regular_web", "non_interactive", "sso_integration", "oag");
        assertThat(AppType.parse("spa")).contains(AppType.SPA);
        assertThat(AppType.parse("SPA")).isEmpty();
        assertThat(AppType.SPA.isPublicByDefault()).isTrue();
        assertThat(AppType.NATIVE.isPublicByDefault()).isTrue();
        assertThat(AppType.REGULAR_WEB.isPublicByDefault()).isFalse();
        assertThat(TokenEndpointAuthMethod.WIRE).containsExactlyInAnyOrder("none", "client_secret_post", "client_secret_basic");
        assertThat(TokenEndpointAuthMethod.parse("private_key_jwt")).isEmpty();
        assertThat(RedirectionPolicy.WIRE).containsExactlyInAnyOrder("allow_always", "open_redirect_protection");
        assertThat(ThirdPartySecurityMode.WIRE).containsExactlyInAnyOrder("strict", "permissive");
        assertThat(SubjectType.WIRE).containsExactlyInAnyOrder("client", "user", "anonymous_user");
        assertThat(SubjectType.USER.is("user")).isTrue();
        assertThat(SubjectType.USER.is(null)).isFalse();
        assertThat(RefreshTokenSettings.Rotation.parse("non-rotating")).contains(RefreshTokenSettings.Rotation.NON_ROTATING);
        assertThat(RefreshTokenSettings.Expiration.parse("expiring")).contains(RefreshTokenSettings.Expiration.EXPIRING);
        assertThat(ClientCredentialService.ALGORITHMS).containsExactlyInAnyOrder("RS256", "RS384", "PS256");
    }

    @Test
    void jwtLifetimeIsOneSecondToThirtyDays() {
        for (long bad : new long[] {0, -1, JwtConfiguration.MAX_LIFETIME + 1}) {
            assertThatThrownBy(() -> new JwtConfiguration(Optional.empty(), Optional.of(bad), Optional.empty(), KeptFields.none()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("jwt_configuration.lifetime_in_seconds must be between 1 and 2592000");
        }
        assertThat(new JwtConfiguration(Optional.of(JwtConfiguration.Algorithm.RS256), Optional.of(1L), Optional.of(false),
                KeptFields.of(Json.parseObject("{\"scopes\":{\"a\":1}}"))).toJson())
                .isEqualTo(Json.parseObject("{\"alg\":\"RS256\",\"lifetime_in_seconds\":1,\"secret_encoded\":false,\"scopes\":{\"a\":1}}"));
    }

    static Stream<Arguments> defaultOrganizations() {
        return Stream.of(
                Arguments.of("", List.of("client_credentials"), false),
                Arguments.of(null, List.of("client_credentials"), false),
                Arguments.of("org_1", List.of("authorization_code"), false),
                Arguments.of("org_1", List.of("client_credentials", "password"), false),
                Arguments.of("org_1", List.of(), true),
                Arguments.of("org_1", List.of("client_credentials"), true));
    }

    @ParameterizedTest
    @MethodSource("defaultOrganizations")
    void O17_defaultOrganizationNamesAnOrganizationForClientCredentialsOnly(String id, List<String> flows, boolean accepted) {
        if (accepted) {
            assertThat(new DefaultOrganization(id, flows, KeptFields.none()).flows()).isEqualTo(flows);
        } else {
            assertThatThrownBy(() -> new DefaultOrganization(id, flows, KeptFields.none()))
                    .isInstanceOf(InvalidRequestException.class).hasMessage(DefaultOrganization.RULE);
        }
    }

    @Test
    void aGrantIsForOneApplicationOrForEveryThirdPartyOne() {
        ClientGrantPatch none = ClientGrantPatch.none();
        assertThatThrownBy(() -> new NewClientGrant(Optional.of("c"), true, "https://api", Optional.empty(), none))
                .isInstanceOf(InvalidRequestException.class).hasMessage("exactly one of client_id and default_for is required");
        assertThatThrownBy(() -> new NewClientGrant(Optional.empty(), false, "https://api", Optional.empty(), none))
                .isInstanceOf(InvalidRequestException.class);
        ObjectNode doc = NewClientGrant.forThirdPartyClients("https://api", SubjectType.USER)
                .with(none.withScope(List.of("read")).withOrganizationUsage(Change.clear())).toDocument();
        assertThat(doc).isEqualTo(Json.parseObject("{\"default_for\":\"third_party_clients\",\"audience\":\"https://api\","
                + "\"subject_type\":\"user\",\"scope\":[\"read\"],\"organization_usage\":null}"));
    }

    @Test
    void aGrantPatchRemovesWhatItClears() {
        ObjectNode doc = Json.parseObject("{\"scope\":[\"a\"],\"organization_usage\":\"allow\",\"allow_any_organization\":true}");
        ClientGrantPatch.none().withOrganizationUsage(Change.clear()).withAllowAnyOrganization(Change.to(false))
                .withAllowAllScopes(true).writeTo(doc, false);
        assertThat(doc).isEqualTo(Json.parseObject("{\"scope\":[\"a\"],\"allow_any_organization\":false,\"allow_all_scopes\":true}"));
    }

    @Test
    void othersHoldNoTypedPropertyAndANewApplicationsNameIsItsOwn() {
        assertThatThrownBy(() -> ClientPatch.none().withOthers(KeptFields.of(Json.parseObject("{\"app_type\":\"spa\"}"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewClient("a", ClientPatch.none().withName("b"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(NewClient.named("a").firstParty()).isTrue();
        assertThat(NewClient.named("a").with(ClientPatch.none().withFirstParty(false)).firstParty()).isFalse();
    }

    @Test
    void aNewDocumentKeepsNullsAndAPatchRemovesWhatItClears() {
        ClientPatch p = ClientPatch.none().withLogoUri(Change.clear()).withOrganizationUsage(Change.to(OrganizationUsage.REQUIRE))
                .withOthers(KeptFields.of(Json.parseObject("{\"cross_origin_loc\":null,\"addons\":{\"x\":1}}")));
        assertThat(ClientDocument.of(new NewClient("n", p))).isEqualTo(Json.parseObject(
                "{\"name\":\"n\",\"logo_uri\":null,\"organization_usage\":\"require\",\"cross_origin_loc\":null,\"addons\":{\"x\":1}}"));
        ObjectNode stored = Json.parseObject("{\"name\":\"n\",\"logo_uri\":\"https://x.example/l.png\",\"cross_origin_loc\":\"https://x\"}");
        ClientDocument.write(stored, p, false);
        assertThat(stored).isEqualTo(Json.parseObject("{\"name\":\"n\",\"organization_usage\":\"require\",\"addons\":{\"x\":1}}"));
        assertThat(p.names()).containsExactly("logo_uri", "organization_usage", "cross_origin_loc", "addons");
    }

    static Stream<Arguments> valueRules() {
        Map<String, String> eleven = new LinkedHashMap<>();
        IntStream.range(0, 11).forEach(i -> eleven.put("k" + i, "v"));
        return Stream.of(
                Arguments.of(ClientPatch.none().withName(" "), "name must be non-empty and must not contain '<' or '>'"),
                Arguments.of(ClientPatch.none().withName("a<b"), "name must be non-empty and must not contain '<' or '>'"),
                Arguments.of(ClientPatch.none().withOrganizationDiscoveryMethods(Change.to(List.of())),
                        "organization_discovery_methods must hold at least one method, each once"),
                Arguments.of(ClientPatch.none().withOrganizationDiscoveryMethods(Change.to(List.of("email", "email"))),
                        "organization_discovery_methods must hold at least one method, each once"),
                Arguments.of(ClientPatch.none().withClientMetadata(eleven), "client_metadata holds at most 10 string properties"),
                Arguments.of(ClientPatch.none().withClientMetadata(Map.of("k", "v".repeat(256))),
                        "client_metadata values are strings of at most 255 characters"),
                Arguments.of(ClientPatch.none().withClientMetadata(Map.of("k".repeat(256), "v")),
                        "client_metadata values are strings of at most 255 characters"),
                Arguments.of(ClientPatch.none().withCallbacks(List.of(" ")), "callbacks holds an empty or too long URL"),
                Arguments.of(ClientPatch.none().withAllowedLogoutUrls(List.of("https://x.example/" + "a".repeat(1024))),
                        "allowed_logout_urls holds an empty or too long URL"));
    }

    @ParameterizedTest
    @MethodSource("valueRules")
    void valuesBreakingTheirRuleAreRefusedWithTheirMessage(ClientPatch patch, String message) {
        assertThatThrownBy(() -> ClientDocument.checkValues(patch)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    @Test
    void valuesWithinTheirRulesPass() {
        ClientDocument.checkValues(ClientPatch.none().withName("App").withCallbacks(List.of("https://a.example/cb"))
                .withOrganizationDiscoveryMethods(Change.clear()).withClientMetadata(Map.of("k", "v")));
    }

    @Test
    void postLoginPromptNeedsOidcConformanceExceptOnStrictThirdPartyApplications() {
        assertThatThrownBy(() -> ClientDocument.checkCommon(Json.parseObject("{\"organization_require_behavior\":\"post_login_prompt\"}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("requires oidc_conformant=true");
        ClientDocument.checkCommon(Json.parseObject("{\"organization_require_behavior\":\"post_login_prompt\",\"oidc_conformant\":true}"));
        ClientDocument.checkCommon(Json.parseObject("{\"organization_require_behavior\":\"post_login_prompt\",\"is_first_party\":false,"
                + "\"third_party_security_mode\":\"strict\"}"));
    }

    @Test
    void createFillsTheDefaultsOfItsKindAndKeepsWhatItOnlyStores() {
        ClientService service = new MemoryClientStores().service();
        ClientService.Created spa = service.create(NewClient.named("Spa").with(ClientPatch.none().withAppType(AppType.SPA)
                .withOthers(KeptFields.of(Json.parseObject("{\"addons\":{\"aws\":{\"principal\":\"p\"}},\"sso\":true}")))),
                new ClientService.TenantModes(false, false));
        ObjectNode doc = spa.client().doc();
        assertThat(spa.secret()).isEmpty();
        assertThat(doc.get("token_endpoint_auth_method").asString()).isEqualTo("none");
        assertThat(doc.get("refresh_token").get("rotation_type").asString()).isEqualTo("rotating");
        assertThat(doc.get("addons")).isEqualTo(Json.parseObject("{\"aws\":{\"principal\":\"p\"}}"));
        assertThat(doc.get("sso").asBoolean()).isTrue();

        ClientService.Created third = service.create(NewClient.named("Partner").with(ClientPatch.none().withFirstParty(false)
                .withAppType(AppType.REGULAR_WEB)), new ClientService.TenantModes(false, false));
        assertThat(third.client().clientId()).startsWith("tpc_");
        assertThat(third.client().doc().get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThatThrownBy(() -> service.create(NewClient.named("P").with(ClientPatch.none().withFirstParty(false)
                .withOthers(KeptFields.of(Json.parseObject("{\"addons\":{}}")))), new ClientService.TenantModes(false, false)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Property addons is not supported for third-party clients");
    }

    @Test
    void aPatchMayRepeatButNotChangeTheKindOfAnApplication() {
        ClientService service = new MemoryClientStores().service();
        String id = service.create(NewClient.named("A"), new ClientService.TenantModes(false, false)).client().clientId();
        assertThat(service.update(id, ClientPatch.none().withFirstParty(true).withDescription(Change.to("d")), Optional.empty())
                .orElseThrow().doc().get("description").asString()).isEqualTo("d");
        assertThatThrownBy(() -> service.update(id, ClientPatch.none().withFirstParty(false), Optional.empty()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("is_first_party cannot be changed after creation");
        assertThatThrownBy(() -> service.update(id, ClientPatch.none().withThirdPartySecurityMode(ThirdPartySecurityMode.STRICT),
                Optional.empty())).isInstanceOf(InvalidRequestException.class)
                .hasMessage("third_party_security_mode cannot be changed after creation");
        assertThat(service.update(id, ClientPatch.none().withDescription(Change.clear()), Optional.empty()).orElseThrow().doc()
                .has("description")).isFalse();
        assertThat(service.update("nobody", ClientPatch.none().withName("x"), Optional.empty())).isEmpty();
    }
}

package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.tenant.TenantSettingsPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TenantSettingsRequests}: the nested shapes the schema leaves open are refused with the messages
 * the service used to give; the typed properties land in their places, everything else as given.
 */
class TenantSettingsRequestsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"flags\":{\"enable_dynamic_client_registration\":\"yes\"}} | flags | "
                    + "Payload validation error: 'Expected type boolean' on property flags.enable_dynamic_client_registration.",
            "{\"branding\":{\"logo_url\":7}} | branding.logo_url | "
                    + "Payload validation error: 'Expected type string' on property branding.logo_url.",
            "{\"branding\":{\"colors\":\"red\"}} | branding.colors | "
                    + "Payload validation error: 'Expected type object' on property branding.colors.",
            "{\"branding\":{\"colors\":{\"primary\":1}}} | branding.colors.primary | "
                    + "Payload validation error: branding.colors.primary must be primary or page_background with a #rrggbb value.",
            "{\"branding\":{\"colors\":{\"primary\":\"red\"}}} | branding.colors.primary | "
                    + "Payload validation error: branding.colors.primary must be primary or page_background with a #rrggbb value.",
            "{\"branding\":{\"colors\":{\"accent\":\"#000000\"}}} | branding.colors.accent | "
                    + "Payload validation error: branding.colors.accent must be primary or page_background with a #rrggbb value.",
            "{\"branding\":{\"colors\":{\"primary\":\"bad\",\"accent\":\"#000000\"}}} | branding.colors.primary | "
                    + "Payload validation error: branding.colors.primary must be primary or page_background with a #rrggbb value.",
            "{\"branding\":{\"font\":\"serif\"}} | branding | "
                    + "Payload validation error: 'Additional properties not allowed: branding.font'.",
    })
    void aBrokenNestedShapeIsRefused(String json, String field, String message) {
        var body = Json.parseObject(json);
        TenantSettingsApi.UPDATE.validate(body);

        assertThatThrownBy(() -> TenantSettingsRequests.patch(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void theTypedPropertiesLandInTheirPlaces() {
        var body = Json.parseObject("""
                {"flags":{"b":false,"a":true},"branding":{"logo_url":null,"colors":{"page_background":"#FFFFFF"}},
                 "dynamic_client_registration_security_mode":"permissive","allowed_logout_urls":["https://a.example/out"]}""");
        TenantSettingsApi.UPDATE.validate(body);

        TenantSettingsPatch p = TenantSettingsRequests.patch(body);

        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("b", false);
        flags.put("a", true);
        assertThat(p.flags()).contains(flags);
        assertThat(List.copyOf(p.flags().orElseThrow().keySet())).containsExactly("b", "a");
        assertThat(p.branding().orElseThrow().logoUrl()).isEqualTo(Change.clear());
        assertThat(p.branding().orElseThrow().colors()).contains(Map.of("page_background", "#FFFFFF"));
        assertThat(p.dynamicClientRegistrationSecurityMode()).contains("permissive");
        assertThat(p.allowedLogoutUrls()).contains(List.of("https://a.example/out"));
        assertThat(p.stored().isEmpty()).isTrue();
    }

    @Test
    void everythingElseTravelsAsGivenAndNullClears() {
        var body = Json.parseObject("""
                {"friendly_name":"Acme","support_url":null,"session_lifetime":24,
                 "default_token_quota":{"clients":{"client_credentials":{"per_hour":10,"enforce":true}},"ratio":0.25}}""");
        TenantSettingsApi.UPDATE.validate(body);

        TenantSettingsPatch p = TenantSettingsRequests.patch(body);

        Map<String, String> stored = new LinkedHashMap<>();
        p.stored().forEach((name, value) -> stored.put(name, value.map(Json::write).orElse("(cleared)")));
        assertThat(stored).containsExactly(
                Map.entry("friendly_name", "\"Acme\""),
                Map.entry("support_url", "(cleared)"),
                Map.entry("session_lifetime", "24"),
                Map.entry("default_token_quota", "{\"clients\":{\"client_credentials\":{\"per_hour\":10,\"enforce\":true}},\"ratio\":0.25}"));
        assertThat(p.flags()).isEmpty();
        assertThat(p.branding()).isEmpty();
    }
}

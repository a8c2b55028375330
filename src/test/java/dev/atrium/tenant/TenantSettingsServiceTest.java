package dev.atrium.tenant;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TenantSettingsService} applying typed patches to the stored document, on a store held in memory. */
class TenantSettingsServiceTest {
    /** The one settings row, kept as the JSON text a database would hold. */
    private static final class MemoryStore implements TenantStore {
        private String saved = Json.write(TenantSettings.defaults().doc());

        @Override
        public TenantSettings get() {
            return new TenantSettings(Json.parseObject(saved));
        }

        @Override
        public void save(TenantSettings settings) {
            saved = Json.write(settings.doc());
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final TenantSettingsService service = new TenantSettingsService(store);

    @Test
    void storedValuesReadBackExactlyAndAClearedOneIsTheEmptyString() {
        var quota = Json.parseObject("{\"clients\":{\"client_credentials\":{\"per_day\":100,\"enforce\":true}},\"ratio\":0.125}");

        var doc = service.update(TenantSettingsPatch.none().withSetting("friendly_name", "Acme").withCleared("support_email")
                .withSetting("session_lifetime", 24).withDocument("default_token_quota", quota)).doc();

        assertThat(doc.get("friendly_name").asString()).isEqualTo("Acme");
        assertThat(doc.get("support_email").asString()).isEmpty();
        assertThat(doc.get("session_lifetime").asLong()).isEqualTo(24);
        assertThat(Json.write(doc.get("default_token_quota"))).isEqualTo(Json.write(quota));
        assertThat(doc.get("idle_session_lifetime").asLong()).isEqualTo(72);
    }

    @Test
    void flagsAndBrandingMergeOneLevelDeep() {
        service.update(TenantSettingsPatch.none().withBranding(new BrandingPatch(Change.to("https://cdn.example/logo.png"), Optional.empty())));

        var doc = service.update(TenantSettingsPatch.none().withFlags(Map.of("enable_dynamic_client_registration", true))
                .withBranding(new BrandingPatch(Change.keep(), Optional.of(Map.of("primary", "#112233"))))).doc();

        assertThat(doc.get("flags").get("enable_dynamic_client_registration").asBoolean()).isTrue();
        assertThat(doc.get("flags").has("create_permissive_third_party_clients_by_default")).isTrue();
        assertThat(doc.get("branding").get("logo_url").asString()).isEqualTo("https://cdn.example/logo.png");
        assertThat(Json.write(doc.get("branding").get("colors"))).isEqualTo("{\"primary\":\"#112233\",\"page_background\":\"#f5f5f7\"}");
    }

    @Test
    void aClearedLogoIsStoredAsNull() {
        var doc = service.update(TenantSettingsPatch.none().withBranding(new BrandingPatch(Change.clear(), Optional.empty()))).doc();

        assertThat(doc.get("branding").get("logo_url").isNull()).isTrue();
    }

    @Test
    void permissiveRegistrationNeedsAnEligibleTenant() {
        TenantSettingsPatch permissive = TenantSettingsPatch.none().withDynamicClientRegistrationSecurityMode("permissive");
        assertThatThrownBy(() -> service.update(permissive)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("permissive mode is not available for this tenant");
        assertThat(store.get().doc().get("dynamic_client_registration_security_mode").asString()).isEqualTo("strict");

        var doc = service.update(permissive.withFlags(Map.of("third_party_permissive_mode_eligible", true))).doc();

        assertThat(doc.get("dynamic_client_registration_security_mode").asString()).isEqualTo("permissive");
    }

    @Test
    void everyLogoutUrlIsChecked() {
        assertThatThrownBy(() -> service.update(TenantSettingsPatch.none()
                .withAllowedLogoutUrls(List.of("https://ok.example/out", "javascript:alert(1)"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("allowed_logout_urls value \"javascript:alert(1)\" ");

        var doc = service.update(TenantSettingsPatch.none().withAllowedLogoutUrls(List.of("https://ok.example/out"))).doc();

        assertThat(Json.stringList(doc.get("allowed_logout_urls"))).containsExactly("https://ok.example/out");
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource({"primary, #4F46e5, true", "page_background, #000000, true", "primary, #fff, false", "primary, red, false",
            "accent, #000000, false", "primary, #0000000, false"})
    void aColourIsPrimaryOrPageBackgroundInHex(String name, String value, boolean accepted) {
        if (accepted) {
            assertThat(new BrandingPatch(Change.keep(), Optional.of(Map.of(name, value))).colors()).contains(Map.of(name, value));
        } else {
            assertThatThrownBy(() -> new BrandingPatch(Change.keep(), Optional.of(Map.of(name, value))))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("branding.colors." + name))
                    .hasMessage("Payload validation error: branding.colors." + name + " must be primary or page_background with a #rrggbb value.");
        }
    }

    @ParameterizedTest(name = "{0} has a typed place")
    @CsvSource({"flags", "branding", "dynamic_client_registration_security_mode", "allowed_logout_urls"})
    void theTypedPropertiesCannotTravelAsStoredOnes(String name) {
        assertThatThrownBy(() -> StoredSettings.none().with(name, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}

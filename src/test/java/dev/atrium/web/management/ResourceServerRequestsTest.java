package dev.atrium.web.management;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.AccessPolicies;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ApiScope;
import dev.atrium.resourceservers.NewResourceServer;
import dev.atrium.resourceservers.ResourceServerPatch;
import dev.atrium.resourceservers.TokenDialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ResourceServerRequests}: API bodies (already past their schema) to commands, without a server. */
class ResourceServerRequestsTest {

    private static ResourceServerPatch patch(String json) {
        return ResourceServerRequests.patch(Json.parseObject(json));
    }

    @Test
    void typedPropertiesAreTypedAndTheOthersKeptAsSent() {
        NewResourceServer n = ResourceServerRequests.newResourceServer(Json.parseObject("{\"identifier\":\"https://api.example.com/\","
                + "\"name\":\"Orders\",\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read\"},{\"value\":\"write:orders\"}],"
                + "\"token_lifetime\":3600,\"token_lifetime_for_web\":600,\"allow_offline_access\":true,"
                + "\"skip_consent_for_verifiable_first_party_clients\":false,\"enforce_policies\":true,"
                + "\"token_dialect\":\"rfc9068_profile_authz\",\"subject_type_authorization\":{\"client\":{\"policy\":\"deny_all\"}},"
                + "\"signing_alg\":\"PS256\",\"consent_policy\":null,\"token_encryption\":{\"format\":\"compact-nested-jwe\"}}"));
        assertThat(n.identifier()).isEqualTo("https://api.example.com/");
        ResourceServerPatch p = n.fields();
        assertThat(p.name()).contains("Orders");
        assertThat(p.scopes()).contains(List.of(ApiScope.of("read:orders", "Read"), new ApiScope("write:orders", Optional.empty())));
        assertThat(p.tokenLifetime()).contains(3600L);
        assertThat(p.tokenLifetimeForWeb()).contains(600L);
        assertThat(p.allowOfflineAccess()).contains(true);
        assertThat(p.skipConsentForVerifiableFirstPartyClients()).contains(false);
        assertThat(p.enforcePolicies()).contains(true);
        assertThat(p.tokenDialect()).contains(TokenDialect.RFC9068_PROFILE_AUTHZ);
        assertThat(p.subjectTypeAuthorization()).contains(new AccessPolicies(Optional.empty(), Optional.of(ApiAccessPolicy.DENY_ALL)));
        assertThat(p.others().names()).containsExactly("signing_alg", "consent_policy", "token_encryption");
        var written = Json.object();
        p.others().writeTo(written);
        assertThat(written).isEqualTo(Json.parseObject("{\"signing_alg\":\"PS256\",\"consent_policy\":null,"
                + "\"token_encryption\":{\"format\":\"compact-nested-jwe\"}}"));
    }

    @Test
    void anAbsentPropertyIsLeftAsItIs() {
        assertThat(patch("{}")).isEqualTo(ResourceServerPatch.none());
        assertThat(patch("{\"name\":\"x\"}")).isEqualTo(ResourceServerPatch.none().withName("x"));
        var cleared = patch("{\"consent_policy\":null}");
        var doc = Json.parseObject("{\"consent_policy\":\"transactional-authorization-with-mfa\",\"name\":\"x\"}");
        cleared.others().patch(doc);
        assertThat(doc).isEqualTo(Json.parseObject("{\"name\":\"x\"}"));
    }

    /** Each body and the reason it is refused. */
    @Test
    void brokenNestedShapesAndValuesAreRefusedWithTheirReason() {
        Map<String, String> refused = Map.of(
                "{\"scopes\":[\"read\"]}", "each scope needs a value without spaces (at most 280 characters)",
                "{\"scopes\":[{\"value\":\"has space\"}]}", "each scope needs a value without spaces (at most 280 characters)",
                "{\"scopes\":[{\"value\":\"\"}]}", "each scope needs a value without spaces (at most 280 characters)",
                "{\"scopes\":[{\"value\":\"" + "a".repeat(281) + "\"}]}", "each scope needs a value without spaces (at most 280 characters)",
                "{\"scopes\":[{\"value\":\"a\",\"x\":1}]}", "a scope has only value and description",
                "{\"scopes\":[{\"value\":\"a\"},{\"value\":\"a\"}]}", "duplicate scope: a",
                "{\"subject_type_authorization\":{\"user\":{\"policy\":\"nobody\"}}}",
                "subject_type_authorization.user.policy must be allow_all, deny_all or require_client_grant",
                "{\"subject_type_authorization\":{\"client\":{\"policy\":\"allow_all\"}}}",
                "subject_type_authorization.client.policy must be deny_all or require_client_grant",
                "{\"subject_type_authorization\":{\"client\":null}}",
                "subject_type_authorization.client.policy must be deny_all or require_client_grant");
        refused.forEach((body, reason) -> assertThatThrownBy(() -> patch(body)).as(body)
                .isInstanceOf(InvalidRequestException.class).hasMessage(reason));
        assertThatThrownBy(() -> ResourceServerRequests.newResourceServer(Json.parseObject("{\"identifier\":\"  \"}")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("identifier is required");
    }

    @Test
    void theKeptPropertiesNeverHoldATypedOne() {
        for (String typed : ResourceServerPatch.TYPED) {
            assertThat(patch("{}").others().has(typed)).isFalse();
        }
        assertThat(ResourceServerPatch.TYPED).doesNotContainAnyElementsOf(Set.of("identifier", "signing_alg"));
        assertThatThrownBy(() -> ResourceServerPatch.none().withOthers(dev.atrium.common.KeptFields.of(
                Json.parseObject("{\"name\":\"x\"}"), Set.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}

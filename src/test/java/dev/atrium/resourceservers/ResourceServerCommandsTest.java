package dev.atrium.resourceservers;

import dev.atrium.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API commands' own rules and the enums' wire values, without a database. */
class ResourceServerCommandsTest {

    @Test
    void dialectsKeepTheirWireValuesAndSayWhichNeedRbac() {
        for (TokenDialect d : TokenDialect.values()) {
            assertThat(TokenDialect.parse(d.wire())).contains(d);
            assertThat(d.withPermissions()).isEqualTo(d.wire().endsWith("_authz"));
        }
        assertThat(TokenDialect.parse("jwt")).isEmpty();
        assertThat(TokenDialect.parse(null)).isEmpty();
    }

    @Test
    void scopeValuesHaveNoSpacesAndAtMost280Characters() {
        assertThat(ApiScope.of("read:orders", "Read").value()).isEqualTo("read:orders");
        assertThat(new ApiScope("a".repeat(280), Optional.empty()).value()).hasSize(280);
        for (String bad : new String[]{null, "", "  ", "read orders", "a".repeat(281)}) {
            assertThatThrownBy(() -> new ApiScope(bad, Optional.empty())).as(String.valueOf(bad))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void scopesAreDistinctAndCopied() {
        List<ApiScope> list = new java.util.ArrayList<>(List.of(ApiScope.of("a", "A")));
        ResourceServerPatch p = ResourceServerPatch.none().withScopes(list);
        list.add(ApiScope.of("b", "B"));
        assertThat(p.scopes().orElseThrow()).hasSize(1);
        assertThatThrownBy(() -> ResourceServerPatch.none().withScopes(List.of(ApiScope.of("a", "1"), ApiScope.of("a", "2"))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("duplicate scope: a");
    }

    @Test
    void machineToMachineFlowsNeverAllowEveryApplication() {
        assertThat(AccessPolicies.of(ApiAccessPolicy.ALLOW_ALL, ApiAccessPolicy.DENY_ALL).user()).contains(ApiAccessPolicy.ALLOW_ALL);
        assertThatThrownBy(() -> AccessPolicies.of(ApiAccessPolicy.ALLOW_ALL, ApiAccessPolicy.ALLOW_ALL))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("client.policy");
    }

    @Test
    void aNewApiNeedsAnIdentifierAndNamesItselfAfterItUnlessNamed() {
        assertThat(NewResourceServer.of("urn:orders").fields().name()).isEmpty();
        assertThatThrownBy(() -> NewResourceServer.of(" ")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("identifier is required");
        assertThatThrownBy(() -> NewResourceServer.of(null)).isInstanceOf(InvalidRequestException.class);
    }
}

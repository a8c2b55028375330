package dev.atrium.tokens;

import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ResourceServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.atrium.support.TestRecords.api;
import static dev.atrium.support.TestRecords.managementApi;
import static dev.atrium.support.TestRecords.strictThirdParty;
import static dev.atrium.support.TestRecords.userGrant;
import static dev.atrium.support.TestRecords.webApp;
import static dev.atrium.support.TestRecords.withGrantTypes;
import static dev.atrium.support.TestRecords.withOfflineAccess;
import static dev.atrium.support.TestRecords.withRbac;
import static dev.atrium.support.TestRecords.withUserPolicy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ScopePolicy#grant}, one row per rule: the application, the API, the requested scopes, the
 * user-subject client grant, the user's permissions and the consented scopes go in; the granted
 * scopes, or the reason code and description of the refusal, come out.
 */
class ScopePolicyTest {
    private static final Client WEB = webApp();
    private static final Client NO_REFRESH = withGrantTypes(webApp(), "authorization_code");
    private static final Client STRICT = strictThirdParty();
    private static final ResourceServer ORDERS = api("https://orders.example.com", "read:orders", "write:orders");
    private static final ResourceServer OFFLINE_ORDERS = withOfflineAccess(ORDERS);
    private static final ResourceServer GRANTED_ORDERS = withUserPolicy(ORDERS, ApiAccessPolicy.REQUIRE_CLIENT_GRANT);
    private static final ResourceServer RBAC_ORDERS = withRbac(ORDERS);
    private static final ResourceServer MANAGEMENT = managementApi("https://tenant.example.com/api/v2/");

    /** One row: what goes in and what must come out (granted scopes, or a refusal). */
    record Case(String name, Client client, Optional<ResourceServer> api, String requested, Optional<ClientGrant> grant,
                Optional<List<String>> permissions, Optional<List<String>> consented, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Either the granted scopes, in order, or the refusal's reason and description. */
    record Expected(List<String> granted, Optional<ReasonCode> code, Optional<String> description) {
        static Expected granted(String scopes) {
            return new Expected(scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")), Optional.empty(), Optional.empty());
        }

        static Expected denied(ReasonCode code, String description) {
            return new Expected(List.of(), Optional.of(code), Optional.of(description));
        }
    }

    private static Case row(String name, Client client, ResourceServer api, String requested, Expected expected) {
        return new Case(name, client, Optional.ofNullable(api), requested, Optional.empty(), Optional.empty(), Optional.empty(), expected);
    }

    private static Case row(String name, Client client, ResourceServer api, String requested, ClientGrant grant,
                            List<String> permissions, List<String> consented, Expected expected) {
        return new Case(name, client, Optional.ofNullable(api), requested, Optional.ofNullable(grant),
                Optional.ofNullable(permissions), Optional.ofNullable(consented), expected);
    }

    static Stream<Case> cases() {
        String noGrant = "Client is not authorized to access \"https://orders.example.com\" on behalf of users. "
                + "A client grant with subject_type user is required.";
        return Stream.of(
                row("OpenID Connect scopes pass without an API", WEB, null, "openid profile email",
                        Expected.granted("openid profile email")),
                row("offline_access passes without an API when the application may refresh", WEB, null, "openid offline_access",
                        Expected.granted("openid offline_access")),
                row("offline_access is dropped for an application without the refresh_token grant", NO_REFRESH, null,
                        "openid offline_access", Expected.granted("openid")),
                row("offline_access is dropped when the API does not allow offline access", WEB, ORDERS,
                        "openid offline_access read:orders", Expected.granted("openid read:orders")),
                row("offline_access is kept when the API allows offline access", WEB, OFFLINE_ORDERS,
                        "openid offline_access read:orders", Expected.granted("openid offline_access read:orders")),
                row("scopes the API does not declare are dropped", WEB, ORDERS, "read:orders delete:everything",
                        Expected.granted("read:orders")),
                row("require_client_grant without a user grant is refused", WEB, GRANTED_ORDERS, "openid read:orders",
                        Expected.denied(ReasonCode.NO_USER_CLIENT_GRANT, noGrant)),
                row("require_client_grant narrows the API scopes to the grant", WEB, GRANTED_ORDERS, "openid read:orders write:orders",
                        userGrant(WEB, GRANTED_ORDERS, "read:orders"), null, null, Expected.granted("openid read:orders")),
                row("a strict third-party application needs a grant even when the API admits all applications", STRICT, ORDERS,
                        "read:orders", Expected.denied(ReasonCode.NO_USER_CLIENT_GRANT, noGrant)),
                row("a strict third-party application gets no OpenID Connect scopes but keeps offline_access", STRICT, OFFLINE_ORDERS,
                        "openid profile offline_access read:orders write:orders", userGrant(STRICT, OFFLINE_ORDERS, "read:orders"),
                        null, null, Expected.granted("offline_access read:orders")),
                row("RBAC narrows the API scopes to the user's permissions", WEB, RBAC_ORDERS, "openid read:orders write:orders",
                        null, List.of("write:orders"), null, Expected.granted("openid write:orders")),
                row("RBAC without loaded permissions leaves the API scopes", WEB, RBAC_ORDERS, "read:orders write:orders",
                        Expected.granted("read:orders write:orders")),
                row("permissions do not narrow when the API does not enforce RBAC", WEB, ORDERS, "read:orders write:orders",
                        null, List.of(), null, Expected.granted("read:orders write:orders")),
                row("consent narrows the API scopes to those the user accepted", WEB, ORDERS, "openid read:orders write:orders",
                        null, null, List.of("read:orders"), Expected.granted("openid read:orders")),
                row("the Management API keeps only current_user scopes for a user", WEB, MANAGEMENT,
                        "openid read:users read:current_user", Expected.granted("openid read:current_user")),
                row("the Management API without a current_user scope is refused", WEB, MANAGEMENT, "openid read:users delete:users",
                        Expected.denied(ReasonCode.MANAGEMENT_API_REQUIRES_CURRENT_USER_SCOPE, ScopePolicy.MANAGEMENT_API_DENIED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void grantsOrRefusesAsTheRuleSays(Case c) {
        ScopePolicy.Result r = ScopePolicy.grant(c.client(), c.api(), List.of(c.requested().split(" ")), c.grant(),
                c.permissions(), c.consented());
        assertThat(r.deniedCode()).as("reason code").isEqualTo(c.expected().code());
        assertThat(r.deniedReason()).as("description").isEqualTo(c.expected().description());
        assertThat(r.granted()).as("granted scopes").containsExactlyElementsOf(c.expected().granted());
    }
}

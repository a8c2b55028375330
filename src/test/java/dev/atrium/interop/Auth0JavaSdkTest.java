package dev.atrium.interop;

import com.auth0.client.auth.AuthAPI;
import com.auth0.client.mgmt.ManagementApi;
import com.auth0.client.mgmt.core.ManagementApiException;
import com.auth0.client.mgmt.roles.types.AddRolePermissionsRequestContent;
import com.auth0.client.mgmt.roles.types.AssignRoleUsersRequestContent;
import com.auth0.client.mgmt.roles.types.DeleteRolePermissionsRequestContent;
import com.auth0.client.mgmt.types.ClientAppTypeEnum;
import com.auth0.client.mgmt.types.ClientGrantResponseContent;
import com.auth0.client.mgmt.types.ClientTokenEndpointAuthMethodEnum;
import com.auth0.client.mgmt.types.ConnectionForList;
import com.auth0.client.mgmt.types.ConnectionIdentityProviderEnum;
import com.auth0.client.mgmt.types.CreateClientGrantRequestContent;
import com.auth0.client.mgmt.types.CreateClientRequestContent;
import com.auth0.client.mgmt.types.CreateConnectionRequestContent;
import com.auth0.client.mgmt.types.CreateResourceServerRequestContent;
import com.auth0.client.mgmt.types.CreateRoleRequestContent;
import com.auth0.client.mgmt.types.CreateUserRequestContent;
import com.auth0.client.mgmt.types.GetUserRequestParameters;
import com.auth0.client.mgmt.types.ListClientGrantsRequestParameters;
import com.auth0.client.mgmt.types.ListClientsRequestParameters;
import com.auth0.client.mgmt.types.ListConnectionsQueryParameters;
import com.auth0.client.mgmt.types.ListResourceServerRequestParameters;
import com.auth0.client.mgmt.types.ListRolesRequestParameters;
import com.auth0.client.mgmt.types.ListUsersByEmailRequestParameters;
import com.auth0.client.mgmt.types.ListUsersRequestParameters;
import com.auth0.client.mgmt.types.PermissionRequestPayload;
import com.auth0.client.mgmt.types.ResourceServerScope;
import com.auth0.client.mgmt.types.SearchEngineVersionsEnum;
import com.auth0.client.mgmt.types.UpdateClientGrantRequestContent;
import com.auth0.client.mgmt.types.UpdateClientRequestContent;
import com.auth0.client.mgmt.types.UpdateConnectionRequestContent;
import com.auth0.client.mgmt.types.UpdateEnabledClientConnectionsRequestContentItem;
import com.auth0.client.mgmt.types.UpdateResourceServerRequestContent;
import com.auth0.client.mgmt.types.UpdateRoleRequestContent;
import com.auth0.client.mgmt.types.UpdateUserRequestContent;
import com.auth0.client.mgmt.users.types.AssignUserRolesRequestContent;
import com.auth0.client.mgmt.users.types.DeleteUserRolesRequestContent;
import com.auth0.exception.APIException;
import com.auth0.json.auth.TokenHolder;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 2, point 8: Auth0's own Java SDK ({@code com.auth0:auth0} 3.2.0, api-contract.md §C.1) drives
 * clients, resource servers, client grants, connections, users and roles against a real Atrium,
 * exactly as code migrated from Auth0 would. Only the SDK touches the server here: every shape it
 * cannot send or parse is a wire incompatibility.
 */
class Auth0JavaSdkTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static ManagementApi mgmt;

    @BeforeAll
    static void sdk() {
        mgmt = ManagementApi.builder()
                .url(atrium.baseUrl() + "/api/v2")
                .clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET)
                .audience(atrium.server().managementAudience())
                .maxRetries(0)
                .build();
    }

    static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }

    static <T> List<T> all(Iterable<T> pages) {
        return StreamSupport.stream(pages.spliterator(), false).toList();
    }

    static ManagementApiException failure(Runnable call) {
        try {
            call.run();
        } catch (ManagementApiException e) {
            return e;
        }
        throw new AssertionError("expected a ManagementApiException");
    }

    static void assertNotFound(Supplier<?> call) {
        ManagementApiException e = failure(call::get);
        assertThat(e.statusCode()).isEqualTo(404);
    }

    String api(String identifier, String... scopes) {
        List<ResourceServerScope> list = new ArrayList<>();
        for (String s : scopes) {
            list.add(ResourceServerScope.builder().value(s).description("Scope " + s).build());
        }
        return mgmt.resourceServers().create(CreateResourceServerRequestContent.builder().identifier(identifier)
                .name("API " + identifier).scopes(list).build()).getId().orElseThrow();
    }

    /** A machine-to-machine application; its id and secret (only the create answer carries the secret: Atrium stores it hashed). */
    String[] m2m(String name) {
        var created = mgmt.clients().create(CreateClientRequestContent.builder().name(name)
                .appType(ClientAppTypeEnum.NON_INTERACTIVE).grantTypes(List.of("client_credentials"))
                .tokenEndpointAuthMethod(ClientTokenEndpointAuthMethodEnum.CLIENT_SECRET_POST).build());
        return new String[] {created.getClientId().orElseThrow(), created.getClientSecret().orElseThrow()};
    }

    String m2mClient(String name) {
        return m2m(name)[0];
    }

    @Test
    void clientsAreCreatedReadUpdatedRotatedListedAcrossPagesAndDeleted() {
        var created = mgmt.clients().create(CreateClientRequestContent.builder().name(unique("Web "))
                .appType(ClientAppTypeEnum.REGULAR_WEB)
                .callbacks(List.of("https://app.example.com/callback"))
                .grantTypes(List.of("authorization_code", "refresh_token"))
                .tokenEndpointAuthMethod(ClientTokenEndpointAuthMethodEnum.CLIENT_SECRET_BASIC)
                .build());
        String id = created.getClientId().orElseThrow();
        String secret = created.getClientSecret().orElseThrow();
        assertThat(created.getAppType()).contains(ClientAppTypeEnum.REGULAR_WEB);
        assertThat(created.getIsFirstParty()).contains(true);

        var read = mgmt.clients().get(id);
        assertThat(read.getName()).isEqualTo(created.getName());
        assertThat(read.getCallbacks()).contains(List.of("https://app.example.com/callback"));
        assertThat(read.getTokenEndpointAuthMethod()).contains(ClientTokenEndpointAuthMethodEnum.CLIENT_SECRET_BASIC);

        var updated = mgmt.clients().update(id, UpdateClientRequestContent.builder().description("Orders back office")
                .callbacks(List.of("https://app.example.com/callback", "https://app.example.com/cb2")).build());
        assertThat(updated.getDescription()).contains("Orders back office");
        assertThat(updated.getCallbacks().orElseThrow()).hasSize(2);

        var rotated = mgmt.clients().rotateSecret(id);
        assertThat(rotated.getClientSecret().orElseThrow()).isNotEqualTo(secret).hasSize(64);

        for (int i = 0; i < 3; i++) {
            m2mClient(unique("Paged "));
        }
        List<String> ids = all(mgmt.clients().list(ListClientsRequestParameters.builder().perPage(2).build()))
                .stream().map(c -> c.getClientId().orElseThrow()).toList();
        assertThat(ids).doesNotHaveDuplicates().contains(id, TestAtrium.BOOTSTRAP_ID).hasSizeGreaterThanOrEqualTo(5);

        mgmt.clients().delete(id);
        assertNotFound(() -> mgmt.clients().get(id));
        mgmt.clients().delete(id); // idempotent (§B.2.3)
    }

    @Test
    void resourceServersAreCreatedReadUpdatedListedAndDeleted() {
        String identifier = "https://" + unique("orders") + ".example.com/";
        var created = mgmt.resourceServers().create(CreateResourceServerRequestContent.builder().identifier(identifier)
                .name("Orders").scopes(List.of(ResourceServerScope.builder().value("read:orders").description("Read orders").build()))
                .allowOfflineAccess(true).skipConsentForVerifiableFirstPartyClients(true).build());
        String id = created.getId().orElseThrow();
        assertThat(created.getIdentifier()).contains(identifier);
        assertThat(created.getIsSystem()).contains(false);

        var read = mgmt.resourceServers().get(id);
        assertThat(read.getScopes().orElseThrow()).extracting(ResourceServerScope::getValue).containsExactly("read:orders");
        assertThat(read.getAllowOfflineAccess()).contains(true);

        var updated = mgmt.resourceServers().update(id, UpdateResourceServerRequestContent.builder().name("Orders v2")
                .tokenLifetime(3600).scopes(List.of(
                        ResourceServerScope.builder().value("read:orders").build(),
                        ResourceServerScope.builder().value("write:orders").build())).build());
        assertThat(updated.getName()).contains("Orders v2");
        assertThat(updated.getTokenLifetime()).contains(3600);
        assertThat(updated.getScopes().orElseThrow()).hasSize(2);

        api("https://" + unique("a") + ".example.com/", "x");
        api("https://" + unique("b") + ".example.com/", "y");
        List<String> identifiers = all(mgmt.resourceServers().list(ListResourceServerRequestParameters.builder().perPage(1).build()))
                .stream().map(r -> r.getIdentifier().orElseThrow()).toList();
        assertThat(identifiers).doesNotHaveDuplicates().contains(identifier, atrium.server().managementAudience());

        mgmt.resourceServers().delete(id);
        assertNotFound(() -> mgmt.resourceServers().get(id));
    }

    @Test
    void clientGrantsAreCreatedReadUpdatedListedByCheckpointAndDeleted() {
        String audience = "https://" + unique("grants") + ".example.com/";
        api(audience, "read:stock", "write:stock");
        String clientId = m2mClient(unique("Stock worker "));
        String other = m2mClient(unique("Stock reader "));

        var grant = mgmt.clientGrants().create(CreateClientGrantRequestContent.builder().clientId(clientId).audience(audience)
                .scope(List.of("read:stock")).build());
        String id = grant.getId().orElseThrow();
        assertThat(grant.getClientId()).contains(clientId);
        assertThat(grant.getScope()).contains(List.of("read:stock"));
        mgmt.clientGrants().create(CreateClientGrantRequestContent.builder().clientId(other).audience(audience)
                .scope(List.of("read:stock")).build());

        assertThat(mgmt.clientGrants().get(id).getAudience()).contains(audience);
        var updated = mgmt.clientGrants().update(id, UpdateClientGrantRequestContent.builder()
                .scope(List.of("read:stock", "write:stock")).build());
        assertThat(updated.getScope().orElseThrow()).containsExactlyInAnyOrder("read:stock", "write:stock");

        List<ClientGrantResponseContent> forAudience = all(mgmt.clientGrants().list(
                ListClientGrantsRequestParameters.builder().audience(audience).take(1).build()));
        assertThat(forAudience).extracting(g -> g.getClientId().orElseThrow()).containsExactlyInAnyOrder(clientId, other);
        List<ClientGrantResponseContent> everything = all(mgmt.clientGrants().list());
        assertThat(everything).extracting(g -> g.getId().orElseThrow()).doesNotHaveDuplicates().contains(id);

        mgmt.clientGrants().delete(id);
        assertNotFound(() -> mgmt.clientGrants().get(id));
    }

    @Test
    void connectionsAreCreatedReadUpdatedEnabledForAClientListedAndDeleted() {
        String name = unique("partners-db-");
        var created = mgmt.connections().create(CreateConnectionRequestContent.builder().name(name)
                .strategy(ConnectionIdentityProviderEnum.AUTH0).displayName("Partners").build());
        String id = created.getId().orElseThrow();
        assertThat(created.getName()).contains(name);
        assertThat(created.getStrategy()).contains("auth0");

        assertThat(mgmt.connections().get(id).getDisplayName()).contains("Partners");
        var updated = mgmt.connections().update(id, UpdateConnectionRequestContent.builder().displayName("Partner portal")
                .isDomainConnection(true).build());
        assertThat(updated.getDisplayName()).contains("Partner portal");
        assertThat(updated.getIsDomainConnection()).contains(true);

        String clientId = m2mClient(unique("Partner app "));
        mgmt.connections().clients().update(id, List.of(
                UpdateEnabledClientConnectionsRequestContentItem.builder().clientId(clientId).status(true).build()));
        assertThat(all(mgmt.connections().clients().get(id))).extracting(c -> c.getClientId()).containsExactly(clientId);
        assertThat(all(mgmt.clients().connections().get(clientId))).extracting(c -> c.getId().orElseThrow()).containsExactly(id);

        mgmt.connections().create(CreateConnectionRequestContent.builder().name(unique("second-db-"))
                .strategy(ConnectionIdentityProviderEnum.AUTH0).build());
        List<ConnectionForList> listed = all(mgmt.connections().list(ListConnectionsQueryParameters.builder().take(1).build()));
        assertThat(listed).extracting(c -> c.getName().orElseThrow()).doesNotHaveDuplicates()
                .contains(name, "Username-Password-Authentication");
        assertThat(all(mgmt.connections().list(ListConnectionsQueryParameters.builder().name(name).build())))
                .extracting(c -> c.getId().orElseThrow()).containsExactly(id);

        mgmt.connections().delete(id);
        assertNotFound(() -> mgmt.connections().get(id));
    }

    @Test
    void usersAreCreatedWithAPasswordReadUpdatedFoundByEmailAndDeleted() {
        String email = unique("grace-") + "@example.com";
        var created = mgmt.users().create(CreateUserRequestContent.builder().connection("Username-Password-Authentication")
                .email(email).password("Corr3ct-Horse-Battery").givenName("Grace").build());
        String id = created.getUserId().orElseThrow();
        assertThat(id).startsWith("auth0|");
        assertThat(created.getEmail()).contains(email);
        assertThat(created.getIdentities().orElseThrow()).singleElement()
                .satisfies(identity -> assertThat(identity.getConnection()).contains("Username-Password-Authentication"));

        var read = mgmt.users().get(id);
        assertThat(read.getGivenName()).contains("Grace");
        assertThat(read.getCreatedAt()).isPresent();
        var slim = mgmt.users().get(id, GetUserRequestParameters.builder().fields("user_id,email").includeFields(true).build());
        assertThat(slim.getEmail()).contains(email);
        assertThat(slim.getGivenName()).isEmpty();

        var updated = mgmt.users().update(id, UpdateUserRequestContent.builder().name("Grace Hopper").familyName("Hopper").build());
        assertThat(updated.getName()).contains("Grace Hopper");
        assertThat(updated.getFamilyName()).contains("Hopper");

        assertThat(mgmt.users().listUsersByEmail(ListUsersByEmailRequestParameters.builder().email(email).build()))
                .extracting(u -> u.getUserId().orElseThrow()).containsExactly(id);
        assertThat(all(mgmt.users().list(ListUsersRequestParameters.builder().q("email:\"" + email + "\"")
                .searchEngine(SearchEngineVersionsEnum.V3).build())))
                .extracting(u -> u.getUserId().orElseThrow()).containsExactly(id);
        for (int i = 0; i < 2; i++) {
            mgmt.users().create(CreateUserRequestContent.builder().connection("Username-Password-Authentication")
                    .email(unique("paged-") + "@example.com").password("Corr3ct-Horse-Battery").build());
        }
        assertThat(all(mgmt.users().list(ListUsersRequestParameters.builder().perPage(1).build())))
                .extracting(u -> u.getUserId().orElseThrow()).doesNotHaveDuplicates().contains(id).hasSizeGreaterThanOrEqualTo(3);

        mgmt.users().delete(id);
        ManagementApiException gone = failure(() -> mgmt.users().get(id));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body().toString()).contains("inexistent_user");
    }

    @Test
    void rolesGetPermissionsAndUsersAndAUsersRolesAreListed() {
        String audience = "https://" + unique("rbac") + ".example.com/";
        api(audience, "read:reports", "approve:reports");
        var role = mgmt.roles().create(CreateRoleRequestContent.builder().name(unique("Auditor ")).description("Reads reports").build());
        String roleId = role.getId().orElseThrow();
        assertThat(roleId).startsWith("rol_");
        assertThat(mgmt.roles().get(roleId).getDescription()).contains("Reads reports");
        var updated = mgmt.roles().update(roleId, UpdateRoleRequestContent.builder().description("Reads and approves reports").build());
        assertThat(updated.getDescription()).contains("Reads and approves reports");

        mgmt.roles().permissions().add(roleId, AddRolePermissionsRequestContent.builder().permissions(List.of(
                PermissionRequestPayload.builder().resourceServerIdentifier(audience).permissionName("read:reports").build(),
                PermissionRequestPayload.builder().resourceServerIdentifier(audience).permissionName("approve:reports").build())).build());
        assertThat(all(mgmt.roles().permissions().list(roleId))).extracting(p -> p.getPermissionName().orElseThrow())
                .containsExactlyInAnyOrder("read:reports", "approve:reports");

        String alice = mgmt.users().create(CreateUserRequestContent.builder().connection("Username-Password-Authentication")
                .email(unique("alice-") + "@example.com").password("Corr3ct-Horse-Battery").build()).getUserId().orElseThrow();
        String bob = mgmt.users().create(CreateUserRequestContent.builder().connection("Username-Password-Authentication")
                .email(unique("bob-") + "@example.com").password("Corr3ct-Horse-Battery").build()).getUserId().orElseThrow();
        mgmt.roles().users().assign(roleId, AssignRoleUsersRequestContent.builder().users(List.of(alice)).build());
        String second = mgmt.roles().create(CreateRoleRequestContent.builder().name(unique("Approver ")).build()).getId().orElseThrow();
        mgmt.users().roles().assign(bob, AssignUserRolesRequestContent.builder().roles(List.of(roleId, second)).build());

        assertThat(all(mgmt.roles().users().list(roleId))).extracting(u -> u.getUserId().orElseThrow())
                .containsExactlyInAnyOrder(alice, bob);
        assertThat(all(mgmt.users().roles().list(bob))).extracting(r -> r.getId().orElseThrow())
                .containsExactlyInAnyOrder(roleId, second);
        assertThat(all(mgmt.roles().list(ListRolesRequestParameters.builder().perPage(1).build())))
                .extracting(r -> r.getId().orElseThrow()).doesNotHaveDuplicates().contains(roleId, second);

        assertThat(all(mgmt.users().permissions().list(bob))).extracting(p -> p.getPermissionName().orElseThrow())
                .containsExactlyInAnyOrder("read:reports", "approve:reports");

        mgmt.roles().permissions().delete(roleId, DeleteRolePermissionsRequestContent.builder().permissions(List.of(
                PermissionRequestPayload.builder().resourceServerIdentifier(audience).permissionName("approve:reports").build())).build());
        assertThat(all(mgmt.roles().permissions().list(roleId))).extracting(p -> p.getPermissionName().orElseThrow())
                .containsExactly("read:reports");
        mgmt.users().roles().delete(alice, DeleteUserRolesRequestContent.builder().roles(List.of(roleId)).build());
        assertThat(all(mgmt.users().roles().list(alice))).isEmpty();
        mgmt.roles().delete(second);
        assertNotFound(() -> mgmt.roles().get(second));
        assertThat(all(mgmt.users().roles().list(bob))).extracting(r -> r.getId().orElseThrow()).containsExactly(roleId);
    }

    @Test
    void aTokenWithoutTheScopeIsAnsweredWithTheSdksForbiddenException() {
        String[] reader0 = m2m(unique("Reader "));
        String clientId = reader0[0];
        String secret = reader0[1];
        mgmt.clientGrants().create(CreateClientGrantRequestContent.builder().clientId(clientId)
                .audience(atrium.server().managementAudience()).scope(List.of("read:clients")).build());
        ManagementApi reader = ManagementApi.builder().url(atrium.baseUrl() + "/api/v2").clientCredentials(clientId, secret)
                .audience(atrium.server().managementAudience()).maxRetries(0).build();

        assertThat(reader.clients().get(clientId).getClientId()).contains(clientId);
        ManagementApiException denied = failure(() -> reader.users().list());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body().toString()).contains("insufficient_scope");
    }

    @Test
    void authApiGetsAClientCredentialsTokenAndReportsBadCredentials() throws Exception {
        String audience = "https://" + unique("m2m") + ".example.com/";
        api(audience, "read:things");
        String[] worker = m2m(unique("Worker "));
        String clientId = worker[0];
        String secret = worker[1];
        mgmt.clientGrants().create(CreateClientGrantRequestContent.builder().clientId(clientId).audience(audience)
                .scope(List.of("read:things")).build());

        AuthAPI auth = AuthAPI.newBuilder(atrium.baseUrl(), clientId, secret).build();
        TokenHolder token = auth.requestToken(audience).execute().getBody();
        assertThat(token.getAccessToken()).isNotBlank();
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isPositive();
        assertThat(token.getScope()).isEqualTo("read:things");

        String newSecret = mgmt.clients().rotateSecret(clientId).getClientSecret().orElseThrow();
        assertThatThrownBy(() -> auth.requestToken(audience).execute())
                .isInstanceOfSatisfying(APIException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getError()).isEqualTo("access_denied");
                });
        assertThat(AuthAPI.newBuilder(atrium.baseUrl(), clientId, newSecret).build().requestToken(audience).execute()
                .getBody().getAccessToken()).isNotBlank();
        assertThat(Optional.ofNullable(token.getRefreshToken())).isEmpty();
    }
}

package dev.atrium.web.management;

import com.auth0.client.mgmt.ManagementApi;
import com.auth0.client.mgmt.core.ManagementApiException;
import com.auth0.client.mgmt.organizations.types.AddOrganizationConnectionRequestContent;
import com.auth0.client.mgmt.organizations.types.CreateOrganizationMemberRequestContent;
import com.auth0.client.mgmt.organizations.types.DeleteOrganizationMembersRequestContent;
import com.auth0.client.mgmt.types.ConnectionForOrganization;
import com.auth0.client.mgmt.types.CreateOrganizationRequestContent;
import com.auth0.client.mgmt.types.CreateOrganizationResponseContent;
import com.auth0.client.mgmt.types.Organization;
import com.auth0.client.mgmt.types.OrganizationConnection;
import com.auth0.client.mgmt.types.OrganizationMember;
import com.auth0.client.mgmt.types.UpdateOrganizationRequestContent;
import dev.atrium.storage.TestUsers;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.atrium.web.management.OrganizationFixtures.createConnection;
import static dev.atrium.web.management.OrganizationFixtures.orgName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The organization endpoints driven by Auth0's Java SDK ({@code com.auth0:auth0} 3.2.0), as a customer would. */
class OrganizationsSdkTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    private static TestUsers users;

    @AfterAll
    static void closeUsers() {
        if (users != null) {
            users.close();
        }
    }

    private static ManagementApi sdk() {
        return ManagementApi.builder().url(atrium.baseUrl() + "/api/v2")
                .clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET)
                .audience(atrium.server().managementAudience()).build();
    }

    @Test
    void organizationLifecycleThroughTheSdk() {
        users = TestUsers.on(atrium.server().config().databaseUrl());
        ManagementApi api = sdk();
        String db = createConnection(atrium, "auth0");
        String other = createConnection(atrium, "auth0");
        String name = orgName();

        CreateOrganizationResponseContent created = api.organizations().create(CreateOrganizationRequestContent.builder()
                .name(name).displayName("SDK Org")
                .enabledConnections(List.of(ConnectionForOrganization.builder().connectionId(db)
                        .assignMembershipOnLogin(true).build()))
                .build());
        String id = created.getId().orElseThrow();
        assertThat(created.getName()).contains(name);
        assertThat(created.getEnabledConnections().orElseThrow()).hasSize(1);

        assertThat(api.organizations().get(id).getDisplayName()).contains("SDK Org");
        assertThat(api.organizations().getByName(name).getId()).contains(id);
        List<String> listed = new ArrayList<>();
        for (Organization o : api.organizations().list()) {
            listed.add(o.getId().orElseThrow());
        }
        assertThat(listed).contains(id);

        assertThat(api.organizations().update(id, UpdateOrganizationRequestContent.builder().displayName("Renamed").build())
                .getDisplayName()).contains("Renamed");

        api.organizations().enabledConnections().add(id, AddOrganizationConnectionRequestContent.builder()
                .connectionId(other).showAsButton(false).build());
        List<String> connections = new ArrayList<>();
        for (OrganizationConnection c : api.organizations().enabledConnections().list(id)) {
            connections.add(c.getConnectionId().orElseThrow());
        }
        assertThat(connections).containsExactlyInAnyOrder(db, other);
        assertThat(api.organizations().enabledConnections().get(id, other).getShowAsButton()).contains(false);
        api.organizations().enabledConnections().delete(id, other);

        String user = users.create();
        api.organizations().members().create(id, CreateOrganizationMemberRequestContent.builder().addMembers(user).build());
        List<String> members = new ArrayList<>();
        for (OrganizationMember m : api.organizations().members().list(id)) {
            members.add(m.getUserId().orElseThrow());
        }
        assertThat(members).containsExactly(user);
        api.organizations().members().delete(id, DeleteOrganizationMembersRequestContent.builder().addMembers(user).build());
        assertThat(api.organizations().members().list(id).iterator().hasNext()).isFalse();

        api.organizations().delete(id);
        assertThatThrownBy(() -> api.organizations().get(id)).isInstanceOfSatisfying(ManagementApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> api.organizations().create(CreateOrganizationRequestContent.builder().name("Bad Name").build()))
                .isInstanceOfSatisfying(ManagementApiException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }
}

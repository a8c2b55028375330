package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 point 4: inside an organization, an e-mail of one of the organization's verified discovery domains goes
 * straight to the organization's enterprise connection, even when the connection lists no {@code domain_aliases}.
 * Only the organization's own enabled connections count; a pending domain, another organization's domain, a domain
 * switched off for discovery and a sign-in outside the organization never route.
 */
class OrganizationDomainRoutingTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    /** The provider's connection without any domain_aliases, enabled for the application (which allows organizations). */
    private static EnterpriseFixture fixture() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"domain_aliases\":[]");
        assertThat(SignInFixture.ok(rp.mgmt("GET", "/connections/" + f.connectionId, null)).get("options").get("domain_aliases")
                .size()).isZero();
        SignInFixture.ok(rp.mgmt("PATCH", "/clients/" + f.app.webId, "{\"organization_usage\":\"allow\"}"));
        return f;
    }

    private static String organization(String... connectionIds) {
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"cust-" + System.nanoTime() + "\"}"))
                .get("id").asString();
        for (String id : connectionIds) {
            SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + id
                    + "\",\"assign_membership_on_login\":true}"));
        }
        return org;
    }

    private static void domain(String org, String domain, String status, boolean forDiscovery) {
        assertThat(rp.mgmt("POST", "/organizations/" + org + "/discovery-domains", "{\"domain\":\"" + domain + "\",\"status\":\""
                + status + "\",\"use_for_organization_discovery\":" + forDiscovery + "}").status()).isEqualTo(201);
    }

    /** Opens the login page of {@code authorizeUrl} and submits only the e-mail address, as identifier-first does. */
    private static TestBrowser.Page submitEmail(EnterpriseFixture f, String authorizeUrl, String email) {
        TestBrowser.Page login = f.rpBrowser.open(authorizeUrl);
        assertThat(login.screen()).as(login.body()).isEqualTo("login");
        return f.rpBrowser.submit(login, "form", Map.of("username", email));
    }

    @Test
    void aVerifiedDomainOfTheOrganizationGoesToItsConnectionAndSignsInAsAMember() {
        EnterpriseFixture f = fixture();
        String org = organization(f.app.connectionId, f.connectionId);
        domain(org, "acme.example", "verified", true);

        TestBrowser.Page routed = submitEmail(f, f.app.authorizeWeb("openid email", "&organization=" + org), f.employeeEmail);
        assertThat(routed.status()).as(routed.body()).isEqualTo(302);
        assertThat(routed.location()).startsWith("/u/sso?").contains("connection=" + f.connection);
        TestBrowser.Page toProvider = f.rpBrowser.get(routed.location());
        assertThat(toProvider.location()).startsWith(idp.issuer() + "authorize?");

        TestBrowser.Page done = f.back(f.atProvider(toProvider.location()));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body()).contains(userId);
    }

    @Test
    void aPendingDomainNeverRoutes() {
        EnterpriseFixture f = fixture();
        String org = organization(f.app.connectionId, f.connectionId);
        domain(org, "acme.example", "pending", true);
        TestBrowser.Page stays = submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org), f.employeeEmail);
        assertThat(stays.status()).as(stays.body()).isEqualTo(400);
        assertThat(stays.screen()).isEqualTo("login");
        assertThat(stays.body()).contains("Enter your email address and password.");
    }

    @Test
    void aDomainSwitchedOffForDiscoveryDoesNotRoute() {
        EnterpriseFixture f = fixture();
        String org = organization(f.app.connectionId, f.connectionId);
        domain(org, "acme.example", "verified", false);
        assertThat(submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org), f.employeeEmail).status()).isEqualTo(400);
    }

    @Test
    void anotherOrganizationsVerifiedDomainDoesNotRouteHere() {
        EnterpriseFixture f = fixture();
        String mine = organization(f.app.connectionId, f.connectionId);
        String theirs = organization(f.connectionId);
        domain(theirs, "acme.example", "verified", true);
        assertThat(submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + mine), f.employeeEmail).status()).isEqualTo(400);
    }

    @Test
    void onlyTheOrganizationsEnabledConnectionsCount() {
        EnterpriseFixture f = fixture();
        // the enterprise connection is enabled for the application, but not in this organization
        String org = organization(f.app.connectionId);
        domain(org, "acme.example", "verified", true);
        TestBrowser.Page stays = submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org), f.employeeEmail);
        assertThat(stays.status()).isEqualTo(400);
        assertThat(stays.location()).isNull();
    }

    @Test
    void withoutAnOrganizationADiscoveryDomainDoesNotRoute() {
        EnterpriseFixture f = fixture();
        String org = organization(f.app.connectionId, f.connectionId);
        domain(org, "acme.example", "verified", true);
        assertThat(submitEmail(f, f.app.authorizeWeb("openid", ""), f.employeeEmail).status()).isEqualTo(400);
    }

    @Test
    void withSeveralEnterpriseConnectionsTheDomainMustNameOne() {
        EnterpriseFixture f = fixture();
        EnterpriseFixture other = new EnterpriseFixture(idp, rp, ",\"domain_aliases\":[]");
        String org = organization(f.app.connectionId, f.connectionId, other.connectionId);
        domain(org, "acme.example", "verified", true);
        assertThat(submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org), f.employeeEmail).status()).isEqualTo(400);

        // listed in one connection's domain_aliases: that one
        ObjectNode options = (ObjectNode) SignInFixture.ok(rp.mgmt("GET", "/connections/" + other.connectionId, null))
                .get("options").deepCopy();
        options.set("domain_aliases", options.arrayNode().add("acme.example"));
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + other.connectionId, "{\"options\":" + options + "}"));
        TestBrowser.Page routed = submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org), f.employeeEmail);
        assertThat(routed.location()).as(routed.body()).contains("connection=" + other.connection);
    }

    @Test
    void aConnectionTheRequestNamesWinsOverDiscovery() {
        EnterpriseFixture f = fixture();
        String org = organization(f.app.connectionId, f.connectionId);
        domain(org, "acme.example", "verified", true);
        String db = SignInFixture.ok(rp.mgmt("GET", "/connections/" + f.app.connectionId, null)).get("name").asString();
        TestBrowser.Page stays = submitEmail(f, f.app.authorizeWeb("openid", "&organization=" + org + "&connection="
                + TestAtrium.enc(db)), f.employeeEmail);
        assertThat(stays.status()).as(stays.body()).isEqualTo(400);
        assertThat(stays.screen()).isEqualTo("login");
    }
}

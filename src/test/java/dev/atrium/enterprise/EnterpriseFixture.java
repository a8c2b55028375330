package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Atrium servers in one JVM: {@code idp} plays the customer's identity provider (a regular web application
 * registered on it with the relying party's {@code <issuer>login/callback}, and an employee with a password), and
 * {@code rp} is the Atrium under test, with an {@code oidc} connection to {@code idp} enabled for the relying party's
 * fixture applications. Browsers are kept apart per server, as a real browser keeps cookies apart per site.
 */
public final class EnterpriseFixture {
    public final TestAtrium idp;
    public final TestAtrium rp;
    public final SignInFixture app;
    public final String idpClientId;
    public final String idpClientSecret;
    public final String connection;
    public final String connectionId;
    public final String employeeEmail;
    public final String employeeSub;
    public final TestBrowser rpBrowser;
    public final TestBrowser idpBrowser;

    public EnterpriseFixture(TestAtrium idp, TestAtrium rp, String extraOptions) {
        this(idp, rp, extraOptions, false);
    }

    /**
     * A {@code front_channel} connection: the provider's application may use the implicit grant (an ID token through
     * the browser) and the connection holds no client secret.
     */
    public static EnterpriseFixture frontChannel(TestAtrium idp, TestAtrium rp, String extraOptions) {
        return new EnterpriseFixture(idp, rp, ",\"type\":\"front_channel\"" + extraOptions, true);
    }

    private EnterpriseFixture(TestAtrium idp, TestAtrium rp, String extraOptions, boolean front) {
        this.idp = idp;
        this.rp = rp;
        this.app = new SignInFixture(rp);
        String n = Long.toString(System.nanoTime(), 36);
        JsonNode c = SignInFixture.ok(idp.mgmt("POST", "/clients", "{\"name\":\"Atrium RP " + n + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + rp.issuer() + "login/callback\"],\"grant_types\":[\"authorization_code\"" + (front ? ",\"implicit\"" : "") + "],"
                + "\"token_endpoint_auth_method\":\"client_secret_basic\"}"));
        idpClientId = c.get("client_id").asString();
        idpClientSecret = c.get("client_secret").asString();
        JsonNode conns = SignInFixture.ok(idp.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String idpDb = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(idp.mgmt("PATCH", "/connections/" + idpDb + "/clients", "[{\"client_id\":\"" + idpClientId + "\",\"status\":true}]")
                .status()).isEqualTo(204);
        employeeEmail = "grace-" + n + "@acme.example";
        employeeSub = SignInFixture.ok(idp.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + employeeEmail + "\",\"password\":\"" + SignInFixture.PASSWORD + "\",\"name\":\"Grace Hopper\",\"given_name\":\"Grace\"}"))
                .get("user_id").asString();
        connection = "acme-" + n;
        JsonNode conn = SignInFixture.ok(rp.mgmt("POST", "/connections", "{\"name\":\"" + connection + "\",\"strategy\":\"oidc\","
                + "\"display_name\":\"Acme Corp\",\"enabled_clients\":[\"" + app.webId + "\"],\"options\":{\"issuer\":\"" + idp.issuer()
                + "\",\"client_id\":\"" + idpClientId + "\"" + (front ? "" : ",\"client_secret\":\"" + idpClientSecret + "\"")
                + ",\"domain_aliases\":[\"acme.example\"]"
                + extraOptions + "}}"));
        connectionId = conn.get("id").asString();
        rpBrowser = new TestBrowser(rp.baseUrl());
        idpBrowser = new TestBrowser(idp.baseUrl());
    }

    /** Opens {@code authorizeUrl} at the relying party; returns the redirect that leaves it for the provider. */
    public String toProvider(String authorizeUrl) {
        TestBrowser.Page p = rpBrowser.open(authorizeUrl);
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        assertThat(p.location()).startsWith(idp.issuer() + "authorize?");
        return p.location();
    }

    /** Signs the employee in at the provider; returns the redirect back to the relying party's callback. */
    public String atProvider(String providerUrl) {
        TestBrowser.Page p = idpBrowser.open(providerUrl);
        if ("login".equals(p.screen())) {
            p = idpBrowser.follow(idpBrowser.submit(p, "form", Map.of("username", employeeEmail, "password", SignInFixture.PASSWORD)));
        }
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        assertThat(p.location()).startsWith(rp.issuer() + "login/callback?");
        return p.location();
    }

    /**
     * Front channel: signs the employee in at the provider; returns the provider's auto-submitting page that posts the
     * ID token to the relying party's callback.
     */
    public TestBrowser.Page atProviderPosting(String providerUrl) {
        TestBrowser.Page p = idpBrowser.open(providerUrl);
        if ("login".equals(p.screen())) {
            p = idpBrowser.follow(idpBrowser.submit(p, "form", Map.of("username", employeeEmail, "password", SignInFixture.PASSWORD)));
        }
        assertThat(p.screen()).as(p.body()).isEqualTo("form-post");
        assertThat(p.doc().selectFirst("form").attr("action")).isEqualTo(rp.issuer() + "login/callback");
        return p;
    }

    /** The fields the provider's page posts (id_token, state, or error). */
    public static Map<String, String> posted(TestBrowser.Page formPost) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        formPost.doc().select("form input[name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        return fields;
    }

    /**
     * Front channel: posts {@code fields} to the relying party's callback as the provider's page does, from another
     * site, so without the relying party's SameSite=Lax cookies; returns that answer (a 303 on success).
     */
    public TestBrowser.Page postCrossSite(Map<String, String> fields) {
        return new TestBrowser(rp.baseUrl()).post(rp.issuer() + "login/callback", fields);
    }

    /** Front channel: the whole way back, the cross-site post and then its hand-over in the relying party's browser. */
    public TestBrowser.Page backPosted(TestBrowser.Page formPost) {
        TestBrowser.Page handed = postCrossSite(posted(formPost));
        assertThat(handed.status()).as(handed.body()).isEqualTo(303);
        return rpBrowser.open(handed.location());
    }

    /** Brings the provider's answer to the relying party and follows it until it leaves. */
    public TestBrowser.Page back(String callbackUrl) {
        return rpBrowser.follow(rpBrowser.get(callbackUrl));
    }

    /** The whole round trip: the answer that leaves the relying party for the application. */
    public TestBrowser.Page signIn(String authorizeUrl) {
        return back(atProvider(toProvider(authorizeUrl)));
    }
}

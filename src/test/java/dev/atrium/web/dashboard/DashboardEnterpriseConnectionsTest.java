package dev.atrium.web.dashboard;

import dev.atrium.enterprise.SamlIdp;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.atrium.web.dashboard.DashboardFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11: the dashboard creates and edits OpenID Connect and SAML connections and shows the URLs for the provider. */
class DashboardEnterpriseConnectionsTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static TestBrowser browser;

    @BeforeAll
    static void signIn() {
        browser = DashboardFixture.admin(atrium);
    }

    /** The post/redirect/get of a saved form: the page it leads to. */
    private static TestBrowser.Page saved(TestBrowser.Page p) {
        assertThat(p.status()).as(p.body()).isEqualTo(303);
        return browser.get(p.location());
    }

    private static String idOf(TestBrowser.Page page) {
        return page.doc().selectFirst(".facts dd").text();
    }

    @Test
    void createsASamlConnectionShowsItsUrlsAndKeepsTheCertificateOnEdit() {
        assertThat(browser.open("/dashboard/connections").body()).contains("Create SAML connection");
        TestBrowser.Page form = browser.open("/dashboard/connections/new-enterprise?strategy=samlp");
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        String name = "dash-saml-" + System.nanoTime();
        TestBrowser.Page created = saved(submit(browser, form, "form[data-form=create]", Map.of("name", name, "display_name", "Acme SAML",
                "signInEndpoint", "https://idp.acme.example/sso", "signingCert", new SamlIdp().certificatePem(),
                "domain_aliases", "acme.example globex.example", "show_as_button", "on")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains(atrium.issuer() + "samlp/metadata?connection=" + name)
                .contains(atrium.issuer() + "login/callback?connection=" + name);
        String id = idOf(created);
        JsonNode c = DashboardFixture.mgmt(atrium, "/connections/" + id);
        assertThat(c.get("strategy").asString()).isEqualTo("samlp");
        assertThat(c.get("display_name").asString()).isEqualTo("Acme SAML");
        assertThat(c.get("options").get("domain_aliases").toString()).isEqualTo("[\"acme.example\",\"globex.example\"]");
        String cert = c.get("options").get("signingCert").asString();

        TestBrowser.Page edited = saved(submit(browser, created, "form[data-form=enterprise]", Map.of("signInEndpoint",
                "https://idp.acme.example/sso2", "signingCert", "")));
        assertThat(edited.status()).isEqualTo(200);
        JsonNode after = DashboardFixture.mgmt(atrium, "/connections/" + id);
        assertThat(after.get("options").get("signInEndpoint").asString()).isEqualTo("https://idp.acme.example/sso2");
        assertThat(after.get("options").get("signingCert").asString()).isEqualTo(cert);

        // a refused value is said, and nothing changes
        TestBrowser.Page refused = saved(submit(browser, edited, "form[data-form=enterprise]", Map.of("signInEndpoint", "ftp://nope")));
        assertThat(refused.body()).contains("Not saved");
        assertThat(DashboardFixture.mgmt(atrium, "/connections/" + id).get("options").get("signInEndpoint").asString())
                .isEqualTo("https://idp.acme.example/sso2");
    }

    @Test
    void createsAnOidcConnectionWithItsSecretSealedAndShowsTheCallbackUrl() {
        TestBrowser.Page form = browser.open("/dashboard/connections/new-enterprise?strategy=oidc");
        String name = "dash-oidc-" + System.nanoTime();
        TestBrowser.Page created = saved(submit(browser, form, "form[data-form=create]", Map.of("name", name,
                "issuer", "https://idp.acme.example/", "client_id", "atrium", "client_secret", "s3cret-value-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains(atrium.issuer() + "login/callback").doesNotContain("s3cret-value-1");
        JsonNode c = DashboardFixture.mgmt(atrium, "/connections/" + idOf(created));
        assertThat(c.get("strategy").asString()).isEqualTo("oidc");
        assertThat(c.get("options").get("client_id").asString()).isEqualTo("atrium");
        // without a secret the provider could not be used: refused with the reason beside the form
        TestBrowser.Page refused = submit(browser, browser.open("/dashboard/connections/new-enterprise?strategy=oidc"),
                "form[data-form=create]", Map.of("name", name + "-x", "issuer", "https://idp.acme.example/", "client_id", "a"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("client_secret");
    }

    @Test
    void createsAFrontChannelOidcConnectionWithoutASecretAndShowsItsChannel() {
        TestBrowser.Page form = browser.open("/dashboard/connections/new-enterprise?strategy=oidc");
        assertThat(form.doc().select("select[name=type] option").eachAttr("value")).containsExactly("back_channel", "front_channel");
        String name = "dash-fc-" + System.nanoTime();
        TestBrowser.Page created = saved(submit(browser, form, "form[data-form=create]", Map.of("name", name,
                "issuer", "https://idp.acme.example/", "client_id", "atrium", "type", "front_channel")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode c = DashboardFixture.mgmt(atrium, "/connections/" + idOf(created));
        assertThat(c.get("options").get("type").asString()).isEqualTo("front_channel");
        assertThat(created.doc().selectFirst("form[data-form=enterprise] select[name=type] option[selected]").attr("value"))
                .isEqualTo("front_channel");
        // back to the back channel from the edit form: a secret is needed then, and the reason is said
        TestBrowser.Page refused = saved(submit(browser, created, "form[data-form=enterprise]", Map.of("type", "back_channel")));
        assertThat(refused.body()).contains("Not saved").contains("client_secret");
        assertThat(DashboardFixture.mgmt(atrium, "/connections/" + idOf(created)).get("options").get("type").asString())
                .isEqualTo("front_channel");
    }
}

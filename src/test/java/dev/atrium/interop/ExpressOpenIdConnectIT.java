package dev.atrium.interop;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auth0's Express middleware, {@code express-openid-connect}, with its DEFAULT configuration (it asks for
 * {@code response_type=id_token}, {@code response_mode=form_post}) signs a user in against Atrium, with and
 * without an organization, and logs out. The real library runs in Node ({@code src/test/node/express-oidc},
 * installed with {@code npm ci} from its lockfile when missing); the browser is {@link TestBrowser}.
 */
class ExpressOpenIdConnectIT {
    static final File APP = new File("src/test/node/express-oidc");
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static Process node;
    static String appBase;
    static String clientId;

    @BeforeAll
    static void start() throws Exception {
        f = new SignInFixture(atrium);
        JsonNode c = f.webClient("Express " + System.nanoTime(), "");
        clientId = c.get("client_id").asString();
        if (!new File(APP, "node_modules/express-openid-connect").isDirectory()) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(APP).inheritIO().start();
            assertThat(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0).as("npm ci").isTrue();
        }
        ProcessBuilder pb = new ProcessBuilder("node", "app.js").directory(APP).redirectErrorStream(true);
        pb.environment().put("ISSUER_BASE_URL", atrium.issuer());
        pb.environment().put("CLIENT_ID", clientId);
        pb.environment().put("SESSION_SECRET", "a-test-only-cookie-secret-of-enough-length-0123456789");
        node = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("LISTENING ")) {
            System.out.println("[node] " + line);
        }
        assertThat(line).as("node app did not start").isNotNull();
        appBase = line.substring("LISTENING ".length()).trim();
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[node] " + l)));
        drain.setDaemon(true);
        drain.start();
        // the callback and logout URL exist only now that the app has its port; implicit is Auth0's default grant
        ok(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"callbacks\":[\"" + appBase + "/callback\"],"
                + "\"allowed_logout_urls\":[\"" + appBase + "\"],\"grant_types\":[\"authorization_code\",\"implicit\",\"refresh_token\"]}"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.destroy();
        }
    }

    /** Follows redirects across the app and Atrium, signs in on Atrium's login page, posts the form_post page back. */
    static TestBrowser.Page signIn(TestBrowser browser, String startPath) {
        TestBrowser.Page page = browser.get(appBase + startPath);
        for (int i = 0; i < 20; i++) {
            if (page.status() == 302) {
                page = browser.get(URI.create(page.uri().toString()).resolve(page.location()).toString());
            } else if ("login".equals(page.screen())) {
                page = browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD));
            } else if ("form-post".equals(page.screen())) {
                Element form = page.doc().selectFirst("form");
                Map<String, String> fields = new LinkedHashMap<>();
                form.select("input[name]").forEach(in -> fields.put(in.attr("name"), in.attr("value")));
                assertThat(fields).containsKey("id_token").doesNotContainKey("access_token");
                page = browser.post(form.attr("action"), fields);
            } else {
                return page;
            }
        }
        throw new AssertionError("sign-in did not end: " + page.status() + " " + page.location());
    }

    static JsonNode whoAmI(TestBrowser browser) {
        TestBrowser.Page p = browser.get(appBase + "/");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(p.body());
    }

    @Test
    void defaultConfigurationSignsInAndLogsOut() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        assertThat(whoAmI(browser).get("authenticated").asBoolean()).isFalse();
        TestBrowser.Page end = signIn(browser, "/login");
        assertThat(end.status()).as(end.body()).isEqualTo(200);
        JsonNode me = whoAmI(browser);
        assertThat(me.get("authenticated").asBoolean()).isTrue();
        assertThat(me.get("user").get("sub").asString()).isEqualTo(f.userId);
        assertThat(me.get("user").get("email").asString()).isEqualTo(f.email);

        TestBrowser.Page out = browser.get(appBase + "/logout");
        assertThat(out.status()).isEqualTo(302);
        assertThat(whoAmI(browser).get("authenticated").asBoolean()).isFalse();
    }

    @Test
    void signsInToAnOrganization() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"express-" + Long.toString(System.nanoTime(), 36) + "\"}"))
                .get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + f.connectionId + "\"}"));
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isLessThan(300);
        ok(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"organization_usage\":\"allow\"}"));
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page end = signIn(browser, "/org-login?organization=" + org);
        assertThat(end.status()).as(end.body()).isEqualTo(200);
        JsonNode me = whoAmI(browser);
        assertThat(me.get("authenticated").asBoolean()).isTrue();
        assertThat(me.get("user").get("org_id").asString()).isEqualTo(org);
    }
}

package dev.atrium.examples.mcp;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.onboarding.MetadataServer;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 end to end: the official MCP TypeScript client ({@code @modelcontextprotocol/sdk}, in
 * {@code src/test/node/mcp-client}) connects to the example MCP server of {@code examples/mcp-server} through Atrium,
 * doing every OAuth step itself: the 401's {@code resource_metadata}, the protected-resource metadata, Atrium's
 * {@code /.well-known/oauth-authorization-server}, registration (its Client ID Metadata Document, served over https
 * by the test; dynamic registration when the tenant turns documents off), PKCE with {@code resource}, and the refresh
 * when its access token goes bad. The test plays the user's browser over HTTP: it opens the URL the client prints,
 * signs in (the user's one organization is taken after sign-in), accepts consent and follows the redirect to the
 * client's callback. The MCP server then answers its tool call with the user and organization of the token.
 */
class McpClientIT {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAllowInsecureMetadataUrls(true));
    static final File APP = new File("src/test/node/mcp-client");
    static SignInFixture f;
    static McpExampleServer server;
    static MetadataServer documents;
    static AutoCloseable trust;
    static String org;

    @BeforeAll
    static void start() throws Exception {
        if (!new File(APP, "node_modules/@modelcontextprotocol/sdk").isDirectory()) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(APP).inheritIO().start();
            assertThat(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0).as("npm ci").isTrue();
        }
        f = new SignInFixture(atrium);
        org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"notes-" + Long.toString(System.nanoTime(), 36)
                + "\",\"third_party_client_access\":\"allow\",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}"))
                .get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        server = McpExampleServer.start(new McpExampleServer.Settings(atrium.issuer(), "127.0.0.1", 0, null,
                Set.of("read:notes"), Set.of(org), true));
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + server.resource() + "\",\"name\":\"Notes MCP\","
                + "\"allow_offline_access\":true,\"scopes\":[{\"value\":\"read:notes\",\"description\":\"Read your notes\"}]}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + server.resource()
                + "\",\"scope\":[\"read:notes\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        documents = MetadataServer.https();
        trust = documents.trust();
    }

    @AfterAll
    static void stop() throws Exception {
        if (trust != null) {
            trust.close();
        }
        if (documents != null) {
            documents.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void policy(boolean documentsOn) {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"client_id_metadata_documents\":" + documentsOn + "}}"));
    }

    /** Runs the client to the end, playing the browser when it prints AUTHORIZE; returns its output lines. */
    static List<String> run(int port, String metadataUrl, java.util.function.Consumer<String> beforeBrowser) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "app.mjs", server.resource(), Integer.toString(port)));
        if (metadataUrl != null) {
            cmd.add(metadataUrl);
        }
        Process node = new ProcessBuilder(cmd).directory(APP).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[mcp-client] " + line);
                lines.add(line);
                if (line.startsWith("AUTHORIZE ")) {
                    String url = line.substring("AUTHORIZE ".length());
                    beforeBrowser.accept(url);
                    browse(url);
                }
            }
        } finally {
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroy();
            }
        }
        return lines;
    }

    /** The user's browser: signs in, takes consent, and delivers Atrium's redirect to the client's callback. */
    static void browse(String authorizeUrl) throws Exception {
        assertThat(authorizeUrl).startsWith(atrium.baseUrl() + "/authorize?").contains("code_challenge_method=S256")
                .contains("resource=" + TestAtrium.enc(server.resource()));
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open(authorizeUrl);
        for (int i = 0; i < 5 && page.status() == 200; i++) {
            page = switch (page.screen()) {
                case "login" -> browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
                case "consent" -> {
                    assertThat(page.body()).contains("Atrium MCP test client");
                    yield browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
                }
                default -> throw new AssertionError("unexpected page " + page.screen() + ": " + page.body());
            };
        }
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).startsWith("http://127.0.0.1:").contains("code=");
        HttpResponse<String> delivered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page.location())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode()).isEqualTo(200);
    }

    static void assertConnected(List<String> lines) {
        assertThat(lines).as(String.join("\n", lines)).contains("DONE").noneMatch(l -> l.startsWith("FAIL"));
        assertThat(lines).filteredOn(l -> l.startsWith("WHOAMI ")).hasSize(2)
                .allMatch(l -> l.contains("user " + f.userId + " in organization " + org + " with scopes"));
        assertThat(lines).contains("REFRESHED");
    }

    @Test
    void withAClientIdMetadataDocument() throws Exception {
        policy(true);
        int port = freePort();
        String path = "/mcp-client/client.json";
        String url = documents.url(path);
        documents.answer(path, MetadataServer.Answer.json("{\"client_id\":\"" + url + "\",\"client_name\":\"Atrium MCP test client\","
                + "\"redirect_uris\":[\"http://127.0.0.1:" + port + "/callback\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}", "max-age=300"));
        List<String> lines = run(port, url, authorize -> assertThat(authorize).contains("client_id=" + TestAtrium.enc(url)));
        assertConnected(lines);
        assertThat(lines).contains("CLIENT_ID " + url);
        assertThat(documents.hits(path)).isPositive();
    }

    @Test
    void withDynamicRegistrationWhenTheTenantTakesNoDocuments() throws Exception {
        policy(false);
        try {
            int port = freePort();
            // the client has a document URL, but Atrium's metadata says it takes none: the SDK registers instead
            List<String> lines = run(port, documents.url("/mcp-client/unused.json"), authorize -> {
                String clientId = SignInFixture.query(authorize).get("client_id");
                // an administrator lets the newly registered application into organizations (DCR leaves it at deny)
                ok(atrium.mgmt("PATCH", "/clients/" + clientId,
                        "{\"organization_usage\":\"allow\",\"organization_require_behavior\":\"post_login_prompt\"}"));
            });
            assertConnected(lines);
            String registered = lines.stream().filter(l -> l.startsWith("CLIENT_ID ")).findFirst().orElseThrow().substring(10);
            assertThat(registered).doesNotStartWith("https://");
            JsonNode app = ok(atrium.mgmt("GET", "/clients/" + registered, null));
            assertThat(app.get("is_first_party").asBoolean()).isFalse();
            assertThat(documents.hits("/mcp-client/unused.json")).isZero();
        } finally {
            policy(true);
        }
    }
}

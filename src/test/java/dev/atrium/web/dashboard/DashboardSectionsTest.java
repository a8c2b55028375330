package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.atrium.web.dashboard.DashboardFixture.submit;
import static dev.atrium.web.dashboard.DashboardFixture.submitConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, each section's create/edit/delete round trip through the dashboard's forms, checked through
 * the Management API; refused forms keep what was typed and show the error beside the field.
 */
class DashboardSectionsTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static TestBrowser browser;

    @BeforeAll
    static void signIn() {
        browser = DashboardFixture.admin(atrium);
    }

    static TestBrowser.Page ok(TestBrowser.Page page, String form, Map<String, Object> values) {
        return DashboardFixture.ok(browser, page, form, values);
    }

    static JsonNode mgmt(String path) {
        return DashboardFixture.mgmt(atrium, path);
    }

    @Test
    void applications_create_third_party_edit_rotate_grant_access_and_delete() {
        TestBrowser.Page form = browser.open("/dashboard/applications/new");
        TestBrowser.Page created = submit(browser, form, "form[data-form=create]",
                Map.of("name", "Partner App", "app_type", "regular_web", "third_party", "on", "third_party_security_mode", "strict"));
        assertThat(created.status()).isEqualTo(200);
        String secret = created.doc().selectFirst("[data-secret]").attr("value");
        String id = created.doc().selectFirst(".facts dd").text();
        assertThat(id).startsWith("tpc_");
        JsonNode app = mgmt("/clients/" + id);
        assertThat(app.get("is_first_party").asBoolean()).isFalse();
        assertThat(app.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(atrium.clientCredentials(id, secret, null, null).status()).isNotEqualTo(401);

        TestBrowser.Page detail = browser.open("/dashboard/applications/" + id);
        assertThat(browser.open("/dashboard/applications").body()).contains("Partner App").contains("Third-party");
        // a refused change: the typed values stay, the error sits beside the field
        TestBrowser.Page refused = submit(browser, detail, "form[data-form=settings]",
                Map.of("name", "", "callbacks", "https://partner.example.com/cb"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#f-name-error").text()).contains("name must be non-empty");
        assertThat(refused.doc().selectFirst("textarea[name=callbacks]").wholeText()).isEqualTo("https://partner.example.com/cb");
        ok(detail, "settings", Map.of("callbacks", "https://partner.example.com/cb\nhttps://partner.example.com/cb2",
                "web_origins", "https://partner.example.com"));
        assertThat(mgmt("/clients/" + id).get("callbacks").toString())
                .isEqualTo("[\"https://partner.example.com/cb\",\"https://partner.example.com/cb2\"]");
        ok(detail, "grant-types", Map.of("grant_types", List.of("authorization_code")));
        assertThat(mgmt("/clients/" + id).get("grant_types").toString()).isEqualTo("[\"authorization_code\"]");
        ok(detail, "organizations", Map.of("organization_usage", "require", "organization_require_behavior", "post_login_prompt"));
        assertThat(mgmt("/clients/" + id).get("organization_usage").asString()).isEqualTo("require");

        // API access for the application
        String api = "https://partner-api.example.com/";
        atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Partner API\",\"scopes\":[{\"value\":\"read:things\"}]}");
        detail = browser.open("/dashboard/applications/" + id);
        detail = ok(detail, "access", Map.of("audience", api, "subject_type", "user", "scope", "read:things"));
        JsonNode grants = mgmt("/client-grants?client_id=" + id);
        JsonNode grant = (grants.isArray() ? grants : grants.get("client_grants")).get(0);
        assertThat(grant.get("audience").asString()).isEqualTo(api);
        assertThat(grant.get("scope").toString()).isEqualTo("[\"read:things\"]");
        TestBrowser.Page removed = submitConfirmed(browser, detail, "form[action$=/access/remove]", Map.of());
        assertThat(removed.doc().select("[data-flash=success]")).isNotEmpty();
        JsonNode after = mgmt("/client-grants?client_id=" + id);
        assertThat((after.isArray() ? after : after.get("client_grants")).size()).isZero();

        // rotating asks first, then shows the new secret once; the old one stops working
        TestBrowser.Page confirm = submit(browser, detail, "form[data-form=rotate]", Map.of());
        assertThat(confirm.doc().selectFirst("h1").text()).startsWith("Rotate the secret");
        TestBrowser.Page rotated = submit(browser, confirm, "form[data-form=confirm]", Map.of());
        String newSecret = rotated.doc().selectFirst("[data-secret]").attr("value");
        assertThat(newSecret).isNotEqualTo(secret);

        TestBrowser.Page list = submitConfirmed(browser, browser.open("/dashboard/applications/" + id), "form[data-form=delete]", Map.of());
        assertThat(list.uri().getPath()).isEqualTo("/dashboard/applications");
        assertThat(atrium.mgmt("GET", "/clients/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void apis_create_scopes_policies_default_permissions_and_delete() {
        TestBrowser.Page form = browser.open("/dashboard/apis/new");
        TestBrowser.Page detail = ok(form, "create", Map.of("name", "Billing API", "identifier", "https://billing.example.com/"));
        String id = detail.uri().getPath().substring("/dashboard/apis/".length());
        detail = ok(detail, "scope", Map.of("value", "read:invoices", "description", "Read invoices"));
        TestBrowser.Page dup = submit(browser, detail, "form[data-form=scope]", Map.of("value", "read:invoices"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.doc().selectFirst("#f-value-error").text()).contains("already has");
        detail = ok(detail, "policies", Map.of("user_policy", "require_client_grant", "client_policy", "deny_all"));
        detail = ok(detail, "rbac", Map.of("enforce_policies", "on", "token_dialect", "access_token_authz"));
        detail = ok(detail, "defaults", Map.of("user_default", "some", "user_scopes", List.of("read:invoices"), "client_default", "none"));
        JsonNode api = mgmt("/resource-servers/" + id);
        assertThat(api.get("scopes").get(0).get("value").asString()).isEqualTo("read:invoices");
        assertThat(api.get("subject_type_authorization").get("user").get("policy").asString()).isEqualTo("require_client_grant");
        assertThat(api.get("enforce_policies").asBoolean()).isTrue();
        JsonNode defaults = mgmt("/client-grants?audience=" + TestAtrium.enc("https://billing.example.com/"));
        String all = defaults.toString();
        assertThat(all).contains("\"default_for\":\"third_party_clients\"").contains("read:invoices");

        TestBrowser.Page refused = submit(browser, detail, "form[data-form=settings]", Map.of("token_lifetime", "soon"));
        assertThat(refused.doc().selectFirst("#f-token_lifetime-error").text()).contains("whole number");
        assertThat(refused.doc().selectFirst("#f-token_lifetime").attr("value")).isEqualTo("soon");

        submitConfirmed(browser, detail, "form[action$=/scopes/remove]", Map.of());
        assertThat(mgmt("/resource-servers/" + id).get("scopes").size()).isZero();
        submitConfirmed(browser, browser.open("/dashboard/apis/" + id), "form[data-form=delete]", Map.of());
        assertThat(atrium.mgmt("GET", "/resource-servers/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void connections_create_policy_domain_level_enabled_applications_and_delete() {
        TestBrowser.Page detail = ok(browser.open("/dashboard/connections/new"), "create",
                Map.of("name", "partners-db", "passwordPolicy", "fair"));
        String id = detail.uri().getPath().substring("/dashboard/connections/".length());
        TestBrowser.Page bad = submit(browser, browser.open("/dashboard/connections/new"), "form[data-form=create]",
                Map.of("name", "bad name!", "passwordPolicy", "fair"));
        assertThat(bad.doc().selectFirst("#f-name-error").text()).contains("letters, digits");
        detail = ok(detail, "settings", Map.of("passwordPolicy", "excellent", "disable_signup", "on"));
        detail = ok(detail, "domain", Map.of("is_domain_connection", "on"));
        JsonNode app = atrium.mgmt("POST", "/clients", "{\"name\":\"Conn App\",\"app_type\":\"spa\"}").json();
        String clientId = app.get("client_id").asString();
        detail = ok(browser.open("/dashboard/connections/" + id), "clients", Map.of("enabled_clients", List.of(clientId)));
        JsonNode conn = mgmt("/connections/" + id);
        assertThat(conn.get("is_domain_connection").asBoolean()).isTrue();
        assertThat(conn.get("options").get("passwordPolicy").asString()).isEqualTo("excellent");
        assertThat(conn.get("options").get("disable_signup").asBoolean()).isTrue();
        assertThat(mgmt("/connections/" + id + "/clients").toString()).contains(clientId);
        submitConfirmed(browser, detail, "form[data-form=delete]", Map.of());
        assertThat(atrium.mgmt("GET", "/connections/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void users_create_search_profile_block_password_roles_and_delete() {
        TestBrowser.Page form = browser.open("/dashboard/users/new");
        TestBrowser.Page weak = submit(browser, form, "form[data-form=create]",
                Map.of("connection", "Username-Password-Authentication", "email", "grace@example.com", "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.doc().selectFirst("#f-password-error").text()).contains("too weak");
        assertThat(weak.doc().selectFirst("#f-email").attr("value")).isEqualTo("grace@example.com");
        // O67: a database connection enabled for no application holds no user created here
        assertThat(atrium.mgmt("POST", "/connections", "{\"name\":\"Lonely-DB\",\"strategy\":\"auth0\"}").status()).isEqualTo(201);
        TestBrowser.Page lonely = submit(browser, browser.open("/dashboard/users/new"), "form[data-form=create]",
                Map.of("connection", "Lonely-DB", "email", "lonely@example.com", "password", "Gr4ce-Hopper-1906"));
        assertThat(lonely.status()).isEqualTo(400);
        assertThat(lonely.doc().selectFirst("#f-connection-error").text()).contains("connection is disabled");
        assertThat(mgmt("/users-by-email?email=lonely@example.com")).isEmpty();
        TestBrowser.Page detail = ok(form, "create", Map.of("connection", "Username-Password-Authentication",
                "email", "grace@example.com", "password", "Gr4ce-Hopper-1906"));
        String userId = mgmt("/users-by-email?email=grace@example.com").get(0).get("user_id").asString();
        assertThat(browser.open("/dashboard/users?q=grace").body()).contains("grace@example.com");
        assertThat(browser.open("/dashboard/users?q=nobody-here").body()).contains("No user matches");

        detail = ok(detail, "profile", Map.of("name", "Grace Hopper", "given_name", "Grace"));
        assertThat(mgmt("/users/" + TestAtrium.enc(userId)).get("name").asString()).isEqualTo("Grace Hopper");
        detail = ok(detail, "block", Map.of());
        assertThat(mgmt("/users/" + TestAtrium.enc(userId)).get("blocked").asBoolean()).isTrue();
        detail = ok(detail, "block", Map.of());
        assertThat(mgmt("/users/" + TestAtrium.enc(userId)).get("blocked").asBoolean()).isFalse();
        detail = ok(detail, "password", Map.of("password", "N3w-Passw0rd-Grace"));
        assertThat(mgmt("/users/" + TestAtrium.enc(userId)).has("last_password_reset")).isTrue();

        String roleId = atrium.mgmt("POST", "/roles", "{\"name\":\"Auditor\"}").json().get("id").asString();
        detail = ok(browser.open("/dashboard/users/" + TestAtrium.enc(userId)), "roles", Map.of("role_id", roleId));
        assertThat(mgmt("/users/" + TestAtrium.enc(userId) + "/roles").toString()).contains("Auditor");
        submitConfirmed(browser, detail, "form[action$=/roles/remove]", Map.of());
        assertThat(mgmt("/users/" + TestAtrium.enc(userId) + "/roles").toString()).doesNotContain("Auditor");

        submitConfirmed(browser, browser.open("/dashboard/users/" + TestAtrium.enc(userId)), "form[data-form=delete]", Map.of());
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null).status()).isEqualTo(404);
    }

    @Test
    void roles_create_permissions_members_and_delete() {
        String api = "https://roles-api.example.com/";
        atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Roles API\",\"scopes\":[{\"value\":\"read:reports\"}]}");
        atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"ada@example.com\","
                + "\"password\":\"Ad4-Lovelace-1815\"}");
        TestBrowser.Page detail = ok(browser.open("/dashboard/roles/new"), "create", Map.of("name", "Reporter", "description", "Reads reports"));
        String id = detail.uri().getPath().substring("/dashboard/roles/".length());
        detail = ok(detail, "permissions", Map.of("permission", List.of(api + " read:reports")));
        assertThat(mgmt("/roles/" + id + "/permissions").toString()).contains("read:reports");
        TestBrowser.Page unknown = submit(browser, detail, "form[data-form=users]", Map.of("email", "nobody@example.com"));
        assertThat(unknown.doc().selectFirst("#f-email-error").text()).contains("No user");
        detail = ok(detail, "users", Map.of("email", "ada@example.com"));
        assertThat(mgmt("/roles/" + id + "/users").toString()).contains("ada@example.com");
        detail = ok(detail, "settings", Map.of("name", "Report reader"));
        assertThat(mgmt("/roles/" + id).get("name").asString()).isEqualTo("Report reader");
        submitConfirmed(browser, detail, "form[action$=/permissions/remove]", Map.of());
        assertThat(mgmt("/roles/" + id + "/permissions").toString()).doesNotContain("read:reports");
        submitConfirmed(browser, browser.open("/dashboard/roles/" + id), "form[data-form=delete]", Map.of());
        assertThat(atrium.mgmt("GET", "/roles/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void tenant_settings_and_branding_through_the_shared_rules() {
        TestBrowser.Page page = browser.open("/dashboard/settings");
        page = ok(page, "general", Map.of("friendly_name", "Acme Corp", "support_email", "help@acme.example"));
        page = ok(page, "advanced", Map.of("enable_dynamic_client_registration", "on", "allow_organization_name_in_authentication_api", "on",
                "use_scope_descriptions_for_consent", "on"));
        JsonNode t = mgmt("/tenants/settings");
        assertThat(t.get("flags").get("use_scope_descriptions_for_consent").asBoolean()).isTrue();
        assertThat(t.get("friendly_name").asString()).isEqualTo("Acme Corp");
        assertThat(t.get("flags").get("enable_dynamic_client_registration").asBoolean()).isTrue();
        assertThat(t.get("allow_organization_name_in_authentication_api").asBoolean()).isTrue();
        TestBrowser.Page permissive = submit(browser, page, "form[data-form=advanced]",
                Map.of("dynamic_client_registration_security_mode", "permissive"));
        assertThat(permissive.status()).isEqualTo(400);
        assertThat(permissive.doc().selectFirst("#f-dynamic_client_registration_security_mode-error").text()).contains("not available");
        TestBrowser.Page badColour = submit(browser, page, "form[data-form=branding]", Map.of("branding.colors.primary", "red"));
        assertThat(badColour.doc().selectFirst("#f-branding-colors-primary-error").text()).contains("#rrggbb");
        ok(page, "branding", Map.of("branding.colors.primary", "#0f766e"));
        assertThat(mgmt("/tenants/settings").get("branding").get("colors").get("primary").asString()).isEqualTo("#0f766e");
    }

    @Test
    void signing_keys_rotate_and_revoke_after_confirmation() {
        String before = currentKid();
        TestBrowser.Page keys = submitConfirmed(browser, browser.open("/dashboard/keys"), "form[data-form=rotate]", Map.of());
        String after = currentKid();
        assertThat(after).isNotEqualTo(before);
        // the next key, not the previous one: the test's Management API token was signed with the previous key
        String next = null;
        for (JsonNode k : mgmt("/keys/signing")) {
            if (k.get("next").asBoolean() && !k.get("revoked").asBoolean()) {
                next = k.get("kid").asString();
            }
        }
        submitConfirmed(browser, keys, "form[action$=/keys/revoke]:has(input[value=" + next + "])", Map.of());
        assertThat(mgmt("/keys/signing/" + next).get("revoked").asBoolean()).isTrue();
        TestBrowser.Page current = submit(browser, keys, "form[action$=/keys/revoke]", Map.of("kid", after, "confirmed", "yes"));
        assertThat(browser.open(current.location()).doc().selectFirst("[data-flash=error]").text()).contains("cannot be revoked");
    }

    private static String currentKid() {
        for (JsonNode k : mgmt("/keys/signing")) {
            if (k.get("current").asBoolean()) {
                return k.get("kid").asString();
            }
        }
        throw new AssertionError("no current key");
    }
}

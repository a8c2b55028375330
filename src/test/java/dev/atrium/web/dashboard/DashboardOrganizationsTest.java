package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.atrium.web.dashboard.DashboardFixture.submit;
import static dev.atrium.web.dashboard.DashboardFixture.submitConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, the Organizations section (organizations.md §5): each tab's forms round-trip through the
 * dashboard and are checked through the Management API; refusals of {@code OrganizationService} show
 * beside the field with what was typed.
 */
class DashboardOrganizationsTest {
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

    /** A list response: a bare array, or the array under {@code key} when the endpoint pages with totals. */
    static List<JsonNode> items(JsonNode json, String key) {
        JsonNode array = json.isArray() ? json : json.get(key);
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    static String create(String name) {
        TestBrowser.Page form = browser.open("/dashboard/organizations/new");
        TestBrowser.Page created = submit(browser, form, "form[data-form=create]", Map.of("name", name, "display_name", "Org " + name));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return created.location().substring(created.location().lastIndexOf('/') + 1);
    }

    static String connectionId(String name) {
        JsonNode conns = mgmt("/connections?name=" + name);
        return (conns.isArray() ? conns.get(0) : conns.get("connections").get(0)).get("id").asString();
    }

    @Test
    void list_search_create_with_a_refused_name_and_delete_with_confirmation() {
        TestBrowser.Page form = browser.open("/dashboard/organizations/new");
        TestBrowser.Page refused = submit(browser, form, "form[data-form=create]", Map.of("name", "Not Valid", "display_name", "Kept"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#f-name-error").text()).contains("lowercase");
        assertThat(refused.doc().selectFirst("#f-display_name").attr("value")).isEqualTo("Kept");

        String id = create("globex");
        create("initech");
        assertThat(mgmt("/organizations/" + id).get("display_name").asString()).isEqualTo("Org globex");
        TestBrowser.Page list = browser.open("/dashboard/organizations?q=glob");
        assertThat(list.doc().select("table").text()).contains("Org globex").doesNotContain("initech");
        assertThat(browser.open("/dashboard/organizations").doc().select(".nav-organizations[aria-current=page]")).isNotEmpty();
        // the same name twice is refused beside the field
        TestBrowser.Page twice = submit(browser, browser.open("/dashboard/organizations/new"), "form[data-form=create]",
                Map.of("name", "globex", "display_name", ""));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.doc().selectFirst("#f-name-error").text()).contains("already exists");

        TestBrowser.Page after = submitConfirmed(browser, browser.open("/dashboard/organizations/" + id), "form[data-form=delete]", Map.of());
        assertThat(after.doc().select("[data-flash=success]").text()).contains("deleted");
        assertThat(atrium.mgmt("GET", "/organizations/" + id, null).status()).isEqualTo(404);
        assertThat(browser.open("/dashboard/organizations/" + id).status()).isEqualTo(404);
    }

    /** Issue 9 point 16: an id wins over a name, so a name shaped like an id is refused beside the field. */
    @Test
    void a_name_shaped_like_an_organization_id_is_refused_beside_the_field() {
        TestBrowser.Page refused = submit(browser, browser.open("/dashboard/organizations/new"), "form[data-form=create]",
                Map.of("name", "org_abcdefghijklmnop", "display_name", "Spoof"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#f-name-error").text()).contains("org_");
        assertThat(atrium.mgmt("GET", "/organizations/name/org_abcdefghijklmnop", null).status()).isEqualTo(404);
    }

    @Test
    void settings_and_branding_with_the_preview_of_the_saved_values() {
        String id = create("acme");
        TestBrowser.Page page = browser.open("/dashboard/organizations/" + id);
        assertThat(page.doc().select("nav.tabs a[aria-current=page]").text()).isEqualTo("Settings");
        TestBrowser.Page refused = submit(browser, page, "form[data-form=settings]",
                Map.of("branding.logo_url", "http://acme.example.com/logo.png", "metadata", "tier=gold"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#f-branding-logo_url-error").text()).contains("https");
        assertThat(refused.doc().selectFirst("textarea[name=metadata]").wholeText()).isEqualTo("tier=gold");

        page = ok(page, "settings", Map.of("display_name", "Acme Corporation", "branding.logo_url", "https://acme.example.com/logo.png",
                "branding.colors.primary", "#ff5500", "branding.colors.page_background", "#102030", "metadata", "tier=gold\nregion=eu"));
        JsonNode org = mgmt("/organizations/" + id);
        assertThat(org.get("display_name").asString()).isEqualTo("Acme Corporation");
        assertThat(org.get("branding").get("logo_url").asString()).isEqualTo("https://acme.example.com/logo.png");
        assertThat(org.get("branding").get("colors").get("primary").asString()).isEqualTo("#ff5500");
        assertThat(org.get("branding").get("colors").get("page_background").asString()).isEqualTo("#102030");
        assertThat(org.get("metadata").get("region").asString()).isEqualTo("eu");
        // without script the preview shows what is saved
        assertThat(page.doc().selectFirst("[data-preview]").attr("style")).contains("#ff5500").contains("#102030");
        assertThat(page.doc().selectFirst("[data-preview-title]").text()).isEqualTo("Acme Corporation");
        assertThat(page.doc().selectFirst("[data-preview-logo]").attr("src")).isEqualTo("https://acme.example.com/logo.png");

        TestBrowser.Page meta = submit(browser, page, "form[data-form=settings]", Map.of("metadata", "no equals sign"));
        assertThat(meta.doc().selectFirst("#f-metadata-error").text()).contains("key=value");
    }

    @Test
    void connections_enable_with_flags_edit_refuse_signup_without_membership_and_disable() {
        String id = create("conn-org");
        String db = connectionId("Username-Password-Authentication");
        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/connections");
        // O-rule: sign-up needs membership on authentication; the service's message sits beside the field
        TestBrowser.Page refused = submit(browser, tab, "form[data-form=add-connection]",
                Map.of("connection_id", db, "is_signup_enabled", "on", "assign_membership_on_login", List.of()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#add-connection #f-is_signup_enabled-error").text()).contains("assign_membership_on_login");
        assertThat(refused.doc().selectFirst("#add-connection input[name=is_signup_enabled]").hasAttr("checked")).isTrue();

        tab = ok(tab, "add-connection", Map.of("connection_id", db, "assign_membership_on_login", "on", "is_signup_enabled", "on"));
        JsonNode c = mgmt("/organizations/" + id + "/enabled_connections/" + db);
        assertThat(c.get("assign_membership_on_login").asBoolean()).isTrue();
        assertThat(c.get("is_signup_enabled").asBoolean()).isTrue();
        assertThat(c.get("show_as_button").asBoolean()).isTrue();

        TestBrowser.Page edit = submit(browser, tab, "form[data-form=connection-" + db + "]",
                Map.of("assign_membership_on_login", List.of()));
        assertThat(edit.status()).isEqualTo(400);
        assertThat(edit.doc().selectFirst("#connection-" + db + " .field-error").text()).contains("is_signup_enabled");
        tab = ok(tab, "connection-" + db, Map.of("assign_membership_on_login", List.of(), "is_signup_enabled", List.of(),
                "show_as_button", List.of()));
        c = mgmt("/organizations/" + id + "/enabled_connections/" + db);
        assertThat(c.get("assign_membership_on_login").asBoolean()).isFalse();
        assertThat(c.get("show_as_button").asBoolean()).isFalse();

        submitConfirmed(browser, tab, "form[action$=/connections/remove]", Map.of());
        assertThat(atrium.mgmt("GET", "/organizations/" + id + "/enabled_connections/" + db, null).status()).isEqualTo(404);
    }

    @Test
    void members_add_by_email_assign_and_remove_roles_and_remove_with_confirmation() {
        String id = create("member-org");
        String userId = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"wile@acme.example.com\",\"password\":\"Sup3r-Secret-pw!\"}").json().get("user_id").asString();
        String roleId = atrium.mgmt("POST", "/roles", "{\"name\":\"Org Admin\"}").json().get("id").asString();
        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/members");
        TestBrowser.Page refused = submit(browser, tab, "form[data-form=add-member]", Map.of("email", "nobody@example.com"));
        assertThat(refused.doc().selectFirst("#f-email-error").text()).contains("No user");
        tab = ok(tab, "add-member", Map.of("email", "wile@acme.example.com"));
        assertThat(items(mgmt("/organizations/" + id + "/members"), "members")).extracting(m -> m.get("user_id").asString())
                .containsExactly(userId);

        TestBrowser.Page member = browser.open(tab.doc().selectFirst("a:containsOwn(wile@acme.example.com)").attr("href"));
        assertThat(member.status()).isEqualTo(200);
        member = ok(member, "assign-role", Map.of("role_id", List.of(roleId)));
        assertThat(items(mgmt("/organizations/" + id + "/members/" + TestAtrium.enc(userId) + "/roles"), "roles"))
                .extracting(r -> r.get("id").asString()).containsExactly(roleId);
        assertThat(browser.open("/dashboard/organizations/" + id + "/members").doc().select("table").text()).contains("Org Admin");
        submitConfirmed(browser, member, "form[action$=/roles/remove]", Map.of());
        assertThat(items(mgmt("/organizations/" + id + "/members/" + TestAtrium.enc(userId) + "/roles"), "roles")).isEmpty();

        // the user's page lists the organization
        assertThat(browser.open("/dashboard/users/" + TestAtrium.enc(userId)).doc().select("a[href=/dashboard/organizations/" + id + "]"))
                .isNotEmpty();
        submitConfirmed(browser, browser.open("/dashboard/organizations/" + id + "/members"), "form[action$=/members/remove]", Map.of());
        assertThat(items(mgmt("/organizations/" + id + "/members"), "members")).isEmpty();
    }

    @Test
    void invitations_create_shows_the_link_once_list_and_delete() {
        String id = create("invite-org");
        JsonNode app = atrium.mgmt("POST", "/clients", "{\"name\":\"Portal\",\"app_type\":\"regular_web\","
                + "\"initiate_login_uri\":\"https://portal.example.com/login\"}").json();
        String clientId = app.get("client_id").asString();
        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/invitations");
        TestBrowser.Page refused = submit(browser, tab, "form[data-form=invite]", Map.of("invitee.email", "not-an-email",
                "inviter.name", "Ops", "client_id", clientId));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().selectFirst("#f-invitee-email-error").text()).contains("email");

        TestBrowser.Page created = submit(browser, tab, "form[data-form=invite]", Map.of("invitee.email", "road@runner.example.com",
                "inviter.name", "Ops team", "client_id", clientId, "ttl_sec", "3600"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String url = created.doc().selectFirst("[data-secret]").attr("value");
        assertThat(url).startsWith("https://portal.example.com/login?invitation=").contains("organization=" + id);
        List<JsonNode> invitations = items(mgmt("/organizations/" + id + "/invitations"), "invitations");
        assertThat(invitations).hasSize(1);
        assertThat(invitations.get(0).get("invitation_url").asString()).isEqualTo(url);
        assertThat(invitations.get(0).get("inviter").get("name").asString()).isEqualTo("Ops team");
        TestBrowser.Page list = browser.open("/dashboard/organizations/" + id + "/invitations");
        assertThat(list.doc().select("[data-secret]")).isEmpty();
        assertThat(list.doc().select("table").text()).contains("road@runner.example.com").contains("Portal");

        submitConfirmed(browser, list, "form[action$=/invitations/delete]", Map.of());
        assertThat(items(mgmt("/organizations/" + id + "/invitations"), "invitations")).isEmpty();
    }

    @Test
    void domains_add_show_the_txt_record_verify_toggle_discovery_and_delete() {
        String id = create("domain-org");
        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/domains");
        TestBrowser.Page refused = submit(browser, tab, "form[data-form=add-domain]", Map.of("domain", "no spaces allowed"));
        assertThat(refused.doc().selectFirst("#f-domain-error").text()).contains("host name");
        tab = ok(tab, "add-domain", Map.of("domain", "Acme.invalid"));
        JsonNode d = items(mgmt("/organizations/" + id + "/discovery-domains"), "domains").get(0);
        assertThat(d.get("domain").asString()).isEqualTo("acme.invalid");
        assertThat(d.get("status").asString()).isEqualTo("pending");
        assertThat(tab.doc().select("table").last().text()).contains(d.get("verification_host").asString())
                .contains(d.get("verification_txt").asString());

        // nothing is published for .invalid: the check fails closed and says what to publish
        TestBrowser.Page verify = submit(browser, tab, "form[action$=/domains/verify]", Map.of());
        assertThat(verify.status()).isEqualTo(303);
        TestBrowser.Page after = browser.open(verify.location());
        assertThat(after.doc().select("[data-flash=error]").text()).contains(d.get("verification_txt").asString());
        assertThat(mgmt("/organizations/" + id + "/discovery-domains/" + d.get("id").asString()).get("status").asString())
                .isEqualTo("pending");

        TestBrowser.Page toggled = submit(browser, after, "form[action$=/domains/discovery]", Map.of());
        browser.open(toggled.location());
        assertThat(mgmt("/organizations/" + id + "/discovery-domains/" + d.get("id").asString())
                .get("use_for_organization_discovery").asBoolean()).isFalse();
        submitConfirmed(browser, browser.open("/dashboard/organizations/" + id + "/domains"), "form[action$=/domains/delete]", Map.of());
        assertThat(items(mgmt("/organizations/" + id + "/discovery-domains"), "domains")).isEmpty();
    }

    @Test
    void applications_third_party_access_radio_per_application_access_and_member_access() {
        String id = create("apps-org");
        assertThat(mgmt("/organizations/" + id).get("third_party_client_access").asString()).isEqualTo("block");
        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/applications");
        assertThat(tab.doc().select("form[data-form=third-party] input[type=radio][name=third_party_client_access]")).hasSize(2);
        assertThat(tab.doc().selectFirst("input[name=third_party_client_access][value=block]").hasAttr("checked")).isTrue();
        tab = ok(tab, "third-party", Map.of("third_party_client_access", "allow"));
        assertThat(mgmt("/organizations/" + id).get("third_party_client_access").asString()).isEqualTo("allow");
        assertThat(tab.doc().selectFirst("input[name=third_party_client_access][value=allow]").hasAttr("checked")).isTrue();

        tab = ok(tab, "entitlement", Map.of("is_app_entitlement_active", "on"));
        assertThat(mgmt("/organizations/" + id).get("is_app_entitlement_active").asBoolean()).isTrue();
        String clientId = atrium.mgmt("POST", "/clients", "{\"name\":\"Members App\",\"app_type\":\"regular_web\","
                + "\"grant_types\":[\"authorization_code\"]}").json().get("client_id").asString();
        tab = ok(tab, "add-application", Map.of("client_id", clientId, "use_for_member_access", List.of()));
        assertThat(mgmt("/organizations/" + id + "/clients/" + clientId).get("use_for_member_access").asBoolean()).isFalse();
        TestBrowser.Page toggled = submit(browser, tab, "form[action$=/applications/member-access]", Map.of());
        tab = browser.open(toggled.location());
        assertThat(mgmt("/organizations/" + id + "/clients/" + clientId).get("use_for_member_access").asBoolean()).isTrue();
        submitConfirmed(browser, tab, "form[action$=/applications/remove]", Map.of());
        assertThat(atrium.mgmt("GET", "/organizations/" + id + "/clients/" + clientId, null).status()).isEqualTo(404);
    }

    @Test
    void machine_to_machine_access_associates_organization_grants_and_lists_any_organization_grants() {
        String id = create("m2m-org");
        String api = "https://m2m.example.com/";
        atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"M2M API\",\"scopes\":[{\"value\":\"read\"}]}");
        String clientId = atrium.mgmt("POST", "/clients", "{\"name\":\"Worker\",\"app_type\":\"non_interactive\"}").json()
                .get("client_id").asString();
        // organization support is set on the application's API access
        TestBrowser.Page app = browser.open("/dashboard/applications/" + clientId);
        ok(app, "access", Map.of("audience", api, "subject_type", "client", "scope", "read", "organization_usage", "require"));
        JsonNode grant = items(mgmt("/client-grants?client_id=" + clientId), "client_grants").get(0);
        assertThat(grant.get("organization_usage").asString()).isEqualTo("require");
        String other = atrium.mgmt("POST", "/clients", "{\"name\":\"Any Worker\",\"app_type\":\"non_interactive\"}").json()
                .get("client_id").asString();
        atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + other + "\",\"audience\":\"" + api + "\",\"scope\":[],"
                + "\"subject_type\":\"client\",\"organization_usage\":\"allow\",\"allow_any_organization\":true}");

        TestBrowser.Page tab = browser.open("/dashboard/organizations/" + id + "/m2m");
        assertThat(tab.doc().select("table").last().text()).contains("Any Worker").contains("Any organization");
        tab = ok(tab, "add-grant", Map.of("grant_id", grant.get("id").asString()));
        assertThat(items(mgmt("/organizations/" + id + "/client-grants"), "client_grants")).extracting(g -> g.get("id").asString())
                .containsExactly(grant.get("id").asString());
        submitConfirmed(browser, tab, "form[action$=/m2m/remove]", Map.of());
        assertThat(items(mgmt("/organizations/" + id + "/client-grants"), "client_grants")).isEmpty();
    }

    @Test
    void applications_page_sets_organization_discovery_methods() {
        String clientId = atrium.mgmt("POST", "/clients", "{\"name\":\"Discovery App\",\"app_type\":\"regular_web\"}").json()
                .get("client_id").asString();
        TestBrowser.Page app = browser.open("/dashboard/applications/" + clientId);
        assertThat(app.doc().selectFirst("input[name=organization_discovery_methods][value=email]").hasAttr("checked")).isTrue();
        ok(app, "organizations", Map.of("organization_usage", "require", "organization_require_behavior", "pre_login_prompt",
                "organization_discovery_methods", List.of("email", "organization_name")));
        assertThat(mgmt("/clients/" + clientId).get("organization_discovery_methods").toString())
                .isEqualTo("[\"email\",\"organization_name\"]");
        assertThat(browser.open("/dashboard/settings").doc().select("input[name=allow_organization_name_in_authentication_api]"))
                .isNotEmpty();
    }
}

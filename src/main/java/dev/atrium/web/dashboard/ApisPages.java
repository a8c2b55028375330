package dev.atrium.web.dashboard;

import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantPatch;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.clients.SubjectType;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.AccessPolicies;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ApiScope;
import dev.atrium.resourceservers.NewResourceServer;
import dev.atrium.resourceservers.ProtectedResourceMetadata;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerPatch;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.resourceservers.TokenDialect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * APIs: list, create, settings (token lifetimes, offline access, consent skipping), RBAC, access
 * policies for user and client flows, scopes, default permissions for third-party applications
 * (default client grants), delete. Changes go through {@link ResourceServerService} and
 * {@link ClientGrantService}.
 *
 * <p>Specifications: third-party-apps.md §1.2, §1.3, §4 (APIs).
 */
public final class ApisPages {
    static final String BASE = "/dashboard/apis";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("APIs", BASE));
    private static final List<String[]> DEFAULT_STATES = List.of(pair("none", "Unauthorized"),
            pair("some", "Authorized: the scopes below"), pair("all", "All scopes"));

    private final ResourceServerService apis;
    private final ClientGrantService grants;
    private final String issuer;

    public ApisPages(ResourceServerService apis, ClientGrantService grants, String issuer) {
        this.apis = apis;
        this.grants = grants;
        this.issuer = issuer;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        List<ResourceServer> all = apis.list().stream().filter(a -> Forms.matches(q, a.name(), a.identifier()))
                .sorted(Comparator.comparing((ResourceServer a) -> !a.isSystem()).thenComparing(a -> a.name().toLowerCase())).toList();
        DashboardRequest.Slice<ResourceServer> slice = r.slice(all);
        List<Ui.Row> rows = slice.items().stream().map(a -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(a.name(), BASE + "/" + a.id(), a.isSystem() ? List.of(badge("System", "info")) : List.of()),
                Ui.Cell.mono(a.identifier()),
                Ui.Cell.text(String.valueOf(a.scopes().size()))))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search by name or identifier", List.of("Name", "Identifier", "Scopes"), rows,
                slice.pager(), q.isEmpty() ? "No APIs yet." : "No API matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create API", BASE + "/new") : null);
        r.render(200, "APIs", "The resource servers applications get access tokens for.", "apis", List.of(),
                List.of(new Ui.Link("Create API", BASE + "/new")), List.of(table), null);
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create API", List.of(
                Ui.Field.text("name", "Name", "").mandatory(),
                Ui.Field.text("identifier", "Identifier", "").mandatory()
                        .hint("A URI that names the API, e.g. https://api.example.com/. It becomes the audience of its tokens "
                                + "and cannot be changed.")), null, null, BASE);
        r.render(200, "Create API", null, "apis", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            if (r.param("name").isEmpty()) {
                throw new InvalidRequestException("name", "Enter a name.");
            }
            if (apis.findByIdentifier(r.param("identifier")).isPresent()) {
                throw new InvalidRequestException("identifier", "An API with this identifier already exists.");
            }
            ResourceServer rs = apis.create(NewResourceServer.of(r.param("identifier"))
                    .with(ResourceServerPatch.none().withName(r.param("name"))));
            r.done(BASE + "/" + rs.id(), "API “" + rs.name() + "” created.");
        }, st -> renderNew(r, st));
    }

    /** The RFC 9728 document the API's server publishes so MCP clients find Atrium (issue 14), ready to copy. */
    private Ui.Block protectedResourceMetadata(ResourceServer a) {
        String at = ProtectedResourceMetadata.wellKnownUrl(a);
        String where = at == null ? "Publish it on the API's server at its RFC 9728 well-known address."
                : "Publish it on the API's server at " + at + ".";
        return new Ui.Code("protected-resource-metadata", "Protected resource metadata", where
                + " MCP clients read it to find this authorization server; the Management API returns the same JSON at "
                + "GET /api/v2/resource-servers/" + a.id() + "/protected-resource-metadata.",
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ProtectedResourceMetadata.of(a, issuer)));
    }

    public void show(DashboardRequest r) {
        detail(r, find(r), null);
    }

    private ResourceServer find(DashboardRequest r) {
        return apis.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no API " + r.path("id") + "."));
    }

    private void detail(DashboardRequest r, ResourceServer a, DashboardRequest.FormState state) {
        String self = BASE + "/" + a.id();
        ObjectNode doc = a.doc();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Facts(null, List.of(new Ui.Fact("Identifier", a.identifier(), true, List.of()),
                new Ui.Fact("ID", a.id(), true, List.of()), new Ui.Fact("Signing algorithm", Json.text(doc, "signing_alg", "RS256")))));
        if (a.isSystem()) {
            blocks.add(new Ui.Note("info", "This is a system API. Its settings and scopes are fixed."));
        } else {
            blocks.add(protectedResourceMetadata(a));
        }
        boolean locked = a.isSystem();
        blocks.add(new Ui.Form("settings", "Settings", null, self + "/settings", "Save settings", List.of(
                Ui.Field.text("name", "Name", a.name()).mandatory().disabled(locked),
                Ui.Field.of("number", "token_lifetime", "Token lifetime (seconds)", String.valueOf(Json.number(doc, "token_lifetime", 86400))).disabled(locked),
                Ui.Field.of("number", "token_lifetime_for_web", "Token lifetime for browser flows (seconds)",
                        String.valueOf(Json.number(doc, "token_lifetime_for_web", 7200))).disabled(locked),
                Ui.Field.checkbox("allow_offline_access", "Allow offline access", Json.bool(doc, "allow_offline_access", false))
                        .hint("Applications may get refresh tokens for this API.").disabled(locked),
                Ui.Field.checkbox("skip_consent_for_verifiable_first_party_clients", "Allow skipping user consent",
                        Json.bool(doc, "skip_consent_for_verifiable_first_party_clients", false))
                        .hint("First-party applications only; third-party applications always ask.").disabled(locked)),
                null, null, null));
        blocks.add(new Ui.Form("rbac", "Role-based access control", null, self + "/rbac", "Save RBAC settings", List.of(
                Ui.Field.checkbox("enforce_policies", "Enable RBAC", Json.bool(doc, "enforce_policies", false))
                        .hint("Tokens carry only the scopes the user's roles and permissions allow.").disabled(locked),
                Ui.Field.select("token_dialect", "Token dialect", options(List.of(pair("access_token", "Scopes only"),
                        pair("access_token_authz", "Scopes and permissions claim"), pair("rfc9068_profile", "RFC 9068"),
                        pair("rfc9068_profile_authz", "RFC 9068 with permissions claim")), Json.text(doc, "token_dialect", "access_token")))
                        .disabled(locked)), null, null, null));
        JsonNode sta = doc.path("subject_type_authorization");
        blocks.add(new Ui.Form("policies", "Application access policy", "Which applications may get tokens for this API.",
                self + "/policies", "Save access policy", List.of(
                Ui.Field.select("user_policy", "User-delegated access", options(List.of(pair("allow_all", "All applications allowed"),
                        pair("require_client_grant", "Per-application authorization"), pair("deny_all", "No applications allowed")),
                        Json.text(sta.path("user"), "policy", "allow_all")))
                        .hint("Third-party applications always need a grant, whatever this says.").disabled(locked),
                Ui.Field.select("client_policy", "Client access", options(List.of(
                        pair("require_client_grant", "Per-application authorization"), pair("deny_all", "No applications allowed")),
                        Json.text(sta.path("client"), "policy", "require_client_grant"))).disabled(locked)), null, null, null));
        List<Ui.Row> scopeRows = new ArrayList<>();
        for (JsonNode s : doc.path("scopes")) {
            String value = Json.text(s, "value", "");
            scopeRows.add(new Ui.Row(List.of(Ui.Cell.mono(value), Ui.Cell.text(Json.text(s, "description", "")),
                    locked ? Ui.Cell.text("") : Ui.Cell.button(new Ui.Button("Remove", self + "/scopes/remove",
                            Forms.hidden("value", value), "danger", "Remove scope " + value)))));
        }
        blocks.add(new Ui.Table("Scopes", null, null, null, List.of("Scope", "Description", ""), scopeRows, null,
                "No scopes yet. Add the permissions this API understands.", null));
        if (!locked) {
            blocks.add(new Ui.Form("scope", "Add a scope", null, self + "/scopes", "Add scope", List.of(
                    Ui.Field.text("value", "Scope", "").mandatory().hint("For example read:orders."),
                    Ui.Field.text("description", "Description", "").hint("Shown on the consent page.")), null, null, null));
            blocks.add(defaults(a, self));
            blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the API makes its tokens useless to it and removes its grants.",
                    self + "/delete", "Delete API", List.of(), null, "danger", null));
        }
        r.render(200, a.name(), null, "apis", CRUMBS, List.of(), blocks, state);
    }

    private Ui.Form defaults(ResourceServer a, String self) {
        List<String[]> scopes = a.scopes().stream().map(s -> pair(s, s)).toList();
        List<Ui.Field> fields = new ArrayList<>();
        for (String subject : List.of("user", "client")) {
            Optional<ClientGrant> g = defaultGrant(a, subject);
            String state = g.isEmpty() ? "none" : g.get().allowAllScopes() ? "all" : "some";
            String label = subject.equals("user") ? "User-delegated access" : "Client access";
            fields.add(Ui.Field.radio(subject + "_default", label, options(DEFAULT_STATES, state)));
            fields.add(Ui.Field.checkboxes(subject + "_scopes", label + ": scopes", options(scopes, g.map(ClientGrant::scope).orElse(List.of()))));
        }
        return new Ui.Form("defaults", "Default permissions for third-party applications",
                "What every third-party application may ask for without a grant of its own.", self + "/defaults",
                "Save default permissions", fields, null, null, null);
    }

    private Optional<ClientGrant> defaultGrant(ResourceServer a, String subject) {
        return grants.list().stream().filter(g -> g.defaultFor().isPresent() && g.audience().equals(a.identifier())
                && g.subjectType().equals(subject)).findFirst();
    }

    public void updateSettings(DashboardRequest r) {
        ResourceServer a = find(r);
        r.attempt("settings", () -> {
            update(a, ResourceServerPatch.none().withName(r.param("name"))
                    .withTokenLifetime(r.number("token_lifetime", "Token lifetime"))
                    .withTokenLifetimeForWeb(r.number("token_lifetime_for_web", "Token lifetime for browser flows"))
                    .withAllowOfflineAccess(r.checked("allow_offline_access"))
                    .withSkipConsentForVerifiableFirstPartyClients(r.checked("skip_consent_for_verifiable_first_party_clients")));
            r.done(BASE + "/" + a.id(), "Settings saved.");
        }, st -> detail(r, a, st));
    }

    public void updateRbac(DashboardRequest r) {
        ResourceServer a = find(r);
        r.attempt("rbac", () -> {
            TokenDialect dialect = TokenDialect.parse(r.param("token_dialect"))
                    .orElseThrow(() -> new InvalidRequestException("token_dialect", "Choose one of the options."));
            update(a, ResourceServerPatch.none().withEnforcePolicies(r.checked("enforce_policies")).withTokenDialect(dialect));
            r.done(BASE + "/" + a.id(), "RBAC settings saved.");
        }, st -> detail(r, a, st));
    }

    public void updatePolicies(DashboardRequest r) {
        ResourceServer a = find(r);
        r.attempt("policies", () -> {
            ApiAccessPolicy user = ApiAccessPolicy.parse(r.param("user_policy"))
                    .orElseThrow(() -> new InvalidRequestException("user_policy", "Choose one of the options."));
            ApiAccessPolicy client = ApiAccessPolicy.parse(r.param("client_policy")).filter(p -> p != ApiAccessPolicy.ALLOW_ALL)
                    .orElseThrow(() -> new InvalidRequestException("client_policy", "Choose one of the options."));
            update(a, ResourceServerPatch.none().withSubjectTypeAuthorization(AccessPolicies.of(user, client)));
            r.done(BASE + "/" + a.id(), "Access policy saved.");
        }, st -> detail(r, a, st));
    }

    public void addScope(DashboardRequest r) {
        ResourceServer a = find(r);
        r.attempt("scope", () -> {
            String value = r.param("value");
            if (value.isEmpty()) {
                throw new InvalidRequestException("value", "Enter the scope.");
            }
            if (a.scopes().contains(value)) {
                throw new InvalidRequestException("value", "The API already has this scope.");
            }
            try {
                List<ApiScope> scopes = new ArrayList<>(storedScopes(a));
                scopes.add(ApiScope.of(value, r.param("description")));
                update(a, ResourceServerPatch.none().withScopes(scopes));
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("value", e.getMessage());
            }
            r.done(BASE + "/" + a.id(), "Scope " + value + " added.");
        }, st -> detail(r, a, st));
    }

    public void removeScope(DashboardRequest r) {
        ResourceServer a = find(r);
        String self = BASE + "/" + a.id();
        String value = r.param("value");
        if (!r.confirmed("Remove scope " + value + "?", "Applications can no longer ask for " + value
                + "; roles and grants that name it stop granting it.", "Remove scope", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(a.name(), self)), "apis")) {
            return;
        }
        update(a, ResourceServerPatch.none().withScopes(storedScopes(a).stream().filter(s -> !s.value().equals(value)).toList()));
        r.done(self, "Scope " + value + " removed.");
    }

    public void updateDefaults(DashboardRequest r) {
        ResourceServer a = find(r);
        r.attempt("defaults", () -> {
            for (String subject : List.of("user", "client")) {
                String state = ApplicationsPages.oneOf(r.param(subject + "_default"), subject + "_default", "none", "some", "all");
                List<String> scopes = r.params(subject + "_scopes");
                Optional<ClientGrant> existing = defaultGrant(a, subject);
                if (state.equals("none")) {
                    existing.ifPresent(g -> grants.delete(g.id()));
                    continue;
                }
                ClientGrantPatch fields = ClientGrantPatch.none().withScope(state.equals("all") ? List.of() : scopes)
                        .withAllowAllScopes(state.equals("all"));
                if (existing.isPresent()) {
                    grants.update(existing.get().id(), fields);
                } else {
                    grants.create(NewClientGrant.forThirdPartyClients(a.identifier(), SubjectType.parse(subject).orElseThrow())
                            .with(fields));
                }
            }
            r.done(BASE + "/" + a.id(), "Default permissions saved.");
        }, st -> detail(r, a, st));
    }

    public void delete(DashboardRequest r) {
        ResourceServer a = find(r);
        String self = BASE + "/" + a.id();
        if (!r.confirmed("Delete “" + a.name() + "”?", "This cannot be undone. Tokens for " + a.identifier()
                + " can no longer be issued.", "Delete API", self, List.of(CRUMBS.get(0), new Ui.Crumb(a.name(), self)), "apis")) {
            return;
        }
        try {
            apis.delete(a.id());
            r.done(BASE, "API “" + a.name() + "” deleted.");
        } catch (ResourceServerService.SystemApiException e) {
            r.refused(self, e.getMessage());
        }
    }

    /** The API's scopes as stored, descriptions included. */
    private static List<ApiScope> storedScopes(ResourceServer a) {
        List<ApiScope> out = new ArrayList<>();
        for (JsonNode s : a.doc().path("scopes")) {
            out.add(new ApiScope(Json.text(s, "value", ""), Optional.ofNullable(Json.text(s, "description", null))));
        }
        return out;
    }

    private void update(ResourceServer a, ResourceServerPatch patch) {
        try {
            apis.update(a.id(), patch);
        } catch (ResourceServerService.SystemApiException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}

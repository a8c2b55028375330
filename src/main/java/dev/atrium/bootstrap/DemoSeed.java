package dev.atrium.bootstrap;

import dev.atrium.clients.AppType;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.RefreshTokenSettings;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.config.AtriumConfig;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.ConnectionService;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Organization;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.common.Change;
import dev.atrium.organizations.Branding;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.DiscoveryDomainService;
import dev.atrium.organizations.NewDiscoveryDomain;
import dev.atrium.organizations.NewInvitation;
import dev.atrium.organizations.NewOrganization;
import dev.atrium.organizations.OrganizationMemberService;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.ThirdPartyClientAccess;
import dev.atrium.resourceservers.ApiScope;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.NewResourceServer;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerPatch;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.resourceservers.TokenDialect;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.tenant.BrandingPatch;
import dev.atrium.tenant.TenantSettingsPatch;
import dev.atrium.tenant.TenantSettingsService;
import dev.atrium.users.User;
import dev.atrium.users.Administrators;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserProfile;
import dev.atrium.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo tenant of operations.md ({@code --demo}, {@code ATRIUM_DEMO}): on a database that holds
 * nothing but what start-up ensures, it creates an API, a first-party web application, a
 * single-page application, a third-party application, users with known passwords and roles, and
 * two organizations (organizations.md) with one application per organization login mode, all
 * through the same services as the Management API, then prints how to try it.
 *
 * <p>Each step returns what later steps need ({@link Api}, {@link Apps}, the users, {@link Orgs}).
 */
public final class DemoSeed {
    /** The demo tenant is a new tenant: strict third-party applications, no permissive mode. */
    private static final ClientService.TenantModes FIRST_TENANT = new ClientService.TenantModes(false, false);

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    public static final String API_IDENTIFIER = "https://api.demo.atrium.dev/";
    public static final List<String> API_SCOPES = List.of("read:messages", "write:messages", "delete:messages");
    public static final String WEB_APP_NAME = "Demo Web App";
    public static final String WEB_APP_SECRET = "demo-web-app-secret-do-not-use-in-production";
    public static final String WEB_CALLBACK = "http://localhost:3000/callback";
    public static final String SPA_NAME = "Demo Single-Page App";
    public static final String SPA_CALLBACK = "http://localhost:5173/callback";
    public static final String THIRD_PARTY_NAME = "Partner Dashboard (third-party)";
    public static final String THIRD_PARTY_CALLBACK = "http://localhost:4000/callback";
    public static final String USER_PASSWORD = "Atrium-Demo-2025";
    public static final String DEMO_ADMIN_EMAIL = "admin@demo.atrium.dev";
    public static final String EDITOR_ROLE = "Message Editor";
    public static final String VIEWER_ROLE = "Message Viewer";
    public static final String ORG_PROMPT_APP_NAME = "Business Portal (prompt for organization)";
    public static final String ORG_PICKER_APP_NAME = "Business & Personal Portal (pick after login)";
    public static final String ORG_APP_SECRET = "demo-business-app-secret-do-not-use-in-production";
    public static final String ORG_APP_CALLBACK = "http://localhost:3100/callback";
    /** Invitations are built on the application's login route, which Auth0 requires to be https (organizations.md O69). */
    public static final String ORG_APP_LOGIN = "https://localhost:3100/login";
    public static final String ACME = "acme";
    public static final String GLOBEX = "globex";
    public static final String ACME_DOMAIN = "acme.demo.atrium.dev";
    public static final String ACME_ROLE = "Acme Reader";

    /** A demo person; all of them share {@link #USER_PASSWORD}. */
    public record DemoUser(String email, String givenName, String familyName) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("alice@demo.atrium.dev", "Alice", "Archer"),
            new DemoUser("bob@demo.atrium.dev", "Bob", "Baker"),
            new DemoUser("carol@demo.atrium.dev", "Carol", "Cooper"));

    record Api(ResourceServer api) {
    }

    record Apps(String webId, String spaId, String thirdPartyId) {
    }

    /** The demo organizations, the two organization applications and Carol's pending invitation. */
    record Orgs(String acmeId, String globexId, String promptAppId, String pickerAppId, Invitation invitation) {
    }

    /** What a person needs to try the demo: printed once, right after seeding. */
    record Seeded(Apps apps, Orgs orgs, Optional<String> demoAdminPassword, Optional<String[]> demoBootstrapClient) {
    }

    private final ResourceServerService apis;
    private final ClientService clients;
    private final ClientGrantService grants;
    private final ConnectionService connections;
    private final UserService users;
    private final RoleService roles;
    private final TenantSettingsService tenant;
    private final OrganizationService organizations;
    private final Administrators administrators;
    private final OrganizationMemberService members;
    private final DiscoveryDomainService domains;

    public DemoSeed(ResourceServerService apis, ClientService clients, ClientGrantService grants,
                    ConnectionService connections, UserService users, RoleService roles, TenantSettingsService tenant,
                    OrganizationService organizations, OrganizationMemberService members, DiscoveryDomainService domains,
                    Administrators administrators) {
        this.apis = apis;
        this.clients = clients;
        this.grants = grants;
        this.connections = connections;
        this.users = users;
        this.roles = roles;
        this.tenant = tenant;
        this.organizations = organizations;
        this.administrators = administrators;
        this.members = members;
        this.domains = domains;
    }

    /**
     * Seeds the demo tenant when the database is empty and prints how to try it; otherwise leaves
     * everything as it is, so a restart never seeds twice or overwrites what someone changed.
     */
    public void run(AtriumConfig config, Connection database, String managementAudience) {
        if (!isEmpty(config)) {
            LOG.info("demo: the database already holds applications or users; nothing seeded");
            return;
        }
        brandTenant();
        Api api = seedApi();
        Apps apps = seedApplications(database);
        List<User> people = seedUsersAndRoles(database, api);
        Orgs orgs = seedOrganizations(database, api, apps, people);
        Optional<String> adminPassword = Optional.empty();
        if (config.adminEmail().isEmpty()) {
            // the dashboard needs someone to sign in as; a random password keeps a public demo from being an open door
            String password = randomPassword();
            administrators.ensureConfigured(database, DEMO_ADMIN_EMAIL, password, "config:demo");
            adminPassword = Optional.of(password);
        }
        Optional<String[]> bootstrap = Optional.empty();
        if (config.bootstrapClientId().isEmpty()) {
            bootstrap = Optional.of(seedManagementClient(managementAudience));
        }
        LOG.info(instructions(config, managementAudience, new Seeded(apps, orgs, adminPassword, bootstrap)));
    }

    /** Nothing but what {@link Bootstrap} ensures: the bootstrap client, the administrator, the system API, the default connection. */
    boolean isEmpty(AtriumConfig config) {
        boolean onlyBootstrapClient = clients.list().stream()
                .allMatch(c -> config.bootstrapClientId().map(c.clientId()::equals).orElse(false));
        boolean onlySystemApis = apis.list().stream().allMatch(ResourceServer::isSystem);
        UserService.Page people = users.search(null, Optional.empty(), 0, 2);
        boolean onlyAdmin = people.total() == 0 || (people.total() == 1 && config.adminEmail()
                .flatMap(admin -> people.users().get(0).email().map(admin::equalsIgnoreCase)).orElse(false));
        return onlyBootstrapClient && onlySystemApis && onlyAdmin && connections.list().size() <= 1
                && roles.count(RoleQuery.all()) == 0;
    }

    private void brandTenant() {
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put("primary", "#0f766e");
        colors.put("page_background", "#f0fdfa");
        tenant.update(TenantSettingsPatch.none().withSetting("friendly_name", "Atrium Demo")
                .withSetting("support_email", "support@demo.atrium.dev").withSetting("support_url", "https://demo.atrium.dev/support")
                .withBranding(new BrandingPatch(Change.keep(), Optional.of(colors))));
    }

    private Api seedApi() {
        return new Api(apis.create(NewResourceServer.of(API_IDENTIFIER).with(ResourceServerPatch.none()
                .withName("Demo Messages API")
                .withAllowOfflineAccess(true)
                .withSkipConsentForVerifiableFirstPartyClients(true)
                .withEnforcePolicies(true)
                .withTokenDialect(TokenDialect.ACCESS_TOKEN_AUTHZ)
                .withScopes(List.of(ApiScope.of("read:messages", "Read your messages"),
                        ApiScope.of("write:messages", "Send messages for you"),
                        ApiScope.of("delete:messages", "Delete your messages"))))));
    }

    private Apps seedApplications(Connection database) {
        NewClient web = NewClient.named(WEB_APP_NAME).with(ClientPatch.none().withAppType(AppType.REGULAR_WEB)
                .withDescription(Change.to("A first-party server-rendered application"))
                .withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_POST)).withOidcConformant(true)
                .withCallbacks(List.of(WEB_CALLBACK)).withAllowedLogoutUrls(List.of("http://localhost:3000"))
                .withGrantTypes(List.of("authorization_code", "refresh_token", "client_credentials")));
        String webId = clients.create(web, FIRST_TENANT).client().clientId();
        // a known secret, so that the README's commands work against any demo instance
        clients.update(webId, ClientPatch.none(), Optional.of(WEB_APP_SECRET));

        List<String> spaOrigin = List.of("http://localhost:5173");
        NewClient spa = NewClient.named(SPA_NAME).with(ClientPatch.none().withAppType(AppType.SPA)
                .withDescription(Change.to("A public browser application using PKCE")).withOidcConformant(true)
                .withCallbacks(List.of(SPA_CALLBACK)).withAllowedLogoutUrls(spaOrigin).withWebOrigins(spaOrigin)
                .withAllowedOrigins(spaOrigin).withGrantTypes(List.of("authorization_code", "refresh_token"))
                .withRefreshToken(Change.to(RefreshTokenSettings.rotatingAndExpiring(2592000, 1296000))));
        String spaId = clients.create(spa, FIRST_TENANT).client().clientId();

        NewClient partner = NewClient.named(THIRD_PARTY_NAME).with(ClientPatch.none().withAppType(AppType.REGULAR_WEB)
                .withFirstParty(false).withDescription(Change.to("An application built by someone else; users always consent"))
                .withCallbacks(List.of(THIRD_PARTY_CALLBACK)).withGrantTypes(List.of("authorization_code", "refresh_token")));
        ClientService.Created third = clients.create(partner, FIRST_TENANT);
        String thirdId = third.client().clientId();

        // third-party applications may only use domain-level connections (third-party-apps.md)
        connections.update(database.id(), ConnectionChange.none().withDomainConnection(true));
        connections.setClients(database.id(), List.of(new ConnectionService.ClientStatus(webId, true),
                new ConnectionService.ClientStatus(spaId, true), new ConnectionService.ClientStatus(thirdId, true)));
        // issue 9, point 16: a third-party application's secret belongs to its developer; it is never printed
        return new Apps(webId, spaId, thirdId);
    }

    private List<User> seedUsersAndRoles(Connection database, Api api) {
        List<User> people = new ArrayList<>();
        for (DemoUser u : USERS) {
            people.add(users.create(NewUser.of(database.name(), u.email(), USER_PASSWORD).withEmailVerified(true)
                    .withProfile(UserProfile.none().withGivenName(Change.to(u.givenName())).withFamilyName(Change.to(u.familyName()))
                            .withName(Change.to(u.givenName() + " " + u.familyName())))));
        }
        String identifier = api.api().identifier();
        Role viewer = roles.create(VIEWER_ROLE, Optional.of("Reads messages"), Optional.empty(), Optional.empty());
        roles.addPermissions(viewer, List.of(new Permission(identifier, "read:messages")));
        Role editor = roles.create(EDITOR_ROLE, Optional.of("Reads, sends and deletes messages"), Optional.empty(), Optional.empty());
        roles.addPermissions(editor, API_SCOPES.stream().map(s -> new Permission(identifier, s)).toList());
        roles.addMembers(editor, List.of(people.get(0).userId()));
        roles.addMembers(viewer, people.stream().skip(1).map(User::userId).toList());
        return people;
    }

    /**
     * Acme and Globex (organizations.md): the database connection enabled on both (Globex assigns
     * membership on login and lets people sign up), Alice a member of both with a different role in
     * each, Bob a member of Acme only, Carol invited to Acme; a verified discovery domain for Acme,
     * third-party applications allowed into Acme; and one application per login mode. Organization
     * names are accepted by the Authentication API so that the by-name URLs work.
     */
    private Orgs seedOrganizations(Connection database, Api api, Apps apps, List<User> people) {
        tenant.update(TenantSettingsPatch.none().withSetting("allow_organization_name_in_authentication_api", true));

        String promptApp = orgApp(ORG_PROMPT_APP_NAME, OrganizationUsage.REQUIRE, RequireBehavior.PRE_LOGIN_PROMPT,
                "Business users only; asks for the organization (email or name) before the password");
        String pickerApp = orgApp(ORG_PICKER_APP_NAME, OrganizationUsage.ALLOW, RequireBehavior.POST_LOGIN_PROMPT,
                "Business users and individuals; asks for the password, then which organization (or a personal account)");
        List<ConnectionService.ClientStatus> enabled = new ArrayList<>();
        for (String id : List.of(apps.webId(), apps.spaId(), apps.thirdPartyId(), promptApp, pickerApp)) {
            enabled.add(new ConnectionService.ClientStatus(id, true));
        }
        connections.setClients(database.id(), enabled);

        Organization acme = organizations.create(NewOrganization.named(ACME)
                .with(OrganizationPatch.none().withDisplayName(Change.to("Acme Corporation"))
                        .withThirdPartyClientAccess(ThirdPartyClientAccess.ALLOW)
                        .withBranding(Change.to(new Branding(Optional.of("https://demo.atrium.dev/logos/acme.png"),
                                Optional.of(new Branding.Colors("#b91c1c", "#fef2f2")))))
                        .withMetadata(Change.to(Map.of("plan", "enterprise"))))
                .withConnections(List.of(ConnectionEnablement.of(database.id()))));

        Organization globex = organizations.create(NewOrganization.named(GLOBEX)
                .with(OrganizationPatch.none().withDisplayName(Change.to("Globex Inc."))
                        .withBranding(Change.to(new Branding(Optional.empty(),
                                Optional.of(new Branding.Colors("#1d4ed8", "#eff6ff"))))))
                .withConnections(List.of(ConnectionEnablement.of(database.id(), true, true, true))));

        domains.createDomain(acme, new NewDiscoveryDomain(ACME_DOMAIN, DiscoveryDomain.VERIFIED, true));

        String identifier = api.api().identifier();
        Role acmeReader = roles.create(ACME_ROLE, Optional.of("Reads Acme's messages"), Optional.of(Role.ORGANIZATION),
                Optional.of(acme.id()));
        roles.addPermissions(acmeReader, List.of(new Permission(identifier, "read:messages")));
        Role editor = roles.list(RoleQuery.all(), 0, 100).stream().filter(r -> r.name().equals(EDITOR_ROLE)).findFirst().orElseThrow();
        User alice = people.get(0);
        User bob = people.get(1);
        members.addMembers(acme, List.of(alice.userId(), bob.userId()));
        members.addMembers(globex, List.of(alice.userId()));
        members.assignMemberRoles(acme, alice.userId(), List.of(acmeReader.id()));
        members.assignMemberRoles(acme, bob.userId(), List.of(acmeReader.id()));
        members.assignMemberRoles(globex, alice.userId(), List.of(editor.id()));

        // e-mailed like any invitation: without SMTP it waits in the outbox (dashboard → Outbox), with its link
        NewInvitation invite = NewInvitation.of(alice.name(), USERS.get(2).email(), promptApp).withRoles(List.of(acmeReader.id()))
                .withInvitationEmail(true);
        Invitation invitation = members.createInvitation(acme, invite);
        return new Orgs(acme.id(), globex.id(), promptApp, pickerApp, invitation);
    }

    /** A first-party web application for business users, with a known secret and the given login flow. */
    private String orgApp(String name, OrganizationUsage usage, RequireBehavior behavior, String description) {
        ClientPatch fields = ClientPatch.none().withAppType(AppType.REGULAR_WEB).withDescription(Change.to(description))
                .withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_POST)).withOidcConformant(true)
                .withOrganizationUsage(Change.to(usage)).withOrganizationRequireBehavior(Change.to(behavior))
                .withInitiateLoginUri(Change.to(ORG_APP_LOGIN)).withCallbacks(List.of(ORG_APP_CALLBACK))
                .withGrantTypes(List.of("authorization_code", "refresh_token"));
        if (behavior == RequireBehavior.PRE_LOGIN_PROMPT) {
            fields = fields.withOrganizationDiscoveryMethods(Change.to(List.of("email", "organization_name")));
        }
        String id = clients.create(NewClient.named(name).with(fields), FIRST_TENANT).client().clientId();
        clients.update(id, ClientPatch.none(), Optional.of(ORG_APP_SECRET));
        return id;
    }

    /** A machine-to-machine application holding every Management API scope; its id and secret. */
    private String[] seedManagementClient(String managementAudience) {
        NewClient doc = NewClient.named("Demo Management client (machine-to-machine)").with(ClientPatch.none()
                .withAppType(AppType.NON_INTERACTIVE).withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_POST))
                .withOidcConformant(true).withGrantTypes(List.of("client_credentials")));
        ClientService.Created created = clients.create(doc, FIRST_TENANT);
        grants.ensure(created.client().clientId(), managementAudience, ManagementApiScopes.ALL);
        return new String[] {created.client().clientId(), created.secret().orElseThrow()};
    }

    private static String randomPassword() {
        // letters and digits from the generator plus a fixed tail, so every strength policy's classes are present
        return Ids.alnum(20) + "-Aa9";
    }

    static String instructions(AtriumConfig config, String managementAudience, Seeded s) {
        String issuer = config.issuerFor(config.port());
        String query = authorizeQuery(s.apps().webId(), WEB_CALLBACK, Map.of());

        StringBuilder out = new StringBuilder("\n==================== Atrium demo tenant ====================\n");
        out.append("Dashboard: ").append(issuer).append("dashboard\n");
        if (config.adminEmail().isPresent()) {
            out.append("Dashboard administrator: ").append(config.adminEmail().get())
                    .append(" (password: the configured ATRIUM_ADMIN_PASSWORD)\n");
        } else {
            out.append("Dashboard administrator: ").append(DEMO_ADMIN_EMAIL).append(" / ")
                    .append(s.demoAdminPassword().orElseThrow()).append('\n');
        }
        out.append("\nTry a login (").append(WEB_APP_NAME).append(", client ").append(s.apps().webId())
                .append(", secret ").append(WEB_APP_SECRET).append("):\n  ")
                .append(issuer).append("authorize?").append(query).append('\n');
        out.append("\nDemo users (password ").append(USER_PASSWORD).append("):\n");
        for (DemoUser u : USERS) {
            out.append("  ").append(u.email()).append(u == USERS.get(0) ? "  (role " + EDITOR_ROLE + ")" : "  (role " + VIEWER_ROLE + ")")
                    .append('\n');
        }
        Orgs o = s.orgs();
        out.append("\nOrganizations: ").append(ACME).append(" (").append(o.acmeId()).append(", verified domain ").append(ACME_DOMAIN)
                .append(", third-party apps allowed) and ").append(GLOBEX).append(" (").append(o.globexId())
                .append(", joins anyone who signs in, sign-up open)\n");
        out.append("  ").append(USERS.get(0).email()).append(" belongs to both: ").append(ACME_ROLE).append(" in ").append(ACME)
                .append(", ").append(EDITOR_ROLE).append(" in ").append(GLOBEX).append("; ").append(USERS.get(1).email())
                .append(" to ").append(ACME).append(" only; ").append(USERS.get(2).email()).append(" is invited to ").append(ACME)
                .append('\n');
        out.append("Business apps (secret ").append(ORG_APP_SECRET).append(", callback ").append(ORG_APP_CALLBACK).append("):\n");
        out.append("  Organization by id:\n    ").append(issuer).append("authorize?")
                .append(authorizeQuery(o.promptAppId(), ORG_APP_CALLBACK, Map.of("organization", o.acmeId()))).append('\n');
        out.append("  Organization by name:\n    ").append(issuer).append("authorize?")
                .append(authorizeQuery(o.promptAppId(), ORG_APP_CALLBACK, Map.of("organization", GLOBEX))).append('\n');
        out.append("  Prompt for organization (type ").append(GLOBEX).append(" or you@").append(ACME_DOMAIN).append("):\n    ")
                .append(issuer).append("authorize?").append(authorizeQuery(o.promptAppId(), ORG_APP_CALLBACK, Map.of())).append('\n');
        out.append("  Pick the organization after login (or a personal account):\n    ").append(issuer).append("authorize?")
                .append(authorizeQuery(o.pickerAppId(), ORG_APP_CALLBACK, Map.of())).append('\n');
        out.append("  Accept ").append(USERS.get(2).email()).append("'s invitation (the link the application receives: ")
                .append(Json.text(o.invitation().doc(), "invitation_url", "")).append("):\n    ").append(issuer).append("authorize?")
                .append(authorizeQuery(o.promptAppId(), ORG_APP_CALLBACK, Map.of("organization", o.acmeId(),
                        "invitation", o.invitation().ticketId()))).append('\n');
        out.append("\nSingle-page app (PKCE): ").append(s.apps().spaId()).append(", callback ").append(SPA_CALLBACK).append('\n');
        out.append("Third-party app: ").append(s.apps().thirdPartyId()).append(", callback ").append(THIRD_PARTY_CALLBACK)
                .append(" (its secret is not shown: rotate it with POST /api/v2/clients/{id}/rotate-secret to get one)\n");
        String clientId;
        String secret;
        if (s.demoBootstrapClient().isPresent()) {
            clientId = s.demoBootstrapClient().get()[0];
            secret = s.demoBootstrapClient().get()[1];
        } else {
            clientId = config.bootstrapClientId().orElseThrow();
            secret = "$ATRIUM_BOOTSTRAP_CLIENT_SECRET";
        }
        out.append("\nManagement API token:\n  curl -s ").append(issuer).append("oauth/token -H 'Content-Type: application/json' -d")
                .append(" \"{\\\"grant_type\\\":\\\"client_credentials\\\",\\\"client_id\\\":\\\"").append(clientId)
                .append("\\\",\\\"client_secret\\\":\\\"").append(secret).append("\\\",\\\"audience\\\":\\\"")
                .append(managementAudience).append("\\\"}\"\n");
        out.append("=============================================================");
        return out.toString();
    }

    /** The query of a code-flow {@code /authorize} URL asking for the demo API, plus {@code extra} parameters. */
    private static String authorizeQuery(String clientId, String callback, Map<String, String> extra) {
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("response_type", "code");
        authorize.put("client_id", clientId);
        authorize.put("redirect_uri", callback);
        authorize.put("scope", "openid profile email offline_access read:messages");
        authorize.put("audience", API_IDENTIFIER);
        authorize.put("state", "demo");
        authorize.putAll(new java.util.TreeMap<>(extra));
        StringBuilder query = new StringBuilder();
        authorize.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(enc(v)));
        return query.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

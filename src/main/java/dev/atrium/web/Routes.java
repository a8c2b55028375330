package dev.atrium.web;


import dev.atrium.common.Json;
import dev.atrium.keys.KeyService;
import dev.atrium.oauth.DiscoveryEndpoint;
import dev.atrium.oauth.DynamicRegistrationEndpoint;
import dev.atrium.web.dashboard.Dashboard;
import dev.atrium.web.dashboard.ImportPages;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.management.ClientCredentialsApi;
import dev.atrium.web.management.ClientGrantsApi;
import dev.atrium.web.management.ClientsApi;
import dev.atrium.web.management.ConnectionsApi;
import dev.atrium.web.management.GrantsApi;
import dev.atrium.web.management.JobsApi;
import dev.atrium.web.management.ManagementApi;
import dev.atrium.web.management.ResourceServersApi;
import dev.atrium.web.management.RolesApi;
import dev.atrium.web.management.SigningKeysApi;
import dev.atrium.web.management.TenantSettingsApi;
import dev.atrium.web.management.UserBlocksApi;
import dev.atrium.web.management.UserRolesApi;
import dev.atrium.web.management.UsersApi;
import dev.atrium.web.management.OrganizationApplicationsApi;
import dev.atrium.web.management.OrganizationConnectionsApi;
import dev.atrium.web.management.OrganizationDomainsApi;
import dev.atrium.web.management.OrganizationMembersApi;
import dev.atrium.web.management.OrganizationsApi;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import dev.atrium.web.ui.Templates;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.BooleanSupplier;

/**
 * Every HTTP route of Atrium, top to bottom, and how errors are answered on each surface: OAuth
 * JSON for the Authentication API, Auth0's Management shape under {@code /api/v2}, and never a
 * stack trace.
 */
public final class Routes {

    /** What the routes call; built by {@link dev.atrium.Atrium}. */
    public record Endpoints(
            BooleanSupplier ready,
            DiscoveryEndpoint discovery,
            KeyService keys,
            AuthenticationApi auth,
            HostedPages pages,
            ManagementApi management,
            ClientsApi clients,
            ClientGrantsApi clientGrants,
            ResourceServersApi resourceServers,
            TenantSettingsApi tenantSettings,
            SigningKeysApi signingKeys,
            RolesApi roles,
            UserRolesApi userRoles,
            ConnectionsApi connections,
            UsersApi users,
            DynamicRegistrationEndpoint registration,
            GrantsApi grants,
            OrganizationsApi organizations,
            OrganizationMembersApi organizationMembers,
            OrganizationDomainsApi organizationDomains,
            OrganizationConnectionsApi organizationConnections,
            OrganizationApplicationsApi organizationApplications,
            Dashboard dashboard,
            ClientCredentialsApi clientCredentials,
            UserBlocksApi userBlocks,
            SignupThrottle signupThrottle,
            EmailRoutes email,
            JobsApi jobs,
            ImportPages importPages,
            dev.atrium.web.ui.EnterpriseLoginPages enterprise, // issue 11
            MfaRoutes mfa, // MFA (issue 12)
            // tenant logs (issue 19)
            LogsWeb logs,
            AgentRoutes agents) { // issue 14
    }

    private Routes() {
    }

    /**
     * Listens on host and port with a connector that keeps the start of each request line, so that a
     * request the server refuses before routing is still answered in its API's shape.
     */
    /** The bytes Javalin copies a response through per step (see {@link #configure}). */
    static final int RESPONSE_COPY_BUFFER = 4096;

    public static void listen(JavalinConfig cfg, String host, int port) {
        cfg.jetty.addConnector((server, http) -> RequestTargets.connector(server, http, host, port));
    }

    public static void configure(JavalinConfig cfg, Endpoints e) {
        cfg.http.maxRequestSize = 1_000_000;
        // Javalin copies every response to Jetty through a new buffer of this size (by default Jetty's
        // 32 KiB output buffer, the largest single allocation of a token request, issue 15); Jetty's own
        // output buffer is left at its size, so a larger response is only copied in more steps
        cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        var r = cfg.routes;
        // --- tenant logs (issue 19): the request's origin for the events it causes; first of all handlers
        e.logs().captureOrigin(r);
        // --- end tenant logs
        RequestLimits.install(cfg);
        r.before(RequestLimits::check);

        // operations
        r.get("/health", ctx -> {
            boolean ok = e.ready().getAsBoolean();
            ObjectNode body = Json.object().put("status", ok ? "ok" : "unavailable");
            ctx.status(ok ? 200 : 503).contentType("application/json").result(Json.write(body));
        });

        // discovery
        r.get("/.well-known/openid-configuration", ctx -> publicJson(ctx, e.discovery().document()));
        // agents and MCP clients (issue 14): RFC 8414 metadata, the same facts as the OpenID configuration
        r.get("/.well-known/oauth-authorization-server", ctx -> publicJson(ctx, e.discovery().authorizationServerMetadata()));
        // end agents and MCP clients
        r.get("/.well-known/jwks.json", ctx -> publicJson(ctx,
                Json.parseObject(e.keys().snapshot().published().toString(true))));

        // Authentication API: the browser flow and its hosted pages
        r.get("/authorize", e.pages()::authorize);
        r.get("/authorize/resume", e.pages()::resume);
        r.get("/u/organization", e.pages()::organizationPage);
        r.post("/u/organization", e.pages()::organizationSubmit);
        r.get("/u/organization-picker", e.pages()::pickerPage);
        r.post("/u/organization-picker", e.pages()::pickerSubmit);
        r.get("/u/login", e.pages()::loginPage);
        r.get("/u/sso", e.enterprise()::start); // issue 11: to an enterprise provider
        r.get("/login/callback", e.enterprise()::callback); // issue 11: back from it
        SamlRoutes.register(r, e.enterprise()); // issue 11: SAML connections
        r.post("/u/login", e.pages()::loginSubmit);
        r.get("/u/signup", e.pages()::signupPage);
        r.before("/u/signup", ctx -> throttleSignup(ctx, e));
        r.post("/u/signup", e.pages()::signupSubmit);
        r.get("/u/consent", e.pages()::consentPage);
        r.post("/u/consent", e.pages()::consentSubmit);
        r.get("/v2/logout", e.auth()::v2Logout);
        r.get("/oidc/logout", e.auth()::oidcLogout);
        r.post("/oidc/logout", e.auth()::oidcLogout);

        // Authentication API: back-channel endpoints (CORS for the application's own origins)
        r.before("/oauth/*", e.auth()::cors);
        r.before("/userinfo", e.auth()::cors);
        r.options("/oauth/token", ctx -> ctx.status(204));
        r.options("/oauth/revoke", ctx -> ctx.status(204));
        r.options("/userinfo", ctx -> ctx.status(204));
        r.before("/authorize", OAuthHttp::authorizeQuery);
        r.before(FormGuard::check);
        r.post("/oauth/token", e.auth()::token);
        r.post("/oauth/revoke", e.auth()::revoke);
        r.before("/dbconnections/signup", ctx -> throttleSignup(ctx, e));
        r.post("/dbconnections/signup", e.auth()::signup);
        r.get("/userinfo", e.auth()::userinfo);
        r.post("/userinfo", e.auth()::userinfo);

        // third-party applications: dynamic client registration
        r.post("/oidc/register", ctx -> OAuthHttp.created(ctx, e.registration().register(OAuthHttp.jsonBody(ctx), ctx.ip(), ctx.header("Authorization"))));

        // Management API v2
        r.before("/api/v2/*", ctx -> e.management().authenticate(ctx));

        r.get("/api/v2/clients", e.clients()::list);
        r.post("/api/v2/clients", e.clients()::create);
        r.get("/api/v2/clients/{id}", e.clients()::get);
        r.patch("/api/v2/clients/{id}", e.clients()::update);
        r.delete("/api/v2/clients/{id}", e.clients()::delete);
        r.post("/api/v2/clients/{id}/rotate-secret", e.clients()::rotateSecret);

        r.get("/api/v2/client-grants", e.clientGrants()::list);
        r.post("/api/v2/client-grants", e.clientGrants()::create);
        r.get("/api/v2/client-grants/{id}", e.clientGrants()::get);
        r.patch("/api/v2/client-grants/{id}", e.clientGrants()::update);
        r.delete("/api/v2/client-grants/{id}", e.clientGrants()::delete);

        r.get("/api/v2/resource-servers", e.resourceServers()::list);
        r.post("/api/v2/resource-servers", e.resourceServers()::create);
        r.get("/api/v2/resource-servers/{id}", e.resourceServers()::get);
        r.get("/api/v2/resource-servers/{id}/protected-resource-metadata", e.resourceServers()::protectedResourceMetadata);
        r.patch("/api/v2/resource-servers/{id}", e.resourceServers()::update);
        r.delete("/api/v2/resource-servers/{id}", e.resourceServers()::delete);

        e.mfa().register(r, e.dashboard().auth()); // MFA (issue 12): every route in MfaRoutes

        r.get("/api/v2/tenants/settings", e.tenantSettings()::get);
        r.patch("/api/v2/tenants/settings", e.tenantSettings()::update);

        r.get("/api/v2/keys/signing", e.signingKeys()::list);
        r.post("/api/v2/keys/signing/rotate", e.signingKeys()::rotate);
        r.get("/api/v2/keys/signing/{kid}", e.signingKeys()::get);
        r.put("/api/v2/keys/signing/{kid}/revoke", e.signingKeys()::revoke);

        r.get("/api/v2/roles", e.roles()::list);
        r.post("/api/v2/roles", e.roles()::create);
        r.get("/api/v2/roles/{id}", e.roles()::get);
        r.patch("/api/v2/roles/{id}", e.roles()::update);
        r.delete("/api/v2/roles/{id}", e.roles()::delete);
        r.get("/api/v2/roles/{id}/permissions", e.roles()::permissions);
        r.post("/api/v2/roles/{id}/permissions", e.roles()::addPermissions);
        r.delete("/api/v2/roles/{id}/permissions", e.roles()::removePermissions);
        r.get("/api/v2/roles/{id}/users", e.roles()::users);
        r.post("/api/v2/roles/{id}/users", e.roles()::addUsers);

        r.get("/api/v2/users/{id}/roles", e.userRoles()::roles);
        r.post("/api/v2/users/{id}/roles", e.userRoles()::assignRoles);
        r.delete("/api/v2/users/{id}/roles", e.userRoles()::removeRoles);
        r.get("/api/v2/users/{id}/permissions", e.userRoles()::permissions);
        r.post("/api/v2/users/{id}/permissions", e.userRoles()::addPermissions);
        r.delete("/api/v2/users/{id}/permissions", e.userRoles()::removePermissions);
        r.get("/api/v2/connections", e.connections()::list);
        r.post("/api/v2/connections", e.connections()::create);
        r.get("/api/v2/connections/{id}", e.connections()::get);
        r.patch("/api/v2/connections/{id}", e.connections()::update);
        r.delete("/api/v2/connections/{id}", e.connections()::delete);
        r.get("/api/v2/connections/{id}/clients", e.connections()::clients);
        r.patch("/api/v2/connections/{id}/clients", e.connections()::updateClients);
        r.get("/api/v2/clients/{id}/connections", e.connections()::forClient);

        // bulk user import and export jobs (issue 16); the download link is a capability outside /api/v2
        r.post("/api/v2/jobs/users-imports", e.jobs()::importUsers);
        r.post("/api/v2/jobs/users-exports", e.jobs()::exportUsers);
        r.get("/api/v2/jobs/{id}", e.jobs()::get);
        r.get("/api/v2/jobs/{id}/errors", e.jobs()::errors);
        r.get("/jobs/{id}/download", e.jobs()::download);

        r.get("/api/v2/users", e.users()::list);
        r.post("/api/v2/users", e.users()::create);
        r.get("/api/v2/users/{id}", e.users()::get);
        r.patch("/api/v2/users/{id}", e.users()::update);
        r.delete("/api/v2/users/{id}", e.users()::delete);
        // Atrium's own: dashboard administrator status, under its own scopes (issue 9, point 3)
        r.get("/api/v2/users/{id}/atrium-admin", e.users()::getAdministrator);
        r.post("/api/v2/users/{id}/atrium-admin", e.users()::grantAdministrator);
        r.delete("/api/v2/users/{id}/atrium-admin", e.users()::revokeAdministrator);
        r.get("/api/v2/users-by-email", e.users()::byEmail);

        // third-party applications: user grants (consents)
        r.get("/api/v2/grants", e.grants()::list);
        r.delete("/api/v2/grants", e.grants()::deleteOfUser);
        r.delete("/api/v2/grants/{id}", e.grants()::delete);

        // organizations (api-contract.md §B.7)
        r.get("/api/v2/organizations", e.organizations()::list);
        r.post("/api/v2/organizations", e.organizations()::create);
        r.get("/api/v2/organizations/name/{name}", e.organizations()::getByName);
        r.get("/api/v2/organizations/{id}", e.organizations()::get);
        r.patch("/api/v2/organizations/{id}", e.organizations()::update);
        r.delete("/api/v2/organizations/{id}", e.organizations()::delete);
        r.get("/api/v2/organizations/{id}/enabled_connections", e.organizationConnections()::connections);
        r.post("/api/v2/organizations/{id}/enabled_connections", e.organizationConnections()::addConnection);
        r.get("/api/v2/organizations/{id}/enabled_connections/{connectionId}", e.organizationConnections()::connection);
        r.patch("/api/v2/organizations/{id}/enabled_connections/{connectionId}", e.organizationConnections()::updateConnection);
        r.delete("/api/v2/organizations/{id}/enabled_connections/{connectionId}", e.organizationConnections()::removeConnection);
        r.get("/api/v2/organizations/{id}/connections", e.organizationConnections()::eaConnections);
        r.post("/api/v2/organizations/{id}/connections", e.organizationConnections()::eaAddConnection);
        r.get("/api/v2/organizations/{id}/connections/{connectionId}", e.organizationConnections()::eaConnection);
        r.patch("/api/v2/organizations/{id}/connections/{connectionId}", e.organizationConnections()::eaUpdateConnection);
        r.delete("/api/v2/organizations/{id}/connections/{connectionId}", e.organizationConnections()::removeConnection);
        r.get("/api/v2/organizations/{id}/client-grants", e.organizationApplications()::clientGrants);
        r.post("/api/v2/organizations/{id}/client-grants", e.organizationApplications()::addClientGrant);
        r.delete("/api/v2/organizations/{id}/client-grants/{grantId}", e.organizationApplications()::removeClientGrant);
        r.get("/api/v2/client-grants/{id}/organizations", e.organizationApplications()::ofGrant);
        // agents and MCP clients (issue 14): approvals of self-registered applications, Atrium's own paths
        r.get("/api/v2/organizations/{id}/atrium-application-approvals", e.organizationApplications()::approvals);
        r.patch("/api/v2/organizations/{id}/atrium-application-approvals", e.organizationApplications()::updateApprovalPolicy);
        r.put("/api/v2/organizations/{id}/atrium-application-approvals/{clientId}", e.organizationApplications()::decide);
        // end agents and MCP clients
        r.get("/api/v2/organizations/{id}/clients", e.organizationApplications()::clients);
        r.post("/api/v2/organizations/{id}/clients", e.organizationApplications()::addClients);
        r.delete("/api/v2/organizations/{id}/clients", e.organizationApplications()::removeClients);
        r.get("/api/v2/organizations/{id}/clients/{clientId}", e.organizationApplications()::client);
        r.patch("/api/v2/organizations/{id}/clients/{clientId}", e.organizationApplications()::updateClient);
        r.get("/api/v2/users/{id}/organizations", e.organizations()::ofUser);
        r.get("/api/v2/organizations/{id}/members", e.organizationMembers()::members);
        r.post("/api/v2/organizations/{id}/members", e.organizationMembers()::addMembers);
        r.delete("/api/v2/organizations/{id}/members", e.organizationMembers()::removeMembers);
        r.get("/api/v2/organizations/{id}/members/{userId}/roles", e.organizationMembers()::memberRoles);
        r.post("/api/v2/organizations/{id}/members/{userId}/roles", e.organizationMembers()::assignRoles);
        r.delete("/api/v2/organizations/{id}/members/{userId}/roles", e.organizationMembers()::removeRoles);
        r.get("/api/v2/organizations/{id}/invitations", e.organizationMembers()::invitations);
        r.post("/api/v2/organizations/{id}/invitations", e.organizationMembers()::createInvitation);
        r.get("/api/v2/organizations/{id}/invitations/{invitationId}", e.organizationMembers()::invitation);
        r.delete("/api/v2/organizations/{id}/invitations/{invitationId}", e.organizationMembers()::deleteInvitation);
        r.get("/api/v2/organizations/{id}/discovery-domains", e.organizationDomains()::list);
        r.post("/api/v2/organizations/{id}/discovery-domains", e.organizationDomains()::create);
        r.get("/api/v2/organizations/{id}/discovery-domains/name/{domain}", e.organizationDomains()::getByName);
        r.get("/api/v2/organizations/{id}/discovery-domains/{domainId}", e.organizationDomains()::get);
        r.patch("/api/v2/organizations/{id}/discovery-domains/{domainId}", e.organizationDomains()::update);
        r.delete("/api/v2/organizations/{id}/discovery-domains/{domainId}", e.organizationDomains()::delete);

        // private_key_jwt credentials of applications
        r.get("/api/v2/clients/{id}/credentials", e.clientCredentials()::list);
        r.post("/api/v2/clients/{id}/credentials", e.clientCredentials()::create);
        r.get("/api/v2/clients/{id}/credentials/{credential_id}", e.clientCredentials()::get);
        r.patch("/api/v2/clients/{id}/credentials/{credential_id}", e.clientCredentials()::update);
        r.delete("/api/v2/clients/{id}/credentials/{credential_id}", e.clientCredentials()::delete);

        // brute-force protection: blocks by identifier and by user
        r.get("/api/v2/user-blocks", e.userBlocks()::byIdentifier);
        r.delete("/api/v2/user-blocks", e.userBlocks()::unblockIdentifier);
        r.get("/api/v2/user-blocks/{id}", e.userBlocks()::byUser);
        r.delete("/api/v2/user-blocks/{id}", e.userBlocks()::unblockUser);

        // Dashboard (issue 6): server-rendered console; every page but sign-in needs an administrator, every post a CSRF token
        Dashboard d = e.dashboard();
        var admin = d.auth();
        r.get("/dashboard/assets/dashboard.css", d::css);
        r.get("/dashboard/assets/dashboard.js", d::js);
        r.get("/dashboard/callback", admin::callback);
        r.get("/dashboard/signed-out", admin::signedOut);
        r.post("/dashboard/signout", admin.admin(admin::signOut));
        r.get("/dashboard", admin.admin(d::home));
        // import from Auth0 (issue 16)
        r.get("/dashboard/import", admin.admin(e.importPages()::page));
        r.post("/dashboard/import/tenant", admin.admin(e.importPages()::dryRun));
        r.post("/dashboard/import/tenant/apply", admin.admin(e.importPages()::apply));
        r.post("/dashboard/import/users", admin.admin(e.importPages()::startUsers));
        r.get("/dashboard/import/jobs/{id}", admin.admin(e.importPages()::job));
        r.get("/dashboard/applications", admin.admin(d.applications()::list));
        r.get("/dashboard/applications/new", admin.admin(d.applications()::newForm));
        r.post("/dashboard/applications/new", admin.admin(d.applications()::create));
        r.get("/dashboard/applications/{id}", admin.admin(d.applications()::show));
        r.post("/dashboard/applications/{id}/settings", admin.admin(d.applications()::updateSettings));
        r.post("/dashboard/applications/{id}/grant-types", admin.admin(d.applications()::updateGrantTypes));
        r.post("/dashboard/applications/{id}/credentials", admin.admin(d.applications()::updateCredentials));
        r.post("/dashboard/applications/{id}/rotate-secret", admin.admin(d.applications()::rotateSecret));
        r.post("/dashboard/applications/{id}/organizations", admin.admin(d.applications()::updateOrganizations));
        r.post("/dashboard/applications/{id}/access", admin.admin(d.applications()::addAccess));
        r.post("/dashboard/applications/{id}/access/remove", admin.admin(d.applications()::removeAccess));
        r.post("/dashboard/applications/{id}/delete", admin.admin(d.applications()::delete));
        r.get("/dashboard/apis", admin.admin(d.apis()::list));
        r.get("/dashboard/apis/new", admin.admin(d.apis()::newForm));
        r.post("/dashboard/apis/new", admin.admin(d.apis()::create));
        r.get("/dashboard/apis/{id}", admin.admin(d.apis()::show));
        r.post("/dashboard/apis/{id}/settings", admin.admin(d.apis()::updateSettings));
        r.post("/dashboard/apis/{id}/rbac", admin.admin(d.apis()::updateRbac));
        r.post("/dashboard/apis/{id}/policies", admin.admin(d.apis()::updatePolicies));
        r.post("/dashboard/apis/{id}/scopes", admin.admin(d.apis()::addScope));
        r.post("/dashboard/apis/{id}/scopes/remove", admin.admin(d.apis()::removeScope));
        r.post("/dashboard/apis/{id}/defaults", admin.admin(d.apis()::updateDefaults));
        r.post("/dashboard/apis/{id}/delete", admin.admin(d.apis()::delete));
        r.get("/dashboard/connections", admin.admin(d.connections()::list));
        r.get("/dashboard/connections/new", admin.admin(d.connections()::newForm));
        r.post("/dashboard/connections/new", admin.admin(d.connections()::create));
        dev.atrium.web.dashboard.EnterpriseConnectionsPages.register(r, admin, d.connections().enterprise()); // issue 11 (before {id})
        r.get("/dashboard/connections/{id}", admin.admin(d.connections()::show));
        r.post("/dashboard/connections/{id}/settings", admin.admin(d.connections()::updateSettings));
        r.post("/dashboard/connections/{id}/domain", admin.admin(d.connections()::updateDomain));
        r.post("/dashboard/connections/{id}/clients", admin.admin(d.connections()::updateClients));
        r.post("/dashboard/connections/{id}/delete", admin.admin(d.connections()::delete));
        r.get("/dashboard/users", admin.admin(d.users()::list));
        r.get("/dashboard/users/new", admin.admin(d.users()::newForm));
        r.post("/dashboard/users/new", admin.admin(d.users()::create));
        r.get("/dashboard/users/{id}", admin.admin(d.users()::show));
        r.post("/dashboard/users/{id}/profile", admin.admin(d.users()::updateProfile));
        r.post("/dashboard/users/{id}/password", admin.admin(d.users()::setPassword));
        r.post("/dashboard/users/{id}/block", admin.admin(d.users()::block));
        r.post("/dashboard/users/{id}/roles", admin.admin(d.users()::assignRole));
        r.post("/dashboard/users/{id}/roles/remove", admin.admin(d.users()::removeRole));
        r.post("/dashboard/users/{id}/consents/revoke", admin.admin(d.users()::revokeConsent));
        r.post("/dashboard/users/{id}/delete", admin.admin(d.users()::delete));
        r.post("/dashboard/users/{id}/administrator", admin.admin(d.users()::setAdministrator));
        r.get("/dashboard/roles", admin.admin(d.roles()::list));
        r.get("/dashboard/roles/new", admin.admin(d.roles()::newForm));
        r.post("/dashboard/roles/new", admin.admin(d.roles()::create));
        r.get("/dashboard/roles/{id}", admin.admin(d.roles()::show));
        r.post("/dashboard/roles/{id}/settings", admin.admin(d.roles()::updateSettings));
        r.post("/dashboard/roles/{id}/permissions", admin.admin(d.roles()::addPermissions));
        r.post("/dashboard/roles/{id}/permissions/remove", admin.admin(d.roles()::removePermission));
        r.post("/dashboard/roles/{id}/users", admin.admin(d.roles()::addUser));
        r.post("/dashboard/roles/{id}/users/remove", admin.admin(d.roles()::removeUser));
        r.post("/dashboard/roles/{id}/delete", admin.admin(d.roles()::delete));
        // Dashboard → Organizations (organizations.md §5)
        r.get("/dashboard/organizations", admin.admin(d.organizations()::list));
        r.get("/dashboard/organizations/new", admin.admin(d.organizations()::newForm));
        r.post("/dashboard/organizations/new", admin.admin(d.organizations()::create));
        r.get("/dashboard/organizations/{id}", admin.admin(d.organizations()::show));
        r.get("/dashboard/organizations/{id}/{tab}", admin.admin(d.organizations()::show));
        r.post("/dashboard/organizations/{id}/settings", admin.admin(d.organizations()::updateSettings));
        r.post("/dashboard/organizations/{id}/delete", admin.admin(d.organizations()::delete));
        r.post("/dashboard/organizations/{id}/connections", admin.admin(d.organizations().connections()::addConnection));
        r.post("/dashboard/organizations/{id}/connections/update", admin.admin(d.organizations().connections()::updateConnection));
        r.post("/dashboard/organizations/{id}/connections/remove", admin.admin(d.organizations().connections()::removeConnection));
        r.post("/dashboard/organizations/{id}/members", admin.admin(d.organizations().members()::addMember));
        r.post("/dashboard/organizations/{id}/members/remove", admin.admin(d.organizations().members()::removeMember));
        r.get("/dashboard/organizations/{id}/members/{userId}", admin.admin(d.organizations().members()::member));
        r.post("/dashboard/organizations/{id}/members/{userId}/roles", admin.admin(d.organizations().members()::assignMemberRoles));
        r.post("/dashboard/organizations/{id}/members/{userId}/roles/remove", admin.admin(d.organizations().members()::removeMemberRole));
        r.post("/dashboard/organizations/{id}/invitations", admin.admin(d.organizations().members()::invite));
        r.post("/dashboard/organizations/{id}/invitations/delete", admin.admin(d.organizations().members()::deleteInvitation));
        r.post("/dashboard/organizations/{id}/domains", admin.admin(d.organizations().domains()::addDomain));
        r.post("/dashboard/organizations/{id}/domains/verify", admin.admin(d.organizations().domains()::verifyDomain));
        r.post("/dashboard/organizations/{id}/domains/discovery", admin.admin(d.organizations().domains()::updateDomainDiscovery));
        r.post("/dashboard/organizations/{id}/domains/delete", admin.admin(d.organizations().domains()::deleteDomain));
        r.post("/dashboard/organizations/{id}/applications", admin.admin(d.organizations().applications()::addApplication));
        r.post("/dashboard/organizations/{id}/applications/third-party", admin.admin(d.organizations().applications()::updateThirdPartyAccess));
        r.post("/dashboard/organizations/{id}/applications/entitlement", admin.admin(d.organizations().applications()::updateEntitlement));
        r.post("/dashboard/organizations/{id}/applications/member-access", admin.admin(d.organizations().applications()::updateMemberAccess));
        r.post("/dashboard/organizations/{id}/applications/remove", admin.admin(d.organizations().applications()::removeApplication));
        r.post("/dashboard/organizations/{id}/applications/approval", admin.admin(d.organizations().applications()::updateApproval)); // issue 14
        r.post("/dashboard/organizations/{id}/applications/approvals", admin.admin(d.organizations().applications()::decideApproval)); // issue 14
        r.post("/dashboard/organizations/{id}/m2m", admin.admin(d.organizations().applications()::addGrant));
        r.post("/dashboard/organizations/{id}/m2m/remove", admin.admin(d.organizations().applications()::removeGrant));
        r.get("/dashboard/settings", admin.admin(d.settings()::settings));
        r.post("/dashboard/settings/general", admin.admin(d.settings()::updateGeneral));
        r.post("/dashboard/settings/branding", admin.admin(d.settings()::updateBranding));
        r.post("/dashboard/settings/advanced", admin.admin(d.settings()::updateAdvanced));
        r.post("/dashboard/settings/onboarding", admin.admin(d.settings()::updateOnboarding)); // issue 14
        r.get("/dashboard/keys", admin.admin(d.settings()::keys));
        r.post("/dashboard/keys/rotate", admin.admin(d.settings()::rotate));
        r.post("/dashboard/keys/revoke", admin.admin(d.settings()::revoke));

        // ---- issue 13: e-mail and the account life cycle (every route in EmailRoutes) ----
        e.email().register(r, admin);
        // --- tenant logs (issue 19): /api/v2/logs, /api/v2/users/{id}/logs, the Management API audit
        e.logs().routes(r);
        // --- end tenant logs
        e.agents().register(r); // issue 14: initial access tokens

        // errors: every one is written by ErrorShapes, in the shape of the API the path belongs to (ErrorRoutes)
        ErrorRoutes.register(cfg, e.pages());
    }

    /** The error writer for {@code pages}' branding; the one instance the routes use. */
    public static ErrorShapes errorShapes(HostedPages pages) {
        return new ErrorShapes(new Templates(), () -> pages.chrome("error", "Something went wrong", null));
    }

    /** Only a POST creates an account; the sign-up page itself is free to load. */
    private static void throttleSignup(Context ctx, Endpoints e) {
        if (ctx.method().name().equals("POST")) {
            e.signupThrottle().check(ctx);
        }
    }

    /** Discovery documents may be read from any origin. */
    private static void publicJson(Context ctx, ObjectNode body) {
        ctx.header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "public, max-age=60")
                .contentType("application/json").result(Json.write(body));
    }
}

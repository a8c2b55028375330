package dev.atrium;

import dev.atrium.authflow.*;
import dev.atrium.bootstrap.*;
import dev.atrium.clients.*;
import dev.atrium.common.*;
import dev.atrium.config.*;
import dev.atrium.connections.*;
import dev.atrium.connections.oidc.*;
import dev.atrium.email.*;
import dev.atrium.enterprise.*;
import dev.atrium.keys.*;
import dev.atrium.migration.*;
import dev.atrium.oauth.*;
import dev.atrium.oauth.grants.*;
import dev.atrium.onboarding.*;
import dev.atrium.organizations.*;
import dev.atrium.resourceservers.*;
import dev.atrium.roles.*;
import dev.atrium.sessions.*;
import dev.atrium.storage.*;
import dev.atrium.tenant.*;
import dev.atrium.tokens.*;
import dev.atrium.users.*;
import dev.atrium.web.*;
import dev.atrium.web.dashboard.*;
import dev.atrium.web.management.*;
import dev.atrium.web.ui.*;
import tools.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.nio.file.Path;
import io.javalin.Javalin;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * The one place where Atrium is put together: every store, service, endpoint and route is created
 * here with {@code new}, in dependency order, so that the whole object graph reads top to bottom.
 * Tests build the same graph with a test configuration.
 */
public final class Atrium implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Atrium.class);
    /** How long {@link #close()} waits for in-flight requests before cutting them off. */
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    /** The client id of the dashboard application ensured at start-up. */
    public static final String DASHBOARD_CLIENT_ID = "atrium_dashboard";

    private final AtriumConfig config;
    private final Database database;
    private final Javalin app;
    private final String issuer;
    private final int port;
    private final Outbox outbox;
    private final Migration migration;
    private volatile boolean serving;
    /** Background workers (tenant log writer, log-stream delivery, housekeeping), stopped before the database closes. */
    private final List<AutoCloseable> background = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Deletes rows no flow can use any more (expired transactions, codes, sessions, …), hourly. */
    private dev.atrium.storage.Housekeeping housekeeping;

    /** The ways off (and back to) Auth0 (issue 16): the tenant import and the user import/export jobs. */
    public record Migration(TenantImporter tenantImporter, UserJobs userJobs) {
    }

    private Atrium(AtriumConfig config, Database database, Javalin app, String issuer, int port, Outbox outbox,
                   Migration migration) {
        this.config = config;
        this.database = database;
        this.app = app;
        this.issuer = issuer;
        this.port = port;
        this.outbox = outbox;
        this.migration = migration;
    }

    /** Builds the server: opens and migrates the database, ensures keys and bootstrap records. Does not listen yet. */
    public static Atrium create(AtriumConfig requested) {
        return create(requested, Clock.systemUTC());
    }

    /** As {@link #create(AtriumConfig)}, with the clock every expiry and timestamp is read from (tests move it). */
    public static Atrium create(AtriumConfig requested, Clock clock) {
        return create(requested, clock, hasher -> hasher);
    }

    /** As {@link #create(AtriumConfig, Clock)}; {@code hashers} wraps the password hasher (tests count its work). */
    public static Atrium create(AtriumConfig requested, Clock clock, java.util.function.UnaryOperator<PasswordHasher> hashers) {
        AtriumConfig config = requested.port() == 0 ? requested.withPort(StartupSteps.freePort()) : requested;
        String issuer = config.issuerFor(config.port());
        String managementAudience = issuer + "api/v2/";

        StartupTrace.mark("jvm+main");
        Database database = new Database(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                config.databaseStatementTimeout());
        StartupTrace.mark("database-open");
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        StartupTrace.mark("migrations");
        var jdbi = database.jdbi();
        // Main loads the native crypto provider on another thread meanwhile; every key below uses it
        CryptoProviders.install();
        StartupTrace.mark("crypto-provider-wait");
        MasterKey masterKey = MasterKey.load(config.encryptionKey(), config.keyFile());

        // tenant logs (issue 19): recorded through a bounded queue and written in batches off the request thread
        var logStore = new dev.atrium.storage.JdbcLogStore(jdbi, clock);
        var asyncLog = config.logs().enabled()
                ? new dev.atrium.logs.AsyncEventLog(logStore, clock, config.logs().retentionDays(), 100_000,
                        java.time.Duration.ofMillis(database.isEmbedded() ? dev.atrium.logs.AsyncEventLog.EMBEDDED_LINGER_MILLIS : 0))
                : null;
        dev.atrium.logs.EventLog eventLog = asyncLog == null ? dev.atrium.logs.EventLog.NONE : asyncLog;
        var streamSealer = StartupSteps.sealer(masterKey); // stream authorization headers are sealed at rest
        var logStreamStore = new dev.atrium.storage.JdbcLogStreamStore(jdbi, streamSealer::seal, streamSealer::open);
        StartupSteps.unlessWritesRefused(logStreamStore::sealPlaintext);
        var streamEndpoints = new dev.atrium.logs.StreamEndpoints(config.logs().allowInsecureStreams());
        var logStreams = new dev.atrium.logs.LogStreamService(logStreamStore, logStore, streamEndpoints, clock);

        // stores
        var roleStore = new JdbcRoleStore(jdbi, clock);
        var userStore = new JdbcUserStore(jdbi, clock);
        var transactionStore = new JdbcAuthTransactionStore(jdbi);
        var sessionStore = new JdbcSessionStore(jdbi);
        var codeStore = new JdbcAuthorizationCodeStore(jdbi);
        var refreshTokenStore = new JdbcRefreshTokenStore(jdbi);
        var consentStore = new dev.atrium.logs.RecordingConsentStore(new JdbcConsentStore(jdbi, clock), eventLog);
        var loginFailureStore = new JdbcLoginFailureStore(jdbi);
        // MFA (issue 12): TOTP secrets sealed under the master key
        var mfa = new dev.atrium.mfa.MfaService(new dev.atrium.storage.JdbcMfaStore(jdbi), masterKey::encrypt, masterKey::decrypt, clock);
        var organizationMemberStore = new JdbcOrganizationMemberStore(jdbi, clock);
        var discoveryDomainStore = new JdbcDiscoveryDomainStore(jdbi, clock);
        var organizationApplicationStore = new JdbcOrganizationApplicationStore(jdbi, clock);
        // cached reads for the sign-in and token paths; the Management API reads through fresh() (storage/CacheVersions)
        var cacheVersions = new CacheVersions(database, CacheVersions.POLL, config.cacheMaxStaleness()).start();
        var keyStore = new CachedKeyStore(new JdbcKeyStore(jdbi), cacheVersions);
        var cachedTenant = new CachedTenantStore(new JdbcTenantStore(jdbi, clock), cacheVersions);
        var cachedClients = new CachedClientStore(new JdbcClientStore(jdbi, clock), cacheVersions);
        var cachedClientGrants = new CachedClientGrantStore(new JdbcClientGrantStore(jdbi, clock), cacheVersions);
        var connectionStore = new dev.atrium.storage.CachedConnectionStore(new JdbcConnectionStore(jdbi, clock), cacheVersions);
        // organizations: the sign-in and token paths read the node's cache, the Management API and dashboard the database
        var cachedOrganizations = new dev.atrium.storage.CachedOrganizationStore(new JdbcOrganizationStore(jdbi, clock), cacheVersions);
        var organizationStore = cachedOrganizations.fresh();
        var cachedOrganizationConnections = new dev.atrium.storage.CachedOrganizationConnectionStore(
                new JdbcOrganizationConnectionStore(jdbi, clock), cacheVersions);
        // MFA (issue 12): when a sign-in or a refresh needs a second factor (tenant, request, organization)
        var mfaRequirement = new dev.atrium.mfa.MfaRequirement(() -> cachedTenant.get().doc(),
                orgId -> cachedOrganizations.find(orgId).map(dev.atrium.organizations.Organization::requireMfa).orElse(false), mfa);
        var cachedResourceServers = new CachedResourceServerStore(new JdbcResourceServerStore(jdbi, clock), cacheVersions);
        var tenantStore = cachedTenant.fresh();
        var clientStore = cachedClients.fresh();
        var clientGrantStore = cachedClientGrants.fresh();
        var resourceServerStore = cachedResourceServers.fresh();
        var clientCredentialStore = new JdbcClientCredentialStore(jdbi);

        // services
        KeyService keys = new KeyService(keyStore, masterKey, clock);
        keys.initialise();
        StartupTrace.mark("signing-keys");
        ClientSecrets secrets = new ClientSecrets(masterKey.derive("client-secret-hash"));
        ClientService clients = new ClientService(clientStore, clientCredentialStore, secrets, clock);
        ResourceServerService resourceServers = new ResourceServerService(resourceServerStore, clock);
        ClientGrantService clientGrants = new ClientGrantService(clientGrantStore, clientStore, resourceServerStore, clock);
        RoleService roles = new RoleService(roleStore, resourceServerStore);
        // issue 11: enterprise (oidc) connections: secrets sealed under the master key, upstream URLs policed
        UpstreamUrls upstreamUrls = new UpstreamUrls(config.allowInsecureUpstreamUrls());
        SecretSealer sealer = StartupSteps.sealer(masterKey);
        OidcOptions oidcOptions = new OidcOptions(upstreamUrls, sealer);
        var samlOptions = new dev.atrium.connections.saml.SamlOptions(upstreamUrls, sealer);
        // the Management API and the dashboard read connections from the database; the sign-in path from the cache
        ConnectionService connections = new ConnectionService(connectionStore.fresh(), clientStore, oidcOptions, samlOptions);
        // hashes imported from Auth0 verify once, then are replaced by Argon2id (issue 16)
        PasswordHasher passwordHasher = hashers.apply(new dev.atrium.users.ImportedPasswordHasher(new Argon2PasswordHasher(
                config.passwordHashing().memoryKib(), config.passwordHashing().iterations(), config.passwordHashing().parallelism())));
        SessionService sessions = new SessionService(sessionStore, clock);
        // issue 9: a password change, a block, a deletion or a promotion ends every session and refresh token of the user
        AccountSessions accountSessions = userId -> {
            sessions.endAllOfUser(userId);
            refreshTokenStore.revokeAllOfUser(userId, clock.instant());
        };
        UserService users = new UserService(userStore, connectionStore, passwordHasher, accountSessions, clock, eventLog);
        Administrators administrators = new Administrators(new JdbcAdministratorStore(jdbi), users, accountSessions, clock);
        // the organization slice, one service per sub-resource; OrganizationService is the core and the flows' entry
        OrganizationConnectionService organizationConnections = new OrganizationConnectionService(cachedOrganizationConnections.fresh(),
                connectionStore);
        OrganizationMemberService organizationMembers = new OrganizationMemberService(organizationMemberStore, userStore, roleStore,
                clientStore, connectionStore, tenantStore, clock).recordingTo(eventLog);
        DiscoveryDomainService discoveryDomains = new DiscoveryDomainService(discoveryDomainStore, new JndiDnsTxtResolver());
        OrganizationApplicationService organizationApplications = new OrganizationApplicationService(organizationApplicationStore,
                clientStore, clientGrantStore);
        OrganizationService organizations = new OrganizationService(organizationStore, organizationConnections,
                organizationMembers, discoveryDomains, organizationApplications, userStore, tenantStore, clock);
        LoginService login = new LoginService(userStore, connectionStore, passwordHasher, loginFailureStore, clock, eventLog);
        // e-mail and the account life cycle (issue 13): a durable outbox; the worker runs only with SMTP.
        // Wired before the bootstrap so that the demo tenant's invitation is e-mailed (kept in the outbox) too
        Optional<MailTransport> transport = config.smtp().map(smtp -> new SmtpTransport(smtp,
                config.emailFrom().orElse("no-reply@" + java.net.URI.create(issuer).getHost()), java.net.URI.create(issuer).getHost()));
        Outbox outbox = new Outbox(new JdbcOutboxStore(jdbi), transport, clock);
        AccountEmails accountEmails = new AccountEmails(outbox, new EmailTemplates(new JdbcEmailTemplateStore(jdbi, clock)),
                new JdbcAccountTicketStore(jdbi), new JdbcEmailRequestLog(jdbi), users, connectionStore, clientStore, tenantStore,
                organizations::find, accountSessions::endAll, issuer, clock);
        organizationMembers.onInvitationCreated(accountEmails::invited);
        Bootstrap bootstrap = new Bootstrap(resourceServers, clients, clientGrants, connections, administrators,
                new DemoSeed(resourceServers, clients, clientGrants, connections, users, roles, new TenantSettingsService(tenantStore),
                        organizations, organizationMembers, discoveryDomains, administrators));
        StartupSteps.unlessWritesRefused(() -> bootstrap.run(config, managementAudience));
        StartupTrace.mark("bootstrap");
        TenantSettingsService tenantSettings = new TenantSettingsService(tenantStore);
        // moving from Auth0 (issue 16)
        UnitOfWork unitOfWork = new JdbiUnitOfWork(jdbi);
        ImportChecks importChecks = new ManagementImportChecks();
        OrganizationImport organizationImport = new OrganizationImport(organizations, organizationConnections,
                organizationMembers, discoveryDomains, organizationApplications, importChecks);
        // uploads and exports live in the data directory, beside the key file
        Path jobsDirectory = config.keyFile().toAbsolutePath().getParent().resolve("jobs");
        Migration migration = new Migration(new TenantImporter(tenantSettings, clients, resourceServers, clientGrants,
                connections, roles, organizationImport, importChecks, unitOfWork, clock),
                new UserJobs(new JdbcJobStore(jdbi, clock), users, connections, roles, organizationImport, unitOfWork,
                        jobsDirectory, masterKey.derive("export-link"), clock).notifying(new CompletionEmail(outbox, administrators, users, issuer)));

        // protocol
        JwtSigner signer = new JwtSigner(keys);
        TokenVerifier verifier = new TokenVerifier(keys, issuer, clock);
        AccessTokenFactory accessTokens = new AccessTokenFactory(signer, issuer, clock);
        IdTokenFactory idTokenFactory = new IdTokenFactory(signer, issuer, clock).withAuthenticationMethods(mfa::sessionMethods);
        UserTokens userTokens = new UserTokens(accessTokens, idTokenFactory, refreshTokenStore, clock);
        OrganizationDirectory organizationDirectory = new StoreOrganizationDirectory(organizations, cachedOrganizations,
                cachedOrganizationConnections, roleStore);
        // O92/O93: outside organizations the user's tenant roles; inside one, the roles of that membership only
        UserPermissions permissions = (user, org, api) -> org == null ? roleStore.permissionsOf(user, api)
                : organizationDirectory.permissions(org, user, api);
        OrganizationNames organizationNames = org -> org == null || !cachedTenant.get().allowOrganizationNameInAuthenticationApi()
                ? null : organizationDirectory.resolve(org, false).map(OrganizationDirectory.Org::name).orElse(null);
        AccessRequestLoader accessLoader = new AccessRequestLoader(connectionStore, organizationDirectory, userStore).recordingTo(eventLog)
                .withDefaultDirectory(() -> dev.atrium.common.Json.text(cachedTenant.get().doc(), "default_directory", null)); // O46
        var accessCheck = new dev.atrium.oauth.AccessCheck(accessLoader, cachedClients, userStore, connectionStore, organizationDirectory,
                cachedResourceServers, cachedClientGrants);
                // issue 14: Client ID Metadata Documents behind the client lookups of /authorize and /oauth/token
        MetadataDocumentClients metadataClients = new MetadataDocumentClients(cachedClients, clients,
                ClientMetadataFetcher.standard(config.allowInsecureMetadataUrls(), clock), tenantStore);
        var onboarding = AgentWiring.of(jdbi, cachedClients, cachedTenant, clock);
        metadataClients.expiring(onboarding.expiry());
        ClientAuthenticator clientAuthenticator = new ClientAuthenticator(metadataClients.forToken(), secrets, clientCredentialStore, issuer, clock);
        TokenEndpoint token = new TokenEndpoint(clientAuthenticator, List.of(
                new ClientCredentialsGrantHandler(cachedResourceServers, cachedClientGrants, cachedTenant, accessTokens, organizations)
                        .withQuotas(new dev.atrium.oauth.grants.TokenQuotas(new dev.atrium.storage.JdbcTokenQuotaStore(jdbi), cachedTenant, clock)),
                new AuthorizationCodeGrantHandler(codeStore, refreshTokenStore, userStore, cachedResourceServers, permissions, userTokens,
                        cachedClientGrants, organizationNames, clock),
                new RefreshTokenGrantHandler(refreshTokenStore, userStore, cachedResourceServers, permissions, userTokens,
                        cachedClientGrants, accessLoader, organizationNames, clock)
                        // MFA (issue 12): T58/X17
                        .withMfaPolicy(mfaRequirement::refresh)), eventLog);
        ConsentPolicy consentPolicy = new ConsentPolicy(cachedClientGrants, consentStore, permissions);
        AuthorizeResponses authorizeResponses = new AuthorizeResponses(cachedClients, issuer);
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(
                new AuthorizeRequestValidator(metadataClients.forAuthorize(), cachedResourceServers, cachedClientGrants, accessLoader),
                transactionStore, cachedClients, organizationDirectory, accessLoader,
                new AuthorizeEndpoint.Parts(
                        new FlowInputs(cachedResourceServers, sessions, userStore, accessLoader, consentPolicy,
                                () -> Duration.ofHours(Json.number(cachedTenant.get().doc(), "idle_session_lifetime", 72)), clock,
                                // MFA (issue 12): the policy of this sign-in
                                tx -> mfaRequirement.signIn(tx.request().acrValues(), tx.organizationId(), tx.sid())),
                        new AccessEffects(organizationDirectory, eventLog), consentPolicy,
                        new CodeIssuer(codeStore, consentPolicy, accessLoader, authorizeResponses,
                                (c, tx, scope, code) -> idTokenFactory.issue(c, userStore.find(tx.userId()).orElseThrow(),
                                        new IdTokenFactory.Context(scope, tx.request().nonce(), tx.authTime(), tx.sid(), null,
                                                tx.organizationId(), organizationNames.nameFor(tx.organizationId())), code), clock).recordingTo(eventLog),
                        authorizeResponses),
                () -> cachedTenant.get().allowOrganizationNameInAuthenticationApi(), clock).recordingTo(eventLog);
        DiscoveryEndpoint discovery = new DiscoveryEndpoint(issuer,
                List.of("userinfo_endpoint", "revocation_endpoint", "end_session_endpoint"),
                () -> cachedTenant.get().flag("enable_dynamic_client_registration")
                        && !OnboardingPolicy.of(cachedTenant.get().doc()).registrationOff(),
                () -> OnboardingPolicy.of(cachedTenant.get().doc()).metadataDocuments());
        Cookies cookies = new Cookies(issuer);
        Csrf csrf = new Csrf(masterKey.derive("csrf"));
        Templates templates = new Templates();
        HostedPages pages = new HostedPages(authorize, login, sessions, StartupSteps.signupThrough(users, accountEmails), cachedClients,
                cachedResourceServers, consentStore, userStore, cachedTenant, templates, cookies, csrf);
        // issue 14: organizations where self-registered applications wait for an administrator's approval
        var approvalStore = new JdbcApplicationApprovalStore(jdbi);
        pages.approvals(new ApprovalGate(approvalStore, () -> OnboardingPolicy.of(cachedTenant.get().doc()), clock));
        AuthenticationApi authApi = new AuthenticationApi(token, new DbConnectionsEndpoint(cachedClients, connectionStore, users,
                (user, clientId) -> accountEmails.signedUp(user, Optional.of(clientId))),
                new UserInfoEndpoint(verifier, userStore, cachedClients, issuer),
                new RevocationEndpoint(clientAuthenticator, refreshTokenStore, clock),
                new LogoutEndpoint(cachedClients, cachedTenant, keys, issuer), sessions, cachedClients, pages, cookies, csrf, templates,
                eventLog);
        OidcRelyingParty relyingParty = new OidcRelyingParty(new UpstreamFetcher(upstreamUrls), upstreamUrls, oidcOptions, clock);
        authApi.withFederatedLogout(EnterpriseWiring.federatedLogout(connections, relyingParty)); // issue 11
        authApi.withPlaceholderOrigins(new dev.atrium.web.PlaceholderOrigins(cachedClients,
                id -> cachedOrganizations.find(id).map(dev.atrium.organizations.Organization::name))); // O18: {organization_name} origins
        var connectionTry = new dev.atrium.web.ui.ConnectionTry(relyingParty, sealer, connections::find, issuer, clock); // issue 11: "Try"

        // dashboard (issue 6): a first-party application whose secret is derived from the master key, so
        // every node and every restart agree on it without storing it
        String dashboardSecret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(masterKey.derive("dashboard-client-secret"));
        StartupSteps.unlessWritesRefused(() -> bootstrap.ensureDashboard(DASHBOARD_CLIENT_ID, dashboardSecret, DashboardAuth.callback(issuer),
                DashboardAuth.signedOut(issuer)));
        var logsPages = new dev.atrium.web.dashboard.LogsPages(logStore, logStreams, new dev.atrium.logs.LogActivity(logStore, clock),
                accessCheck);
        var mfaDashboard = new dev.atrium.web.dashboard.MfaDashboardPages(tenantSettings, organizations, mfa, users); // MFA (issue 12)
        Dashboard dashboard = new Dashboard(
                new DashboardAuth(DASHBOARD_CLIENT_ID, dashboardSecret, issuer, token, verifier, users, administrators, sessions, csrf, templates,
                        () -> tenantStore.get().friendlyName()),
                new ApplicationsPages(clients, clientGrants, resourceServers, tenantStore),
                new ApisPages(resourceServers, clientGrants, issuer),
                new ConnectionsPages(connections, clients).withEnterprise(
                        new dev.atrium.web.dashboard.EnterpriseConnectionsPages(connections, issuer).withTester(connectionTry)), // issue 11
                new UsersPages(users, connections, roles, consentStore, clients, clock, organizations, administrators)
                        .showingActivity(id -> List.of(logsPages.recent("user_id", id))).showingFactors(mfaDashboard::userBlocks),
                new RolesPages(roles, resourceServers, users),
                new SettingsPages(tenantSettings, keys),
                clients, resourceServers, connections, users, roles,
                new OrganizationsPages(organizations, tenantStore,
                        new OrganizationConnectionsPages(organizations, organizationConnections, connections),
                        new OrganizationMembersPages(organizations, organizationMembers, organizationConnections, users, roles,
                                clients, clock),
                        new OrganizationDomainsPages(organizations, discoveryDomains),
                        new OrganizationApplicationsPages(organizations, organizationApplications, clients, clientGrants,
                                resourceServers, new OrganizationApplicationsApi.ApplicationApprovals(approvalStore, tenantSettings, clock))).showingActivity(id -> List.of(logsPages.chart(java.util.Optional.of(id)),
                                logsPages.recent("organization_id", id))),
                organizations).showingActivity(() -> List.of(logsPages.chart(java.util.Optional.empty())));

        // management API
        ManagementApi management = new ManagementApi(verifier, managementAudience, config.managementRateLimit(), clock);

        OrganizationsApi organizationsApi = new OrganizationsApi(organizations, organizationConnections, organizationApplications);

        Atrium[] self = new Atrium[1];
        Routes.Endpoints endpoints = new Routes.Endpoints(
                () -> self[0] != null && self[0].serving && database.isReachable(),
                discovery, keys, authApi, pages, management,
                new ClientsApi(clients, tenantStore),
                new ClientGrantsApi(clientGrants),
                new ResourceServersApi(resourceServers, issuer),
                new TenantSettingsApi(tenantSettings),
                new SigningKeysApi(keys),
                new RolesApi(roles),
                new UserRolesApi(roles),
                new ConnectionsApi(connections, clients, clock),
                new UsersApi(users, administrators, new UsersApi.Changes() {
                    public void created(dev.atrium.users.User u, dev.atrium.users.NewUser request) {
                        accountEmails.created(u, request);
                    }

                    public void updated(dev.atrium.users.User before, dev.atrium.users.User after, dev.atrium.users.UserPatch request) {
                        accountEmails.updated(before, after, request);
                    }
                }),
                // third-party applications
                new DynamicRegistrationEndpoint(clients, tenantStore, 5, clock, eventLog).onboarding(onboarding.tokens(), onboarding.expiry()),
                new GrantsApi(consentStore, clock),
                // organizations
                organizationsApi,
                new OrganizationMembersApi(organizationMembers, organizations, organizationsApi),
                new OrganizationDomainsApi(discoveryDomains, organizationsApi),
                new OrganizationConnectionsApi(organizationConnections, organizationsApi),
                new OrganizationApplicationsApi(organizationApplications, organizationsApi,
                        new OrganizationApplicationsApi.ApplicationApprovals(approvalStore, tenantSettings, clock)),
                // dashboard
                dashboard,
                // application credentials and brute-force blocks
                new ClientCredentialsApi(new ClientCredentialService(clientCredentialStore, clientStore, clock)),
                new UserBlocksApi(login, users),
                new SignupThrottle(config.signupLimits().perIpPerMinute(), config.signupLimits().perTenantPerMinute(), clock)
                        .recordingTo(eventLog),
                new EmailRoutes(accountEmails, new AccountPages(accountEmails, authorize, cachedClients, pages, templates, cookies, csrf),
                        new EmailApi(accountEmails, new JdbcJobStore(jdbi, clock), clock), new EmailPages(accountEmails)),
                new JobsApi(migration.userJobs(), issuer),
                new ImportPages(migration.tenantImporter(), migration.userJobs(), connections, jobsDirectory),
                // issue 11: enterprise (OpenID Connect) sign-in
                new EnterpriseLoginPages(pages, authorize, relyingParty, new EnterpriseUsers(userStore, clock), sealer, cookies, issuer, clock)
                        .withTry(connectionTry)
                        .withSaml(EnterpriseWiring.pages(pages, authorize, samlOptions, new EnterpriseUsers(userStore, clock), sealer,
                                cookies, connections, jdbi, issuer, clock, connectionTry)),
                // MFA (issue 12)
                MfaWiring.routes(MfaWiring.webAuthn(jdbi, clock, issuer, () -> cachedTenant.get().doc()),
                        new dev.atrium.web.management.GuardianApi(tenantSettings, mfa, users),
                        new dev.atrium.web.ui.MfaPages(pages, authorize, mfa, mfaRequirement, login, cachedClients, userStore,
                                templates, cookies, csrf, issuer), mfaDashboard, pages, authorize, mfa, mfaRequirement, login,
                        cachedClients, userStore, templates, cookies, csrf),
                // tenant logs (issue 19)
                new dev.atrium.web.LogsWeb(new dev.atrium.web.management.LogsApi(logStore),
                        new dev.atrium.web.management.ManagementAudit(eventLog,
                                id -> cachedClients.find(id).map(dev.atrium.clients.Client::name).orElse(null)),
                        new dev.atrium.web.management.LogStreamsApi(logStreams), dashboard.auth(), logsPages,
                        new dev.atrium.web.management.AccessCheckApi(accessCheck)),
                onboarding.routes());

        StartupTrace.mark("object-graph");
        Javalin app = Javalin.create(cfg -> {
            Routes.listen(cfg, config.host(), config.port());
            cfg.jetty.modifyServer(server -> {
                // SIGTERM: stop() closes the listener and waits, at most the stop timeout, for open
                // connections to finish their requests; the GracefulHandler (Javalin mounts its servlet
                // inside it) answers 503 to requests that still arrive on them, so shutdown ends
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                server.setHandler(new GracefulHandler());
            });
            // multipart uploads (the users file) spill to the data directory, never whole into memory
            cfg.jetty.multipartConfig.cacheDirectory(jobsDirectory.toString());
            Routes.configure(cfg, endpoints);
        });
        self[0] = new Atrium(config, database, app, issuer, config.port(), outbox, migration);
        StartupTrace.mark("javalin-create");
        self[0].housekeeping = new dev.atrium.storage.Housekeeping(jdbi, clock);
        self[0].background.add(self[0].housekeeping);
        if (asyncLog != null) {
            self[0].background.add(0, new dev.atrium.logs.LogStreamDelivery(logStreamStore, logStore, streamEndpoints, clock,
                    StartupSteps.streamSettings(config.logs())));
            self[0].background.add(asyncLog);
        }
        return self[0];
    }

    /** Starts listening; logs the one start-up line of operations.md. */
    public Atrium start() {
        return start(() -> { }, () -> { });
    }

    /**
     * As {@link #start()}, with two steps that the command line's start passes ({@link HeapTuning}) and
     * tests leave out: {@code beforeListening} runs once everything is built, before Jetty starts;
     * {@code beforeReady} once the server listens, before {@code /health} reports ready.
     */
    public Atrium start(Runnable beforeListening, Runnable beforeReady) {
        beforeListening.run();
        StartupTrace.mark("before-listening");
        app.start();
        outbox.start();
        housekeeping.start();
        StartupTrace.mark("jetty-start");
        beforeReady.run();
        StartupTrace.mark("before-ready");
        serving = true;
        int resumed = migration.userJobs().resume();
        if (resumed > 0) {
            LOG.info("Resumed {} unfinished user job(s)", resumed);
        }
        StartupTrace.print();
        LOG.info("Atrium started: issuer {} database {} ({}) port {}", issuer, database.kind(), database.describe(), port());
        LOG.info(outbox.delivers()
                ? "E-mail: sent through " + config.smtp().orElseThrow().redacted() + " from the outbox"
                : "E-mail: no SMTP server configured (ATRIUM_SMTP_URL), so no mail is sent; messages are kept in the outbox (dashboard: /dashboard/outbox)");
        return this;
    }

    public int port() {
        return app.port() > 0 ? app.port() : port;
    }

    public String issuer() {
        return issuer;
    }

    /** The housekeeping of expired rows ({@link dev.atrium.storage.Housekeeping#run()} runs one pass now). */
    public dev.atrium.storage.Housekeeping housekeeping() {
        return housekeeping;
    }

    public String managementAudience() {
        return issuer + "api/v2/";
    }

    public AtriumConfig config() {
        return config;
    }

    public Migration migration() {
        return migration;
    }

    /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
    @Override
    public void close() {
        serving = false;
        app.stop();
        for (AutoCloseable b : background) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", b.getClass().getSimpleName(), e.toString());
            }
        }
        outbox.close();
        migration.userJobs().close();
        database.close();
    }
}

package dev.atrium;

import dev.atrium.bootstrap.Bootstrap;
import dev.atrium.authflow.LoginService;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.oauth.AuthorizeRequestValidator;
import dev.atrium.oauth.LogoutEndpoint;
import dev.atrium.oauth.RevocationEndpoint;
import dev.atrium.oauth.UserInfoEndpoint;
import dev.atrium.oauth.UserPermissions;
import dev.atrium.oauth.grants.AuthorizationCodeGrantHandler;
import dev.atrium.oauth.grants.RefreshTokenGrantHandler;
import dev.atrium.sessions.SessionService;
import dev.atrium.storage.JdbcAuthTransactionStore;
import dev.atrium.storage.JdbcAuthorizationCodeStore;
import dev.atrium.storage.JdbcClientCredentialStore;
import dev.atrium.storage.JdbcConsentStore;
import dev.atrium.storage.JdbcLoginFailureStore;
import dev.atrium.storage.JdbcRefreshTokenStore;
import dev.atrium.storage.JdbcSessionStore;
import dev.atrium.tokens.IdTokenFactory;
import dev.atrium.tokens.UserTokens;
import dev.atrium.users.PasswordHasher;
import dev.atrium.web.AuthenticationApi;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.Templates;
import tools.jackson.databind.node.ObjectNode;
import java.time.Duration;
import dev.atrium.clients.ClientCredentialService;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientSecrets;
import dev.atrium.clients.ClientService;
import dev.atrium.config.AtriumConfig;
import dev.atrium.connections.ConnectionService;
import dev.atrium.keys.KeyService;
import dev.atrium.keys.MasterKey;
import dev.atrium.oauth.ClientAuthenticator;
import dev.atrium.oauth.DiscoveryEndpoint;
import dev.atrium.oauth.TokenEndpoint;
import dev.atrium.oauth.grants.ClientCredentialsGrantHandler;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.roles.RoleService;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcClientGrantStore;
import dev.atrium.storage.JdbcClientStore;
import dev.atrium.storage.JdbcConnectionStore;
import dev.atrium.storage.JdbcKeyStore;
import dev.atrium.storage.JdbcResourceServerStore;
import dev.atrium.storage.JdbcRoleStore;
import dev.atrium.storage.JdbcTenantStore;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.tokens.AccessTokenFactory;
import dev.atrium.tokens.JwtSigner;
import dev.atrium.tokens.TokenVerifier;
import dev.atrium.users.Argon2PasswordHasher;
import dev.atrium.users.UserService;
import dev.atrium.web.Routes;
import dev.atrium.web.management.ClientCredentialsApi;
import dev.atrium.web.management.ClientGrantsApi;
import dev.atrium.web.management.ClientsApi;
import dev.atrium.web.management.ConnectionsApi;
import dev.atrium.web.management.ManagementApi;
import dev.atrium.web.management.ResourceServersApi;
import dev.atrium.web.management.RolesApi;
import dev.atrium.web.management.SigningKeysApi;
import dev.atrium.web.management.TenantSettingsApi;
import dev.atrium.web.management.UserBlocksApi;
import dev.atrium.web.management.UserRolesApi;
import dev.atrium.web.management.UsersApi;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;

/**
 * The one place where Atrium is put together: every store, service, endpoint and route is created
 * here with {@code new}, in dependency order, so that the whole object graph reads top to bottom.
 * Tests build the same graph with a test configuration.
 */
public final class Atrium implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Atrium.class);

    private final AtriumConfig config;
    private final Database database;
    private final Javalin app;
    private final String issuer;
    private final int port;
    private volatile boolean serving;

    private Atrium(AtriumConfig config, Database database, Javalin app, String issuer, int port) {
        this.config = config;
        this.database = database;
        this.app = app;
        this.issuer = issuer;
        this.port = port;
    }

    /** Builds the server: opens and migrates the database, ensures keys and bootstrap records. Does not listen yet. */
    public static Atrium create(AtriumConfig requested) {
        return create(requested, Clock.systemUTC());
    }

    /** As {@link #create(AtriumConfig)}, with the clock every expiry and timestamp is read from (tests move it). */
    public static Atrium create(AtriumConfig requested, Clock clock) {
        AtriumConfig config = requested.port() == 0 ? requested.withPort(freePort()) : requested;
        String issuer = config.issuerFor(config.port());
        String managementAudience = issuer + "api/v2/";

        Database database = new Database(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        var jdbi = database.jdbi();
        MasterKey masterKey = MasterKey.load(config.encryptionKey(), config.keyFile());

        // stores
        var tenantStore = new JdbcTenantStore(jdbi, clock);
        var keyStore = new JdbcKeyStore(jdbi);
        var clientStore = new JdbcClientStore(jdbi, clock);
        var clientGrantStore = new JdbcClientGrantStore(jdbi, clock);
        var resourceServerStore = new JdbcResourceServerStore(jdbi, clock);
        var roleStore = new JdbcRoleStore(jdbi, clock);
        var connectionStore = new JdbcConnectionStore(jdbi, clock);
        var userStore = new JdbcUserStore(jdbi, clock);
        var transactionStore = new JdbcAuthTransactionStore(jdbi);
        var sessionStore = new JdbcSessionStore(jdbi);
        var codeStore = new JdbcAuthorizationCodeStore(jdbi);
        var refreshTokenStore = new JdbcRefreshTokenStore(jdbi);
        var consentStore = new JdbcConsentStore(jdbi, clock);
        var loginFailureStore = new JdbcLoginFailureStore(jdbi);
        var clientCredentialStore = new JdbcClientCredentialStore(jdbi);

        // services
        KeyService keys = new KeyService(keyStore, masterKey, clock);
        keys.initialise();
        ClientSecrets secrets = new ClientSecrets(masterKey.derive("client-secret-hash"));
        ClientService clients = new ClientService(clientStore, clientCredentialStore, secrets, clock);
        ResourceServerService resourceServers = new ResourceServerService(resourceServerStore, clock);
        ClientGrantService clientGrants = new ClientGrantService(clientGrantStore, clientStore, resourceServerStore, clock);
        RoleService roles = new RoleService(roleStore, resourceServerStore);
        ConnectionService connections = new ConnectionService(connectionStore, clientStore);
        PasswordHasher passwordHasher = new Argon2PasswordHasher();
        UserService users = new UserService(userStore, connectionStore, passwordHasher, clock);
        SessionService sessions = new SessionService(sessionStore, clock);
        LoginService login = new LoginService(userStore, connectionStore, passwordHasher, loginFailureStore, clock);
        new Bootstrap(resourceServers, clients, clientGrants, connections, users).run(config, managementAudience);

        // protocol
        JwtSigner signer = new JwtSigner(keys);
        TokenVerifier verifier = new TokenVerifier(keys, issuer, clock);
        AccessTokenFactory accessTokens = new AccessTokenFactory(signer, issuer, clock);
        UserTokens userTokens = new UserTokens(accessTokens, new IdTokenFactory(signer, issuer, clock), refreshTokenStore, clock);
        UserPermissions permissions = roleStore::permissionsOf;
        ClientAuthenticator clientAuthenticator = new ClientAuthenticator(clientStore, secrets, clientCredentialStore, issuer, clock);
        TokenEndpoint token = new TokenEndpoint(clientAuthenticator, List.of(
                new ClientCredentialsGrantHandler(resourceServerStore, clientGrantStore, tenantStore, accessTokens),
                new AuthorizationCodeGrantHandler(codeStore, refreshTokenStore, userStore, resourceServerStore, permissions, userTokens, clock),
                new RefreshTokenGrantHandler(refreshTokenStore, userStore, resourceServerStore, permissions, userTokens, clock)));
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(new AuthorizeRequestValidator(clientStore, resourceServerStore),
                transactionStore, sessions, clientStore, clientGrantStore, resourceServerStore, connectionStore, userStore,
                consentStore, codeStore, permissions,
                () -> Duration.ofHours(Json.number(tenantStore.get().doc(), "idle_session_lifetime", 72)), issuer, clock);
        DiscoveryEndpoint discovery = new DiscoveryEndpoint(issuer,
                List.of("userinfo_endpoint", "revocation_endpoint", "end_session_endpoint"));
        Cookies cookies = new Cookies(issuer);
        Csrf csrf = new Csrf(masterKey.derive("csrf"));
        Templates templates = new Templates();
        HostedPages pages = new HostedPages(authorize, login, sessions, signupThrough(users), clientStore, resourceServerStore,
                consentStore, userStore, tenantStore, templates, cookies, csrf);
        AuthenticationApi authApi = new AuthenticationApi(token, new UserInfoEndpoint(verifier, userStore, clientStore, issuer),
                new RevocationEndpoint(clientAuthenticator, refreshTokenStore, clock),
                new LogoutEndpoint(clientStore, tenantStore, keys, issuer), sessions, clientStore, pages, cookies, csrf, templates);

        // management API
        ManagementApi management = new ManagementApi(verifier, managementAudience, config.managementRateLimit(), clock);

        Atrium[] self = new Atrium[1];
        Routes.Endpoints endpoints = new Routes.Endpoints(
                () -> self[0] != null && self[0].serving && database.isReachable(),
                discovery, keys, authApi, pages, management,
                new ClientsApi(clients, tenantStore),
                new ClientGrantsApi(clientGrants),
                new ResourceServersApi(resourceServers),
                new TenantSettingsApi(tenantStore),
                new SigningKeysApi(keys),
                new RolesApi(roles),
                new UserRolesApi(roles),
                new ConnectionsApi(connections, clients, clock),
                new UsersApi(users),
                new ClientCredentialsApi(new ClientCredentialService(clientCredentialStore, clientStore, clock)),
                new UserBlocksApi(login, users));
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            Routes.configure(cfg, endpoints);
        });
        self[0] = new Atrium(config, database, app, issuer, config.port());
        return self[0];
    }

    /** Starts listening; logs the one start-up line of operations.md. */
    public Atrium start() {
        app.start();
        serving = true;
        LOG.info("Atrium started: issuer {} database {} ({}) port {}", issuer, database.kind(), database.describe(), port());
        return this;
    }

    public int port() {
        return app.port() > 0 ? app.port() : port;
    }

    public String issuer() {
        return issuer;
    }

    public String managementAudience() {
        return issuer + "api/v2/";
    }

    public AtriumConfig config() {
        return config;
    }

    /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
    @Override
    public void close() {
        serving = false;
        app.stop();
        database.close();
    }

    /** The sign-up form creates users through the same service as the Management API. */
    private static HostedPages.Signup signupThrough(UserService users) {
        return (connection, email, username, password) -> {
            ObjectNode request = Json.object();
            request.put("connection", connection.name());
            request.put("email", email);
            if (username != null) {
                request.put("username", username);
            }
            request.put("password", password);
            try {
                return users.create(request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("email", "An account with this email address already exists. Log in instead.");
            }
        };
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

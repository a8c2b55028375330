package dev.atrium.bootstrap;

import dev.atrium.clients.AppType;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.config.AtriumConfig;
import dev.atrium.config.ConfigException;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.users.Administrators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What start-up ensures, idempotently, before requests are served (operations.md): the Management
 * API as a system API, the bootstrap machine-to-machine application with a grant for every
 * Management API scope, the default database connection, the dashboard administrator in it, and
 * the demo tenant on an empty database.
 *
 * <p>The administrator of {@code ATRIUM_ADMIN_EMAIL} (issue 9, point 5): start-up creates the account
 * when no account has that email; an existing account is promoted only when its email is verified
 * (whoever registered an unverified address first proves nothing), and a promotion or a password
 * change ends the account's sessions and refresh tokens. A refusal is one warning line; start-up goes on.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    public static final String DASHBOARD_NAME = "Atrium Dashboard";

    private final ResourceServerService apis;
    private final ClientService clients;
    private final ClientGrantService grants;
    private final ConnectionService connections;
    private final Administrators administrators;
    private final DemoSeed demo;

    /** Who a start-up grant is recorded as coming from. */
    public static final String GRANTED_BY_CONFIG = "config:ATRIUM_ADMIN_EMAIL";

    public Bootstrap(ResourceServerService apis, ClientService clients, ClientGrantService grants,
                     ConnectionService connections, Administrators administrators, DemoSeed demo) {
        this.apis = apis;
        this.clients = clients;
        this.grants = grants;
        this.connections = connections;
        this.administrators = administrators;
        this.demo = demo;
    }

    public void run(AtriumConfig config, String managementAudience) {
        apis.ensureManagementApi(managementAudience, ManagementApiScopes.DECLARED);
        if (config.bootstrapClientId().isPresent()) {
            NewClient doc = NewClient.named("Atrium bootstrap (machine-to-machine)").with(ClientPatch.none()
                    .withAppType(AppType.NON_INTERACTIVE).withGrantTypes(List.of("client_credentials"))
                    .withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_POST)).withOidcConformant(true));
            clients.ensure(config.bootstrapClientId().get(), config.bootstrapClientSecret().orElseThrow(), doc);
            grants.ensure(config.bootstrapClientId().get(), managementAudience, ManagementApiScopes.ALL);
            LOG.info("bootstrap client {} holds every Management API scope", config.bootstrapClientId().get());
        }
        // every new Auth0 tenant starts with this database connection, and the administrator lives in it
        Connection database = connections.ensureDefaultDatabase();
        if (config.adminEmail().isPresent()) {
            String email = config.adminEmail().get();
            Administrators.Outcome outcome;
            try {
                outcome = administrators.ensureConfigured(database, email, config.adminPassword().orElseThrow(), GRANTED_BY_CONFIG);
            } catch (InvalidRequestException e) {
                throw new ConfigException("ATRIUM_ADMIN_PASSWORD is refused by the password policy of "
                        + database.name() + " (" + database.passwordPolicy() + "): " + e.getMessage());
            }
            if (outcome == Administrators.Outcome.REFUSED_UNVERIFIED) {
                LOG.warn("ATRIUM_ADMIN_EMAIL {}: an account with this email already exists in {} that start-up did not create "
                        + "and whose email is not verified; it is NOT made an administrator (verify its email, or use another "
                        + "address) and its password is left alone", email, database.name());
            } else {
                LOG.info("administrator {} ensured in {} ({})", email, database.name(), outcome.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (config.demo()) {
            demo.run(config, database, managementAudience);
        }
    }

    /**
     * The dashboard as a first-party regular web application (issue 6), enabled on the default database
     * connection where the administrator lives; its redirect URLs follow the issuer.
     */
    public void ensureDashboard(String clientId, String secret, String callback, String signedOut) {
        ClientPatch urls = ClientPatch.none().withCallbacks(List.of(callback)).withAllowedLogoutUrls(List.of(signedOut));
        NewClient doc = NewClient.named(DASHBOARD_NAME).with(urls
                .withDescription(Change.to("The Atrium administration console")).withAppType(AppType.REGULAR_WEB)
                .withGrantTypes(List.of("authorization_code"))
                .withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.CLIENT_SECRET_POST)).withOidcConformant(true));
        var client = clients.ensure(clientId, secret, doc);
        if (!client.callbacks().equals(List.of(callback)) || !client.allowedLogoutUrls().equals(List.of(signedOut))) {
            clients.update(clientId, urls, java.util.Optional.empty());
        }
        Connection database = connections.ensureDefaultDatabase();
        if (!connections.enabledClients(database.id()).contains(clientId)) {
            connections.setClients(database.id(), List.of(new ConnectionService.ClientStatus(clientId, true)));
        }
    }
}

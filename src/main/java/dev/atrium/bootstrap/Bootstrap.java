package dev.atrium.bootstrap;

import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.common.Json;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.config.AtriumConfig;
import dev.atrium.config.ConfigException;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What start-up ensures, idempotently, before requests are served (operations.md): the Management
 * API as a system API, the bootstrap machine-to-machine application with a grant for every
 * Management API scope, the default database connection, the dashboard administrator in it, and
 * the demo tenant on an empty database.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final ResourceServerService apis;
    private final ClientService clients;
    private final ClientGrantService grants;
    private final ConnectionService connections;
    private final UserService users;
    private final DemoSeed demo;

    public Bootstrap(ResourceServerService apis, ClientService clients, ClientGrantService grants,
                     ConnectionService connections, UserService users, DemoSeed demo) {
        this.apis = apis;
        this.clients = clients;
        this.grants = grants;
        this.connections = connections;
        this.users = users;
        this.demo = demo;
    }

    public void run(AtriumConfig config, String managementAudience) {
        apis.ensureManagementApi(managementAudience, ManagementApiScopes.ALL);
        if (config.bootstrapClientId().isPresent()) {
            ObjectNode doc = Json.object();
            doc.put("name", "Atrium bootstrap (machine-to-machine)");
            doc.put("app_type", "non_interactive");
            doc.set("grant_types", Json.strings(List.of("client_credentials")));
            doc.put("token_endpoint_auth_method", "client_secret_post");
            doc.put("oidc_conformant", true);
            clients.ensure(config.bootstrapClientId().get(), config.bootstrapClientSecret().orElseThrow(), doc);
            grants.ensure(config.bootstrapClientId().get(), managementAudience, ManagementApiScopes.ALL);
            LOG.info("bootstrap client {} holds every Management API scope", config.bootstrapClientId().get());
        }
        // every new Auth0 tenant starts with this database connection, and the administrator lives in it
        Connection database = connections.ensureDefaultDatabase();
        if (config.adminEmail().isPresent()) {
            try {
                users.ensureAdmin(database, config.adminEmail().get(), config.adminPassword().orElseThrow());
            } catch (InvalidRequestException e) {
                throw new ConfigException("ATRIUM_ADMIN_PASSWORD is refused by the password policy of "
                        + database.name() + " (" + database.passwordPolicy() + "): " + e.getMessage());
            }
            LOG.info("administrator {} ensured in {}", config.adminEmail().get(), database.name());
        }
        if (config.demo()) {
            demo.run(config, database, managementAudience);
        }
    }
}

package dev.atrium.bootstrap;

import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.common.Json;
import dev.atrium.config.AtriumConfig;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What start-up ensures, idempotently, before requests are served (operations.md): the Management
 * API as a system API, the bootstrap machine-to-machine application with a grant for every
 * Management API scope, the dashboard administrator, and the demo tenant on an empty database.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final ResourceServerService apis;
    private final ClientService clients;
    private final ClientGrantService grants;

    public Bootstrap(ResourceServerService apis, ClientService clients, ClientGrantService grants) {
        this.apis = apis;
        this.clients = clients;
        this.grants = grants;
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
    }
}

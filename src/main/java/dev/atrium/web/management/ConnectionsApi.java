package dev.atrium.web.management;

import dev.atrium.clients.ClientService;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.connections.oidc.OidcOptions;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/connections} and {@code /api/v2/clients/{id}/connections} (api-contract.md §B.5).
 * {@code enabled_clients} is kept in its own table and added to every connection answered.
 */
public final class ConnectionsApi {
    /** Auth0's identity-provider strategies (ConnectionIdentityProviderEnum). */
    static final Set<String> STRATEGIES = Set.of("ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "aol",
            "auth0-oidc", "auth0", "baidu", "bitly", "box", "custom", "daccount", "dwolla", "email", "evernote-sandbox",
            "evernote", "exact", "facebook", "fitbit", "flickr", "github", "google-apps", "google-oauth2", "instagram",
            "ip", "line", "linkedin", "miicard", "oauth1", "oauth2", "office365", "oidc", "okta", "paypal",
            "paypal-sandbox", "pingfederate", "planningcenter", "renren", "salesforce-community", "salesforce-sandbox",
            "salesforce", "samlp", "sharepoint", "shopify", "shop", "sms", "soundcloud", "thecity-sandbox", "thecity",
            "thirtysevensignals", "twitter", "untappd", "vkontakte", "waad", "weibo", "windowslive", "wordpress",
            "yahoo", "yammer", "yandex");
    static final int MAX_CLIENT_CHANGES = 50;

    static final Schema CREATE = Schema.of()
            .string("name", true, 1, 128)
            .string("display_name", false, 0, 128)
            .enumOf("strategy", true, STRATEGIES)
            .object("options", false)
            .strings("enabled_clients", false, 1000)
            .bool("is_domain_connection")
            .bool("show_as_button")
            .strings("realms", false, 100)
            .nullableObject("metadata")
            .object("authentication", false)
            .object("connected_accounts", false);
    static final Schema UPDATE = CREATE.without("name", "strategy").optional();
    static final Schema CLIENT_CHANGE = Schema.of()
            .string("client_id", true, 1, 64)
            .bool("status");

    private final ConnectionService service;
    private final ClientService clients;
    private final Clock clock;

    public ConnectionsApi(ConnectionService service, ClientService clients, Clock clock) {
        this.service = service;
        this.clients = clients;
        this.clock = clock;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:connections");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        Set<String> strategies = new HashSet<>(ctx.queryParams("strategy"));
        Optional<String> name = Optional.ofNullable(ctx.queryParam("name"));
        List<JsonNode> items = service.list().stream()
                .filter(c -> strategies.isEmpty() || strategies.contains(c.strategy()))
                .filter(c -> name.isEmpty() || c.name().equals(name.get()))
                .map(c -> fields.apply(view(c)))
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("connections", items));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:connections");
        Connection c = find(ManagementApi.path(ctx, "id"));
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(view(c)));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:connections");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        Connection c = conflicts(() -> ManagementApi.domain(() -> service.create(ConnectionRequests.newConnection(body))));
        ManagementApi.json(ctx, 201, view(c));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:connections");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        Connection existing = find(ManagementApi.path(ctx, "id"));
        // options are read as the connection's strategy takes them, and the strategy never changes
        Connection c = ManagementApi.domain(() -> service.update(existing.id(),
                        ConnectionRequests.change(body, existing.strategy())))
                .orElseThrow(ConnectionsApi::notFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    /** Auth0 deletes connections in the background and answers 202 with the time; here the delete is done already. */
    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:connections");
        service.delete(ManagementApi.path(ctx, "id"));
        ManagementApi.json(ctx, 202, Json.object().put("deleted_at", clock.instant().toString()));
    }

    public void clients(Context ctx) {
        ManagementApi.require(ctx, "read:connections");
        Paging paging = checkpoint(Paging.parse(ctx));
        Connection c = find(ManagementApi.path(ctx, "id"));
        List<JsonNode> items = service.enabledClients(c.id()).stream()
                .map(id -> (JsonNode) Json.object().put("client_id", id))
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("clients", items));
    }

    public void updateClients(Context ctx) {
        ManagementApi.require(ctx, "update:connections");
        ArrayNode body = ManagementApi.arrayBody(ctx);
        if (body.size() > MAX_CLIENT_CHANGES) {
            throw ApiException.badRequest("Payload validation error: 'Array is too long (" + body.size()
                    + "), maximum " + MAX_CLIENT_CHANGES + "'.");
        }
        List<ConnectionService.ClientStatus> changes = new ArrayList<>();
        for (JsonNode item : body) {
            if (!(item instanceof ObjectNode o)) {
                throw ApiException.badRequest("Payload validation error: 'Expected type object but found type "
                        + Schema.typeOf(item) + "'.");
            }
            CLIENT_CHANGE.validate(o);
            if (!o.has("status")) {
                throw ApiException.badRequest("Payload validation error: 'Missing required property: status'.");
            }
            changes.add(new ConnectionService.ClientStatus(o.get("client_id").asString(), o.get("status").asBoolean()));
        }
        if (!ManagementApi.domain(() -> service.setClients(ManagementApi.path(ctx, "id"), changes))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    /** {@code GET /clients/{id}/connections}: the connections enabled for one application. */
    public void forClient(Context ctx) {
        ManagementApi.require(ctx, "read:connections");
        Paging paging = checkpoint(Paging.parse(ctx));
        Fields fields = Fields.parse(ctx);
        String clientId = ManagementApi.path(ctx, "id");
        if (clients.find(clientId).isEmpty()) {
            throw ClientsApi.notFound();
        }
        Set<String> strategies = new HashSet<>(ctx.queryParams("strategy"));
        List<JsonNode> items = service.forClient(clientId).stream()
                .filter(c -> strategies.isEmpty() || strategies.contains(c.strategy()))
                .map(c -> fields.apply(view(c)))
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("connections", items));
    }

    private Connection find(String id) {
        return service.find(id).orElseThrow(ConnectionsApi::notFound);
    }

    private ObjectNode view(Connection c) {
        ObjectNode doc = dev.atrium.connections.saml.SamlOptions.redact(OidcOptions.redact(c.doc())); // issue 11: no secret, no key
        doc.set("enabled_clients", Json.strings(service.enabledClients(c.id())));
        return doc;
    }

    /** These two lists answer only in checkpoint form ({@code {key, next?}}), whatever the query asked. */
    private static Paging checkpoint(Paging p) {
        return p.checkpoint() ? p : new Paging(true, p.offset(), p.limit(), false);
    }

    private static <T> T conflicts(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict("A connection with the same name already exists", "conflict");
            }
            throw e;
        }
    }

    static ApiException notFound() {
        return ApiException.notFound("The connection does not exist", "inexistent_connection");
    }
}

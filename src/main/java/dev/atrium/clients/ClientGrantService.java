package dev.atrium.clients;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for client grants, shared by the Management API and the dashboard: the grant names an
 * existing application (or {@code default_for: third_party_clients}) and an existing API, asks only
 * for that API's scopes, and never lets a third-party application reach any organization at will.
 * Commands arrive typed ({@link NewClientGrant}, {@link ClientGrantPatch}).
 *
 * <p>Specifications: Auth0 Management API "Client Grants"; third-party-apps.md (default grants, T-rules on M2M).
 */
public final class ClientGrantService {
    public static final String DEFAULT_FOR_THIRD_PARTY = "third_party_clients";
    private final ClientGrantStore store;
    private final ClientStore clients;
    private final ResourceServerStore apis;
    private final Clock clock;

    public ClientGrantService(ClientGrantStore store, ClientStore clients, ResourceServerStore apis, Clock clock) {
        this.store = store;
        this.clients = clients;
        this.apis = apis;
        this.clock = clock;
    }

    public List<ClientGrant> list() {
        return store.list();
    }

    public Optional<ClientGrant> find(String id) {
        return store.find(id);
    }

    /** Creates a grant; its values' types were checked where the request was read. */
    public ClientGrant create(NewClientGrant request) {
        String audience = request.audience();
        ResourceServer api = apis.findByIdentifier(audience)
                .orElseThrow(() -> new InvalidRequestException("audience", "No resource server found for audience: " + audience));
        Optional<Client> client = Optional.empty();
        if (request.clientId().isPresent()) {
            client = clients.find(request.clientId().get());
            if (client.isEmpty()) {
                throw new InvalidRequestException("client_id", "Client not found: " + request.clientId().get());
            }
            if (api.isSystem() && client.get().isThirdParty()) {
                throw new InvalidRequestException("audience", "third-party clients cannot be granted access to system APIs");
            }
        } else if (api.isSystem()) {
            // X34 (T50): a default grant would hand a system API to every third-party application
            throw new InvalidRequestException("default_for", "third-party clients cannot be granted access to system APIs");
        }
        ObjectNode doc = request.toDocument();
        if (!doc.has("subject_type")) {
            doc.put("subject_type", SubjectType.CLIENT.wire());
        }
        if (!doc.has("scope")) {
            doc.set("scope", Json.array());
        }
        String id = "cgr_" + Ids.alnum(16);
        doc.put("id", id);
        doc.put("is_system", false);
        if (!doc.has("allow_any_organization")) {
            doc.put("allow_any_organization", false);
        }
        check(doc, api, client);
        ClientGrant g = new ClientGrant(id, doc);
        try {
            store.create(g);
        } catch (AlreadyExistsException e) {
            throw new AlreadyExistsException("A client grant for this client and audience already exists");
        }
        return g;
    }

    /** Ensures that {@code clientId} holds a grant to {@code audience} with at least {@code scopes}. */
    public ClientGrant ensure(String clientId, String audience, List<String> scopes) {
        Optional<ClientGrant> existing = store.find(clientId, audience, SubjectType.CLIENT.wire());
        if (existing.isPresent()) {
            ClientGrant g = existing.get();
            if (!g.scope().containsAll(scopes)) {
                ObjectNode doc = g.doc();
                doc.set("scope", Json.strings(scopes));
                g = new ClientGrant(g.id(), doc);
                store.update(g);
            }
            return g;
        }
        return create(new NewClientGrant(Optional.of(clientId), false, audience, Optional.empty(),
                ClientGrantPatch.none().withScope(scopes)));
    }

    /** Applies a patch; empty when there is no such grant. A system grant cannot change. */
    public Optional<ClientGrant> update(String id, ClientGrantPatch patch) {
        Optional<ClientGrant> existing = store.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (existing.get().isSystem()) {
            throw new InvalidRequestException("System client grants cannot be modified");
        }
        ObjectNode doc = existing.get().doc();
        patch.writeTo(doc, false);
        ResourceServer api = apis.findByIdentifier(existing.get().audience()).orElseThrow();
        Optional<Client> client = existing.get().clientId().flatMap(clients::find);
        check(doc, api, client);
        ClientGrant g = new ClientGrant(id, doc);
        store.update(g);
        return Optional.of(g);
    }

    public boolean delete(String id) {
        Optional<ClientGrant> g = store.find(id);
        if (g.isPresent() && g.get().isSystem()) {
            throw new InvalidRequestException("System client grants cannot be deleted");
        }
        return store.delete(id);
    }

    private static void check(ObjectNode doc, ResourceServer api, Optional<Client> client) {
        Set<String> known = Set.copyOf(api.scopes());
        for (String s : Json.stringList(doc.get("scope"))) {
            if (!known.contains(s)) {
                throw new InvalidRequestException("scope", "Scope \"" + s + "\" is not defined by the resource server " + api.identifier());
            }
        }
        boolean anyOrg = Json.bool(doc, "allow_any_organization", false);
        boolean thirdParty = client.map(Client::isThirdParty).orElse(doc.has("default_for"));
        if (anyOrg && thirdParty) {
            throw new InvalidRequestException("allow_any_organization", "allow_any_organization is not available for third-party clients");
        }
        if (doc.has("authorization_details_types") && !SubjectType.USER.is(Json.text(doc, "subject_type", SubjectType.CLIENT.wire()))) {
            throw new InvalidRequestException("authorization_details_types", "authorization_details_types is only allowed for subject_type user");
        }
    }
}

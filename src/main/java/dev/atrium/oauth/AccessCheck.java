package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.access.AccessDecision;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.logs.Reasons;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * The what-if question an administrator asks without anyone signing in: may user U sign in to application A,
 * in organization O, through connection C, for API P? It asks the same rules, through the same loader, as a
 * real sign-in — the gates, then the decision, then (for a third-party application) the API's access policy
 * and grant — and answers with the same reason codes a refusal's log entry carries. It records nothing.
 */
public final class AccessCheck {
    private final AccessRequestLoader loader;
    private final ClientStore clients;
    private final UserStore users;
    private final ConnectionStore connections;
    private final OrganizationDirectory organizations;
    private final ResourceServerStore apis;
    private final ClientGrantStore grants;

    public AccessCheck(AccessRequestLoader loader, ClientStore clients, UserStore users, ConnectionStore connections,
                       OrganizationDirectory organizations, ResourceServerStore apis, ClientGrantStore grants) {
        this.loader = loader;
        this.clients = clients;
        this.users = users;
        this.connections = connections;
        this.organizations = organizations;
        this.apis = apis;
        this.grants = grants;
    }

    /**
     * The answer: {@code allowed}, {@code decision} ({@code allow}, {@code choose_organization} or {@code deny}),
     * for a refusal {@code reason}, {@code error} and {@code description} and the reason in words, the
     * organization signed in to, and the {@code inputs} the rules saw. {@code connection} (id or name) defaults
     * to the user's own; {@code organization} (id or name) and {@code audience} are optional.
     */
    public ObjectNode check(String clientId, String userId, String connection, String organization, String audience) {
        Client client = Optional.ofNullable(clientId).filter(s -> !s.isBlank()).flatMap(clients::find)
                .orElseThrow(() -> new InvalidRequestException("client_id", "client_id must name an application"));
        User user = Optional.ofNullable(userId).filter(s -> !s.isBlank()).flatMap(users::find)
                .orElseThrow(() -> new InvalidRequestException("user_id", "user_id must name a user"));
        Connection conn = (connection == null || connection.isBlank() ? connections.find(user.connectionId())
                : connections.find(connection).or(() -> connections.findByName(connection)))
                .orElseThrow(() -> new InvalidRequestException("connection", "connection must name a connection"));
        OrganizationDirectory.Org org = null;
        if (organization != null && !organization.isBlank()) {
            org = organizations.resolve(organization, true)
                    .orElseThrow(() -> new InvalidRequestException("organization", "organization must name an organization"));
        }
        Optional<ResourceServer> api = Optional.empty();
        if (audience != null && !audience.isBlank()) {
            api = Optional.of(apis.findByIdentifier(audience)
                    .orElseThrow(() -> new InvalidRequestException("audience", "audience must be the identifier of an API")));
        }
        ObjectNode out = Json.object();
        ObjectNode inputs;
        // 1. the gates of the organization arriving, as /authorize asks them
        Optional<AccessDecision.Deny> gate = loader.gates(client, org, conn.name());
        if (gate.isPresent()) {
            inputs = AccessInputs.of(loader.gateRequest(client, org, conn.name()));
            return deny(out, gate.get().reason().code(), gate.get().error(), gate.get().description(), "gates", inputs);
        }
        // 2. the decision after login
        AccessRequestLoader.Explained ex = loader.explain(client, user.userId(), conn.id(), org == null ? null : org.id());
        inputs = AccessInputs.of(ex.request());
        if (ex.decision() instanceof AccessDecision.Deny d) {
            return deny(out, d.reason().code(), d.error(), d.description(), "decide", inputs);
        }
        // 3. the API's policy and grant, for a third-party application (T44)
        if (api.isPresent() && client.isThirdParty()) {
            ResourceServer p = api.get();
            ThirdPartyAccess.Decision t = ThirdPartyAccess.userFlow(client, p, grants.find(client.clientId(), p.identifier(), "user"),
                    grants.findDefault(ClientGrantService.DEFAULT_FOR_THIRD_PARTY, p.identifier(), "user"));
            inputs.put("audience", p.identifier());
            inputs.put("api_user_policy", p.userPolicy().wire());
            if (t instanceof ThirdPartyAccess.Decision.Denied denied) {
                return deny(out, denied.reason().code(), denied.error(), denied.description(), "api", inputs);
            }
        }
        api.ifPresent(p -> inputs.put("audience", p.identifier()));
        out.put("allowed", !(ex.decision() instanceof AccessDecision.ChooseOrganization c) || !c.candidates().isEmpty());
        if (ex.decision() instanceof AccessDecision.Allow a) {
            out.put("decision", "allow");
            out.put("organization_id", a.organization().orElse(null));
            out.put("add_membership", a.addMembership());
        } else if (ex.decision() instanceof AccessDecision.ChooseOrganization c) {
            out.put("decision", "choose_organization");
            out.set("candidates", Json.strings(c.candidates()));
        }
        out.set("inputs", inputs);
        return out;
    }

    private static ObjectNode deny(ObjectNode out, String reason, OAuthError error, String description, String stage, ObjectNode inputs) {
        out.put("allowed", false);
        out.put("decision", "deny");
        out.put("stage", stage);
        out.put("reason", reason);
        out.put("error", error.code());
        out.put("error_description", description);
        out.put("explanation", Reasons.explain(reason));
        out.set("inputs", inputs);
        return out;
    }
}

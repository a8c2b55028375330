package dev.atrium.oauth;

import dev.atrium.access.AccessDecision;
import dev.atrium.access.AccessRequest;
import dev.atrium.access.GateRequest;
import dev.atrium.clients.Client;
import dev.atrium.common.Json;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inputs of an access decision as log details ({@code details.inputs}), in the same words for a real
 * refusal and for the what-if question: the application and its organization usage, the connection and
 * whether it is domain-level and enabled, the organization and its third-party and per-application
 * settings, the organization's enablement of the connection, the membership and the invitation.
 */
final class AccessInputs {
    private AccessInputs() {
    }

    static ObjectNode of(AccessRequest r) {
        ObjectNode o = client(r.client());
        o.put("user_id", r.userId());
        o.put("connection", r.connection().name());
        o.put("connection_domain_level", r.connection().domainLevel());
        o.put("connection_enabled_for_client", r.connectionEnabledForClient());
        r.organization().ifPresentOrElse(org -> organization(o, org), () -> o.putNull("organization_id"));
        r.organizationConnection().ifPresentOrElse(oc -> {
            o.put("connection_enabled_for_organization", oc.enabled());
            o.put("assign_membership_on_login", oc.assignMembershipOnLogin());
        }, () -> o.put("connection_enabled_for_organization", false));
        o.put("member", r.member());
        o.put("invitation", r.invitation().name().toLowerCase(java.util.Locale.ROOT));
        r.association().ifPresent(a -> o.put("client_associated_with_organization", true));
        o.put("eligible_memberships", r.memberships().size());
        return o;
    }

    static ObjectNode of(GateRequest g) {
        ObjectNode o = client(g.client());
        g.connection().ifPresent(c -> {
            o.put("connection", c.name());
            o.put("connection_domain_level", c.domainLevel());
        });
        g.organization().ifPresentOrElse(org -> organization(o, org), () -> o.putNull("organization_id"));
        g.organizationConnection().ifPresent(oc -> o.put("connection_enabled_for_organization", oc.enabled()));
        g.association().ifPresent(a -> o.put("client_associated_with_organization", true));
        return o;
    }

    private static ObjectNode client(AccessRequest.ClientView c) {
        ObjectNode o = Json.object();
        o.put("client_id", c.clientId());
        o.put("third_party", c.thirdParty());
        o.put("organization_usage", c.organizationUsage().name().toLowerCase(java.util.Locale.ROOT));
        o.put("organization_require_behavior", c.organizationRequireBehavior().name().toLowerCase(java.util.Locale.ROOT));
        return o;
    }

    private static void organization(ObjectNode o, AccessRequest.OrganizationView org) {
        o.put("organization_id", org.id());
        o.put("organization_allows_third_party", org.thirdPartyAccessAllowed());
        o.put("organization_enforces_application_access", org.appEntitlementActive());
    }

    /** The {@code f} event of a refusal by the gates ({@code gate}) or the decision ({@code request}). */
    static LogEvent.Builder refusal(AccessDecision.Deny deny, Client client, AccessRequest request, GateRequest gate) {
        ObjectNode inputs = request != null ? of(request) : of(gate);
        LogEvent.Builder e = LogEvent.of(LogTypes.LOGIN_FAILED, deny.description())
                .client(client.clientId(), client.name())
                .reason(deny.reason().code())
                .detail("error", deny.error().code())
                .detail("inputs", inputs);
        if (request != null) {
            e.user(request.userId(), null).connection(request.connection().name(), request.connection().id());
            request.organization().ifPresent(o -> e.organization(o.id(), null));
        } else {
            gate.connection().ifPresent(c -> e.connection(c.name(), c.id()));
            gate.organization().ifPresent(o -> e.organization(o.id(), null));
        }
        return e;
    }
}

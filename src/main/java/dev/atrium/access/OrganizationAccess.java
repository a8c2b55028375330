package dev.atrium.access;

import java.util.Optional;

/**
 * Decides whether an application may sign a user in through a connection, and into which
 * organization. Rules are checked in order and the first that matches wins; each cites its rule.
 *
 * <p>Specifications: organizations.md §2.3–2.6, §2.11, §2.12 (O22–O28, O50–O62, O77, O101–O110);
 * third-party-apps.md (domain-level connections); ARCHITECTURE.md §5.3.
 */
public final class OrganizationAccess {
    private OrganizationAccess() {
    }

    public static AccessDecision decide(AccessRequest r) {
        AccessRequest.ClientView client = r.client();
        // O59/O102: third-party applications only ever use domain-level connections
        if (client.thirdParty() && !r.connection().domainLevel()) {
            return deny(ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION,
                    "the connection is not a domain-level connection; third-party applications can only use domain-level connections");
        }
        if (r.organization().isEmpty()) {
            return withoutOrganization(r);
        }
        AccessRequest.OrganizationView org = r.organization().get();
        // O22 (E1): an application for individuals never enters an organization
        if (client.organizationUsage().equals("deny")) {
            return deny(ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_CLIENT, "parameter organization is not allowed for this client");
        }
        Optional<AccessRequest.AssociationView> assoc = r.association();
        if (client.thirdParty()) {
            // O105: under per-application access an associated third-party app follows its own flag
            boolean explicit = org.appEntitlementActive() && assoc.isPresent();
            boolean allowed = explicit ? assoc.get().useForMemberAccess() : org.thirdPartyAccessAllowed();
            // O101 (E4): the organization has not opted in to third-party applications
            if (!allowed) {
                return deny(ReasonCode.THIRD_PARTY_NOT_ALLOWED_BY_ORGANIZATION, "parameter organization is invalid: " + org.id());
            }
        } else if (org.appEntitlementActive() && !assoc.map(AccessRequest.AssociationView::useForMemberAccess).orElse(false)) {
            // O108 (E11): per-application access is on and this first-party application is not entitled
            return deny(ReasonCode.CLIENT_NOT_ENABLED_FOR_ORGANIZATION, "the application is not authorized for organization " + org.id());
        }
        // O53/O54/O57 (E8), O102 (E5): only the organization's enabled connections are usable in it
        if (r.organizationConnection().isEmpty() || !r.organizationConnection().get().enabled()) {
            return deny(ReasonCode.CONNECTION_NOT_ENABLED_FOR_ORGANIZATION, "the connection is not enabled for the organization");
        }
        // O61: members pass; non-members become members where the connection assigns membership on login
        if (r.member()) {
            return new AccessDecision.Allow(Optional.of(org.id()), false);
        }
        // O77: accepting an invitation makes the invitee a member
        if (r.invited() || r.organizationConnection().get().assignMembershipOnLogin()) {
            return new AccessDecision.Allow(Optional.of(org.id()), true);
        }
        // O62 (E9)
        return deny(ReasonCode.NOT_A_MEMBER, "user " + r.userId() + " is not a member of organization " + org.id());
    }

    private static AccessDecision withoutOrganization(AccessRequest r) {
        AccessRequest.ClientView client = r.client();
        String usage = client.organizationUsage();
        boolean postLogin = client.organizationRequireBehavior().equals("post_login_prompt");
        if (!usage.equals("deny") && postLogin) {
            // O47/O49: several organizations → picker; exactly one → that one
            if (r.memberships().size() > 1) {
                return new AccessDecision.ChooseOrganization(r.memberships());
            }
            if (r.memberships().size() == 1) {
                return new AccessDecision.EvaluateOrganization(r.memberships().get(0), false);
            }
            // O50: no membership, exactly one organization assigns membership through this connection
            if (r.autoMembershipOrganizations().size() == 1) {
                return new AccessDecision.EvaluateOrganization(r.autoMembershipOrganizations().get(0), true);
            }
            // O51 (E10)
            if (usage.equals("require")) {
                return deny(ReasonCode.NO_MEMBERSHIP,
                        "client requires organization membership, but user is not a member of any organization");
            }
        } else if (usage.equals("require")) {
            // O24 (E2); the pre-login prompt should already have asked: this is the backstop
            return deny(ReasonCode.ORGANIZATION_REQUIRED, "parameter organization is required for this client");
        }
        // O23/O25: a personal login, through a connection enabled for the application
        if (!r.connectionEnabledForClient()) {
            return deny(ReasonCode.CONNECTION_NOT_ENABLED_FOR_CLIENT, "the connection is not enabled for this application");
        }
        return new AccessDecision.Allow(Optional.empty(), false);
    }

    /** O75/O79 (E15): an invitation is accepted only with the invited email address. */
    public static AccessDecision invitationMismatch() {
        return deny(ReasonCode.INVITATION_EMAIL_MISMATCH, "invitation email does not match the authenticated user");
    }

    private static AccessDecision.Deny deny(ReasonCode reason, String description) {
        return new AccessDecision.Deny(reason, description);
    }
}

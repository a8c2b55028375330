package dev.atrium.access;

import java.util.Optional;

/**
 * Decides whether an application may sign a user in through a connection, and into which
 * organization. Rules are checked in order and the first that matches wins; each cites its rule.
 *
 * <p>Specifications: organizations.md §2.3–2.6, §2.11, §2.12 (O22–O28, O50–O62, O77, O101–O110);
 * third-party-apps.md §2.4, §2.10 (T23, T40, T76–T79, X8, X10, X11); ARCHITECTURE.md §5.3.
 */
public final class OrganizationAccess {
    private OrganizationAccess() {
    }

    public static AccessDecision decide(AccessRequest r) {
        AccessRequest.ClientView client = r.client();
        if (r.organization().isEmpty()) {
            // O59, T40 (X8): third-party applications only ever use domain-level connections
            if (client.thirdParty() && !r.connection().domainLevel()) {
                return deny(ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION,
                        "connection " + r.connection().name() + " is not available for third-party clients");
            }
            return withoutOrganization(r);
        }
        AccessRequest.OrganizationView org = r.organization().get();
        // O22 (E1): an application for individuals never enters an organization
        if (client.organizationUsage().equals("deny")) {
            return deny(ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_CLIENT, "parameter organization is not allowed for this client");
        }
        Optional<AccessRequest.AssociationView> assoc = r.association();
        if (client.thirdParty()) {
            Optional<AccessDecision.Deny> gate = thirdPartyGates(client, org, assoc, Optional.of(r.connection()),
                    r.organizationConnection());
            if (gate.isPresent()) {
                return gate.get();
            }
        } else if (org.appEntitlementActive() && !assoc.map(AccessRequest.AssociationView::useForMemberAccess).orElse(false)) {
            // O108 (E11): per-application access is on and this first-party application is not entitled
            return deny(ReasonCode.CLIENT_NOT_ENABLED_FOR_ORGANIZATION, "the application is not authorized for organization " + org.id());
        }
        // O53/O54/O57 (E8): only the organization's enabled connections are usable in it
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

    /**
     * Whether the organization admits this third-party application at all (T76a): never a permissive one
     * (T23, T82); under per-application access an associated application follows its own
     * {@code use_for_member_access} (O105, T78); otherwise {@code third_party_client_access} decides (O101, T81).
     * The post-login picker offers only organizations that pass (T79).
     */
    public static boolean admitsThirdParty(AccessRequest.ClientView client, AccessRequest.OrganizationView org,
                                           Optional<AccessRequest.AssociationView> assoc) {
        if (client.permissiveThirdParty()) {
            return false;
        }
        boolean explicit = org.appEntitlementActive() && assoc.isPresent();
        return explicit ? assoc.get().useForMemberAccess() : org.thirdPartyAccessAllowed();
    }

    /**
     * The organization gates of a third-party user flow (T76): the organization admits the application
     * (X10), then the connection, when known, is domain-level and enabled for the organization (X11).
     * {@code /authorize} runs them before any page with the {@code connection} parameter, if any (T34
     * step 8); {@link #decide} runs them again with the connection the user signed in with.
     */
    public static Optional<AccessDecision.Deny> thirdPartyGates(AccessRequest.ClientView client, AccessRequest.OrganizationView org,
                                                                Optional<AccessRequest.AssociationView> assoc,
                                                                Optional<AccessRequest.ConnectionView> connection,
                                                                Optional<AccessRequest.OrganizationConnectionView> orgConnection) {
        if (!admitsThirdParty(client, org, assoc)) {
            // X10 (T77): the organization's id, even when the request named it
            return Optional.of(deny(ReasonCode.THIRD_PARTY_NOT_ALLOWED_BY_ORGANIZATION, "parameter organization is invalid: " + org.id()));
        }
        if (connection.isPresent()) {
            boolean usable = connection.get().domainLevel() && orgConnection.map(AccessRequest.OrganizationConnectionView::enabled).orElse(false);
            if (!usable) {
                ReasonCode reason = connection.get().domainLevel() ? ReasonCode.CONNECTION_NOT_ENABLED_FOR_ORGANIZATION
                        : ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION;
                return Optional.of(deny(reason, "connection " + connection.get().name()
                        + " is not available for third-party clients in organization " + org.id()));
            }
        }
        return Optional.empty();
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

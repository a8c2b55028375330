package dev.atrium.access;

import dev.atrium.access.AccessRequest.ClientView.Prompt;
import dev.atrium.access.AccessRequest.ClientView.Usage;
import java.util.List;
import java.util.Optional;

/**
 * The organization and third-party rules of sign-in, each written once, behind three pure entry points
 * asked at three moments of a transaction:
 * <ol>
 *   <li>{@link #beforeLogin} — the gates an organization passes when it arrives on a transaction, whichever
 *       way it arrives (the {@code organization} parameter, the pre-login prompt, the post-login picker);</li>
 *   <li>{@link #decide} — the decision once the user is known (the gates again, with the connection actually
 *       used, then per-application access and membership);</li>
 *   <li>{@link #offeredConnections} — the connections a login page may offer.</li>
 * </ol>
 * Rules are checked in order and the first that matches wins; each cites its rule.
 *
 * <p>Specifications: organizations.md §2.3–2.6, §2.11, §2.12 (O22–O28, O50–O62, O77, O101–O110);
 * third-party-apps.md §2.4, §2.10 (T23, T40, T76–T79, X8, X10, X11); ARCHITECTURE.md §5.3.
 */
public final class OrganizationAccess {
    private OrganizationAccess() {
    }

    // ---- the rules, once each

    /**
     * O59, T40 (X8): the one statement of "third-party applications use domain-level connections only";
     * a first-party application uses the connections enabled for it, or in an organization the organization's.
     */
    static boolean applicationMayUse(AccessRequest.ClientView client, boolean domainLevel, boolean enabledForClient,
                                     boolean inOrganization) {
        if (client.thirdParty()) {
            return domainLevel;
        }
        return inOrganization || enabledForClient;
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

    // ---- 1. before login

    /**
     * The gates of an organization arriving on a transaction (F1 step 3–4, F3 step 4, F4 step 5, T34 step 8,
     * T76): the application takes organizations at all (E1), the organization admits a third-party
     * application (X10), and the connection, when known, is usable by the application and enabled for the
     * organization (X11, E8). Without an organization: a {@code require} + {@code no_prompt} application is refused
     * (O24, E2), and the third-party connection rule applies (X8).
     * The same gates for every way an organization arrives, so none can skip one.
     */
    public static Optional<AccessDecision.Deny> beforeLogin(GateRequest g) {
        AccessRequest.ClientView client = g.client();
        if (g.organization().isEmpty()) {
            // O24 (E2): nothing would ask for the organization later, so the login page is never shown
            if (client.organizationUsage() == Usage.REQUIRE && client.organizationRequireBehavior() == Prompt.NO_PROMPT) {
                return Optional.of(deny(ReasonCode.ORGANIZATION_REQUIRED, "parameter organization is required for this client"));
            }
            if (client.thirdParty() && g.connection().isPresent() && !applicationMayUse(client, g.connection().get().domainLevel(), false, false)) {
                return Optional.of(deny(ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION,
                        "connection " + g.connection().get().name() + " is not available for third-party clients"));
            }
            return Optional.empty();
        }
        AccessRequest.OrganizationView org = g.organization().get();
        // O22 (E1): an application for individuals never enters an organization
        if (client.organizationUsage() == Usage.DENY) {
            return Optional.of(deny(ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_CLIENT, "parameter organization is not allowed for this client"));
        }
        if (client.thirdParty() && !admitsThirdParty(client, org, g.association())) {
            // X10 (T77): the organization's id, even when the request named it
            return Optional.of(deny(ReasonCode.THIRD_PARTY_NOT_ALLOWED_BY_ORGANIZATION, "parameter organization is invalid: " + org.id()));
        }
        if (g.connection().isPresent()) {
            AccessRequest.ConnectionView conn = g.connection().get();
            boolean enabled = g.organizationConnection().map(AccessRequest.OrganizationConnectionView::enabled).orElse(false);
            if (!applicationMayUse(client, conn.domainLevel(), false, true) || !enabled) {
                // O53/O54/O57 (E8), X11: only the organization's enabled connections are usable in it
                ReasonCode reason = applicationMayUse(client, conn.domainLevel(), false, true)
                        ? ReasonCode.CONNECTION_NOT_ENABLED_FOR_ORGANIZATION : ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION;
                String description = client.thirdParty()
                        ? "connection " + conn.name() + " is not available for third-party clients in organization " + org.id()
                        : "the connection is not enabled for the organization";
                return Optional.of(deny(reason, description));
            }
        }
        return Optional.empty();
    }

    // ---- 2. after login

    public static AccessDecision decide(AccessRequest r) {
        AccessRequest.ClientView client = r.client();
        // O75/O79 (E15): an invitation is accepted only with the invited email address
        if (r.invitation() == AccessRequest.Invitation.OTHER_EMAIL) {
            return deny(ReasonCode.INVITATION_EMAIL_MISMATCH, "invitation email does not match the authenticated user");
        }
        Optional<AccessDecision.Deny> gate = beforeLogin(new GateRequest(client, r.organization(), r.association(),
                Optional.of(r.connection()), r.organizationConnection()));
        if (gate.isPresent()) {
            return gate.get();
        }
        if (r.organization().isEmpty()) {
            return withoutOrganization(r);
        }
        AccessRequest.OrganizationView org = r.organization().get();
        if (!client.thirdParty() && org.appEntitlementActive()
                && !r.association().map(AccessRequest.AssociationView::useForMemberAccess).orElse(false)) {
            // O108 (E11): per-application access is on and this first-party application is not entitled
            return deny(ReasonCode.CLIENT_NOT_ENABLED_FOR_ORGANIZATION, "the application is not authorized for organization " + org.id());
        }
        // O61: members pass; non-members become members where the connection assigns membership on login
        if (r.member()) {
            return new AccessDecision.Allow(Optional.of(org.id()), false);
        }
        // O77: accepting an invitation makes the invitee a member
        if (r.invitation() == AccessRequest.Invitation.MATCHING_EMAIL || r.organizationConnection().get().assignMembershipOnLogin()) {
            return new AccessDecision.Allow(Optional.of(org.id()), true);
        }
        // O62 (E9)
        return deny(ReasonCode.NOT_A_MEMBER, "user " + r.userId() + " is not a member of organization " + org.id());
    }

    private static AccessDecision withoutOrganization(AccessRequest r) {
        AccessRequest.ClientView client = r.client();
        Usage usage = client.organizationUsage();
        boolean postLogin = client.organizationRequireBehavior() == Prompt.POST_LOGIN_PROMPT;
        if (usage != Usage.DENY && postLogin) {
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
            if (usage == Usage.REQUIRE) {
                return deny(ReasonCode.NO_MEMBERSHIP,
                        "client requires organization membership, but user is not a member of any organization");
            }
        } else if (usage == Usage.REQUIRE) {
            // O24 (E2); the pre-login prompt should already have asked: this is the backstop
            return deny(ReasonCode.ORGANIZATION_REQUIRED, "parameter organization is required for this client");
        }
        // O23/O25: a personal login, through a connection the application may use (O46: or the Default Directory
        // the post-login prompt's mode signed in with)
        boolean defaultDirectory = postLoginMode(client, false) && r.defaultDirectory() && !client.thirdParty();
        if (!defaultDirectory && !applicationMayUse(client, r.connection().domainLevel(), r.connectionEnabledForClient(), false)) {
            return deny(ReasonCode.CONNECTION_NOT_ENABLED_FOR_CLIENT, "the connection is not enabled for this application");
        }
        return new AccessDecision.Allow(Optional.empty(), false);
    }

    // ---- 3. the login page

    /**
     * The ids of the connections a login page may offer, in the candidates' order: in an organization its
     * enabled connections (Q14, O53), outside one those the application may use; a third-party application
     * only domain-level ones (O59, T40); an invitation bound to a connection narrows to it (O76).
     * In the post-login prompt's mode (no organization yet, O44) two more: the tenant's Default Directory, first,
     * even when not enabled for the application (O46), and every enterprise connection some organization enables, for
     * home-realm discovery only (O45, {@link #discoveryOnly}).
     */
    public static List<String> offeredConnections(ConnectionOffer o) {
        boolean postLogin = postLoginMode(o.client(), o.inOrganization());
        return o.candidates().stream()
                .filter(c -> applicationMayUse(o.client(), c.domainLevel(), c.enabledForClient(), o.inOrganization())
                        || postLogin && (defaultDirectory(o.client(), c) || acrossOrganizations(o.client(), c)))
                .sorted(java.util.Comparator.comparing(c -> postLogin && defaultDirectory(o.client(), c) ? 0 : 1))
                .map(ConnectionOffer.Candidate::id)
                .filter(id -> o.invitationConnection().map(id::equals).orElse(true))
                .toList();
    }

    /**
     * O45: the offered connections that only home-realm discovery (or naming them) may reach: enterprise connections of
     * some organization that the application itself may not use, offered in the post-login prompt's mode. They are
     * never shown as buttons.
     */
    public static java.util.Set<String> discoveryOnly(ConnectionOffer o) {
        boolean postLogin = postLoginMode(o.client(), o.inOrganization());
        return o.candidates().stream()
                .filter(c -> postLogin && acrossOrganizations(o.client(), c) && !defaultDirectory(o.client(), c)
                        && !applicationMayUse(o.client(), c.domainLevel(), c.enabledForClient(), false))
                .map(ConnectionOffer.Candidate::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** O44–O46: the post-login prompt's mode: an application using organizations asked without one; it is picked after login. */
    static boolean postLoginMode(AccessRequest.ClientView client, boolean inOrganization) {
        return !inOrganization && client.organizationUsage() != Usage.DENY && client.organizationRequireBehavior() == Prompt.POST_LOGIN_PROMPT;
    }

    /** O46: the Default Directory, for a first-party application (a third-party one keeps to domain-level connections, O59). */
    private static boolean defaultDirectory(AccessRequest.ClientView client, ConnectionOffer.Candidate c) {
        return c.defaultDirectory() && !client.thirdParty();
    }

    /** O45: an enterprise connection enabled in some organization (domain-level as well, for a third-party application). */
    private static boolean acrossOrganizations(AccessRequest.ClientView client, ConnectionOffer.Candidate c) {
        return c.enterprise() && c.enabledInAnOrganization() && (!client.thirdParty() || c.domainLevel());
    }

    /**
     * Sign-up through a database connection (O58, O78): outside an organization the connection's own switch decides;
     * inside one the organization connection's {@code is_signup_enabled}, and for an invitee also the connection's switch.
     */
    public static boolean signupAllowed(boolean inOrganization, boolean organizationSignup, boolean connectionSignup,
                                        boolean invitation) {
        if (!inOrganization) {
            return connectionSignup;
        }
        return organizationSignup || invitation && connectionSignup;
    }

    /**
     * O55, O56 (E7): an organization connection with {@code show_as_button: false} is not shown; it is still usable when
     * the request names it ({@code connection=}), when an invitation is bound to it, or by home-realm discovery.
     */
    public static boolean shown(boolean inOrganization, boolean showAsButton, boolean named) {
        return shown(inOrganization, showAsButton, false, named);
    }

    /**
     * O56 (E7): the login page of an organization has connections to offer but may show none of them (every one is
     * hidden and none was named), so the flow ends rather than showing an empty page.
     */
    public static boolean nothingVisible(boolean inOrganization, int offered, int shown) {
        return inOrganization && offered > 0 && shown == 0;
    }

    /** {@link #shown}, where {@code discoveryOnly} (O45) connections are never shown unless named. */
    public static boolean shown(boolean inOrganization, boolean showAsButton, boolean discoveryOnly, boolean named) {
        return named || !discoveryOnly && (!inOrganization || showAsButton);
    }

    private static AccessDecision.Deny deny(ReasonCode reason, String description) {
        return new AccessDecision.Deny(reason, description);
    }
}

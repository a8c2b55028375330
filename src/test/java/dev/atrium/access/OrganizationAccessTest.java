package dev.atrium.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The access decision as a table: one row per rule of ARCHITECTURE.md §5.3 / organizations.md, plus edges. */
class OrganizationAccessTest {

    /** A row: a readable name, the request, and the expected outcome rendered as a string. */
    record Case(String name, AccessRequest request, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final AccessRequest.OrganizationView ACME = new AccessRequest.OrganizationView("org_acme", false, false);
    static final AccessRequest.OrganizationView ACME_3P = new AccessRequest.OrganizationView("org_acme", true, false);
    static final AccessRequest.OrganizationView ACME_ENTITLED = new AccessRequest.OrganizationView("org_acme", false, true);
    static final AccessRequest.OrganizationConnectionView ENABLED = new AccessRequest.OrganizationConnectionView(true, false);
    static final AccessRequest.OrganizationConnectionView AUTO = new AccessRequest.OrganizationConnectionView(true, true);
    static final AccessRequest.OrganizationConnectionView SWITCHED_OFF = new AccessRequest.OrganizationConnectionView(false, true);

    static AccessRequest base(boolean thirdParty, AccessRequest.ClientView.Usage usage, AccessRequest.ClientView.Prompt behavior) {
        return new AccessRequest(new AccessRequest.ClientView("app", thirdParty, false, usage, behavior), "auth0|u1",
                new AccessRequest.ConnectionView("con_db", "db", true), true, Optional.empty(), Optional.empty(), false,
                AccessRequest.Invitation.NONE, Optional.empty(), List.of(), List.of());
    }

    static AccessRequest org(AccessRequest r, AccessRequest.OrganizationView o, AccessRequest.OrganizationConnectionView oc, boolean member) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), r.connectionEnabledForClient(), Optional.of(o),
                Optional.ofNullable(oc), member, r.invitation(), r.association(), r.memberships(), r.autoMembershipOrganizations());
    }

    static AccessRequest assoc(AccessRequest r, boolean use) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), r.connectionEnabledForClient(), r.organization(),
                r.organizationConnection(), r.member(), r.invitation(), Optional.of(new AccessRequest.AssociationView(use)), r.memberships(),
                r.autoMembershipOrganizations());
    }

    static AccessRequest invited(AccessRequest r) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), r.connectionEnabledForClient(), r.organization(),
                r.organizationConnection(), r.member(), AccessRequest.Invitation.MATCHING_EMAIL, r.association(), r.memberships(), r.autoMembershipOrganizations());
    }

    static AccessRequest nonDomain(AccessRequest r) {
        return new AccessRequest(r.client(), r.userId(), new AccessRequest.ConnectionView("con_db", "db", false),
                r.connectionEnabledForClient(), r.organization(), r.organizationConnection(), r.member(), r.invitation(), r.association(),
                r.memberships(), r.autoMembershipOrganizations());
    }

    static AccessRequest clientDisabled(AccessRequest r) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), false, r.organization(), r.organizationConnection(),
                r.member(), r.invitation(), r.association(), r.memberships(), r.autoMembershipOrganizations());
    }

    static AccessRequest defaultDirectory(AccessRequest r) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), r.connectionEnabledForClient(), r.organization(),
                r.organizationConnection(), r.member(), r.invitation(), r.association(), r.memberships(), r.autoMembershipOrganizations(), true);
    }

    static AccessRequest memberships(AccessRequest r, List<String> orgs, List<String> auto) {
        return new AccessRequest(r.client(), r.userId(), r.connection(), r.connectionEnabledForClient(), r.organization(),
                r.organizationConnection(), r.member(), r.invitation(), r.association(), orgs, auto);
    }

    static String render(AccessDecision d) {
        if (d instanceof AccessDecision.Allow a) {
            return "allow " + a.organization().orElse("-") + (a.addMembership() ? " +member" : "");
        }
        if (d instanceof AccessDecision.ChooseOrganization c) {
            return "choose " + String.join(",", c.candidates());
        }
        if (d instanceof AccessDecision.EvaluateOrganization e) {
            return "evaluate " + e.organization() + (e.autoMembership() ? " auto" : "");
        }
        AccessDecision.Deny deny = (AccessDecision.Deny) d;
        return "deny " + deny.reason().code() + " " + deny.error();
    }

    static Stream<Case> cases() {
        AccessRequest fp = base(false, AccessRequest.ClientView.Usage.DENY, AccessRequest.ClientView.Prompt.NO_PROMPT);
        AccessRequest fpAllow = base(false, AccessRequest.ClientView.Usage.ALLOW, AccessRequest.ClientView.Prompt.NO_PROMPT);
        AccessRequest fpRequire = base(false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.NO_PROMPT);
        AccessRequest fpPre = base(false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.PRE_LOGIN_PROMPT);
        AccessRequest fpPost = base(false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
        AccessRequest fpPostAllow = base(false, AccessRequest.ClientView.Usage.ALLOW, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
        AccessRequest tp = base(true, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.NO_PROMPT);
        AccessRequest permissive = new AccessRequest(new AccessRequest.ClientView("app", true, true, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.NO_PROMPT),
                tp.userId(), tp.connection(), true, Optional.empty(), Optional.empty(), false, AccessRequest.Invitation.NONE, Optional.empty(),
                List.of(), List.of());
        return Stream.of(
                // rule 1
                new Case("third-party app, connection not domain-level → deny", nonDomain(org(tp, ACME_3P, ENABLED, true)),
                        "deny third_party_requires_domain_connection invalid_request"),
                new Case("first-party app, connection not domain-level → fine", nonDomain(fp), "allow -"),
                new Case("T40 X8 third-party app without organization, connection not domain-level → deny",
                        nonDomain(base(true, AccessRequest.ClientView.Usage.ALLOW, AccessRequest.ClientView.Prompt.NO_PROMPT)), "deny third_party_requires_domain_connection invalid_request"),
                new Case("T23 permissive third-party app in an organization that allows third-party apps → X10",
                        org(permissive, ACME_3P, ENABLED, true), "deny third_party_not_allowed_by_organization invalid_request"),
                new Case("T82 permissive third-party app, even when associated under per-application access → X10",
                        assoc(org(permissive, new AccessRequest.OrganizationView("org_acme", true, true), ENABLED, true), true),
                        "deny third_party_not_allowed_by_organization invalid_request"),
                // rule 2
                new Case("O23 deny app, no organization → personal login", fp, "allow -"),
                new Case("O25 allow app, no prompt, no organization → personal login", fpAllow, "allow -"),
                new Case("no organization, connection not enabled for the app → deny", clientDisabled(fp),
                        "deny connection_not_enabled_for_client access_denied"),
                // rule 3
                new Case("O47 post-login prompt, member of two organizations → picker",
                        memberships(fpPost, List.of("org_a", "org_b"), List.of()), "choose org_a,org_b"),
                new Case("O49 post-login prompt, member of exactly one → that one",
                        memberships(fpPost, List.of("org_a"), List.of()), "evaluate org_a"),
                new Case("O50 post-login prompt, no membership, one auto-membership organization → join it",
                        memberships(fpPost, List.of(), List.of("org_auto")), "evaluate org_auto auto"),
                new Case("O50 post-login prompt, no membership, two auto-membership organizations → no membership",
                        memberships(fpPost, List.of(), List.of("org_x", "org_y")), "deny no_membership access_denied"),
                new Case("O51 require app, post-login prompt, no membership → E10", fpPost, "deny no_membership access_denied"),
                new Case("O51 allow app, post-login prompt, no membership → personal login", fpPostAllow, "allow -"),
                new Case("O46 allow app, post-login prompt, signed in with the Default Directory it does not enable → personal login",
                        defaultDirectory(clientDisabled(fpPostAllow)), "allow -"),
                new Case("O46 allow app, no prompt: the Default Directory it does not enable gives nothing",
                        defaultDirectory(clientDisabled(fpAllow)), "deny connection_not_enabled_for_client access_denied"),
                new Case("O46 require app, post-login prompt, Default Directory but no membership → E10",
                        defaultDirectory(clientDisabled(fpPost)), "deny no_membership access_denied"),
                new Case("O46 O53 the Default Directory inside an organization that does not enable it → E8",
                        defaultDirectory(clientDisabled(org(fpPostAllow, ACME, null, true))),
                        "deny connection_not_enabled_for_organization invalid_request"),
                new Case("O45 allow app, post-login prompt, another organization's enterprise connection, no membership → deny",
                        clientDisabled(fpPostAllow), "deny connection_not_enabled_for_client access_denied"),
                // rule 4
                new Case("O24 require app, no prompt, no organization → E2", fpRequire, "deny organization_required invalid_request"),
                new Case("O37 require app, pre-login prompt skipped → backstop E2", fpPre, "deny organization_required invalid_request"),
                // rule 5
                new Case("O22 deny app with an organization → E1", org(fp, ACME, ENABLED, true),
                        "deny organization_not_allowed_for_client invalid_request"),
                // rule 6
                new Case("O101 third-party app, organization blocks third-party apps → E4", org(tp, ACME, ENABLED, true),
                        "deny third_party_not_allowed_by_organization invalid_request"),
                new Case("O102 third-party app, organization allows, domain connection, member → allow", org(tp, ACME_3P, ENABLED, true),
                        "allow org_acme"),
                new Case("O105 entitlement on, third-party app associated with member access → allowed despite block",
                        assoc(org(tp, new AccessRequest.OrganizationView("org_acme", false, true), ENABLED, true), true), "allow org_acme"),
                new Case("O105 entitlement on, third-party app associated without member access → deny",
                        assoc(org(tp, new AccessRequest.OrganizationView("org_acme", true, true), ENABLED, true), false),
                        "deny third_party_not_allowed_by_organization invalid_request"),
                new Case("O105 entitlement on, third-party app not associated → falls back to the switch",
                        org(tp, new AccessRequest.OrganizationView("org_acme", true, true), ENABLED, true), "allow org_acme"),
                // rule 7
                new Case("O108 entitlement on, first-party app not associated → E11", org(fpRequire, ACME_ENTITLED, ENABLED, true),
                        "deny client_not_enabled_for_organization access_denied"),
                new Case("O108 entitlement on, first-party app associated with member access → allow",
                        assoc(org(fpRequire, ACME_ENTITLED, ENABLED, true), true), "allow org_acme"),
                new Case("O107 associations stored while entitlement is off do not matter", assoc(org(fpRequire, ACME, ENABLED, true), false),
                        "allow org_acme"),
                // rule 8
                new Case("O53 connection not enabled for the organization → E8", org(fpRequire, ACME, null, true),
                        "deny connection_not_enabled_for_organization invalid_request"),
                new Case("O54 organization connection switched off → E8", org(fpRequire, ACME, SWITCHED_OFF, true),
                        "deny connection_not_enabled_for_organization invalid_request"),
                new Case("O102 third-party app, connection not enabled for the organization → deny", org(tp, ACME_3P, null, true),
                        "deny connection_not_enabled_for_organization invalid_request"),
                // rules 9–11
                new Case("O61 member → allow", org(fpAllow, ACME, ENABLED, true), "allow org_acme"),
                new Case("O61 non-member, connection assigns membership → allow and join", org(fpAllow, ACME, AUTO, false),
                        "allow org_acme +member"),
                new Case("O62 non-member, no auto-membership → E9", org(fpAllow, ACME, ENABLED, false), "deny not_a_member access_denied"),
                new Case("O77 non-member accepting an invitation → allow and join", invited(org(fpAllow, ACME, ENABLED, false)),
                        "allow org_acme +member"),
                new Case("O77 invitation does not bypass a connection the organization has not enabled",
                        invited(org(fpAllow, ACME, null, false)), "deny connection_not_enabled_for_organization invalid_request"),
                new Case("O26 organization given to a post-login-prompt app → no picker", org(fpPost, ACME, ENABLED, true), "allow org_acme"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        assertThat(render(OrganizationAccess.decide(c.request()))).isEqualTo(c.expected());
    }

    @Test
    void X10_X11_T77_descriptionsNameTheOrganizationById() {
        AccessRequest tp = base(true, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.NO_PROMPT);
        assertThat(((AccessDecision.Deny) OrganizationAccess.decide(org(tp, ACME, ENABLED, true))).description())
                .isEqualTo("parameter organization is invalid: org_acme");
        assertThat(((AccessDecision.Deny) OrganizationAccess.decide(org(tp, ACME_3P, null, true))).description())
                .isEqualTo("connection db is not available for third-party clients in organization org_acme");
        assertThat(((AccessDecision.Deny) OrganizationAccess.decide(nonDomain(org(tp, ACME_3P, ENABLED, true)))).description())
                .isEqualTo("connection db is not available for third-party clients in organization org_acme");
        assertThat(((AccessDecision.Deny) OrganizationAccess.decide(nonDomain(base(true, AccessRequest.ClientView.Usage.ALLOW, AccessRequest.ClientView.Prompt.NO_PROMPT)))).description())
                .isEqualTo("connection db is not available for third-party clients");
    }

    @Test
    void T79_O105_admitsThirdPartyIsWhatThePickerFiltersOn() {
        AccessRequest.ClientView strict = new AccessRequest.ClientView("app", true, false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
        AccessRequest.ClientView permissive = new AccessRequest.ClientView("app", true, true, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
        var entitled = new AccessRequest.OrganizationView("org_acme", false, true);
        assertThat(OrganizationAccess.admitsThirdParty(strict, ACME, Optional.empty())).isFalse();
        assertThat(OrganizationAccess.admitsThirdParty(strict, ACME_3P, Optional.empty())).isTrue();
        assertThat(OrganizationAccess.admitsThirdParty(strict, entitled, Optional.of(new AccessRequest.AssociationView(true)))).isTrue();
        assertThat(OrganizationAccess.admitsThirdParty(strict, new AccessRequest.OrganizationView("org_acme", true, true),
                Optional.of(new AccessRequest.AssociationView(false)))).isFalse();
        // O107: an association is ignored while per-application access is off
        assertThat(OrganizationAccess.admitsThirdParty(strict, ACME, Optional.of(new AccessRequest.AssociationView(true)))).isFalse();
        assertThat(OrganizationAccess.admitsThirdParty(permissive, ACME_3P, Optional.empty())).isFalse();
    }
}

package dev.atrium.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two other entry points of {@code access} as tables, rows named by rule id: the gates every arriving
 * organization passes before login ({@link OrganizationAccess#beforeLogin}: parameter, prompt and picker
 * alike), and the connections a login page may offer ({@link OrganizationAccess#offeredConnections}).
 */
class OrganizationGatesTest {
    static final AccessRequest.ClientView FIRST = new AccessRequest.ClientView("app", false, false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.PRE_LOGIN_PROMPT);
    static final AccessRequest.ClientView FIRST_DENY = new AccessRequest.ClientView("app", false, false, AccessRequest.ClientView.Usage.DENY, AccessRequest.ClientView.Prompt.NO_PROMPT);
    static final AccessRequest.ClientView STRICT = new AccessRequest.ClientView("app", true, false, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.PRE_LOGIN_PROMPT);
    static final AccessRequest.ClientView PERMISSIVE = new AccessRequest.ClientView("app", true, true, AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.PRE_LOGIN_PROMPT);
    static final AccessRequest.OrganizationView CLOSED = new AccessRequest.OrganizationView("org_a", false, false);
    static final AccessRequest.OrganizationView OPEN = new AccessRequest.OrganizationView("org_a", true, false);
    static final AccessRequest.OrganizationView ENTITLED = new AccessRequest.OrganizationView("org_a", false, true);
    static final AccessRequest.ConnectionView DB = new AccessRequest.ConnectionView("con_db", "db", false);
    static final AccessRequest.ConnectionView DOMAIN = new AccessRequest.ConnectionView("con_dom", "dom", true);
    static final AccessRequest.OrganizationConnectionView ON = new AccessRequest.OrganizationConnectionView(true, false);
    static final AccessRequest.OrganizationConnectionView OFF = new AccessRequest.OrganizationConnectionView(false, false);

    record Gate(String name, GateRequest request, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static GateRequest gate(AccessRequest.ClientView client, AccessRequest.OrganizationView org, Boolean associated,
                            AccessRequest.ConnectionView conn, AccessRequest.OrganizationConnectionView orgConn) {
        return new GateRequest(client, Optional.ofNullable(org), Optional.ofNullable(associated).map(AccessRequest.AssociationView::new),
                Optional.ofNullable(conn), Optional.ofNullable(orgConn));
    }

    static Stream<Gate> gates() {
        return Stream.of(
                new Gate("O22 E1 an application for individuals takes no organization", gate(FIRST_DENY, CLOSED, null, null, null),
                        "organization_not_allowed_for_client invalid_request"),
                new Gate("O27 first-party application, organization, no connection named → pass", gate(FIRST, CLOSED, null, null, null), "pass"),
                new Gate("O53 E8 first-party, named connection enabled for the organization → pass", gate(FIRST, CLOSED, null, DB, ON), "pass"),
                new Gate("O53 E8 first-party, named connection not enabled for the organization", gate(FIRST, CLOSED, null, DB, null),
                        "connection_not_enabled_for_organization invalid_request"),
                new Gate("O54 E8 first-party, named connection switched off in the organization", gate(FIRST, CLOSED, null, DB, OFF),
                        "connection_not_enabled_for_organization invalid_request"),
                new Gate("O108 per-application access is judged after login, not here", gate(FIRST, ENTITLED, null, null, null), "pass"),
                new Gate("O101 X10 third-party, organization closed to third parties", gate(STRICT, CLOSED, null, null, null),
                        "third_party_not_allowed_by_organization invalid_request"),
                new Gate("O102 third-party, organization open, no connection named → pass", gate(STRICT, OPEN, null, null, null), "pass"),
                new Gate("T23 X10 permissive third-party, even where the organization is open", gate(PERMISSIVE, OPEN, null, null, null),
                        "third_party_not_allowed_by_organization invalid_request"),
                new Gate("O105 T78 third-party associated for member access under per-application access → pass",
                        gate(STRICT, ENTITLED, true, null, null), "pass"),
                new Gate("O105 X10 third-party associated without member access", gate(STRICT, new AccessRequest.OrganizationView("org_a", true, true),
                        false, null, null), "third_party_not_allowed_by_organization invalid_request"),
                new Gate("T40 X11 third-party, named connection not domain-level", gate(STRICT, OPEN, null, DB, ON),
                        "third_party_requires_domain_connection invalid_request"),
                new Gate("T77 X11 third-party, domain-level connection not enabled for the organization", gate(STRICT, OPEN, null, DOMAIN, null),
                        "connection_not_enabled_for_organization invalid_request"),
                new Gate("T76 third-party, domain-level connection enabled for the organization → pass", gate(STRICT, OPEN, null, DOMAIN, ON), "pass"),
                new Gate("T41 X8 third-party without organization, connection not domain-level", gate(STRICT, null, null, DB, null),
                        "third_party_requires_domain_connection invalid_request"),
                new Gate("T41 third-party without organization, domain-level connection → pass", gate(STRICT, null, null, DOMAIN, null), "pass"),
                new Gate("O23 first-party without organization: nothing to gate before login", gate(FIRST, null, null, DB, null), "pass"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void beforeLogin(Gate g) {
        assertThat(OrganizationAccess.beforeLogin(g.request()).map(d -> d.reason().code() + " " + d.error()).orElse("pass"))
                .isEqualTo(g.expected());
    }

    record Offer(String name, ConnectionOffer offer, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final ConnectionOffer.Candidate DB_ENABLED = new ConnectionOffer.Candidate("con_db", false, true);
    static final ConnectionOffer.Candidate DB_OTHER = new ConnectionOffer.Candidate("con_other", false, false);
    static final ConnectionOffer.Candidate DOMAIN_NOT_ENABLED = new ConnectionOffer.Candidate("con_dom", true, false);

    static final AccessRequest.ClientView POST = new AccessRequest.ClientView("app", false, false,
            AccessRequest.ClientView.Usage.ALLOW, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
    static final AccessRequest.ClientView POST_DENY = new AccessRequest.ClientView("app", false, false,
            AccessRequest.ClientView.Usage.DENY, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
    static final AccessRequest.ClientView STRICT_POST = new AccessRequest.ClientView("app", true, false,
            AccessRequest.ClientView.Usage.REQUIRE, AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT);
    /** An enterprise connection the application does not enable, enabled (hidden or not) in some organization. */
    static final ConnectionOffer.Candidate ORG_ENTERPRISE = new ConnectionOffer.Candidate("con_sso", false, false, true, true, false);
    static final ConnectionOffer.Candidate ORG_ENTERPRISE_DOMAIN = new ConnectionOffer.Candidate("con_sso_dom", true, false, true, true, false);
    static final ConnectionOffer.Candidate LONE_ENTERPRISE = new ConnectionOffer.Candidate("con_lone", false, false, true, false, false);
    static final ConnectionOffer.Candidate ORG_DATABASE = new ConnectionOffer.Candidate("con_orgdb", false, false, false, true, false);
    static final ConnectionOffer.Candidate DIRECTORY = new ConnectionOffer.Candidate("con_dir", false, false, false, false, true);

    static Stream<Offer> offers() {
        List<ConnectionOffer.Candidate> all = List.of(DB_ENABLED, DB_OTHER, DOMAIN_NOT_ENABLED);
        List<ConnectionOffer.Candidate> tenant = List.of(DB_ENABLED, ORG_ENTERPRISE, ORG_ENTERPRISE_DOMAIN, LONE_ENTERPRISE, ORG_DATABASE, DIRECTORY);
        return Stream.of(
                new Offer("O45 O46 post-login mode: the Default Directory first, then the app's, then enterprise connections of any organization",
                        new ConnectionOffer(POST, false, tenant, Optional.empty()), List.of("con_dir", "con_db", "con_sso", "con_sso_dom")),
                new Offer("O45 O46 no such exception for an application that takes no organization",
                        new ConnectionOffer(POST_DENY, false, tenant, Optional.empty()), List.of("con_db")),
                new Offer("O45 O46 no such exception for the pre-login prompt or no prompt",
                        new ConnectionOffer(FIRST, false, tenant, Optional.empty()), List.of("con_db")),
                new Offer("O45 O46 once the organization is known only its connections count",
                        new ConnectionOffer(POST, true, List.of(ORG_ENTERPRISE, DB_OTHER), Optional.empty()), List.of("con_sso", "con_other")),
                new Offer("O45 O59 a third-party application in post-login mode: domain-level ones only, no Default Directory",
                        new ConnectionOffer(STRICT_POST, false, tenant, Optional.empty()), List.of("con_sso_dom")),
                new Offer("O23 first-party outside organizations: the connections enabled for it",
                        new ConnectionOffer(FIRST, false, all, Optional.empty()), List.of("con_db")),
                new Offer("T40 T43 third-party outside organizations: every domain-level connection, enabled or not",
                        new ConnectionOffer(STRICT, false, all, Optional.empty()), List.of("con_dom")),
                new Offer("Q14 O53 first-party in an organization: the organization's enabled connections",
                        new ConnectionOffer(FIRST, true, all, Optional.empty()), List.of("con_db", "con_other", "con_dom")),
                new Offer("O59 T40 third-party in an organization: its domain-level ones only",
                        new ConnectionOffer(STRICT, true, all, Optional.empty()), List.of("con_dom")),
                new Offer("O76 an invitation bound to a connection narrows the page to it",
                        new ConnectionOffer(FIRST, true, all, Optional.of("con_other")), List.of("con_other")),
                new Offer("O76 an invitation's connection the page may not offer leaves nothing",
                        new ConnectionOffer(STRICT, true, all, Optional.of("con_db")), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offers")
    void offeredConnections(Offer o) {
        assertThat(OrganizationAccess.offeredConnections(o.offer())).isEqualTo(o.expected());
    }

    static Stream<Offer> discoveryOnly() {
        List<ConnectionOffer.Candidate> tenant = List.of(DB_ENABLED, ORG_ENTERPRISE, LONE_ENTERPRISE, DIRECTORY);
        return Stream.of(
                new Offer("O45 post-login mode: another organization's enterprise connection is for home-realm discovery only",
                        new ConnectionOffer(POST, false, tenant, Optional.empty()), List.of("con_sso")),
                new Offer("O45 an enterprise connection the application enables itself stays a button",
                        new ConnectionOffer(POST, false, List.of(new ConnectionOffer.Candidate("con_sso", false, true, true, true, false)),
                                Optional.empty()), List.of()),
                new Offer("O45 other modes have none", new ConnectionOffer(FIRST, false, tenant, Optional.empty()), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("discoveryOnly")
    void discoveryOnlyConnections(Offer o) {
        assertThat(OrganizationAccess.discoveryOnly(o.offer())).containsExactlyInAnyOrderElementsOf(o.expected());
    }

    record Shown(String name, boolean inOrganization, boolean showAsButton, boolean discoveryOnly, boolean named, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shown> shown() {
        return Stream.of(
                new Shown("O55 in an organization, shown as a button → shown", true, true, false, false, true),
                new Shown("O55 E7 in an organization, hidden → not shown", true, false, false, false, false),
                new Shown("O55 in an organization, hidden but named (connection= or invitation) → usable", true, false, false, true, true),
                new Shown("O23 outside organizations the organization's flag does not apply", false, false, false, false, true),
                new Shown("O45 reached by discovery only → never a button", false, true, true, false, false),
                new Shown("O45 reached by discovery only, named → usable", false, true, true, true, true));
    }

    record Visible(String name, boolean inOrganization, int offered, int shown, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Visible> nothingVisible() {
        return Stream.of(
                new Visible("O56 E7 an organization whose every connection is hidden, none named → the flow ends", true, 2, 0, true),
                new Visible("O56 one shown connection is enough", true, 2, 1, false),
                new Visible("O53 an organization with no usable connection at all is not E7", true, 0, 0, false),
                new Visible("O56 outside organizations never E7", false, 2, 0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nothingVisible")
    void nothingVisible(Visible v) {
        assertThat(OrganizationAccess.nothingVisible(v.inOrganization(), v.offered(), v.shown())).isEqualTo(v.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shown")
    void shownConnections(Shown s) {
        assertThat(OrganizationAccess.shown(s.inOrganization(), s.showAsButton(), s.discoveryOnly(), s.named())).isEqualTo(s.expected());
    }
}

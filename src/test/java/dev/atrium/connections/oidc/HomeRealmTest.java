package dev.atrium.connections.oidc;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The home-realm rule as a table: domain_aliases first, then the organization's verified discovery domains. */
class HomeRealmTest {
    private static Connection conn(String name, String strategy, String... aliases) {
        var doc = Json.object().put("name", name).put("strategy", strategy);
        var a = Json.array();
        for (String s : aliases) {
            a.add(s);
        }
        doc.set("options", Json.object().set("domain_aliases", a));
        return new Connection("con_" + name, doc);
    }

    private static final Connection DB = conn("db", "auth0");
    private static final Connection ACME = conn("acme", "oidc", "acme.example");
    private static final Connection PLAIN = conn("plain", "oidc");
    private static final Connection SAML = conn("saml", "samlp");
    private static final Predicate<String> ORG_OWNS_ACME = Set.of("acme.example", "corp.example")::contains;

    private static String route(List<Connection> offered, String email, Predicate<String> orgDomain) {
        return HomeRealm.of(offered, email, orgDomain).map(Connection::name).orElse("-");
    }

    @Test
    void table() {
        record Row(List<Connection> offered, String email, Predicate<String> orgDomain, String expected) {
        }
        Predicate<String> none = d -> false;
        List<Row> rows = List.of(
                new Row(List.of(DB, ACME), "grace@acme.example", none, "acme"),           // alias, no organization
                new Row(List.of(DB, ACME), "grace@ACME.example", none, "acme"),           // case of the domain
                new Row(List.of(DB, ACME), "grace@globex.example", none, "-"),            // no alias
                new Row(List.of(DB, ACME), "grace", none, "-"),                           // no domain
                new Row(List.of(DB, ACME), "grace@", none, "-"),
                new Row(List.of(DB, PLAIN), "grace@corp.example", none, "-"),             // outside an organization
                new Row(List.of(DB, PLAIN), "grace@corp.example", ORG_OWNS_ACME, "plain"),// the org's one enterprise connection
                new Row(List.of(DB, SAML), "grace@corp.example", ORG_OWNS_ACME, "saml"),
                new Row(List.of(DB, PLAIN), "grace@other.example", ORG_OWNS_ACME, "-"),  // not a domain of the organization
                new Row(List.of(DB), "grace@corp.example", ORG_OWNS_ACME, "-"),           // no enterprise connection offered
                new Row(List.of(PLAIN, SAML), "grace@corp.example", ORG_OWNS_ACME, "-"),  // several: nothing says which
                new Row(List.of(PLAIN, ACME), "grace@acme.example", ORG_OWNS_ACME, "acme")); // several: the alias says
        for (Row r : rows) {
            assertThat(route(r.offered(), r.email(), r.orgDomain())).as(r.email() + " among " + r.offered().stream()
                    .map(Connection::name).toList()).isEqualTo(r.expected());
        }
    }

    @Test
    void theOrganizationIsAskedOnlyWhenTheAnswerMatters() {
        boolean[] asked = {false};
        Optional<Connection> c = HomeRealm.of(List.of(DB), "grace@corp.example", d -> asked[0] = true);
        assertThat(c).isEmpty();
        assertThat(asked[0]).isFalse();
    }
}

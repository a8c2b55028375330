package dev.atrium.web.dashboard;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.ConnectionOptions;
import dev.atrium.connections.ConnectionService;
import dev.atrium.connections.NewConnection;
import dev.atrium.connections.oidc.OidcSettings;
import dev.atrium.connections.saml.SamlSettings;
import io.javalin.config.RoutesConfig;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 11: enterprise connections in the dashboard. Creates OpenID Connect and SAML connections, edits their main
 * options, and shows what the administrator pastes into the identity provider: the callback URL (OpenID Connect),
 * the assertion consumer service and the SP metadata URL (SAML). A blank secret or certificate keeps the stored one.
 * Every change goes through {@link ConnectionService}, so the Management API's checks apply.
 */
public final class EnterpriseConnectionsPages {
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Connections", ConnectionsPages.BASE));

    private final ConnectionService connections;
    private final String issuer;
    private ConnectionTester tester; // the "Try" button

    public EnterpriseConnectionsPages(ConnectionService connections, String issuer) {
        this.connections = connections;
        this.issuer = issuer;
    }

    /** Adds the "Try" button: a sign-in through the connection that ends here with the profile received. */
    public EnterpriseConnectionsPages withTester(ConnectionTester tester) {
        this.tester = tester;
        return this;
    }

    public static void register(RoutesConfig r, DashboardAuth admin, EnterpriseConnectionsPages p) {
        r.get(ConnectionsPages.BASE + "/new-enterprise", admin.admin(p::newForm));
        r.post(ConnectionsPages.BASE + "/new-enterprise", admin.admin(p::create));
        r.post(ConnectionsPages.BASE + "/{id}/enterprise", admin.admin(p::update));
        r.post(ConnectionsPages.BASE + "/{id}/try", admin.admin(p::tryConnection));
        r.get(ConnectionsPages.BASE + "/{id}/try", admin.admin(p::tried));
    }

    /** {@code POST /dashboard/connections/{id}/try}: off to the connection's provider. */
    public void tryConnection(DashboardRequest r) {
        Connection c = enterprise(r);
        if (tester == null) {
            r.refused(ConnectionsPages.BASE + "/" + c.id(), "Trying connections is not available on this server.");
            return;
        }
        tester.start(r.ctx(), c, r.admin().userId());
    }

    /** {@code GET /dashboard/connections/{id}/try?ticket=}: what the provider answered. */
    public void tried(DashboardRequest r) {
        Connection c = enterprise(r);
        var outcome = tester == null ? java.util.Optional.<ConnectionTester.Outcome>empty()
                : tester.open(r.param("ticket"), c.id(), r.admin().userId());
        List<Ui.Block> blocks = new ArrayList<>();
        int status = 200;
        if (outcome.isEmpty()) {
            status = 400;
            blocks.add(new Ui.Note("error", "There is no result to show: it has expired or belongs to another try. Try again."));
        } else if (!outcome.get().ok()) {
            // the try ran; the provider refused: a page like any other, the reason in it
            blocks.add(new Ui.Note("error", "The sign-in through the identity provider failed: " + outcome.get().error() + "."));
        } else {
            ObjectNode p = outcome.get().profile();
            blocks.add(new Ui.Note("success", "It works: the identity provider signed you in. This is the profile Atrium "
                    + "received; no user was created."));
            blocks.add(new Ui.Facts("Profile", List.of(
                    new Ui.Fact("user_id", Json.text(p, "user_id", ""), true, List.of()),
                    new Ui.Fact("email", Json.text(p, "email", "—"), false, List.of()),
                    new Ui.Fact("name", Json.text(p, "name", "—"), false, List.of()))));
            blocks.add(new Ui.Pre("Profile as JSON", tools.jackson.databind.json.JsonMapper.shared().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(p)));
        }
        blocks.add(tryForm(c));
        r.render(status, "Try " + c.name(), c.displayName(), "connections", List.of(CRUMBS.get(0),
                new Ui.Crumb(c.name(), ConnectionsPages.BASE + "/" + c.id())), List.of(), blocks, null);
    }

    private Connection enterprise(DashboardRequest r) {
        return connections.find(r.path("id")).filter(Connection::isEnterprise)
                .orElseThrow(() -> new DashboardAuth.NotFound("There is no enterprise connection."));
    }

    private static Ui.Form tryForm(Connection c) {
        return new Ui.Form("try", "Try the connection", "Signs you in through the identity provider and shows the profile "
                + "Atrium receives. No user is created and no application is involved.", ConnectionTester.resultPath(c.id()),
                "Try", List.of(), null, null, null);
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, strategy(r), null);
    }

    private void renderNew(DashboardRequest r, String strategy, DashboardRequest.FormState state) {
        List<Ui.Field> fields = new ArrayList<>();
        fields.add(Ui.Field.hidden("strategy", strategy));
        fields.add(Ui.Field.text("name", "Name", "").mandatory().hint("Letters, digits and '-'; it cannot be changed later."));
        fields.add(Ui.Field.text("display_name", "Display name", "").hint("The button text on the login page."));
        fields.addAll(optionFields(strategy, Json.object(), true));
        Ui.Form form = new Ui.Form("create", null, null, ConnectionsPages.BASE + "/new-enterprise", "Create connection", fields,
                null, null, ConnectionsPages.BASE);
        r.render(200, strategy.equals(Connection.SAMLP) ? "Create SAML connection" : "Create OpenID Connect connection", null,
                "connections", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        String strategy = strategy(r);
        r.attempt("create", () -> {
            ConnectionChange fields = ConnectionChange.none().withShowAsButton(r.checked("show_as_button"))
                    .withOptions(options(r, ConnectionOptions.none(strategy)));
            if (!r.param("display_name").isBlank()) {
                fields = fields.withDisplayName(r.param("display_name").trim());
            }
            NewConnection request = NewConnection.of(r.param("name"), strategy).with(fields);
            Connection c;
            try {
                c = connections.create(request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "A connection with this name already exists.");
            }
            r.done(ConnectionsPages.BASE + "/" + c.id(), "Connection “" + c.name() + "” created.");
        }, st -> renderNew(r, strategy, st));
    }

    /** The blocks the connection page shows for an enterprise connection. */
    List<Ui.Block> blocks(Connection c) {
        String name = URLEncoder.encode(c.name(), StandardCharsets.UTF_8);
        List<Ui.Fact> facts = new ArrayList<>();
        if (c.isSaml()) {
            facts.add(new Ui.Fact("Assertion consumer service URL", issuer + "login/callback?connection=" + name, true, List.of()));
            facts.add(new Ui.Fact("SAML metadata URL (also the entity id)", issuer + "samlp/metadata?connection=" + name, true, List.of()));
        } else {
            facts.add(new Ui.Fact("Callback URL", issuer + "login/callback", true, List.of()));
        }
        List<Ui.Field> fields = new ArrayList<>(optionFields(c.strategy(), (ObjectNode) c.options(), false));
        fields.set(fields.size() - 1, Ui.Field.checkbox("show_as_button", "Show as a button on the login page", c.showAsButton()));
        List<Ui.Block> blocks = new ArrayList<>(List.of(new Ui.Facts("Paste into the identity provider", facts),
                new Ui.Form("enterprise", "Identity provider", null, ConnectionsPages.BASE + "/" + c.id() + "/enterprise", "Save",
                        fields, null, null, null)));
        if (tester != null) {
            blocks.add(tryForm(c));
        }
        return blocks;
    }

    public void update(DashboardRequest r) {
        Connection c = connections.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no connection."));
        String self = ConnectionsPages.BASE + "/" + c.id();
        try {
            connections.update(c.id(), ConnectionChange.none().withShowAsButton(r.checked("show_as_button"))
                    .withOptions(options(r, c.settings())));
            r.done(self, "Identity provider settings saved.");
        } catch (InvalidRequestException e) {
            r.refused(self, "Not saved: " + e.getMessage());
        }
    }

    private static List<Ui.Field> optionFields(String strategy, ObjectNode o, boolean creating) {
        List<Ui.Field> f = new ArrayList<>();
        if (strategy.equals(Connection.SAMLP)) {
            f.add(Ui.Field.of("url", "signInEndpoint", "Sign-in URL", Json.text(o, "signInEndpoint", "")).mandatory());
            f.add(Ui.Field.of("textarea", "signingCert", "Signing certificate (PEM)", "")
                    .hint(creating ? "The identity provider's X.509 certificate." : "Leave blank to keep the stored certificate."));
            f.add(Ui.Field.checkbox("signSAMLRequest", "Sign requests", Json.bool(o, "signSAMLRequest", false)));
            f.add(Ui.Field.select("protocolBinding", "Request binding", Forms.options(List.of(
                    Forms.pair("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "HTTP-Redirect"),
                    Forms.pair("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "HTTP-POST")),
                    Json.text(o, "protocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"))));
        } else {
            f.add(Ui.Field.of("url", "issuer", "Issuer URL", Json.text(o, "issuer", Json.text(o, "discovery_url", ""))).mandatory()
                    .hint("The provider's issuer; its discovery document is read from it."));
            f.add(Ui.Field.text("client_id", "Client ID", Json.text(o, "client_id", "")).mandatory());
            f.add(Ui.Field.select("type", "Channel", Forms.options(List.of(
                    Forms.pair(OidcSettings.Channel.BACK_CHANNEL.wire(), "Back channel (authorization code, client secret)"),
                    Forms.pair(OidcSettings.Channel.FRONT_CHANNEL.wire(), "Front channel (ID token posted by the browser, no secret)")),
                    Json.text(o, "type", OidcSettings.Channel.BACK_CHANNEL.wire()))).hint("Back channel unless the provider cannot issue a client secret."));
            f.add(Ui.Field.of("password", "client_secret", "Client secret", "")
                    .hint(creating ? "As the provider issued it; stored encrypted. Not needed for the front channel."
                            : "Leave blank to keep the stored secret."));
        }
        f.add(Ui.Field.text("domain_aliases", "E-mail domains", String.join(" ", Json.stringList(o.get("domain_aliases"))))
                .hint("Space-separated; addresses of these domains go straight to this provider."));
        f.add(Ui.Field.checkbox("show_as_button", "Show as a button on the login page", true));
        return f;
    }

    /** {@code current} with the form's values; a blank secret or certificate keeps the stored one. */
    private static ConnectionOptions options(DashboardRequest r, ConnectionOptions current) {
        List<String> domains = new ArrayList<>();
        for (String d : r.param("domain_aliases").trim().split("[\\s,]+")) {
            if (!d.isEmpty()) {
                domains.add(d);
            }
        }
        if (current instanceof SamlSettings saml) {
            SamlSettings s = saml.withSignInEndpoint(r.param("signInEndpoint").trim())
                    .withSignSamlRequest(r.checked("signSAMLRequest"))
                    .withProtocolBinding(SamlSettings.Binding.parse(r.param("protocolBinding")))
                    .withDomainAliases(domains);
            return r.param("signingCert").isBlank() ? s : s.withSigningCert(r.param("signingCert").trim());
        }
        if (!(current instanceof OidcSettings oidc)) {
            throw new InvalidRequestException("strategy", "This is not an enterprise connection.");
        }
        OidcSettings o = oidc.withIssuer(r.param("issuer").trim()).withClientId(r.param("client_id").trim())
                .withType(OidcSettings.Channel.FRONT_CHANNEL.wire().equals(r.param("type")) ? OidcSettings.Channel.FRONT_CHANNEL
                        : OidcSettings.Channel.BACK_CHANNEL)
                .withDomainAliases(domains);
        return r.param("client_secret").isBlank() ? o : o.withClientSecret(r.param("client_secret"));
    }

    private static String strategy(DashboardRequest r) {
        return Connection.SAMLP.equals(r.param("strategy")) ? Connection.SAMLP : Connection.OIDC;
    }
}

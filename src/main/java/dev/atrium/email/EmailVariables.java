package dev.atrium.email;

import dev.atrium.clients.Client;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.organizations.Organization;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.users.User;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The variables a template sees, named as Auth0's e-mail templates name them ({@code application.name},
 * {@code application.clientID}, {@code connection.name}, {@code user.*}, {@code friendly_name},
 * {@code support_email}, {@code support_url}, {@code tenant}, {@code url}, {@code organization.*},
 * {@code inviter.name}), plus Atrium's {@code branding.*}: the organization's logo, colours and name
 * over the tenant's. Colours and logo are checked here, as they end up inside HTML attributes.
 */
final class EmailVariables {
    private static final List<String> USER_FIELDS = List.of("email", "email_verified", "name", "nickname", "given_name",
            "family_name", "picture", "user_metadata", "app_metadata");

    private EmailVariables() {
    }

    static ObjectNode of(TenantSettings tenant, Optional<User> user, Optional<Client> client, Optional<Connection> connection,
                         Optional<Organization> organization, String url) {
        ObjectNode v = Json.object();
        String friendly = tenant.friendlyName();
        v.put("friendly_name", friendly);
        v.put("tenant", friendly);
        v.put("support_email", Json.text(tenant.doc(), "support_email", ""));
        v.put("support_url", Json.text(tenant.doc(), "support_url", ""));
        v.put("url", url == null ? "" : url);
        ObjectNode app = v.putObject("application");
        app.put("name", client.map(Client::name).orElse(friendly));
        app.put("clientID", client.map(Client::clientId).orElse(""));
        app.put("callback_domain", client.map(EmailVariables::callbackDomain).orElse(""));
        client.map(c -> c.doc().get("client_metadata")).filter(JsonNode::isObject).ifPresent(m -> app.set("metadata", m));
        connection.ifPresent(c -> v.putObject("connection").put("name", c.name()));
        ObjectNode u = v.putObject("user");
        user.ifPresent(x -> {
            ObjectNode doc = x.doc();
            for (String f : USER_FIELDS) {
                if (doc.has(f)) {
                    u.set(f, doc.get(f));
                }
            }
            if (!u.has("name")) {
                u.put("name", x.name());
            }
        });
        JsonNode colors = tenant.doc().path("branding").path("colors");
        String primary = color(Json.text(colors, "primary", null), "#4f46e5");
        String background = color(Json.text(colors, "page_background", null), "#f5f5f7");
        String logo = logo(tenant.logoUrl());
        String name = client.map(Client::name).orElse(friendly);
        if (organization.isPresent()) {
            Organization o = organization.get();
            ObjectNode org = v.putObject("organization");
            org.put("id", o.id());
            org.put("name", o.name());
            org.put("display_name", o.displayName().orElse(o.name()));
            ObjectNode doc = o.doc();
            if (doc.get("metadata") instanceof ObjectNode m) {
                org.set("metadata", m);
            }
            JsonNode b = doc.path("branding");
            String orgLogo = logo(Json.text(b, "logo_url", null));
            String orgPrimary = color(Json.text(b.path("colors"), "primary", null), null);
            String orgBackground = color(Json.text(b.path("colors"), "page_background", null), null);
            ObjectNode ob = org.putObject("branding");
            ob.put("logo_url", orgLogo);
            ob.putObject("colors").put("primary", orgPrimary == null ? "" : orgPrimary)
                    .put("page_background", orgBackground == null ? "" : orgBackground);
            logo = orgLogo.isEmpty() ? logo : orgLogo;
            primary = orgPrimary == null ? primary : orgPrimary;
            background = orgBackground == null ? background : orgBackground;
            name = o.displayName().orElse(o.name());
        }
        ObjectNode branding = v.putObject("branding");
        branding.put("name", name);
        branding.put("initial", name.isBlank() ? "A" : name.strip().substring(0, 1).toUpperCase());
        branding.put("logo_url", logo);
        branding.putObject("colors").put("primary", primary).put("page_background", background);
        return v;
    }

    /** Sample variables for the dashboard's preview. */
    static ObjectNode sample(TenantSettings tenant, String issuer, String template) {
        ObjectNode userDoc = Json.object().put("email", "jane.doe@example.com").put("name", "Jane Doe").put("nickname", "jane")
                .put("email_verified", false);
        User sample = new User("auth0|sample", "", userDoc, Optional.empty());
        ObjectNode vars = of(tenant, Optional.of(sample), Optional.empty(), Optional.empty(), Optional.empty(), issuer + "u/preview-link");
        if (template.equals(EmailTemplates.USER_INVITATION)) {
            ObjectNode org = vars.putObject("organization");
            org.put("id", "org_sample").put("name", "acme").put("display_name", "Acme Corporation");
            vars.putObject("inviter").put("name", "Ada Lovelace");
        }
        return vars;
    }

    /**
     * {@code application.callback_domain}: the origin of the application's first callback URL, which a template may
     * use for links and its result URL; empty for an application under open redirect protection (T62: a
     * self-registered application's developer chooses its callbacks, so its e-mails must not lead there), and
     * for a first callback that is not an http(s) URL.
     */
    static String callbackDomain(Client c) {
        if (c.protectsRedirects() || c.callbacks().isEmpty() || !ResultUrls.absoluteHttp(c.callbacks().get(0))) {
            return "";
        }
        java.net.URI u = java.net.URI.create(c.callbacks().get(0));
        return u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private static String color(String c, String dflt) {
        return c != null && c.matches("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})") ? c : dflt;
    }

    private static String logo(String url) {
        return url != null && url.startsWith("https://") && !url.contains("\"") ? url : "";
    }
}

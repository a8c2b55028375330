package dev.atrium.email;

import dev.atrium.clients.Client;
import dev.atrium.common.Json;
import dev.atrium.organizations.Organization;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a reset or verification link leads after its action, from the template's {@code resultUrl} with its Liquid
 * rendered ({@code {{ application.callback_domain }}/done}; the domain is empty under open redirect protection, T62).
 */
final class ResultUrls {
    private ResultUrls() {
    }

    /**
     * The rendered URL; none unless it is an absolute http(s) URL, so a template whose variable came out empty shows the
     * result page instead of redirecting somewhere relative. Only variables that neither the user nor a self-registering
     * developer can set are offered ({@code application.callback_domain} and {@code .clientID}, {@code organization.id}
     * and {@code .name}): a user's metadata or an application's name in place of the host would be an open redirect.
     */
    static Optional<String> render(Optional<String> template, Optional<Client> client, Optional<Organization> org) {
        ObjectNode vars = Json.object();
        vars.putObject("application").put("callback_domain", client.map(EmailVariables::callbackDomain).orElse(""))
                .put("clientID", client.map(Client::clientId).orElse(""));
        org.ifPresent(o -> vars.putObject("organization").put("id", o.id()).put("name", o.name()));
        return template.map(t -> TemplateRenderer.render(t, vars, false).trim()).filter(ResultUrls::absoluteHttp);
    }

    static boolean absoluteHttp(String url) {
        try {
            URI u = new URI(url);
            return u.getHost() != null && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

package dev.atrium.resourceservers;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;

/**
 * The protected-resource metadata (RFC 9728) an API's own server should publish, so that a client
 * meeting the API (an MCP client, typically) finds Atrium as its authorization server. Atrium does not
 * serve it at the API's address — the API does; Atrium composes it from what it knows, ready to copy.
 *
 * <p>Invariant: {@code resource} is the API identifier exactly, because that is the {@code resource}
 * (RFC 8707) clients will send and the {@code aud} of the tokens they get.
 *
 * <p>Specifications: RFC 9728 §2, §3; MCP authorization (2025-11-25) "Authorization Server Discovery".
 */
public final class ProtectedResourceMetadata {
    private ProtectedResourceMetadata() {
    }

    /** The document for {@code api}, naming {@code issuer} as its only authorization server. */
    public static ObjectNode of(ResourceServer api, String issuer) {
        ObjectNode d = Json.object();
        d.put("resource", api.identifier());
        d.set("authorization_servers", Json.strings(List.of(issuer)));
        d.set("scopes_supported", Json.strings(api.scopes()));
        d.set("bearer_methods_supported", Json.strings(List.of("header")));
        d.put("resource_name", api.name());
        return d;
    }

    /**
     * Where the API's server publishes the document (RFC 9728 §3.1): the well-known suffix inserted between
     * the host and the path of the identifier; null when the identifier is not an absolute http(s) URL.
     */
    public static String wellKnownUrl(ResourceServer api) {
        try {
            URI u = new URI(api.identifier());
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getRawAuthority() == null) {
                return null;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if (path.equals("/")) {
                path = "";
            }
            return u.getScheme() + "://" + u.getRawAuthority() + "/.well-known/oauth-protected-resource" + path;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}

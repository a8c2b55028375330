package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The API a request names, from Auth0's {@code audience} and RFC 8707's {@code resource}. Both name an API
 * by its identifier; a request may send both only when they agree. A token carries one audience, so a
 * request names at most one resource (the HTTP layer already refuses a repeated parameter, RFC 6749 §3.1).
 *
 * <p>Invariants: a {@code resource} is an absolute URI without a fragment (RFC 8707 §2); one that names
 * no API is {@code invalid_target}, never silently dropped, so a client never gets a token for another
 * audience than the one it asked for.
 *
 * <p>Specifications: RFC 8707 §2, §2.2; MCP authorization (2025-11-25) "Resource Parameter Implementation".
 */
public final class ResourceIndicator {
    private ResourceIndicator() {
    }

    /** The error a resource the server cannot serve gets (RFC 8707 §2). */
    public static OAuthException invalidTarget(String description) {
        return new OAuthException(400, OAuthError.INVALID_TARGET, description);
    }

    /**
     * The requested API identifier: {@code resource} when sent (checked), else {@code audience}; empty when
     * neither was sent. {@code isApi} answers whether an identifier names an API.
     */
    public static Optional<String> requested(List<String> resources, Optional<String> audience, Predicate<String> isApi) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String r : resources == null ? List.<String>of() : resources) {
            if (r != null && !r.isEmpty()) {
                distinct.add(r);
            }
        }
        if (distinct.isEmpty()) {
            return audience;
        }
        if (distinct.size() > 1) {
            throw invalidTarget("Only one resource may be requested per token.");
        }
        String resource = distinct.iterator().next();
        if (!wellFormed(resource)) {
            throw invalidTarget("The resource must be an absolute URI without a fragment.");
        }
        if (audience.isPresent() && !audience.get().equals(resource)) {
            throw OAuthException.invalidRequest("The audience and resource parameters name different APIs.");
        }
        if (!isApi.test(resource)) {
            throw invalidTarget("The resource " + resource + " is not an API of this tenant.");
        }
        return Optional.of(resource);
    }

    /**
     * At the token endpoint for a grant already bound to {@code granted} (a code or a refresh token): a
     * {@code resource} sent must be that API (narrowing to one of the resources first granted; Atrium grants
     * one), never another one.
     */
    public static void mustMatchGrant(List<String> resources, Optional<String> audience, String granted, Predicate<String> isApi) {
        Optional<String> asked = requested(resources, Optional.empty(), isApi);
        if (asked.isPresent() && !asked.get().equals(granted)) {
            throw invalidTarget("The resource " + asked.get() + " was not granted to this authorization.")
                    .because(dev.atrium.access.ReasonCode.RESOURCE_NOT_GRANTED.code());
        }
        if (asked.isPresent() && audience.isPresent() && !audience.get().equals(asked.get())) {
            throw OAuthException.invalidRequest("The audience and resource parameters name different APIs.");
        }
    }

    static boolean wellFormed(String resource) {
        try {
            URI u = new URI(resource);
            return u.isAbsolute() && u.getFragment() == null && u.getRawFragment() == null && !resource.contains("#");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

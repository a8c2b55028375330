package dev.atrium.web;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.UrlPlaceholders;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * CORS for allowed origins holding {@code {organization_name}} (organizations.md O18, O19): such an origin is allowed
 * only for the organization in the request's context, and only for an application that uses organizations.
 * <ul>
 *   <li>A preflight names no organization and no token, so it is answered when the origin could be the template of
 *       some organization-using application filled with a well-formed organization name.</li>
 *   <li>The actual request is decided once its context is known: the token issued ({@code /oauth/token}) or presented
 *       ({@code /userinfo}) names the application ({@code azp}/{@code client_id}, or the ID token's audience) and the
 *       organization ({@code org_id}); the origin must be one of that application's templates filled with that
 *       organization's current name. Without an organization in context the template matches nothing.</li>
 * </ul>
 * Exactly listed origins keep working as before ({@code AuthenticationApi#cors}); this class only adds the
 * placeholder ones.
 */
public final class PlaceholderOrigins {
    /** The application and organization a token was issued for. */
    public record TokenContext(String clientId, String organizationId) {
    }

    private final ClientStore clients;
    private final Function<String, Optional<String>> organizationName;

    /** {@code organizationName}: the current name of an organization by id, empty when there is none. */
    public PlaceholderOrigins(ClientStore clients, Function<String, Optional<String>> organizationName) {
        this.clients = clients;
        this.organizationName = organizationName;
    }

    /** A preflight: some application that uses organizations has a template this origin could fill. */
    public boolean preflight(String origin) {
        for (Client c : clients.list()) {
            if (c.usage() != OrganizationUsage.DENY
                    && templates(c).stream().anyMatch(t -> UrlPlaceholders.couldMatch(t, origin))) {
                return true;
            }
        }
        return false;
    }

    /** The actual request: {@code origin} is a template of the token's application filled with its organization's name. */
    public boolean allows(String origin, Optional<TokenContext> context) {
        if (origin == null || context.isEmpty() || context.get().organizationId() == null || context.get().clientId() == null) {
            return false;
        }
        Optional<Client> client = clients.find(context.get().clientId()).filter(c -> c.usage() != OrganizationUsage.DENY);
        if (client.isEmpty()) {
            return false;
        }
        Optional<String> name = organizationName.apply(context.get().organizationId());
        return name.isPresent() && UrlPlaceholders.matches(templates(client.get()), origin, name);
    }

    /**
     * The context of a token Atrium itself issued or has just verified; empty for anything else (an opaque value).
     * The signature is not checked here: callers pass only tokens they issued in this request or already verified.
     */
    public static Optional<TokenContext> of(String token) {
        if (token == null) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
            String client = claims.getStringClaim("azp");
            if (client == null) {
                client = claims.getStringClaim("client_id");
            }
            if (client == null && claims.getAudience().size() == 1) {
                client = claims.getAudience().get(0); // an ID token
            }
            return Optional.of(new TokenContext(client, claims.getStringClaim("org_id")));
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> templates(Client c) {
        return java.util.stream.Stream.concat(c.webOrigins().stream(), c.allowedOrigins().stream())
                .filter(o -> o.contains(UrlPlaceholders.ORGANIZATION_NAME)).toList();
    }
}

package dev.atrium.web.management;

import dev.atrium.common.OAuthError;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.tokens.TokenVerifier;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every {@code /api/v2} call shares: the bearer-token check against the Management API
 * audience, the split between client-credentials tokens (administrative scopes, every endpoint) and
 * user tokens (current_user scopes, their own user only: {@link ManagementApiScopes}), the per-client rate limit with its {@code X-RateLimit-*} headers, scope checks
 * ("any of", api-contract.md §B.1), JSON bodies and Auth0's error shape.
 */
public final class ManagementApi {
    static final String PRINCIPAL = "atrium.principal";

    private final TokenVerifier verifier;
    private final String audience;
    private final int ratePerSecond;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** A fixed one-second window per client: simple, and enough to keep one client from starving the rest. */
    private static final class Window {
        long second;
        int used;
    }

    public ManagementApi(TokenVerifier verifier, String audience, int ratePerSecond, Clock clock) {
        this.verifier = verifier;
        this.audience = audience;
        this.ratePerSecond = ratePerSecond;
        this.clock = clock;
    }

    public String audience() {
        return audience;
    }

    /** Runs before every {@code /api/v2} handler: authenticates the caller and applies the rate limit. */
    public void authenticate(Context ctx) {
        if (ctx.method().name().equals("OPTIONS")) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ApiException(401, "Missing authentication", null);
        }
        Optional<JWTClaimsSet> claims = verifier.verify(header.substring(7).trim(), audience);
        if (claims.isEmpty()) {
            throw new ApiException(401, "Invalid token", null);
        }
        Object scope = claims.get().getClaim("scope");
        Set<String> scopes = new HashSet<>();
        if (scope instanceof String s && !s.isBlank()) {
            scopes.addAll(Arrays.asList(s.trim().split("\\s+")));
        }
        Object azp = claims.get().getClaim("azp");
        Object cid = claims.get().getClaim("client_id");
        String clientId = azp instanceof String a ? a : cid instanceof String c ? c : String.valueOf(claims.get().getSubject());
        Optional<String> user = userSubject(claims.get(), clientId);
        // issue 9: what a token may do follows from how it was obtained, not only from the scopes it lists
        ManagementApiScopes.TokenKind kind = user.isPresent() ? ManagementApiScopes.TokenKind.USER : ManagementApiScopes.TokenKind.CLIENT;
        scopes.removeIf(s -> !ManagementApiScopes.allowed(kind, s));
        ctx.attribute(PRINCIPAL, new Principal(clientId, Set.copyOf(scopes), user));
        rateLimit(ctx, clientId);
        if (user.isPresent() && !currentUserRoute(ctx)) {
            throw new ApiException(403, "Insufficient scope; this endpoint accepts only client-credentials tokens "
                    + "(a user token may read and update its own user only).", OAuthError.INSUFFICIENT_SCOPE.code());
        }
        requireJson(ctx);
    }

    /**
     * The user a token acts for, or empty for a client-credentials token. A client-credentials token
     * has the subject {@code <client_id>@clients} and, in Auth0's dialect, {@code gty: client-credentials};
     * any other subject is a user.
     */
    static Optional<String> userSubject(JWTClaimsSet claims, String clientId) {
        String sub = claims.getSubject();
        Object gty = claims.getClaim("gty");
        boolean client = sub != null && sub.equals(clientId + "@clients")
                && ("client-credentials".equals(gty) || (gty == null && claims.getClaim("client_id") != null));
        return client || sub == null ? Optional.empty() : Optional.of(sub);
    }

    /**
     * The only routes a user token reaches: {@code GET} and {@code PATCH} of {@code /api/v2/users/{id}}
     * (the handler then requires {@code id} to be the token's own user). Everything else is for
     * client-credentials tokens, refused here before any handler runs.
     */
    private static boolean currentUserRoute(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("PATCH")) {
            return false;
        }
        String path = ctx.path();
        String prefix = "/api/v2/users/";
        return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
    }

    private void rateLimit(Context ctx, String clientId) {
        long now = clock.millis();
        long second = now / 1000;
        int used;
        Window w = windows.computeIfAbsent(clientId, k -> new Window());
        synchronized (w) {
            if (w.second != second) {
                w.second = second;
                w.used = 0;
            }
            used = ++w.used;
        }
        ctx.header("X-RateLimit-Limit", String.valueOf(ratePerSecond));
        ctx.header("X-RateLimit-Remaining", String.valueOf(Math.max(0, ratePerSecond - used)));
        ctx.header("X-RateLimit-Reset", String.valueOf(second + 1));
        if (used > ratePerSecond) {
            ctx.header("Retry-After", "1");
            throw new ApiException(429, "Global limit has been reached", OAuthError.TOO_MANY_REQUESTS.code());
        }
    }

    /** The authenticated caller. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new ApiException(401, "Missing authentication", null);
        }
        return p;
    }

    /** Passes when the caller holds any of {@code scopes}; otherwise 403 {@code insufficient_scope}. */
    public static Principal require(Context ctx, String... scopes) {
        Principal p = principal(ctx);
        if (!p.hasAny(scopes)) {
            throw new ApiException(403, "Insufficient scope; expected any of: " + String.join(",", scopes) + ".",
                    OAuthError.INSUFFICIENT_SCOPE.code());
        }
        return p;
    }

    /** The JSON object in the request body; malformed JSON or another JSON type is a 400. */
    public static ObjectNode body(Context ctx) {
        JsonNode n = parse(ctx);
        if (n == null) {
            throw ApiException.badRequest("Payload validation error: 'Expected type object but found type null'.");
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiException.badRequest("Payload validation error: 'Expected type object but found type "
                    + Schema.typeOf(n) + "'.");
        }
        return o;
    }

    /** The request body when it is a JSON array (a few Auth0 endpoints take one). */
    public static tools.jackson.databind.node.ArrayNode arrayBody(Context ctx) {
        JsonNode n = parse(ctx);
        if (n == null || !n.isArray()) {
            throw ApiException.badRequest("Payload validation error: 'Expected type array but found type "
                    + (n == null ? "null" : Schema.typeOf(n)) + "'.");
        }
        return (tools.jackson.databind.node.ArrayNode) n;
    }

    /**
     * The body through the bounded request parser, after the media-type check: Auth0 reads bodies as
     * JSON only, so JSON sent under another type is refused rather than guessed at. A repeated member
     * is read as Auth0 reads it (the last copy wins); the OAuth endpoints refuse repeats instead.
     */
    private static JsonNode parse(Context ctx) {
        requireJson(ctx);
        try {
            JsonNode n = Json.readRequest(ctx.bodyAsBytes(), true);
            return n == null || n.isNull() ? null : n;
        } catch (JacksonException e) {
            throw ApiException.badRequest("Payload validation error: 'Invalid JSON'.");
        }
    }

    /**
     * Refuses a body-carrying call (POST, PUT, PATCH) whose body is not declared
     * {@code application/json} with 415 in Auth0's shape. A call with an empty body and no type passes:
     * several endpoints take none (rotate, revoke).
     */
    public static void requireJson(Context ctx) {
        String method = ctx.method().name();
        if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            return;
        }
        String type = ctx.contentType();
        if ((type == null || type.isBlank()) && ctx.bodyAsBytes().length == 0) {
            return;
        }
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/json") && !dev.atrium.web.FormGuard.isUpload(ctx)) {
            // Auth0's API answers a body of another type with exactly this (auth0/docs#6256)
            throw new ApiException(415, "Unsupported Media Type", null);
        }
    }

    /** A path parameter, URL-decoded ({@code auth0%7C…} arrives encoded). */
    public static String path(Context ctx, String name) {
        try {
            return URLDecoder.decode(ctx.pathParam(name), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Path validation error: '" + name + "' is not a valid identifier.", "invalid_uri");
        }
    }

    public static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }

    public static void noContent(Context ctx) {
        ctx.status(204);
    }

    /**
     * Runs a service call, answering a broken domain rule as 400 {@code invalid_body} and a taken
     * unique key as 409 with {@code conflictMessage}.
     */
    public static <T> T domain(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (dev.atrium.common.InvalidRequestException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (dev.atrium.common.AlreadyExistsException e) {
            throw ApiException.conflict(e.getMessage(), "conflict");
        }
    }

    /** Renders an {@link ApiException} in Auth0's shape. */
    public static void error(Context ctx, ApiException e) {
        ObjectNode o = Json.object();
        o.put("statusCode", e.status());
        o.put("error", ApiException.reason(e.status()));
        o.put("message", e.getMessage());
        if (e.errorCode() != null) {
            o.put("errorCode", e.errorCode());
        }
        json(ctx, e.status(), o);
    }
}

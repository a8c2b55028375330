package dev.atrium.web;

import dev.atrium.common.Json;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Javalin ⇄ the protocol endpoints: requests become {@link OAuthRequest}s, results and errors become JSON. */
final class OAuthHttp {
    private OAuthHttp() {
    }

    /**
     * The parameters of a POST, from a form or a JSON object (api-contract.md §A.1: real clients send
     * both; the media type is matched without its parameters).
     */
    static OAuthRequest request(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase();
        int semi = type.indexOf(';');
        String media = (semi >= 0 ? type.substring(0, semi) : type).trim();
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (media.equals("application/json")) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
            } catch (JacksonException e) {
                throw OAuthException.invalidRequest("The request body is not valid JSON.");
            }
            if (!(n instanceof ObjectNode o)) {
                throw OAuthException.invalidRequest("The request body must be a JSON object.");
            }
            for (String name : o.propertyNames()) {
                JsonNode v = o.get(name);
                if (v.isString() || v.isNumber() || v.isBoolean()) {
                    params.put(name, List.of(v.asString()));
                }
            }
        } else if (media.equals("application/x-www-form-urlencoded") || media.isEmpty()) {
            params.putAll(ctx.formParamMap());
        } else {
            throw OAuthException.invalidRequest("Unsupported content type: use application/x-www-form-urlencoded or application/json.");
        }
        return new OAuthRequest(params, Optional.ofNullable(ctx.header("Authorization")), ctx.ip());
    }

    /** A JSON request body (RFC 7591 registrations are JSON only); anything else is {@code invalid_client_metadata}. */
    static JsonNode jsonBody(Context ctx) {
        try {
            return Json.MAPPER.readTree(ctx.body().isBlank() ? "null" : ctx.body());
        } catch (JacksonException e) {
            throw new OAuthException(400, "invalid_client_metadata", "the request body is not valid JSON");
        }
    }

    static void created(Context ctx, ObjectNode body) {
        ctx.status(201).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .contentType("application/json").result(Json.write(body));
    }

    static void ok(Context ctx, ObjectNode body) {
        ctx.status(200).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .contentType("application/json").result(Json.write(body));
    }

    static void error(Context ctx, OAuthException e) {
        ObjectNode o = Json.object();
        o.put("error", e.error());
        o.put("error_description", e.description());
        ctx.status(e.status()).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(o));
    }
}

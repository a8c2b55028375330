package dev.atrium.web;

import dev.atrium.common.OAuthError;

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
                JsonNode read = Json.readRequest(ctx.bodyAsBytes());
                n = read == null ? Json.object() : read;
            } catch (JacksonException e) {
                throw OAuthException.invalidRequest(duplicate(e)
                        ? "A parameter is sent more than once." : "The request body is not valid JSON.");
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
            params.putAll(form(ctx));
        } else {
            throw OAuthException.invalidRequest("Unsupported content type: use application/x-www-form-urlencoded or application/json.");
        }
        return new OAuthRequest(params, Optional.ofNullable(ctx.header("Authorization")), ctx.ip());
    }

    /**
     * A JSON request body (RFC 7591 registrations are JSON only), through the strict parser: a
     * duplicated member is {@code invalid_request}, anything else unreadable {@code invalid_client_metadata}.
     */
    static JsonNode jsonBody(Context ctx) {
        try {
            JsonNode n = Json.readRequest(ctx.bodyAsBytes());
            return n == null ? Json.MAPPER.nullNode() : n;
        } catch (JacksonException e) {
            if (duplicate(e)) {
                throw OAuthException.invalidRequest("A parameter is sent more than once.");
            }
            throw new OAuthException(400, OAuthError.INVALID_CLIENT_METADATA, "the request body is not valid JSON");
        }
    }

    /**
     * The form parameters, each at most once (RFC 6749 §3.1: "Request and response parameters MUST
     * NOT be included more than once"); an undecodable form is {@code invalid_request} too.
     */
    static Map<String, List<String>> form(Context ctx) {
        Map<String, List<String>> form = FormGuard.formParams(ctx);
        rejectDuplicates(form);
        return form;
    }

    /**
     * {@code GET /authorize} with a parameter sent twice: refused before any of it is read, on the
     * error page and never by redirect, because which {@code redirect_uri} or {@code client_id} is
     * meant is exactly what cannot be known.
     */
    static void authorizeQuery(Context ctx) {
        rejectDuplicates(ctx.queryParamMap());
    }

    private static void rejectDuplicates(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (p.getValue().size() > 1) {
                String name = p.getKey();
                throw OAuthException.invalidRequest(name.matches("[A-Za-z0-9_.-]{1,64}")
                        ? "The parameter '" + name + "' is sent more than once." : "A parameter is sent more than once.");
            }
        }
    }

    private static boolean duplicate(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return m.contains("Duplicate") || m.contains("duplicate");
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
        o.put("error", e.error().code());
        o.put("error_description", e.description());
        ctx.status(e.status()).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(o));
    }
}

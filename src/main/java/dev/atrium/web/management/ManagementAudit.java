package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Function;

/**
 * The one place Management API operations are logged: after every {@code /api/v2} request, a write
 * ({@code POST}, {@code PATCH}, {@code PUT}, {@code DELETE}) becomes {@code sapi} or {@code fapi}, and a
 * refused read (401, 403, 429) becomes {@code fapi}. Details name the operation (method and route
 * template), its target (the path parameters), the request body (scrubbed of credentials by the log)
 * and the status; response bodies are not logged, since some of them carry secrets.
 */
public final class ManagementAudit {
    private static final int MAX_BODY = 8_000;

    private final EventLog log;
    private final Function<String, String> clientNames;

    public ManagementAudit(EventLog log, Function<String, String> clientNames) {
        this.log = log;
        this.clientNames = clientNames;
    }

    public void after(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("OPTIONS")) {
            return;
        }
        int status = ctx.statusCode();
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        boolean refused = status == 401 || status == 403 || status == 429;
        if (!write && !refused) {
            return;
        }
        boolean ok = status < 400;
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        String template = endpoint != null && endpoint.path.startsWith("/api/v2") ? endpoint.path : ctx.path();
        ObjectNode target = target(template, ctx.path());
        ObjectNode request = Json.object();
        request.put("method", method);
        request.put("path", ctx.path());
        if (write) {
            request.set("body", body(ctx));
        }
        ObjectNode response = Json.object();
        response.put("statusCode", status);
        Principal p = ctx.attribute(ManagementApi.PRINCIPAL);
        String clientId = p == null ? null : p.clientId();
        String operation = method + " " + template;
        LogEvent.Builder e = LogEvent.of(ok ? LogTypes.MANAGEMENT_SUCCESS : LogTypes.MANAGEMENT_FAILED,
                        (ok ? "Management API operation: " : "Failed Management API operation: ") + operation)
                .client(clientId, clientId == null ? null : clientNames.apply(clientId))
                .detail("operation", operation)
                .detail("target", target)
                .detail("request", request)
                .detail("response", response);
        if (p != null) {
            p.userId().ifPresent(u -> e.user(u, null));
        }
        if (target.has("id") && template.startsWith("/api/v2/organizations/")) {
            e.organization(target.get("id").asString(), null);
        }
        log.record(e);
    }

    /** The path parameters, matched segment by segment against the route template. */
    static ObjectNode target(String template, String path) {
        ObjectNode o = Json.object();
        String[] t = template.split("/");
        String[] a = path.split("/");
        for (int k = 0; k < t.length && k < a.length; k++) {
            if (t[k].startsWith("{") && t[k].endsWith("}")) {
                o.put(t[k].substring(1, t[k].length() - 1), java.net.URLDecoder.decode(a[k], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return o;
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_BODY) {
            return Json.MAPPER.getNodeFactory().stringNode("(" + text.length() + " characters, not logged)");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            return n.isObject() || n.isArray() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}

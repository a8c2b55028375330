package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogIds;
import dev.atrium.logs.LogQuery;
import dev.atrium.logs.LogQueryParser;
import dev.atrium.logs.LogStore;
import io.javalin.http.Context;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v2/logs}, {@code /api/v2/logs/{id}} and {@code /api/v2/users/{id}/logs}
 * (api-contract.md §B.11). Either {@code read:logs} or {@code read:logs_users} reads events; the
 * personal fields ({@code user_name}, {@code ip}, {@code user_agent}) are shown only to a token holding
 * {@code read:logs_users}, and are null otherwise.
 */
public final class LogsApi {
    static final String READ = "read:logs";
    static final String READ_USERS = "read:logs_users";
    private static final List<String> PERSONAL = List.of("user_name", "ip", "user_agent");

    private final LogStore store;

    public LogsApi(LogStore store) {
        this.store = store;
    }

    public void list(Context ctx) {
        Principal p = ManagementApi.require(ctx, READ, READ_USERS);
        answer(ctx, p, query(ctx));
    }

    public void ofUser(Context ctx) {
        Principal p = ManagementApi.require(ctx, READ, READ_USERS);
        String user = ManagementApi.path(ctx, "id");
        if (ctx.queryParam("q") != null || ctx.queryParam("search") != null) {
            throw ApiException.invalidQuery("Query validation error: 'q is not accepted here; use /api/v2/logs' on property q.");
        }
        answer(ctx, p, sortOf(ctx).and("user_id", user));
    }

    public void get(Context ctx) {
        Principal p = ManagementApi.require(ctx, READ, READ_USERS);
        String id = ManagementApi.path(ctx, "id");
        LogEvent e = (LogIds.valid(id) ? store.find(id) : Optional.<LogEvent>empty())
                .orElseThrow(() -> new ApiException(404, "log not found", "inexistent_log"));
        ManagementApi.json(ctx, 200, view(e, p));
    }

    private void answer(Context ctx, Principal p, LogQuery query) {
        Fields fields = Fields.parse(ctx);
        String from = ctx.queryParam("from");
        String take = ctx.queryParam("take");
        if (from != null || take != null) {
            int n = take == null ? 50 : number(take, "take", -100, 100);
            if (n == 0) {
                throw ApiException.invalidQuery("Query validation error: 'take must not be 0' on property take.");
            }
            if (from != null && !from.isEmpty() && !LogIds.valid(from)) {
                throw ApiException.invalidQuery("Query validation error: 'from must be a log_id' on property from.");
            }
            List<LogEvent> events = store.checkpoint(query, Optional.ofNullable(from).filter(f -> !f.isEmpty()), n);
            ManagementApi.json(ctx, 200, array(events, p, fields));
            return;
        }
        int perPage = ctx.queryParam("per_page") == null ? 50 : number(ctx.queryParam("per_page"), "per_page", 0, 100);
        int page = ctx.queryParam("page") == null ? 0 : number(ctx.queryParam("page"), "page", 0, 1_000_000);
        if ((long) (page + 1) * perPage > Paging.MAX_OFFSET_RECORDS && perPage > 0) {
            throw new ApiException(400, "Requesting page exceeds the allowed maximum of 1000 records.", "invalid_paging");
        }
        List<LogEvent> events = perPage == 0 ? List.of() : store.search(query, page * perPage, perPage);
        ArrayNode items = array(events, p, fields);
        if (Paging.flag(ctx, "include_totals", false)) {
            ObjectNode o = Json.object();
            o.set("logs", items);
            o.put("start", page * perPage);
            o.put("limit", perPage);
            o.put("length", items.size());
            o.put("total", store.count(query));
            ManagementApi.json(ctx, 200, o);
        } else {
            ManagementApi.json(ctx, 200, items);
        }
    }

    private static LogQuery query(Context ctx) {
        String q = ctx.queryParam("q") != null ? ctx.queryParam("q") : ctx.queryParam("search");
        boolean asc = ascending(ctx);
        try {
            return LogQueryParser.parse(q, asc);
        } catch (LogQueryParser.InvalidQuery e) {
            throw ApiException.invalidQuery("Query validation error: '" + e.getMessage() + "' on property q.");
        }
    }

    private static LogQuery sortOf(Context ctx) {
        return LogQuery.all().order(ascending(ctx));
    }

    /** {@code sort=date:1} (oldest first) or {@code date:-1} (newest first, the default). */
    private static boolean ascending(Context ctx) {
        String sort = ctx.queryParam("sort");
        if (sort == null || sort.isEmpty() || sort.equals("date:-1") || sort.equals("log_id:-1")) {
            return false;
        }
        if (sort.equals("date:1") || sort.equals("log_id:1")) {
            return true;
        }
        throw ApiException.invalidQuery("Query validation error: 'sort must be date:1 or date:-1' on property sort.");
    }

    private static ArrayNode array(List<LogEvent> events, Principal p, Fields fields) {
        ArrayNode a = Json.array();
        events.forEach(e -> a.add(fields.apply(view(e, p))));
        return a;
    }

    static ObjectNode view(LogEvent e, Principal p) {
        ObjectNode o = e.toJson();
        if (!p.hasAny(READ_USERS)) {
            PERSONAL.forEach(f -> o.putNull(f));
        }
        return o;
    }

    private static int number(String v, String name, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.invalidQuery("Query validation error: '" + name + " must be between " + min + " and "
                        + max + "' on property " + name + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.invalidQuery("Query validation error: 'Expected type integer but found type string' on property "
                    + name + ".");
        }
    }
}

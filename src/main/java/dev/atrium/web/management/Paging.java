package dev.atrium.web.management;

import dev.atrium.common.Json;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Auth0's two paging styles (api-contract.md §B.2.4). Offset: {@code page}, {@code per_page},
 * {@code include_totals}. Checkpoint: {@code from}, {@code take}. When {@code from} or {@code take} is
 * present the request is in checkpoint mode whatever else it carries, because the SDKs send
 * {@code include_totals=true&take=50} and read only the items and {@code next}. Either way a request
 * becomes an offset and a limit that stores can run.
 */
public record Paging(boolean checkpoint, int offset, int limit, boolean includeTotals) {
    public static final int MAX_PER_PAGE = 100;
    public static final int MAX_OFFSET_RECORDS = 1000;

    public static Paging parse(Context ctx) {
        String from = ctx.queryParam("from");
        String take = ctx.queryParam("take");
        if (from != null || take != null) {
            int limit = take == null ? 50 : number(take, "take", 1, MAX_PER_PAGE);
            int offset = 0;
            if (from != null && !from.isEmpty()) {
                offset = decodeCursor(from);
            }
            return new Paging(true, offset, limit, false);
        }
        int perPage = ctx.queryParam("per_page") == null ? 50 : number(ctx.queryParam("per_page"), "per_page", 0, MAX_PER_PAGE);
        int page = ctx.queryParam("page") == null ? 0 : number(ctx.queryParam("page"), "page", 0, Integer.MAX_VALUE / 200);
        boolean totals = flag(ctx, "include_totals", false);
        if ((long) page * perPage + perPage > MAX_OFFSET_RECORDS && perPage > 0) {
            throw new ApiException(400, "Requesting page exceeds the allowed maximum of 1000 records.", "invalid_paging");
        }
        return new Paging(false, page * perPage, perPage, totals);
    }

    /** A query boolean ({@code true}/{@code false}); anything else is a 400. */
    public static boolean flag(Context ctx, String name, boolean dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw ApiException.invalidQuery("Query validation error: 'Expected type boolean but found type string' on property " + name + ".");
    }

    private static int number(String v, String name, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.invalidQuery("Query validation error: '" + name + " must be between " + min + " and " + max + "' on property " + name + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.invalidQuery("Query validation error: 'Expected type integer but found type string' on property " + name + ".");
        }
    }

    static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decodeCursor(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!s.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int n = Integer.parseInt(s.substring(2));
            if (n < 0) {
                throw new IllegalArgumentException();
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidQuery("Query validation error: 'from' is not a valid checkpoint.");
        }
    }

    /**
     * Whether the response carries or depends on the total (include_totals, or checkpoint mode's {@code next}); a
     * bare array does not, so a listing without either need not count its rows.
     */
    public boolean needsTotal() {
        return checkpoint || includeTotals;
    }

    /** {@link #render(String, List, long, boolean)} counting only when the response needs it ({@link #needsTotal()}). */
    public JsonNode render(String key, List<? extends JsonNode> items, java.util.function.LongSupplier total, boolean withLength) {
        return render(key, items, needsTotal() ? total.getAsLong() : 0, withLength);
    }

    /**
     * The response for one page: a bare array, or {@code {key, start, limit, total}} (plus
     * {@code length} when {@code withLength}), or {@code {key, next?}} in checkpoint mode.
     */
    public JsonNode render(String key, List<? extends JsonNode> items, long total, boolean withLength) {
        ArrayNode arr = Json.array();
        items.forEach(arr::add);
        if (checkpoint) {
            ObjectNode o = Json.object();
            o.set(key, arr);
            if (offset + items.size() < total) {
                o.put("next", encodeCursor(offset + items.size()));
            }
            return o;
        }
        if (!includeTotals) {
            return arr;
        }
        ObjectNode o = Json.object();
        o.set(key, arr);
        o.put("start", offset);
        o.put("limit", limit);
        if (withLength) {
            o.put("length", items.size());
        }
        o.put("total", total);
        return o;
    }

    /** Slices an in-memory list and renders it. */
    public JsonNode slice(String key, List<? extends JsonNode> all) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return render(key, all.subList(from, to), all.size(), false);
    }
}

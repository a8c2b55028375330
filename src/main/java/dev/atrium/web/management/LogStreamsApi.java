package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.logs.LogStream;
import dev.atrium.logs.LogStreamService;
import io.javalin.http.Context;
import tools.jackson.databind.node.ArrayNode;

/** {@code /api/v2/log-streams} in Auth0's shape for type {@code http}, under the {@code *:log_streams} scopes. */
public final class LogStreamsApi {
    private final LogStreamService streams;

    public LogStreamsApi(LogStreamService streams) {
        this.streams = streams;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:log_streams");
        ArrayNode a = Json.array();
        streams.list().forEach(s -> a.add(s.toJson()));
        ManagementApi.json(ctx, 200, a);
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:log_streams");
        ManagementApi.json(ctx, 200, found(ManagementApi.path(ctx, "id")).toJson());
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:log_streams");
        var body = ManagementApi.body(ctx);
        ManagementApi.json(ctx, 201, ManagementApi.domain(() -> streams.create(LogStreamRequests.newStream(body))).toJson());
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:log_streams");
        String id = ManagementApi.path(ctx, "id");
        var body = ManagementApi.body(ctx);
        found(id); // an unknown stream is 404 whatever the body
        LogStream s = ManagementApi.domain(() -> streams.update(id, LogStreamRequests.patch(body))).orElseThrow(LogStreamsApi::notFound);
        ManagementApi.json(ctx, 200, s.toJson());
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:log_streams");
        if (!streams.delete(ManagementApi.path(ctx, "id"))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    private LogStream found(String id) {
        return streams.find(id).orElseThrow(LogStreamsApi::notFound);
    }

    private static ApiException notFound() {
        return new ApiException(404, "The log stream does not exist.", "inexistent_log_stream");
    }
}

package dev.atrium.migration;

import dev.atrium.common.Json;
import dev.atrium.connections.ConnectionService;
import dev.atrium.users.User;
import dev.atrium.users.UserService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an export job's file as Auth0 does: gzip-compressed, either newline-delimited JSON (one user
 * object per line) or CSV with a header row; {@code fields} ({@code [{"name", "export_as"}]}) chooses
 * and renames the properties, a dotted name reaches into an object ({@code app_metadata.plan}).
 * Password hashes are never exported. Users are read a page at a time.
 */
final class UserExport {
    static final int PAGE = 1000;
    /** The properties exported when the job names none. */
    static final List<String> DEFAULT_FIELDS = List.of("user_id", "email", "email_verified", "username", "name",
            "given_name", "family_name", "nickname", "picture", "blocked", "created_at", "updated_at", "app_metadata",
            "user_metadata");

    private final JobStore store;
    private final UserService users;
    private final ConnectionService connections;

    UserExport(JobStore store, UserService users, ConnectionService connections) {
        this.store = store;
        this.users = users;
        this.connections = connections;
    }

    void run(Job job) {
        ObjectNode doc = job.doc();
        boolean csv = Json.text(doc, "format", "json").equals("csv");
        List<String[]> fields = new ArrayList<>();
        JsonNode f = doc.get("fields");
        if (f != null && f.isArray() && !f.isEmpty()) {
            for (JsonNode item : f) {
                String name = Json.text(item, "name", "");
                fields.add(new String[] {name, Json.text(item, "export_as", name)});
            }
        } else {
            DEFAULT_FIELDS.forEach(n -> fields.add(new String[] {n, n}));
        }
        long limit = Json.number(doc, "limit", Long.MAX_VALUE);
        Optional<String> connection = Optional.ofNullable(Json.text(doc, "connection", null));
        Path file = Path.of(job.filePath().orElseThrow());
        long written = 0;
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                    StandardCharsets.UTF_8))) {
                if (csv) {
                    w.write(String.join(",", fields.stream().map(x -> csvCell(x[1])).toList()));
                    w.write("\n");
                }
                int offset = 0;
                while (written < limit) {
                    List<User> page = users.search("", connection, offset, PAGE).users();
                    if (page.isEmpty()) {
                        break;
                    }
                    for (User u : page) {
                        if (written >= limit) {
                            break;
                        }
                        ObjectNode view = u.doc();
                        if (csv) {
                            List<String> cells = new ArrayList<>();
                            for (String[] x : fields) {
                                JsonNode v = value(view, x[0]);
                                cells.add(v == null || v.isNull() ? "" : csvCell(v.isValueNode() ? v.asString() : Json.write(v)));
                            }
                            w.write(String.join(",", cells));
                        } else {
                            ObjectNode out = Json.object();
                            for (String[] x : fields) {
                                JsonNode v = value(view, x[0]);
                                if (v != null) {
                                    out.set(x[1], v);
                                }
                            }
                            w.write(Json.write(out));
                        }
                        w.write("\n");
                        written++;
                    }
                    offset += page.size();
                    store.progress(job.id(), 0, written, 0, 0, 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.progress(job.id(), 0, written, 0, 0, 0);
    }

    private static JsonNode value(ObjectNode doc, String path) {
        JsonNode n = doc;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading formula character is neutralised. */
    static String csvCell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}

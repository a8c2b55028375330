package dev.atrium.storage.migration;

import dev.atrium.common.Json;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issue 9, point 3: the users whose {@code app_metadata.atrium_admin} is the JSON value {@code true}
 * (and only those: a string, or the same key in {@code user_metadata}, never counted) become rows of
 * {@code administrators}, granted by {@code migration:app_metadata.atrium_admin}; the key is removed
 * from their {@code app_metadata}, where it no longer means anything.
 */
public final class V51__Administrators_from_app_metadata extends BaseJavaMigration {
    static final String FLAG = "atrium_admin";
    static final String GRANTED_BY = "migration:app_metadata.atrium_admin";

    /** A user whose app_metadata held the flag: whether it was true, and the document without it. */
    private record Flagged(boolean admin, String strippedDoc) {
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<String, Flagged> flagged = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("select user_id, doc from users");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                JsonNode doc;
                try {
                    doc = Json.MAPPER.readTree(rs.getString("doc"));
                } catch (JacksonException e) {
                    continue;
                }
                if (doc instanceof ObjectNode o && o.get("app_metadata") instanceof ObjectNode meta
                        && meta.get(FLAG) != null && meta.get(FLAG).isBoolean()) {
                    boolean admin = meta.get(FLAG).asBoolean();
                    meta.remove(FLAG);
                    flagged.put(rs.getString("user_id"), new Flagged(admin, Json.write(o)));
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement grant = c.prepareStatement(
                "insert into administrators (user_id, granted_by, granted_at) values (?, ?, ?)");
             PreparedStatement strip = c.prepareStatement("update users set doc = ? where user_id = ?")) {
            for (Map.Entry<String, Flagged> e : flagged.entrySet()) {
                if (e.getValue().admin()) {
                    grant.setString(1, e.getKey());
                    grant.setString(2, GRANTED_BY);
                    grant.setObject(3, now);
                    grant.executeUpdate();
                }
                strip.setString(1, e.getValue().strippedDoc());
                strip.setString(2, e.getKey());
                strip.executeUpdate();
            }
        }
    }
}

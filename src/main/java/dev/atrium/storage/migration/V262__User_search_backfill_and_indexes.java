package dev.atrium.storage.migration;

import dev.atrium.common.Json;
import dev.atrium.storage.UserSearchColumns;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Issue 17 point 8: fills V261's search columns and metadata rows for the users that already exist,
 * then, on PostgreSQL only, creates the indexes that keep {@code GET /api/v2/users?q=} on index scans
 * at 100,000 users: btree indexes with {@code text_pattern_ops} (so {@code like 'stem%'} can use them
 * whatever the database's collation) on the lower-cased text fields, and plain ones on counts and dates.
 * H2 has no expression indexes; its installations are small.
 */
public final class V262__User_search_backfill_and_indexes extends BaseJavaMigration {
    static final List<String> POSTGRES_INDEXES = List.of(
            "create index users_search_email on users (email text_pattern_ops)",
            "create index users_search_name on users (lower(name) text_pattern_ops)",
            "create index users_search_nickname on users (lower(nickname) text_pattern_ops)",
            "create index users_search_username on users (lower(username) text_pattern_ops)",
            "create index users_search_user_id on users (user_id text_pattern_ops)",
            "create index users_search_logins on users (logins_count)",
            "create index users_search_last_login on users (last_login)",
            "create index users_search_updated on users (updated_at)");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (PreparedStatement select = c.prepareStatement("select user_id, doc from users");
             PreparedStatement columns = c.prepareStatement(
                     "update users set nickname = ?, logins_count = ?, last_login = ? where user_id = ?");
             PreparedStatement meta = c.prepareStatement(
                     "insert into user_search_metadata (user_id, kind, path, meta_value) values (?, ?, ?, ?)");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                JsonNode doc;
                try {
                    doc = Json.MAPPER.readTree(rs.getString("doc"));
                } catch (JacksonException e) {
                    continue;
                }
                if (!doc.isObject()) {
                    continue;
                }
                String id = rs.getString("user_id");
                columns.setString(1, UserSearchColumns.nickname(doc));
                columns.setObject(2, UserSearchColumns.loginsCount(doc));
                columns.setObject(3, UserSearchColumns.lastLogin(doc));
                columns.setString(4, id);
                columns.executeUpdate();
                for (UserSearchColumns.MetadataValue v : UserSearchColumns.metadata(doc)) {
                    meta.setString(1, id);
                    meta.setString(2, v.kind());
                    meta.setString(3, v.path());
                    meta.setString(4, v.value());
                    meta.addBatch();
                }
                meta.executeBatch();
            }
        }
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            try (Statement s = c.createStatement()) {
                for (String index : POSTGRES_INDEXES) {
                    s.execute(index);
                }
            }
        }
    }
}

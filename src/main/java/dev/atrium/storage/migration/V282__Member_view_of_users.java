package dev.atrium.storage.migration;

import dev.atrium.common.Json;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.core.JacksonException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Issue 15 goal 6: a page of an organization's members ({@code GET /api/v2/organizations/{id}/members}) needs
 * each member's id, email, name and picture. The picture was read from the user's whole document; it becomes
 * a column of {@code users}, filled here for the users that exist (the document stays the record; the user
 * store writes the column with it). On H2 an index of the four columns lets the page read them from the
 * index alone: at 100,000 users, reading each member's row meant decoding file pages full of other users'
 * documents. PostgreSQL does without: its B-tree entries are limited to about 2.7 kB, which a long name and
 * picture together could pass, and it keeps the members page within its small-tenant figures without it.
 */
public final class V282__Member_view_of_users extends BaseJavaMigration {
    static final String H2_INDEX = "create index users_member_view on users (user_id, email, name, picture)";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("alter table users add column picture text");
        }
        try (PreparedStatement select = c.prepareStatement("select user_id, doc from users");
             PreparedStatement update = c.prepareStatement("update users set picture = ? where user_id = ?")) {
            // PostgreSQL's driver streams the documents a thousand at a time inside the migration's transaction
            // instead of holding every user's document in memory at once
            select.setFetchSize(1_000);
            try (ResultSet rs = select.executeQuery()) {
                fill(rs, update);
            }
        }
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2")) {
            try (Statement s = c.createStatement()) {
                s.execute(H2_INDEX);
            }
        }
    }

    private static void fill(ResultSet rs, PreparedStatement update) throws SQLException {
        int pending = 0;
        while (rs.next()) {
            String picture = picture(rs.getString("doc"));
            if (picture == null) {
                continue;
            }
            update.setString(1, picture);
            update.setString(2, rs.getString("user_id"));
            update.addBatch();
            if (++pending == 1_000) {
                update.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            update.executeBatch();
        }
    }

    /** The document's {@code picture} when it is a string, else null (as the user store writes it). */
    static String picture(String doc) {
        try {
            return Json.text(Json.MAPPER.readTree(doc), "picture", null);
        } catch (JacksonException e) {
            return null;
        }
    }
}

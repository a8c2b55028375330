package dev.atrium.storage.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Issue 15 goal 6: a page of an organization's members is read from {@code organization_members} alone. Each
 * membership keeps a copy of its user's {@code email}, {@code name} and {@code picture} (the user store writes
 * the copies when it adds a membership and again whenever one of the three changes), so a page is one range of
 * the organization's memberships instead of one probe of {@code users} per member: at 100,000 users those probes
 * were a three-level index and a heap page each, scattered over the whole table, and the page ran at 70 to 80 %
 * of its small-tenant rate on both databases.
 *
 * <p>On H2 an index of the memberships' key and copies makes a page one contiguous range of that index (H2 keeps
 * a table's rows in insertion order, and memberships are added user by user, not organization by organization);
 * it replaces V282's index over the users' columns, which nothing reads any longer. PostgreSQL reads the
 * memberships' rows through their primary key: a B-tree entry there is limited to about 2.7 kB, which a long
 * name and picture together could pass, so the copies stay out of its indexes.
 */
public final class V285__Member_fields_in_memberships extends BaseJavaMigration {
    static final String H2_INDEX = "create index organization_members_page "
            + "on organization_members (organization_id, user_id, member_email, member_name, member_picture)";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean h2 = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
        try (Statement s = c.createStatement()) {
            s.execute("alter table organization_members add column member_email varchar(320)");
            s.execute("alter table organization_members add column member_name text");
            s.execute("alter table organization_members add column member_picture text");
            // the same statement on both databases; one pass over the memberships, one user lookup per row
            s.execute("update organization_members set (member_email, member_name, member_picture) = "
                    + "(select u.email, u.name, u.picture from users u where u.user_id = organization_members.user_id)");
            if (h2) {
                s.execute("drop index if exists users_member_view");
                s.execute(H2_INDEX);
            }
        }
    }
}

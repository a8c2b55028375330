package dev.atrium.users;

import java.time.Instant;

/**
 * A dashboard administrator: the user, who granted the status ({@code config:ATRIUM_ADMIN_EMAIL},
 * {@code user:<id>} for an administrator in the dashboard, {@code client:<id>} for the Management API,
 * {@code migration:app_metadata.atrium_admin} for administrators of earlier versions) and when.
 */
public record Administrator(String userId, String grantedBy, Instant grantedAt) {
}

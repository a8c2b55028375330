package dev.atrium.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user's recorded consent to an application for one API, within one organization or outside any
 * (Auth0's "user grant", listed at {@code /api/v2/grants}). Consent in one organization never covers
 * another.
 *
 * <p>Specifications: Auth0 "User consent and third-party applications"; Management API "Grants".
 */
public record ConsentGrant(String id, String userId, String clientId, String audience,
                           Optional<String> organizationId, List<String> scope, Instant createdAt, Instant updatedAt) {

    public boolean covers(List<String> wanted) {
        return scope.containsAll(wanted);
    }
}

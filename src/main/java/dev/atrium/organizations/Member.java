package dev.atrium.organizations;

import java.util.Optional;

/** A member of an organization with the profile fields member listings show (organizations.md §1.4). */
public record Member(String userId, Optional<String> email, Optional<String> name, Optional<String> picture) {
}
